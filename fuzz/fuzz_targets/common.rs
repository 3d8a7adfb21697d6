//! What every annotations target checks: loading any bytes as `file` gives a data
//! set or an error that names `file`, never a panic; a small data set is then
//! analysed in both combination modes (the counting layer and every metric).

use biaslens_core::{analyze, load, CombinationSettings, Mode};

/// Loads `data` as the file `file` and analyses what loads.
pub fn load_and_analyse(file: &str, data: &[u8]) {
    match load("fuzz", file, data, None, 0.5) {
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
