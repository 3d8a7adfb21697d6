//! The counts file of `docs/spec/counts.md`: the five count tables over (combination,
//! group) as CSV (`table,attributes,group,count`), written from rows here or by an
//! engine made for data far larger than one machine holds (Spark, DuckDB), and
//! read back into [`CountTables`] from which every count-based metric follows.
//!
//! What a file holds: every combination of up to `k_max` attributes whose train and
//! test counts reach the support floor, and every attribute of `A` alone whatever
//! its counts (BiasAmp averages over all of `A`; an attribute seen only in
//! validation rows is written with zeros), plus each table's group totals (an
//! empty `attributes` field). Counts of 0 may be left out, except that every
//! single attribute appears at least once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use std::ops::RangeInclusive;

use crate::counting::combinations::{combinations_counted_threads, CombinationSettings, Mode};
use crate::counting::counts::{count, CountTables, RowIndex, Table};
use crate::error::{InputError, SettingsError};
use crate::input::dataset::{Dataset, DatasetSummary, StandIns};
use crate::metrics::analysis::{analysis_of_counts, Analysis};
use crate::metrics::cooccurrence::{group_table, pair_rows, CooccurrenceReport, Pair, Split};
use crate::progress::Progress;

/// The header line of a counts file.
pub const HEADER: &str = "table,attributes,group,count";

/// Count tables read from (or written to) a counts file, with what they cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// Every counted combination (singles first: every attribute of `A`), as
    /// attribute names, in the order of size, then of the attributes' names.
    pub tables: CountTables,
    /// The largest combination counted.
    pub k_max: usize,
    /// Combinations (of two or more attributes) whose train or test count is below
    /// this were left out: no analysis can use a smaller minimum support.
    pub min_support_floor: u64,
}

impl Table {
    /// The table's name in a counts file.
    pub fn name(self) -> &'static str {
        match self {
            Table::Train => "train",
            Table::Test => "test",
            Table::Pred => "pred",
            Table::PredAttrTrueGroup => "pred_attr_true_group",
            Table::TrueAttrPredGroup => "true_attr_pred_group",
        }
    }

    /// The table a counts file names.
    pub fn parse(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Counts every combination of up to `k_max` attributes with train and test
/// support of at least `floor`, and every single attribute, from rows; the search
/// shared among `threads` threads (see
/// [`crate::counting::combinations::available_threads`]), reporting to `progress`.
pub fn counts_of_rows(
    d: &Dataset,
    k_max: usize,
    floor: u64,
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<Counts, SettingsError> {
    let settings = CombinationSettings {
        mode: Mode::Subsets,
        k_min: 2.min(k_max),
        k_max,
        min_support: floor,
    };
    settings.validate()?;
    progress(Progress::step("indexing rows"));
    let ix = RowIndex::new(d);
    progress(Progress::step("counting single attributes"));
    let singles: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    let single = count(d, &ix, &singles);
    let tables = if k_max >= 2 {
        // Every single of A, then the walk's combinations of two or more (k_min 2).
        let (_, multi) = combinations_counted_threads(d, &ix, &settings, threads, progress)?;
        single.append(&multi)
    } else {
        single
    };
    Ok(Counts {
        tables,
        k_max,
        min_support_floor: floor,
    })
}

/// The counts file's text: the group totals, then every combination's counts
/// (zeros left out, except for single attributes, which always appear).
pub fn write_counts(t: &CountTables) -> String {
    let mut out = String::with_capacity(64 * (t.n_combinations() + 1) * t.n_groups());
    out.push_str(HEADER);
    out.push('\n');
    let mut line = |table: Table, attributes: &str, group: &str, n: u64| {
        out.push_str(&format!(
            "{},{},{},{n}\n",
            table.name(),
            quoted(attributes),
            quoted(group)
        ));
    };
    for table in Table::ALL {
        for (g, group) in t.groups.iter().enumerate() {
            line(table, "", group, t.total(table, g));
        }
    }
    for (m, combination) in t.combinations.iter().enumerate() {
        let attributes = combination.join("|");
        for table in Table::ALL {
            for (g, group) in t.groups.iter().enumerate() {
                let n = t.get(table, m, g);
                // A single's first line is kept even at 0: it lists the attribute.
                let lists_a_single = combination.len() == 1 && table == Table::Train && g == 0;
                if n > 0 || lists_a_single {
                    line(table, &attributes, group, n);
                }
            }
        }
    }
    out
}

/// A CSV field, quoted when it must be.
fn quoted(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Reads a counts file: every problem located by line and column. `stand_ins`
/// come from its manifest.
pub fn parse_counts(
    file: &str,
    bytes: &[u8],
    stand_ins: StandIns,
    k_max: usize,
    min_support_floor: u64,
) -> Result<Counts, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| InputError::file(file, format!("cannot read the header: {e}")))?
        .clone();
    let columns: Vec<&str> = header.iter().map(str::trim).collect();
    if columns != HEADER.split(',').collect::<Vec<_>>() {
        return Err(InputError::at(
            file,
            1,
            None,
            format!(
                "a counts file's header is \"{HEADER}\", not \"{}\"",
                columns.join(",")
            ),
        ));
    }
    let mut totals: BTreeMap<(usize, String), u64> = BTreeMap::new();
    let mut cells: BTreeMap<(Vec<String>, usize, String), u64> = BTreeMap::new();
    // Where each combination of two or more attributes first appears.
    let mut first_line: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| InputError::at(file, line, None, e.to_string()))?;
        let field = |k: usize| record.get(k).unwrap_or("").trim();
        let table_name = field(0);
        let table = Table::parse(table_name).ok_or_else(|| {
            InputError::at(
                file,
                line,
                Some("table"),
                format!(
                    "\"{table_name}\" is not a count table (train, test, pred, pred_attr_true_group, true_attr_pred_group)"
                ),
            )
        })?;
        let group = field(2);
        if group.is_empty() {
            return Err(InputError::at(
                file,
                line,
                Some("group"),
                "the group is empty",
            ));
        }
        let text = field(3);
        let n: u64 = text.parse().map_err(|_| {
            InputError::at(
                file,
                line,
                Some("count"),
                format!("\"{text}\" is not a count (a whole number, 0 or more)"),
            )
        })?;
        let mut attributes: Vec<String> = field(1)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        attributes.sort();
        let before = attributes.len();
        attributes.dedup();
        if attributes.len() != before {
            return Err(InputError::at(
                file,
                line,
                Some("attributes"),
                "an attribute appears twice in one combination",
            ));
        }
        if attributes.len() > k_max {
            return Err(InputError::at(
                file,
                line,
                Some("attributes"),
                format!(
                    "a combination of {} attributes, but the manifest says k_max = {k_max}",
                    attributes.len()
                ),
            ));
        }
        let slot = table as usize;
        if attributes.len() >= 2 {
            first_line.entry(attributes.clone()).or_insert(line);
        }
        let previous = if attributes.is_empty() {
            totals.insert((slot, group.to_owned()), n)
        } else {
            cells.insert((attributes, slot, group.to_owned()), n)
        };
        if previous.is_some() {
            return Err(InputError::at(
                file,
                line,
                None,
                "this table, combination and group already have a count on an earlier line",
            ));
        }
    }
    let groups: Vec<String> = totals
        .keys()
        .map(|(_, g)| g.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if groups.is_empty() {
        return Err(InputError::file(
            file,
            "no group totals (lines with an empty attributes field)",
        ));
    }
    // Every attribute of a combination is one of `A`: it has its own line.
    let singles: BTreeSet<&String> = cells
        .keys()
        .filter(|(m, _, _)| m.len() == 1)
        .filter_map(|(m, _, _)| m.first())
        .collect();
    for (m, line) in &first_line {
        if let Some(a) = m.iter().find(|a| !singles.contains(a)) {
            return Err(InputError::at(
                file,
                *line,
                Some("attributes"),
                format!("\"{a}\" has no line of its own: every attribute of A appears alone (with 0 counts if need be)"),
            ));
        }
    }
    // A combination of two or more whose counts are all 0 says nothing (it is
    // below any support): left out, as a writer leaves it out.
    let mut counted: BTreeSet<&Vec<String>> = BTreeSet::new();
    for ((m, _, _), n) in &cells {
        if m.len() == 1 || *n > 0 {
            counted.insert(m);
        }
    }
    let combinations: BTreeSet<&Vec<String>> = counted;
    let mut combinations: Vec<Vec<String>> = combinations.into_iter().cloned().collect();
    combinations.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let index: BTreeMap<&Vec<String>, usize> = combinations
        .iter()
        .enumerate()
        .map(|(k, m)| (m, k))
        .collect();
    let group_index: BTreeMap<&String, usize> =
        groups.iter().enumerate().map(|(k, g)| (g, k)).collect();
    let mut t = CountTables::zeroed(groups.clone(), combinations.clone(), stand_ins);
    for ((slot, group), n) in &totals {
        if let (Some(&table), Some(&g)) = (Table::ALL.get(*slot), group_index.get(group)) {
            t.set_total(table, g, *n);
        }
    }
    for ((m, slot, group), n) in &cells {
        let Some(&g) = group_index.get(group) else {
            return Err(InputError::file(
                file,
                format!("the group \"{group}\" has counts but no group total"),
            ));
        };
        if let (Some(&table), Some(&k)) = (Table::ALL.get(*slot), index.get(m)) {
            t.set(table, k, g, *n);
        }
    }
    Ok(Counts {
        tables: t,
        k_max,
        min_support_floor,
    })
}

/// Reads a counts file opened without its manifest: `k_max` is its largest
/// combination, the floor the smallest train or test count among its combinations
/// of two or more (no more than the writer's floor, so every analysis it allows is
/// exact), and the stand-ins the tables show (see `inferred_stand_ins`).
pub fn parse_counts_alone(file: &str, bytes: &[u8]) -> Result<Counts, InputError> {
    let mut counts = parse_counts(file, bytes, StandIns::default(), usize::MAX, 1)?;
    let t = &counts.tables;
    let larger =
        (0..t.n_combinations()).filter(|&m| t.combinations.get(m).is_some_and(|c| c.len() >= 2));
    counts.k_max = t.combinations.iter().map(Vec::len).max().unwrap_or(1);
    counts.min_support_floor = larger
        .map(|m| {
            t.combination_total(Table::Train, m)
                .min(t.combination_total(Table::Test, m))
        })
        .min()
        .unwrap_or(1)
        .max(1);
    counts.tables.stand_ins = inferred_stand_ins(&counts.tables);
    Ok(counts)
}

/// The stand-ins a counts file read without its manifest was most likely made
/// with: a predicted group that stood in for the truth keys the predicted-group
/// tables exactly as the true-group ones, and predicted attributes that stood in
/// count exactly as the true attributes. (A model whose every test prediction is
/// right would look the same; its amplification is 0 either way.)
fn inferred_stand_ins(t: &CountTables) -> StandIns {
    let same = |a: Table, b: Table| {
        (0..t.n_groups()).all(|g| {
            t.total(a, g) == t.total(b, g)
                && (0..t.n_combinations()).all(|m| t.get(a, m, g) == t.get(b, m, g))
        })
    };
    StandIns {
        pred_group: same(Table::TrueAttrPredGroup, Table::Test)
            && same(Table::Pred, Table::PredAttrTrueGroup),
        pred_attributes: same(Table::PredAttrTrueGroup, Table::Test)
            && same(Table::Pred, Table::TrueAttrPredGroup),
    }
}

/// Whether bytes begin like a counts file (its header line).
pub fn is_counts_file(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    start.starts_with(HEADER.as_bytes())
}

impl Counts {
    /// The analysis of `settings` from the counts alone: `M` is every counted
    /// combination of `k_min..=k_max` attributes with train and test counts of at
    /// least the minimum support. Settings the file cannot answer (a larger
    /// `k_max`, a support below the floor, label sets) are refused with the reason.
    pub fn analyze(
        &self,
        dataset: DatasetSummary,
        settings: &CombinationSettings,
    ) -> Result<Analysis, SettingsError> {
        settings.validate()?;
        if settings.mode != Mode::Subsets {
            return Err(SettingsError::NeedsRows("the label_sets mode"));
        }
        self.check(settings.k_max, settings.min_support)?;
        let t = &self.tables;
        let chosen = self.supported(settings.k_min..=settings.k_max, settings.min_support);
        let singles = self.supported(1..=1, 0); // every single attribute
        Ok(analysis_of_counts(
            &t.pick(&chosen),
            &t.pick(&singles),
            dataset,
            settings,
        ))
    }

    /// Refuses a `k_max` past the file's and a support below its floor.
    fn check(&self, k_max: usize, min_support: u64) -> Result<(), SettingsError> {
        if k_max > self.k_max {
            return Err(SettingsError::CountsKMax {
                asked: k_max,
                counted: self.k_max,
            });
        }
        if min_support < self.min_support_floor {
            return Err(SettingsError::CountsFloor {
                asked: min_support,
                floor: self.min_support_floor,
            });
        }
        Ok(())
    }

    /// The counted combinations with a size in `sizes` and train and test counts
    /// of at least `min_support`, in the file's order.
    fn supported(&self, sizes: RangeInclusive<usize>, min_support: u64) -> Vec<usize> {
        let t = &self.tables;
        (0..t.n_combinations())
            .filter(|&m| sizes.contains(&t.combinations.get(m).map_or(0, Vec::len)))
            .filter(|&m| {
                t.combination_total(Table::Train, m) >= min_support
                    && t.combination_total(Table::Test, m) >= min_support
            })
            .collect()
    }

    /// The co-occurrence tables of `split` from the counts alone. The combination ×
    /// group table is the rows' exactly (every attribute, and the combinations of 2
    /// to `k_max` attributes with `min_support`). The attribute × attribute table
    /// has the pairs the file holds (train and test counts at least the floor),
    /// each with the rows' counts and statistics; its q-values are over those
    /// pairs, and [`CooccurrenceReport::pairs_below`] says which were left out.
    pub fn cooccurrence(
        &self,
        split: Split,
        k_max: usize,
        min_support: u64,
    ) -> Result<CooccurrenceReport, SettingsError> {
        // k_max 1 lists the attributes alone, whatever the support.
        if k_max >= 2 {
            self.check(k_max, min_support)?;
        }
        let t = &self.tables;
        // Every attribute (a support of 0 keeps every single), then the combinations.
        let single_rows = self.supported(1..=1, 0);
        let singles = t.pick(&single_rows);
        let mut rows = single_rows;
        if k_max >= 2 {
            rows.extend(self.supported(2..=k_max, min_support));
        }
        let table = split.table();
        let attributes: Vec<String> = singles
            .combinations
            .iter()
            .filter_map(|c| c.first().cloned())
            .collect();
        let index: HashMap<&str, usize> = attributes
            .iter()
            .enumerate()
            .map(|(i, a)| (a.as_str(), i))
            .collect();
        let total = |name: &String| {
            let i = index.get(name.as_str())?;
            Some(singles.combination_total(table, *i))
        };
        let pairs: Vec<Pair> = self
            .supported(2..=2, 0)
            .into_iter()
            .filter_map(|m| {
                let names = t.combinations.get(m)?;
                let (a, b) = (names.first()?, names.get(1)?);
                Some(Pair {
                    a: a.clone(),
                    b: b.clone(),
                    both: t.combination_total(table, m),
                    a_total: total(a)?,
                    b_total: total(b)?,
                })
            })
            .collect();
        Ok(CooccurrenceReport {
            split,
            groups: t.groups.clone(),
            rows: t.grand_total(table),
            group_rows: group_table(&t.pick(&rows), split),
            pair_rows: pair_rows(pairs, t.grand_total(table)),
            attributes,
            pairs_below: Some(self.min_support_floor),
        })
    }

    /// The rows' summary as far as the counts tell it: rows with a group in train
    /// and in test (rows of other splits and rows without a group are not counted).
    pub fn summary(&self, name: &str) -> DatasetSummary {
        let t = &self.tables;
        let total = |table: Table, g: usize| t.total(table, g) as usize;
        let groups = t
            .groups
            .iter()
            .enumerate()
            .map(|(g, name)| (name.clone(), total(Table::Train, g) + total(Table::Test, g)))
            .collect();
        let attributes: Vec<String> = t
            .combinations
            .iter()
            .filter(|c| c.len() == 1)
            .filter_map(|c| c.first().cloned())
            .collect();
        let (train, test) = (
            t.grand_total(Table::Train) as usize,
            t.grand_total(Table::Test) as usize,
        );
        DatasetSummary {
            name: name.to_owned(),
            rows: train + test,
            splits: [("train".to_owned(), train), ("test".to_owned(), test)].into(),
            single_split: false,
            group_column: "group".to_owned(),
            groups,
            n_attributes: attributes.len(),
            attributes,
            rows_without_group: 0,
            stand_ins: t.stand_ins,
        }
    }
}

/// A counts manifest (`docs/spec/counts.md`): the counts file, relative to the manifest,
/// and what it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountsManifest {
    /// The data set's name, shown in the header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The counts file, relative to the manifest.
    pub counts: String,
    /// The largest combination counted.
    pub k_max: usize,
    /// Combinations whose train or test count is below this were left out.
    pub min_support_floor: u64,
    /// Which stand-ins were used before counting.
    #[serde(default)]
    pub stand_ins: StandIns,
    /// The rows' summary, when the program that counted knew it (`biaslens
    /// counts` writes it; otherwise it is derived from the group totals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetSummary>,
}

impl CountsManifest {
    /// The summary to show for its `counts`: the rows' when the manifest has it,
    /// else what the counts tell; named by the manifest's name, else `name`.
    pub fn summary(&self, counts: &Counts, name: &str) -> DatasetSummary {
        let name = self.name.as_deref().unwrap_or(name);
        match &self.dataset {
            Some(dataset) => DatasetSummary {
                name: name.to_owned(),
                ..dataset.clone()
            },
            None => counts.summary(name),
        }
    }
}

/// Reads a counts manifest, or `None` when the bytes are not one (a JSON object
/// without a `counts` key, or anything else). Every problem is worded for a
/// person, naming the key; `stand_ins` takes the forms `docs/spec/counts.md` gives (a list
/// of the stand-in names, an object of flags, or nothing for none).
pub fn sniff_counts_manifest(
    file: &str,
    bytes: &[u8],
) -> Result<Option<CountsManifest>, InputError> {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(bytes) else {
        return Ok(None);
    };
    if !object.contains_key("counts") {
        return Ok(None);
    }
    let bad =
        |message: String| InputError::file(file, format!("not a valid counts manifest: {message}"));
    let whole = |key: &str, least: u64, what: &str| -> Result<u64, InputError> {
        match object.get(key) {
            Some(v) => v.as_u64().filter(|n| *n >= least).ok_or_else(|| {
                bad(format!(
                    "\"{key}\" must be a whole number of at least {least} ({what}), not {v}"
                ))
            }),
            None => Err(bad(format!("it needs \"{key}\" ({what})"))),
        }
    };
    let counts = match object.get("counts") {
        Some(serde_json::Value::String(c)) if !c.trim().is_empty() => c.clone(),
        other => {
            return Err(bad(format!(
                "\"counts\" must name the counts CSV, relative to the manifest (as \"counts.csv\"), not {}",
                other.map_or("nothing".to_owned(), ToString::to_string)
            )))
        }
    };
    let k_max = whole("k_max", 1, "the largest combination counted")?;
    let min_support_floor = whole(
        "min_support_floor",
        0,
        "combinations with fewer train or test rows were left out",
    )?;
    let name = match object.get("name") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(n)) => Some(n.clone()),
        Some(v) => return Err(bad(format!("\"name\" must be text, not {v}"))),
    };
    let stand_ins = stand_ins_of(object.get("stand_ins")).map_err(bad)?;
    let dataset = match object.get("dataset") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(serde_json::from_value(v.clone()).map_err(|e| {
            bad(format!(
                "\"dataset\" is not the rows' summary that biaslens counts writes ({e}); leave it out to derive the summary from the counts"
            ))
        })?),
    };
    Ok(Some(CountsManifest {
        name,
        counts,
        k_max: usize::try_from(k_max).unwrap_or(usize::MAX),
        min_support_floor,
        stand_ins,
        dataset,
    }))
}

/// The stand-ins a manifest names: left out or `null` (none), a list of names
/// (`["pred_group"]`, `[]` for none) or an object of flags
/// (`{"pred_group": true, "pred_attributes": false}`).
fn stand_ins_of(value: Option<&serde_json::Value>) -> Result<StandIns, String> {
    use serde_json::Value;
    const FORMS: &str = "a list of the stand-ins used, such as [\"pred_group\"] or [\"pred_group\", \"pred_attributes\"], an object such as {\"pred_group\": true, \"pred_attributes\": false}, or left out for none";
    let mut s = StandIns::default();
    let mut set = |name: &str, on: bool| {
        match name {
        "pred_group" => {
            s.pred_group = on;
            Ok(())
        }
        "pred_attributes" => {
            s.pred_attributes = on;
            Ok(())
        }
        other => Err(format!(
            "\"stand_ins\" names \"{other}\", which is not a stand-in (the stand-ins are \"pred_group\" and \"pred_attributes\")"
        )),
    }
    };
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Array(names)) => {
            for n in names {
                let Value::String(name) = n else {
                    return Err(format!("\"stand_ins\" must be {FORMS}; it lists {n}"));
                };
                set(name, true)?;
            }
        }
        Some(Value::Object(flags)) => {
            for (name, on) in flags {
                let Value::Bool(on) = on else {
                    return Err(format!(
                        "\"stand_ins\" must be {FORMS}; \"{name}\" is {on}, not true or false"
                    ));
                };
                set(name, *on)?;
            }
        }
        Some(v) => return Err(format!("\"stand_ins\" must be {FORMS}, not {v}")),
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(stand_ins: &str) -> Result<Option<CountsManifest>, InputError> {
        let text =
            format!(r#"{{"counts": "c.csv", "k_max": 3, "min_support_floor": 5{stand_ins}}}"#);
        sniff_counts_manifest("m.json", text.as_bytes())
    }

    fn stand_ins(stand_ins: &str) -> StandIns {
        manifest(stand_ins).unwrap().unwrap().stand_ins
    }

    #[test]
    fn stand_ins_take_every_natural_form() {
        let none = StandIns::default();
        let group = StandIns {
            pred_group: true,
            pred_attributes: false,
        };
        let both = StandIns {
            pred_group: true,
            pred_attributes: true,
        };
        assert_eq!(stand_ins(""), none);
        assert_eq!(stand_ins(r#", "stand_ins": null"#), none);
        assert_eq!(stand_ins(r#", "stand_ins": []"#), none);
        assert_eq!(stand_ins(r#", "stand_ins": ["pred_group"]"#), group);
        assert_eq!(
            stand_ins(r#", "stand_ins": ["pred_attributes", "pred_group"]"#),
            both
        );
        assert_eq!(
            stand_ins(r#", "stand_ins": {"pred_group": true, "pred_attributes": false}"#),
            group
        );
        assert_eq!(stand_ins(r#", "stand_ins": {"pred_group": true}"#), group);
        // What biaslens counts writes reads back.
        let written = serde_json::to_string(&both).unwrap();
        assert_eq!(stand_ins(&format!(r#", "stand_ins": {written}"#)), both);
    }

    #[test]
    fn manifest_errors_are_worded_for_a_person() {
        let message = |text: &str| {
            sniff_counts_manifest("m.json", text.as_bytes())
                .unwrap_err()
                .to_string()
        };
        let m = manifest(r#", "stand_ins": ["pred_groups"]"#)
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("m.json") && m.contains("\"pred_groups\", which is not a stand-in"),
            "{m}"
        );
        let m = manifest(r#", "stand_ins": 2"#).unwrap_err().to_string();
        assert!(m.contains("a list of the stand-ins used"), "{m}");
        assert!(
            !m.contains("invalid length") && !m.contains("expected struct"),
            "{m}"
        );
        let m = message(r#"{"counts": "c.csv", "min_support_floor": 5}"#);
        assert!(
            m.contains("it needs \"k_max\" (the largest combination counted)"),
            "{m}"
        );
        let m = message(r#"{"counts": "c.csv", "k_max": "3", "min_support_floor": 5}"#);
        assert!(
            m.contains("\"k_max\" must be a whole number of at least 1"),
            "{m}"
        );
        let m = message(r#"{"counts": 7, "k_max": 3, "min_support_floor": 5}"#);
        assert!(m.contains("\"counts\" must name the counts CSV"), "{m}");
        assert_eq!(
            sniff_counts_manifest("m.json", br#"{"annotations": "a.csv"}"#).unwrap(),
            None
        );
    }
}
