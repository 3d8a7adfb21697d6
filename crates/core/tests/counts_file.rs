//! The counts file (`docs/spec/counts.md`): written from rows and read back, it gives
//! the same tables, and every headline metric and cell computed from it equals the
//! one computed from the rows (issue 9).

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use biaslens_core::cooccurrence::{cooccurrence, PairRow, Split};
use biaslens_core::counts_file::{counts_of_rows, parse_counts, parse_counts_alone, write_counts};
use biaslens_core::{
    analyze, load_with_defaults, CombinationSettings, Dataset, Mode, SettingsError,
};
use proptest::prelude::*;

/// One row: split, group, predicted group, attributes, predicted attributes.
type Row = (u8, Option<u8>, u8, Vec<u8>, Vec<u8>);

const ATTRIBUTES: [&str; 6] = ["cup", "fork", "knife", "oven", "sink", "table"];

fn names(ids: &[u8]) -> String {
    let mut n: Vec<&str> = ids
        .iter()
        .filter_map(|&i| ATTRIBUTES.get(i as usize).copied())
        .collect();
    n.sort_unstable();
    n.dedup();
    n.join("|")
}

/// A data set of these rows (3 splits, up to 3 groups, rows without a group).
fn dataset(rows: &[Row], with_predictions: bool) -> Dataset {
    let mut csv = String::from("id,split,group,attributes");
    if with_predictions {
        csv.push_str(",pred_group,pred_attributes");
    }
    csv.push('\n');
    // Predicted groups are groups that occur (any other value is refused).
    let mut present: Vec<u8> = rows.iter().filter_map(|r| r.1.map(|g| g % 3)).collect();
    present.sort_unstable();
    present.dedup();
    for (i, (split, group, pred_group, gt, pred)) in rows.iter().enumerate() {
        let split = ["train", "test", "val"][*split as usize % 3];
        let group = group.map_or(String::new(), |g| format!("g{}", g % 3));
        csv.push_str(&format!("r{i},{split},{group},{}", names(gt)));
        if with_predictions {
            let p = present
                .get(*pred_group as usize % present.len().max(1))
                .map_or(String::new(), |g| format!("g{g}"));
            csv.push_str(&format!(",{p},{}", names(pred)));
        }
        csv.push('\n');
    }
    load_with_defaults("rows", "rows.csv", csv.as_bytes())
        .unwrap()
        .1
}

fn row() -> impl Strategy<Value = Row> {
    (
        0u8..3,
        prop::option::weighted(0.9, 0u8..3),
        0u8..3,
        prop::collection::vec(0u8..6, 0..5),
        prop::collection::vec(0u8..6, 0..5),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn metrics_from_a_counts_file_equal_the_metrics_from_the_rows(
        rows in prop::collection::vec(row(), 4..60),
        with_predictions in any::<bool>(),
        k_max in 1usize..4,
        floor in 1u64..4,
    ) {
        let d = dataset(&rows, with_predictions);
        // Without a group there is nothing to count (and a file of no group totals
        // is refused: see below).
        prop_assume!(!d.groups.is_empty());
        let counts = counts_of_rows(&d, k_max, floor, 1, &mut |_| {}).unwrap();
        // The search shared among threads finds and counts the same.
        prop_assert_eq!(&counts_of_rows(&d, k_max, floor, 3, &mut |_| {}).unwrap(), &counts);
        let text = write_counts(&counts.tables);
        let read = parse_counts("rows.counts.csv", text.as_bytes(), d.stand_ins, k_max, floor).unwrap();
        prop_assert_eq!(&read, &counts);
        // Without its manifest, every analysis the file allows is exact.
        let alone = parse_counts_alone("rows.counts.csv", text.as_bytes()).unwrap();
        prop_assert_eq!(&alone.tables.combinations, &counts.tables.combinations);
        // Stand-ins are read from the tables: every one in use is found (a model
        // whose every prediction is right would look the same, so that one is not
        // asserted the other way).
        let inferred = alone.tables.stand_ins;
        prop_assert!(inferred.pred_group || !d.stand_ins.pred_group);
        prop_assert!(inferred.pred_attributes || !d.stand_ins.pred_attributes);
        for k in (1..=alone.k_max.min(3)).filter(|_| inferred == d.stand_ins) {
            for s in alone.min_support_floor..alone.min_support_floor + 2 {
                let settings = CombinationSettings { mode: Mode::Subsets, k_min: 1, k_max: k, min_support: s };
                prop_assert_eq!(alone.analyze(d.summary(), &settings), analyze(&d, &settings));
            }
        }
        for split in [Split::Train, Split::Test] {
            for k in 1..=k_max {
                let s = floor + k as u64 % 2;
                let from_counts = read.cooccurrence(split, k, s).unwrap();
                let from_rows = cooccurrence(&d, split, k, s).unwrap();
                prop_assert_eq!(&from_counts.group_rows, &from_rows.group_rows);
                prop_assert_eq!(
                    (&from_counts.attributes, &from_counts.groups, from_counts.rows),
                    (&from_rows.attributes, &from_rows.groups, from_rows.rows)
                );
                // The pairs the file holds (train and test counts at least the
                // floor), each as from the rows but for its q-value (over fewer tests).
                let train = cooccurrence(&d, Split::Train, 1, 1).unwrap().pair_rows;
                let test = cooccurrence(&d, Split::Test, 1, 1).unwrap().pair_rows;
                let held: Vec<PairRow> = from_rows
                    .pair_rows
                    .iter()
                    .zip(train.iter().zip(&test))
                    .filter(|(_, (tr, te))| k_max >= 2 && tr.stats.n11 >= floor && te.stats.n11 >= floor)
                    .map(|(p, _)| without_q(p))
                    .collect();
                let got: Vec<PairRow> = from_counts.pair_rows.iter().map(without_q).collect();
                prop_assert_eq!(got, held);
                prop_assert_eq!(from_counts.pairs_below, Some(floor));
            }
        }
        for k in 1..=k_max {
            for s in floor..floor + 3 {
                let settings = CombinationSettings { mode: Mode::Subsets, k_min: 1, k_max: k, min_support: s };
                let from_rows = analyze(&d, &settings);
                let from_counts = read.analyze(d.summary(), &settings);
                prop_assert_eq!(from_counts, from_rows, "k_max {}, support {}", k, s);
            }
        }
    }
}

/// A pair's row with its q-value taken out.
fn without_q(p: &PairRow) -> PairRow {
    let mut p = p.clone();
    p.stats.q = None;
    p
}

#[test]
fn settings_a_counts_file_cannot_answer_say_why() {
    let rows: Vec<Row> = (0..40)
        .map(|i| (i % 2, Some(i % 2), i % 2, vec![i % 3, 3], vec![i % 3]))
        .collect();
    let d = dataset(&rows, true);
    let counts = counts_of_rows(&d, 2, 3, 2, &mut |_| {}).unwrap();
    let at = |k_max, min_support, mode| {
        counts
            .analyze(
                d.summary(),
                &CombinationSettings {
                    mode,
                    k_min: 1,
                    k_max,
                    min_support,
                },
            )
            .unwrap_err()
    };
    assert_eq!(
        at(3, 3, Mode::Subsets).to_string(),
        "the counts go up to k_max = 2; k_max = 3 needs counts of larger combinations"
    );
    assert_eq!(
        at(2, 2, Mode::Subsets),
        SettingsError::CountsFloor { asked: 2, floor: 3 }
    );
    assert!(at(2, 3, Mode::LabelSets)
        .to_string()
        .starts_with("not available: the label_sets mode needs rows"));
    // The co-occurrence view: the same refusals; attributes alone always work.
    let cooc = |k_max, min_support| counts.cooccurrence(Split::Test, k_max, min_support);
    assert!(matches!(
        cooc(3, 3),
        Err(SettingsError::CountsKMax {
            asked: 3,
            counted: 2
        })
    ));
    assert_eq!(
        cooc(2, 2).unwrap_err(),
        SettingsError::CountsFloor { asked: 2, floor: 3 }
    );
    assert_eq!(cooc(1, 1).unwrap().group_rows.len(), 4 * 2);
}

/// Found by fuzzing (`fuzz/fuzz_targets/counts.rs`): a combination whose counts
/// were all 0 was kept when read, and left out when written, so a file did not
/// read back the same after a round trip.
#[test]
fn a_combination_of_zeros_is_left_out_as_a_writer_leaves_it_out() {
    let text = "table,attributes,group,count\ntrain,,man,4\ntrain,a,man,2\ntrain,b,man,1\ntrain,a|b,man,0\n";
    let read = parse_counts_alone("c.csv", text.as_bytes()).unwrap();
    assert_eq!(
        read.tables.combinations,
        vec![vec!["a".to_owned()], vec!["b".to_owned()]]
    );
    let again = parse_counts_alone("c.csv", write_counts(&read.tables).as_bytes()).unwrap();
    assert_eq!(again, read);
}

#[test]
fn a_broken_counts_file_is_refused_with_its_line_and_column() {
    let stand_ins = Default::default();
    let refuse = |text: &str| {
        parse_counts("c.csv", text.as_bytes(), stand_ins, 3, 1)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        refuse("table,attributes,count\n"),
        "c.csv, line 1: a counts file's header is \"table,attributes,group,count\", not \"table,attributes,count\""
    );
    let ok = "table,attributes,group,count\ntrain,,man,3\n";
    assert_eq!(
        refuse(&format!("{ok}trian,cup,man,1\n")),
        "c.csv, line 3, column \"table\": \"trian\" is not a count table (train, test, pred, pred_attr_true_group, true_attr_pred_group)"
    );
    assert_eq!(
        refuse(&format!("{ok}train,cup,man,-1\n")),
        "c.csv, line 3, column \"count\": \"-1\" is not a count (a whole number, 0 or more)"
    );
    assert_eq!(
        refuse(&format!("{ok}train,cup|cup,man,1\n")),
        "c.csv, line 3, column \"attributes\": an attribute appears twice in one combination"
    );
    assert_eq!(
        refuse(&format!("{ok}train,a|b|c|d,man,1\n")),
        "c.csv, line 3, column \"attributes\": a combination of 4 attributes, but the manifest says k_max = 3"
    );
    assert_eq!(
        refuse(&format!("{ok}train,cup,man,1\ntrain,cup,man,2\n")),
        "c.csv, line 4: this table, combination and group already have a count on an earlier line"
    );
    assert_eq!(
        refuse(&format!("{ok}train,cup,woman,1\n")),
        "c.csv: the group \"woman\" has counts but no group total"
    );
    assert_eq!(
        refuse(&format!("{ok}train,cup,man,1\ntrain,cup|fork,man,1\n")),
        "c.csv, line 4, column \"attributes\": \"fork\" has no line of its own: every attribute of A appears alone (with 0 counts if need be)"
    );
    assert_eq!(
        refuse("table,attributes,group,count\ntrain,cup,man,1\n"),
        "c.csv: no group totals (lines with an empty attributes field)"
    );
}

/// A counts CSV opened without its manifest: the stand-ins are read from its
/// tables (the kitchen has predictions; without prediction columns both stand in).
#[test]
fn a_counts_file_alone_shows_its_stand_ins() {
    let (csv, file) = biaslens_core::demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let alone = |d: &Dataset| {
        let counts = counts_of_rows(d, 2, 5, 1, &mut |_| {}).unwrap();
        parse_counts_alone("c.csv", write_counts(&counts.tables).as_bytes())
            .unwrap()
            .tables
            .stand_ins
    };
    assert_eq!(alone(&d), Default::default());
    // The same rows without their prediction columns.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let kept = ["id", "split", "group", "attributes"]
        .map(|c| header.iter().position(|h| *h == c).unwrap());
    let truth_only: String = csv
        .lines()
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            kept.map(|i| fields[i]).join(",") + "\n"
        })
        .collect();
    let (_, bare) = load_with_defaults("bare", "bare.csv", truth_only.as_bytes()).unwrap();
    assert!(bare.stand_ins.pred_group && bare.stand_ins.pred_attributes);
    assert_eq!(alone(&bare), bare.stand_ins);
}
