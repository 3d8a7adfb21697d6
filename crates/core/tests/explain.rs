//! Co-occurrence tables, spurious-correlation rankings and row filters: hand-checked
//! values on small data sets and recounts from the rows on the kitchen demo.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use biaslens_core::cooccurrence::{group_table, pair_table, Split};
use biaslens_core::counts::{count, RowIndex};
use biaslens_core::demo::demo_csv;
use biaslens_core::filter::{list_rows, RowFilter};
use biaslens_core::spurious::{spurious, Target};
use biaslens_core::{load_with_defaults, Dataset};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12 * b.abs().max(1.0)
}

fn dataset(csv: &str) -> Dataset {
    load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap().1
}

fn kitchen() -> Dataset {
    let (csv, _) = demo_csv("kitchen").unwrap();
    dataset(&csv)
}

/// Train: group a has x in 3 of 4 rows, group b in 1 of 4; y only with x in a.
const SMALL: &str = "split,group,attributes\n\
train,a,x|y\ntrain,a,x|y\ntrain,a,x\ntrain,a,\n\
train,b,x\ntrain,b,\ntrain,b,\ntrain,b,\n\
test,a,x\ntest,b,\n";

#[test]
fn group_table_by_hand() {
    let d = dataset(SMALL);
    let ix = RowIndex::new(&d);
    let t = count(&d, &ix, &[vec![0], vec![1]]);
    let rows = group_table(&t, Split::Train);
    // x × a: n11 = 3, n10 = 1, n01 = 1, n00 = 3.
    let xa = &rows[0];
    assert_eq!(
        (xa.attributes.clone(), xa.group.as_str()),
        (vec!["x".to_owned()], "a")
    );
    let s = &xa.stats;
    assert_eq!((s.n11, s.n10, s.n01, s.n00), (3, 1, 1, 3));
    assert!(close(s.p_group_given_attr.unwrap(), 0.75));
    assert!(close(s.p_attr_given_group.unwrap(), 0.75));
    assert!(close(s.phi.unwrap(), 0.5));
    // chi2 = 8 · 8² / 4⁴ = 2, p = erfc(1).
    assert!(close(s.chi2_p.unwrap(), 0.157_299_207_050_285_1));
    assert!(close(s.odds_ratio.unwrap(), 9.0));
    // PMI = ln(3/8 / (4/8 · 4/8)) = ln 1.5.
    assert!(close(s.pmi.unwrap(), 1.5f64.ln()));
    // y × b: never together: PMI −∞, nPMI −1, OR with 0.5 added to every cell.
    let yb = &rows[3];
    assert_eq!(yb.group, "b");
    assert_eq!(yb.stats.n11, 0);
    assert_eq!(yb.stats.pmi, Some(f64::NEG_INFINITY));
    assert_eq!(yb.stats.npmi, Some(-1.0));
    assert!(close(
        yb.stats.odds_ratio.unwrap(),
        (0.5 * 2.5) / (2.5 * 4.5)
    ));
    // Four tests in the table, all with q >= p.
    assert!(rows
        .iter()
        .all(|r| r.stats.q.unwrap() >= r.stats.chi2_p.unwrap()));
    // The CLI's flat row.
    let json = xa.to_json();
    for key in [
        "attributes",
        "group",
        "n11",
        "n10",
        "n01",
        "n00",
        "p_group_given_attr",
        "p_attr_given_group",
        "pmi",
        "npmi",
        "phi",
        "odds_ratio",
        "odds_ratio_ci95",
        "chi2_p",
        "q",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    // Test split: x × a is 1, 0, 0, 1.
    let test = group_table(&t, Split::Test);
    assert_eq!((test[0].stats.n11, test[0].stats.n00), (1, 1));
}

#[test]
fn pair_table_by_hand() {
    let d = dataset(SMALL);
    let ix = RowIndex::new(&d);
    let pairs = pair_table(&d, &ix, Split::Train);
    assert_eq!(pairs.len(), 1);
    let p = &pairs[0];
    assert_eq!((p.a.as_str(), p.b.as_str()), ("x", "y"));
    // x in 4 train rows, y in 2 (both with x), 8 rows.
    assert_eq!(
        (p.stats.n11, p.stats.n10, p.stats.n01, p.stats.n00),
        (2, 2, 0, 4)
    );
    assert!(close(
        p.stats.phi.unwrap(),
        8.0 / (4.0f64 * 4.0 * 2.0 * 6.0).sqrt()
    ));
}

#[test]
fn kitchen_group_table_recounts_from_rows() {
    let d = kitchen();
    let ix = RowIndex::new(&d);
    let singles: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    let rows = group_table(&count(&d, &ix, &singles), Split::Test);
    for r in &rows {
        let a = d
            .attributes
            .iter()
            .position(|x| *x == r.attributes[0])
            .unwrap() as u32;
        let g = d.groups.iter().position(|x| *x == r.group).unwrap() as u32;
        let (mut n11, mut n10, mut n01, mut n00) = (0, 0, 0, 0);
        for i in 0..d.len() {
            if !d.role[i].is_test() || d.group[i].is_none() {
                continue;
            }
            match (d.gt[i].contains(&a), d.group[i] == Some(g)) {
                (true, true) => n11 += 1,
                (true, false) => n10 += 1,
                (false, true) => n01 += 1,
                (false, false) => n00 += 1,
            }
        }
        assert_eq!(
            (r.stats.n11, r.stats.n10, r.stats.n01, r.stats.n00),
            (n11, n10, n01, n00)
        );
    }
}

/// Target t; train: s in 4 of 5 rows with t, 1 of 5 without. Test: the model
/// predicts t on every row with s (right or wrong) and on half the rows with t
/// but without s.
const SPURIOUS: &str = "split,group,attributes,pred_attributes\n\
train,a,t|s,t\ntrain,a,t|s,t\ntrain,a,t|s,t\ntrain,b,t|s,t\ntrain,b,t,t\n\
train,a,s,\ntrain,b,,\ntrain,b,,\ntrain,a,,\ntrain,b,,\n\
test,a,t|s,t\ntest,a,t|s,t\ntest,b,t,t\ntest,b,t,\n\
test,a,s,t\ntest,b,s,t\ntest,a,s,\ntest,b,,\ntest,a,,\n";

#[test]
fn spurious_by_hand() {
    let d = dataset(SPURIOUS);
    let ix = RowIndex::new(&d);
    let r = spurious(&d, &ix, &Target::resolve(&d, "t").unwrap());
    assert_eq!(r.not_available, None);
    assert_eq!(r.candidates.len(), 1);
    let c = &r.candidates[0];
    assert_eq!(c.attribute, "s");
    // Train 2×2 (s × t): 4, 1, 1, 4 → phi = 15/25 = 0.6.
    assert!(close(c.association.phi.unwrap(), 0.6));
    let tpr_with = c.tpr_with.unwrap();
    assert_eq!((tpr_with.numerator, tpr_with.denominator), (2, 2));
    let tpr_without = c.tpr_without.unwrap();
    assert_eq!((tpr_without.numerator, tpr_without.denominator), (1, 2));
    let fpr_with = c.fpr_with.unwrap();
    assert_eq!((fpr_with.numerator, fpr_with.denominator), (2, 3));
    let fpr_without = c.fpr_without.unwrap();
    assert_eq!((fpr_without.numerator, fpr_without.denominator), (0, 2));
    assert!(close(c.tpr_gap.unwrap(), 0.5));
    assert!(close(c.fpr_gap.unwrap(), 2.0 / 3.0));
    assert!(close(c.score.unwrap(), 0.6 * (0.5 + 2.0 / 3.0) / 2.0));
    // Cells: t,s 2/2; t,¬s 1/2; ¬t,s 1/3 correct; ¬t,¬s 2/2 → worst is ¬t, s.
    let w = c.worst_group.as_ref().unwrap();
    assert_eq!(w.cell, "not t, s");
    assert_eq!((w.accuracy.numerator, w.accuracy.denominator), (1, 3));

    // A group target without predicted groups: association only, and said so.
    let g = spurious(&d, &ix, &Target::resolve(&d, "a").unwrap());
    assert_eq!(g.not_available.as_deref(), Some("needs predicted groups"));
    assert!(g.candidates.iter().all(|c| c.tpr_with.is_none()));
    assert!(Target::resolve(&d, "nope").is_err());
}

#[test]
fn kitchen_planted_partner_is_the_top_cue() {
    // The simulated model fills in a planted pair's partner: it predicts "keyboard"
    // on images with a computer, and "laundry" on images with a sink.
    let d = kitchen();
    let ix = RowIndex::new(&d);
    for (target, cue) in [("keyboard", "computer"), ("laundry", "sink")] {
        let r = spurious(&d, &ix, &Target::resolve(&d, target).unwrap());
        assert_eq!(r.not_available, None);
        let top = &r.candidates[0];
        assert_eq!(top.attribute, cue, "{target}");
        assert!(top.fpr_gap.unwrap() > 0.1 && top.association.phi.unwrap() > 0.0);
    }
}

#[test]
fn filters_keep_the_rows_they_name() {
    let d = kitchen();
    let f = RowFilter {
        split: Some("test".into()),
        group_correct: Some(false),
        ..RowFilter::default()
    };
    let keep = f.rows(&d);
    assert!(!keep.is_empty());
    for &i in &keep {
        assert_eq!(d.split_names[d.split[i] as usize], "test");
        assert_ne!(d.group[i], d.pred_group[i]);
    }
    let expected = (0..d.len())
        .filter(|&i| {
            d.split_names[d.split[i] as usize] == "test"
                && d.group[i].is_some()
                && d.pred_group[i].is_some()
                && d.group[i] != d.pred_group[i]
        })
        .count();
    assert_eq!(keep.len(), expected);
    let sub = d.filtered(&f);
    assert_eq!(sub.len(), expected);
    assert_eq!(sub.groups, d.groups);

    let has = RowFilter {
        has: vec!["keyboard".into(), "computer".into()],
        ..RowFilter::default()
    };
    let page = list_rows(&d, &has, 0, 10);
    assert!(page.total > 10);
    assert_eq!(page.rows.len(), 10);
    for r in &page.rows {
        assert!(r.attributes.contains(&"computer".to_owned()));
        assert!(r.attributes.contains(&"keyboard".to_owned()));
    }
    let combined = f.and(&has);
    assert_eq!(combined.describe().len(), 3);
    assert_eq!(combined.without(biaslens_core::filter::FilterKey::Has), f);
}
