//! Exports: any table as CSV (from its JSON rows, flattened), and the full analysis
//! as the JSON `biaslens metrics` prints, with bootstrap intervals merged in.

use serde_json::{Map, Value};

use crate::metrics::analysis::Analysis;
use crate::metrics::bootstrap::BootstrapReport;

/// Flattens one JSON value into `(column, text)` pairs: nested objects become
/// `parent.child`, a pair of numbers `name_lo` / `name_hi`, other arrays are joined
/// with `|`, `null` is empty, numbers keep full precision.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::Array(items) if items.len() == 2 && items.iter().all(Value::is_number) => {
            if let [lo, hi] = items.as_slice() {
                out.push((format!("{prefix}_lo"), scalar(lo)));
                out.push((format!("{prefix}_hi"), scalar(hi)));
            }
        }
        Value::Array(items) => {
            let text: Vec<String> = items.iter().map(scalar).collect();
            out.push((prefix.to_owned(), text.join("|")));
        }
        _ => out.push((prefix.to_owned(), scalar(v))),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => v.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
    }
}

/// A CSV of JSON rows (objects), one column per flattened key, in the order keys
/// first appear. A key missing from a row is an empty cell.
pub fn csv_of(rows: &[Value]) -> String {
    let flat: Vec<Vec<(String, String)>> = rows
        .iter()
        .map(|r| {
            let mut out = Vec::new();
            flatten("", r, &mut out);
            out
        })
        .collect();
    let mut header: Vec<String> = Vec::new();
    for row in &flat {
        for (k, _) in row {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut records = vec![header.clone()];
    for row in &flat {
        records.push(
            header
                .iter()
                .map(|h| {
                    row.iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect(),
        );
    }
    for r in records {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&r);
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// A CSV of any serialisable rows.
pub fn csv_of_serialize<T: serde::Serialize>(rows: &[T]) -> String {
    let values: Vec<Value> = rows
        .iter()
        .filter_map(|r| serde_json::to_value(r).ok())
        .collect();
    csv_of(&values)
}

/// `[lo, hi]`, or `null`.
fn pair(ci: Option<[f64; 2]>) -> Value {
    ci.map_or(Value::Null, |[lo, hi]| Value::from(vec![lo, hi]))
}

/// The full analysis as `biaslens metrics` prints it: with a bootstrap, each metric
/// object gains `ci95` for its main number, `FIELD_ci95` for its other numbers and
/// `bootstrap_undefined` (replicates where the main number was undefined), and the
/// top level gains `"bootstrap": {"replicates", "seed"}` and `"model_minus_perfect"`:
/// for each MALS-type number (`multi_mals_mean`, `multi_mals_signed_mean`,
/// `multi_mals_variance`, `biasamp_mals`), `{"value", "ci95"}` with the paired interval.
/// Each metric object's main number also gains `bootstrap_mean` (the replicates'
/// mean, whose distance from the value is the bootstrap's estimate of its bias),
/// and each cell gains `added_ci95` and `added_q`: the normal bootstrap interval
/// of what the model adds to it and its Benjamini–Hochberg q-value.
pub fn analysis_json(a: &Analysis, boot: Option<&BootstrapReport>) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
    let Some(b) = boot else {
        return v;
    };
    if let Some(metrics) = v.get_mut("metrics").and_then(Value::as_object_mut) {
        for i in &b.intervals {
            let (object, field) = i.quantity.location();
            let Some(obj) = metrics.get_mut(object).and_then(Value::as_object_mut) else {
                continue;
            };
            let ci = pair(i.ci95);
            if i.quantity.is_primary() {
                obj.insert("ci95".into(), ci);
                obj.insert("bootstrap_undefined".into(), i.undefined.into());
                obj.insert(
                    "bootstrap_mean".into(),
                    i.replicate_mean.map_or(Value::Null, Value::from),
                );
            } else {
                obj.insert(format!("{field}_ci95"), ci);
            }
        }
    }
    if let Some(cells) = v.get_mut("cells").and_then(Value::as_array_mut) {
        for (cell, i) in cells.iter_mut().zip(&b.cells) {
            if let Some(obj) = cell.as_object_mut() {
                obj.insert("added_ci95".into(), pair(i.ci95));
                obj.insert("added_q".into(), i.q.map_or(Value::Null, Value::from));
            }
        }
    }
    if let Some(top) = v.as_object_mut() {
        let mut s = Map::new();
        s.insert("replicates".into(), b.settings.replicates.into());
        s.insert("seed".into(), b.settings.seed.into());
        top.insert("bootstrap".into(), Value::Object(s));
        let mut differences = Map::new();
        for i in &b.model_minus_perfect {
            let mut d = Map::new();
            d.insert(
                "value".into(),
                a.model_minus_perfect(i.quantity)
                    .map_or(Value::Null, Value::from),
            );
            d.insert("ci95".into(), pair(i.ci95));
            differences.insert(i.quantity.key(), Value::Object(d));
        }
        top.insert("model_minus_perfect".into(), Value::Object(differences));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_nested_rows() {
        let rows = vec![
            json!({"attributes": ["a", "b"], "n": 3, "ci": [0.5, 1.25], "s": {"phi": null, "q": 0.1}}),
            json!({"attributes": ["c"], "n": 1, "ci": null, "extra": "x,y"}),
        ];
        assert_eq!(
            csv_of(&rows),
            "attributes,n,ci_lo,ci_hi,s.phi,s.q,ci,extra\n\
             a|b,3,0.5,1.25,,0.1,,\n\
             c,1,,,,,,\"x,y\"\n"
        );
    }
}
