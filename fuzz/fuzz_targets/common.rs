//! What every annotations target checks: loading any bytes as `file` gives a data
//! set or an error that names `file`, never a panic; a small data set is then
//! analysed in both combination modes (the counting layer and every metric).

use biaslens_core::{analyze, build_from_stream, load, CombinationSettings, DelimitedRows, Mode};

/// Loads `data` as the file `file` and analyses what loads.
pub fn load_and_analyse(file: &str, data: &[u8]) {
    match load("fuzz", file, data, &biaslens_core::ColumnChoice::none(), 0.5) {
        Ok((_, d)) if d.len() <= 500 => {
            for mode in [Mode::Subsets, Mode::LabelSets] {
                let settings = CombinationSettings {
                    mode,
                    k_max: 3,
                    ..Default::default()
                };
                let _ = analyze(&d, &settings);
            }
        }
        Ok(_) => {}
        Err(e) => assert_eq!(e.location.file, file, "{e}"),
    }
}

/// The data set built from the same bytes streamed row by row (what `biaslens
/// counts` does) is the one built from the whole file; where one refuses, so
/// does the other (their messages may differ in which of two faults comes first).
/// Used by the CSV and TSV targets only.
#[allow(dead_code)]
pub fn stream_agrees(file: &str, data: &[u8], delimiter: u8) {
    let whole = load("fuzz", file, data, &biaslens_core::ColumnChoice::none(), 0.5).map(|(_, d)| d);
    let streamed = DelimitedRows::new(file, data, delimiter).and_then(|mut rows| {
        let header = rows.header();
        build_from_stream("fuzz", &mut rows, &header, None, 0.5, &mut |_| {})
    });
    match (whole, streamed) {
        (Ok(w), Ok(s)) => assert_eq!(w, s),
        (Err(_), Err(e)) => assert_eq!(e.location.file, file, "{e}"),
        (w, s) => panic!("whole file {w:?}, streamed {s:?}"),
    }
}
