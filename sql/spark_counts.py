#!/usr/bin/env python3
"""The counts file of biaslens (`docs/spec/counts.md`) from a table of rows, in Apache Spark.

    spark-submit sql/spark_counts.py ROWS -o counts.csv [--k-max 3] [--min-support-floor 1]
    python3 sql/spark_counts.py ROWS -o counts.csv ...      (local mode, PyPI pyspark)

ROWS is Parquet (a file or a folder of parts, as Spark writes them) or CSV with the
columns `id, split, group, pred_group, attributes, pred_attributes`: list columns
in Parquet, `a|b|c` text in CSV (the format biaslens reads). Without `pred_group`
or `pred_attributes` the ground truth stands in, and the manifest says so; without
`split` every row is both train and test, as in biaslens. The counting runs on the
cluster; only the count lines (a few megabytes: one per combination, table and
group) come back to the driver, which writes `counts.csv` and its manifest
`counts.json` beside it. `biaslens metrics counts.json` and the app open it.

The Spark SQL is the DuckDB script's (`sql/duckdb_counts.py`): the same set `A`,
the frequent combinations found level by level, every single attribute whatever
its support, and the same file, byte for byte, as `biaslens counts`. Attribute
names must not contain `|`.
"""

import argparse
import json
import os
import sys

TABLES = ["train", "test", "pred", "pred_attr_true_group", "true_attr_pred_group"]


def as_list(column, types):
    """A column as a sorted array of distinct, trimmed, non-empty names."""
    if column not in types:
        return None
    raw = f"`{column}`"
    if not types[column].startswith("array"):
        raw = f"split(coalesce(CAST({raw} AS STRING), ''), '[|]')"
    return (
        f"array_sort(array_distinct(filter(transform({raw}, x -> trim(CAST(x AS STRING))), x -> x <> '')))"
    )


def count_lines(spark, src, k_max, floor):
    """The count lines (table, combination, group, count) and the stand-ins."""
    types = dict(src.dtypes)
    for needed in ["group", "attributes"]:
        if needed not in types:
            sys.exit(f"the rows have no {needed} column (their columns: {', '.join(types)})")
    stand_ins = {"pred_group": "pred_group" not in types, "pred_attributes": "pred_attributes" not in types}
    a = as_list("attributes", types)
    pa = as_list("pred_attributes", types) or a
    group = "NULLIF(trim(CAST(`group` AS STRING)), '')"
    pred_group = "NULLIF(trim(CAST(pred_group AS STRING)), '')" if "pred_group" in types else group
    splits = "array(lower(trim(CAST(split AS STRING))))" if "split" in types else "array('train', 'test')"
    src.createOrReplaceTempView("src")
    q = spark.sql

    def view(name, sql):
        df = q(sql)
        df.createOrReplaceTempView(name)
        return df

    view("r", f"""SELECT monotonically_increasing_id() AS rid, {splits} AS sp, {group} AS g,
                  {pred_group} AS pg, {a} AS a, {pa} AS pa FROM src WHERE {group} IS NOT NULL""").cache()
    view("attrs", "SELECT DISTINCT explode(a) AS x FROM r").cache()
    view("c", """SELECT rid * 2 + CAST(s = 'test' AS BIGINT) AS k, s AS split, g, pg, a, pa
                 FROM (SELECT *, explode(sp) AS s FROM r) WHERE s IN ('train', 'test')""").cache()
    view("eg", "SELECT k, split, g, pg, explode(a) AS x FROM c").cache()
    view("ep", """SELECT e.* FROM (SELECT k, g, pg, explode(pa) AS x FROM c WHERE split = 'test') e
                  LEFT SEMI JOIN attrs USING (x)""").cache()
    support = (
        f"count_if(split = 'train') >= {floor} AND count_if(split = 'test') >= {floor}"
    )
    view("f1", f"SELECT x FROM eg GROUP BY x HAVING {support}").cache()
    view("egf", "SELECT * FROM eg LEFT SEMI JOIN f1 USING (x)").cache()
    view("epf", "SELECT * FROM ep LEFT SEMI JOIN f1 USING (x)").cache()
    levels = ["SELECT array(x) AS m FROM attrs"]
    if k_max >= 2:
        view("rp", """SELECT e1.k, e1.split, array(e1.x, e2.x) AS m FROM egf e1 JOIN egf e2
                      ON e1.k = e2.k AND e1.x < e2.x""")
        view("f2", f"SELECT m FROM rp GROUP BY m HAVING {support}").cache()
        levels.append("SELECT m FROM f2")
    if k_max >= 3:
        view("f2x", "SELECT m[0] AS x1, m[1] AS x2 FROM f2").cache()
        view("rt", """SELECT p.k, p.split, array(p.m[0], p.m[1], e.x) AS m
                      FROM (SELECT * FROM rp LEFT SEMI JOIN f2 USING (m)) p
                      JOIN egf e ON p.k = e.k AND e.x > p.m[1]
                      LEFT SEMI JOIN f2x a ON a.x1 = p.m[0] AND a.x2 = e.x
                      LEFT SEMI JOIN f2x b ON b.x1 = p.m[1] AND b.x2 = e.x""")
        levels.append(f"SELECT m FROM rt GROUP BY m HAVING {support}")
    view("m", " UNION ALL ".join(levels)).cache()

    def per_row(exploded, frequent, cols):
        """Every row's combinations of up to k_max attributes (those of two or
        more of frequent attributes only), with `cols`."""
        keep = ", ".join(f"e1.{c}" for c in cols)
        parts = [f"SELECT e1.k, array(e1.x) AS m, {keep} FROM {exploded} e1"]
        if k_max >= 2:
            parts.append(
                f"SELECT e1.k, array(e1.x, e2.x) AS m, {keep} FROM {frequent} e1 "
                f"JOIN {frequent} e2 ON e1.k = e2.k AND e1.x < e2.x"
            )
        if k_max >= 3:
            parts.append(
                f"SELECT e1.k, array(e1.x, e2.x, e3.x) AS m, {keep} FROM {frequent} e1 "
                f"JOIN {frequent} e2 ON e1.k = e2.k AND e1.x < e2.x "
                f"JOIN {frequent} e3 ON e2.k = e3.k AND e2.x < e3.x"
            )
        return " UNION ALL ".join(parts)

    # Each combination of M's rows by split, group and predicted group (|M| x
    # splits x groups^2); every table is a sum over it. Not cached: Spark folds it
    # into each table's aggregation (caching it took more than 600 MB of driver
    # heap in local mode on 6,000 rows, where this takes less).
    view("tg", f"""SELECT m, split, g, pg, count(*) AS n
                   FROM ({per_row('eg', 'egf', ['split', 'g', 'pg'])}) LEFT SEMI JOIN m USING (m)
                   GROUP BY m, split, g, pg""")
    view("tp", f"""SELECT m, g, pg, count(*) AS n
                   FROM ({per_row('ep', 'epf', ['g', 'pg'])}) LEFT SEMI JOIN m USING (m)
                   GROUP BY m, g, pg""")
    lines = q("""
        SELECT 'train' AS t, m, g AS grp, sum(n) AS n FROM tg WHERE split = 'train' GROUP BY m, g
        UNION ALL SELECT 'test', m, g, sum(n) FROM tg WHERE split = 'test' GROUP BY m, g
        UNION ALL SELECT 'true_attr_pred_group', m, pg, sum(n) FROM tg WHERE split = 'test' AND pg IS NOT NULL GROUP BY m, pg
        UNION ALL SELECT 'pred', m, pg, sum(n) FROM tp WHERE pg IS NOT NULL GROUP BY m, pg
        UNION ALL SELECT 'pred_attr_true_group', m, g, sum(n) FROM tp GROUP BY m, g
        UNION ALL SELECT 'train', array(), g, count(*) FROM c WHERE split = 'train' GROUP BY g
        UNION ALL SELECT 'test', array(), g, count(*) FROM c WHERE split = 'test' GROUP BY g
        UNION ALL SELECT 'pred', array(), pg, count(*) FROM c WHERE split = 'test' AND pg IS NOT NULL GROUP BY pg
        UNION ALL SELECT 'pred_attr_true_group', array(), g, count(*) FROM c WHERE split = 'test' GROUP BY g
        UNION ALL SELECT 'true_attr_pred_group', array(), pg, count(*) FROM c WHERE split = 'test' AND pg IS NOT NULL GROUP BY pg
    """).collect()
    lines = [(r.t, list(r.m), r.grp, r.n) for r in lines]
    # Every single attribute appears: a 0 for the first group's train count where
    # it has none.
    first = q("SELECT min(g) AS g FROM r").collect()[0].g
    listed = {m[0] for t, m, g, _ in lines if t == "train" and g == first and len(m) == 1}
    for row in q("SELECT x FROM attrs").collect():
        if row.x not in listed:
            lines.append(("train", [row.x], first, 0))
    # Byte order of UTF-8 is code point order: Python's string order.
    lines.sort(key=lambda l: (len(l[1]), l[1], TABLES.index(l[0]), l[2]))
    return stand_ins, lines


def csv_field(text):
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", help="the rows: Parquet, or CSV as biaslens reads it")
    parser.add_argument("-o", "--output", required=True, help="the counts CSV to write (on the driver)")
    parser.add_argument("--k-max", type=int, default=3, choices=[1, 2, 3])
    parser.add_argument("--min-support-floor", type=int, default=1)
    parser.add_argument(
        "--partitions",
        type=int,
        help="shuffle partitions (default: Spark's own, 200); a handful suits local mode on small data",
    )
    args = parser.parse_args()
    if args.min_support_floor < 1:
        sys.exit("--min-support-floor must be at least 1")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("biaslens counts")
    if args.partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(args.partitions))
    spark = builder.getOrCreate()
    path = args.rows
    if path.lower().endswith(".csv") or path.lower().endswith(".csv.gz"):
        src = spark.read.option("header", True).csv(path)
    else:
        src = spark.read.parquet(path)
    stand_ins, lines = count_lines(spark, src, args.k_max, args.min_support_floor)
    spark.stop()
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write("table,attributes,group,count\n")
        for t, m, g, n in lines:
            f.write(f"{t},{csv_field('|'.join(m))},{csv_field(g)},{n}\n")
    stem, _ = os.path.splitext(args.output)
    manifest = {
        "name": os.path.splitext(os.path.basename(path.rstrip("/")))[0],
        "counts": os.path.basename(args.output),
        "k_max": args.k_max,
        "min_support_floor": args.min_support_floor,
        "stand_ins": stand_ins,
    }
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
