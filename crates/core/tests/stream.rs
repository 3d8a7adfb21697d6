//! A data set built from a stream of rows, one at a time (the command line's
//! `counts` on files of millions of rows), equals the one built from the whole
//! file parsed into a table: the same rows, groups, attributes and stand-ins, and
//! the same located error when a row is bad (issue 9).

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;

use biaslens_core::generate::{generate_csv, Shape};
use biaslens_core::{build_from_stream, load_with_defaults, Dataset, DelimitedRows, InputError};
use proptest::prelude::*;

/// A reader that hands out its bytes a few at a time (1 to 13), so that records
/// and blank lines fall across the reader's refills at every place.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.step = self.step % 13 + 1;
        let n = self.step.min(out.len()).min(self.bytes.len());
        let (head, rest) = self.bytes.split_at(n);
        out[..n].copy_from_slice(head);
        self.bytes = rest;
        Ok(n)
    }
}

fn streamed(file: &str, text: &str, delimiter: u8) -> Result<Dataset, InputError> {
    let input = Trickle {
        bytes: text.as_bytes(),
        step: text.len() % 13,
    };
    let mut rows = DelimitedRows::new(file, input, delimiter)?;
    let header = rows.header();
    build_from_stream(
        "rows",
        &mut rows,
        &header,
        &biaslens_core::ColumnChoice::none(),
        0.5,
        &mut |_| {},
    )
}

fn whole(file: &str, text: &str) -> Result<Dataset, InputError> {
    load_with_defaults("rows", file, text.as_bytes()).map(|(_, d)| d)
}

/// One generated row: id (perhaps with a line break in it), split, group,
/// predicted group, attributes, predicted attributes, blank lines before it.
type Row = (bool, u8, u8, u8, Vec<u8>, Vec<u8>, u8);

const NAMES: [&str; 5] = ["cup", "fork", "oven", "sink", "table"];

/// A CSV of these rows; `flaw` (when some) spoils one row in one of three ways:
/// a missing field, an unknown predicted group, a bad wide 0/1 value.
fn csv(rows: &[Row], flaw: Option<(usize, u8)>) -> String {
    let mut out = String::from("id,split,group,pred_group,attributes,pred_attributes,attr:lid\n");
    for (i, (broken_id, split, group, pred_group, gt, pred, blanks)) in rows.iter().enumerate() {
        for _ in 0..*blanks % 3 {
            out.push_str(if blanks % 2 == 0 { "\n" } else { "\r\n" });
        }
        let id = if *broken_id {
            format!("\"r{i}\nsecond line\"")
        } else {
            format!("r{i}")
        };
        let split = ["train", "test", "val", "TRAIN"][*split as usize % 4];
        let group = ["man", "woman", "", "child"][*group as usize % 4];
        let mut pred_group = ["man", "woman", ""][*pred_group as usize % 3];
        let list = |ids: &[u8]| -> String {
            ids.iter()
                .map(|&a| NAMES[a as usize % NAMES.len()])
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut lid = (i % 2).to_string();
        let mut tail = String::new();
        match flaw {
            Some((at, kind)) if at % rows.len() == i => match kind % 3 {
                0 => tail = "MISSING".into(),
                1 => pred_group = "robot",
                _ => lid = "maybe".into(),
            },
            _ => {}
        }
        if tail == "MISSING" {
            out.push_str(&format!("{id},{split},{group},{pred_group},{}\n", list(gt)));
        } else {
            out.push_str(&format!(
                "{id},{split},{group},{pred_group},{},{},{lid}\n",
                list(gt),
                list(pred)
            ));
        }
    }
    out
}

fn row() -> impl Strategy<Value = Row> {
    (
        prop::bool::weighted(0.1),
        0u8..4,
        0u8..4,
        0u8..3,
        prop::collection::vec(0u8..5, 0..4),
        prop::collection::vec(0u8..5, 0..4),
        0u8..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_streamed_data_set_equals_the_whole_file_one(
        rows in prop::collection::vec(row(), 1..40),
        flaw in prop::option::weighted(0.3, (0usize..40, 0u8..3)),
    ) {
        let text = csv(&rows, flaw);
        let streamed = streamed("rows.csv", &text, b',');
        let whole = whole("rows.csv", &text);
        match (&streamed, &whole) {
            (Ok(s), Ok(w)) => prop_assert_eq!(s, w),
            (Err(s), Err(w)) => prop_assert_eq!(s.to_string(), w.to_string()),
            _ => prop_assert!(false, "streamed {streamed:?}\nwhole {whole:?}"),
        }
        if flaw.is_some() {
            prop_assert!(whole.is_err());
        }
    }
}

#[test]
fn generated_data_sets_stream_to_the_same_rows() {
    for shape in ["coco-like", "celeba-like"] {
        let shape = Shape {
            rows: 3_000,
            ..Shape::named(shape).unwrap()
        };
        let text = generate_csv(&shape);
        assert_eq!(
            streamed("g.csv", &text, b',').unwrap(),
            whole("g.csv", &text).unwrap()
        );
        let tsv = text.replace(',', "\t");
        assert_eq!(
            streamed("g.tsv", &tsv, b'\t').unwrap(),
            whole("g.tsv", &tsv).unwrap()
        );
    }
}

#[test]
fn bad_streams_are_refused_with_their_place() {
    let refused = |text: &str| streamed("s.csv", text, b',').unwrap_err().to_string();
    assert_eq!(refused(""), "s.csv: the file is empty");
    assert_eq!(
        refused("group,attributes\n"),
        "s.csv: the file has a header but no rows"
    );
    assert!(
        refused("group,attributes\nman,cup\n\nwoman,a\0b\n").starts_with("s.csv, line 4"),
        "{}",
        refused("group,attributes\nman,cup\n\nwoman,a\0b\n")
    );
    let e = refused("group,attributes\nman,cup\n\"x\ny\",sink\nwoman\n");
    assert!(e.starts_with("s.csv, line 5, column \"attributes\""), "{e}");
    // More than 255 groups is not a column of group labels: refused early.
    let mut many = String::from("group,attributes\n");
    for g in 0..300 {
        many.push_str(&format!("g{g},cup\n"));
    }
    assert!(refused(&many).contains("more than 255 different values"));
}
