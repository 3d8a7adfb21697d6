#!/usr/bin/env python3
"""The counts file of biaslens (`docs/spec/counts.md`) from a table of rows, in DuckDB.

    python3 sql/duckdb_counts.py ROWS -o counts.csv [--k-max 3] [--min-support-floor 1]

ROWS is Parquet (`.parquet`) or CSV with the columns `id, split, group, pred_group,
attributes, pred_attributes`: list columns in Parquet, `a|b|c` text in CSV (the
format biaslens reads). Without `pred_group` or `pred_attributes` the ground truth
stands in, and the manifest says so; without `split` every row is both train and
test, as in biaslens. Writes `counts.csv` and its manifest `counts.json` beside it,
which `biaslens metrics counts.json` and the app open.

The counts equal `biaslens counts ROWS --k-max N --min-support-floor S`: the same
set `A` (every attribute in the ground truth of a row with a group), the same
combinations (every combination of 2..k_max attributes with at least S train rows
and S test rows, found level by level: a combination is counted only when its
sub-combinations are frequent), and every single attribute whatever its support.
Needs the PyPI package `duckdb`. Attribute names must not contain `|`.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

TABLES = ["train", "test", "pred", "pred_attr_true_group", "true_attr_pred_group"]


def rows_relation(con, path):
    """Loads the rows into the temporary table `src`; returns its column names."""
    if path.lower().endswith(".parquet"):
        con.execute("CREATE TEMP TABLE src AS SELECT * FROM read_parquet(?)", [path])
    else:
        con.execute(
            "CREATE TEMP TABLE src AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
            [path],
        )
    return [r[0] for r in con.execute("DESCRIBE src").fetchall()]


def as_list(column, columns, types):
    """A column as a sorted list of distinct, trimmed, non-empty names."""
    if column not in columns:
        return None
    raw = f'"{column}"'
    if not types[column].endswith("[]"):
        raw = f"string_split(coalesce(CAST({raw} AS VARCHAR), ''), '|')"
    return f"list_sort(list_distinct(list_filter(list_transform({raw}, lambda x: trim(CAST(x AS VARCHAR))), lambda x: x <> '')))"


def counts(con, k_max, floor):
    """Builds the temporary tables of the count lines; returns (stand_ins, lines)."""
    columns = [r[0] for r in con.execute("DESCRIBE src").fetchall()]
    types = {r[0]: r[1] for r in con.execute("DESCRIBE src").fetchall()}
    for needed in ["group", "attributes"]:
        if needed not in columns:
            sys.exit(f"the rows have no {needed} column (their columns: {', '.join(columns)})")
    stand_ins = {"pred_group": "pred_group" not in columns, "pred_attributes": "pred_attributes" not in columns}
    a = as_list("attributes", columns, types)
    pa = as_list("pred_attributes", columns, types) or a
    group = "NULLIF(trim(CAST(\"group\" AS VARCHAR)), '')"
    pred_group = "NULLIF(trim(CAST(pred_group AS VARCHAR)), '')" if "pred_group" in columns else group
    splits = "[lower(trim(CAST(split AS VARCHAR)))]" if "split" in columns else "['train', 'test']"
    q = con.execute
    # Rows with a group; `A` from their ground truth, whatever their split.
    q(f"""CREATE TEMP TABLE r AS SELECT row_number() OVER () AS rid, {splits} AS sp,
          {group} AS g, {pred_group} AS pg, {a} AS a, {pa} AS pa FROM src WHERE {group} IS NOT NULL""")
    q("DROP TABLE src")
    q("CREATE TEMP TABLE attrs AS SELECT DISTINCT unnest(a) AS x FROM r")
    q("CREATE TEMP TABLE groups AS SELECT DISTINCT g FROM r")
    # Counted rows, one name per line: k is one per (row, train or test); predicted
    # names outside A dropped. Everything larger than these two tables (every
    # row's pairs and triples) is streamed into aggregates, never stored.
    q("""CREATE TEMP TABLE eg AS SELECT rid * 2 + (s = 'test')::INT AS k, s AS split, g, pg, unnest(a) AS x
         FROM (SELECT *, unnest(sp) AS s FROM r) WHERE s IN ('train', 'test')""")
    q("""CREATE TEMP TABLE ep AS SELECT e.* FROM (SELECT rid * 2 + 1 AS k, g, pg, unnest(pa) AS x
         FROM (SELECT *, unnest(sp) AS s FROM r) WHERE s = 'test') e SEMI JOIN attrs USING (x)""")
    q("""CREATE TEMP TABLE totals AS SELECT s AS split, g, pg, count(*) AS n
         FROM (SELECT *, unnest(sp) AS s FROM r) WHERE s IN ('train', 'test') GROUP BY ALL""")
    q("DROP TABLE r")
    def support(split="split"):
        return f"count(*) FILTER ({split} = 'train') >= {floor} AND count(*) FILTER ({split} = 'test') >= {floor}"

    # Frequent combinations, level by level (Apriori): singles, pairs of frequent
    # singles, triples whose three pairs are frequent.
    q(f"CREATE TEMP TABLE f1 AS SELECT x FROM eg GROUP BY x HAVING {support()}")
    q("CREATE TEMP TABLE egf AS SELECT * FROM eg SEMI JOIN f1 USING (x)")
    q("CREATE TEMP TABLE epf AS SELECT * FROM ep SEMI JOIN f1 USING (x)")
    q("CREATE TEMP TABLE m (m VARCHAR[])")
    q("INSERT INTO m SELECT [x] FROM attrs")
    if k_max >= 2:
        q(f"""CREATE TEMP TABLE f2 AS SELECT [e1.x, e2.x] AS m FROM egf e1 JOIN egf e2
              ON e1.k = e2.k AND e1.x < e2.x GROUP BY m HAVING {support('e1.split')}""")
        q("INSERT INTO m SELECT m FROM f2")
    if k_max >= 3:
        q(f"""INSERT INTO m SELECT [e1.x, e2.x, e3.x] AS m FROM egf e1
              JOIN egf e2 ON e1.k = e2.k AND e1.x < e2.x
              JOIN egf e3 ON e2.k = e3.k AND e2.x < e3.x
              WHERE [e1.x, e2.x] IN (SELECT m FROM f2) AND [e1.x, e3.x] IN (SELECT m FROM f2)
                AND [e2.x, e3.x] IN (SELECT m FROM f2)
              GROUP BY m HAVING {support('e1.split')}""")

    def per_row(exploded, frequent, cols):
        """Every row's combinations of up to k_max attributes (those of two or
        more of frequent attributes only), with `cols`."""
        keep = ", ".join(f"e1.{c}" for c in cols)
        parts = [f"SELECT [e1.x] AS m, {keep} FROM {exploded} e1"]
        if k_max >= 2:
            parts.append(
                f"SELECT [e1.x, e2.x], {keep} FROM {frequent} e1 "
                f"JOIN {frequent} e2 ON e1.k = e2.k AND e1.x < e2.x"
            )
        if k_max >= 3:
            parts.append(
                f"SELECT [e1.x, e2.x, e3.x], {keep} FROM {frequent} e1 "
                f"JOIN {frequent} e2 ON e1.k = e2.k AND e1.x < e2.x "
                f"JOIN {frequent} e3 ON e2.k = e3.k AND e2.x < e3.x"
            )
        return " UNION ALL ".join(parts)

    # Each combination of M's rows by split, group and predicted group: small
    # (|M| x splits x groups^2), and every table is a sum over it.
    q(f"""CREATE TEMP TABLE tg AS SELECT m, split, g, pg, count(*) AS n
          FROM ({per_row('eg', 'egf', ['split', 'g', 'pg'])}) SEMI JOIN m USING (m) GROUP BY ALL""")
    q(f"""CREATE TEMP TABLE tp AS SELECT m, g, pg, count(*) AS n
          FROM ({per_row('ep', 'epf', ['g', 'pg'])}) SEMI JOIN m USING (m) GROUP BY ALL""")
    # The five tables (and their group totals: the empty combination).
    q("""CREATE TEMP TABLE lines AS
         SELECT 'train' AS t, m, g AS grp, sum(n) AS n FROM tg WHERE split = 'train' GROUP BY m, g
         UNION ALL SELECT 'test', m, g, sum(n) FROM tg WHERE split = 'test' GROUP BY m, g
         UNION ALL SELECT 'true_attr_pred_group', m, pg, sum(n) FROM tg WHERE split = 'test' AND pg IS NOT NULL GROUP BY m, pg
         UNION ALL SELECT 'pred', m, pg, sum(n) FROM tp WHERE pg IS NOT NULL GROUP BY m, pg
         UNION ALL SELECT 'pred_attr_true_group', m, g, sum(n) FROM tp GROUP BY m, g
         UNION ALL SELECT 'train', [], g, sum(n) FROM totals WHERE split = 'train' GROUP BY g
         UNION ALL SELECT 'test', [], g, sum(n) FROM totals WHERE split = 'test' GROUP BY g
         UNION ALL SELECT 'pred', [], pg, sum(n) FROM totals WHERE split = 'test' AND pg IS NOT NULL GROUP BY pg
         UNION ALL SELECT 'pred_attr_true_group', [], g, sum(n) FROM totals WHERE split = 'test' GROUP BY g
         UNION ALL SELECT 'true_attr_pred_group', [], pg, sum(n) FROM totals WHERE split = 'test' AND pg IS NOT NULL GROUP BY pg""")
    # Every single attribute appears: a 0 for the first group's train count where
    # it has none.
    q("""INSERT INTO lines SELECT 'train', [x], (SELECT min(g) FROM groups), 0 FROM attrs
         WHERE [x] NOT IN (SELECT m FROM lines WHERE t = 'train' AND grp = (SELECT min(g) FROM groups))""")
    order = " ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(TABLES))
    lines = q(f"""SELECT t, array_to_string(m, '|'), grp, n FROM lines
                  ORDER BY len(m), m, CASE t {order} END, grp""").fetchall()
    return stand_ins, lines


def csv_field(text):
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", help="the rows: .parquet, or .csv as biaslens reads it")
    parser.add_argument("-o", "--output", required=True, help="the counts CSV to write")
    parser.add_argument("--k-max", type=int, default=3, choices=[1, 2, 3])
    parser.add_argument("--min-support-floor", type=int, default=1)
    parser.add_argument(
        "--memory-limit",
        default="4GB",
        help="DuckDB's memory limit (default 4GB); past it, DuckDB spills to a temporary folder",
    )
    args = parser.parse_args()
    if args.min_support_floor < 1:
        sys.exit("--min-support-floor must be at least 1")
    import duckdb

    spill = tempfile.mkdtemp(prefix="biaslens-duckdb-")
    con = duckdb.connect(config={"memory_limit": args.memory_limit, "temp_directory": spill,
                                 "preserve_insertion_order": False})
    rows_relation(con, args.rows)
    stand_ins, lines = counts(con, args.k_max, args.min_support_floor)
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write("table,attributes,group,count\n")
        for t, m, g, n in lines:
            f.write(f"{t},{csv_field(m or '')},{csv_field(g)},{n}\n")
    stem, _ = os.path.splitext(args.output)
    manifest = {
        "name": os.path.splitext(os.path.basename(args.rows))[0],
        "counts": os.path.basename(args.output),
        "k_max": args.k_max,
        "min_support_floor": args.min_support_floor,
        "stand_ins": stand_ins,
    }
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps(manifest, indent=2))
    con.close()
    shutil.rmtree(spill, ignore_errors=True)


if __name__ == "__main__":
    main()
