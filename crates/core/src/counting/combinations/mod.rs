//! The combination set `M` of `docs/spec/metrics.md` section 2, in both modes.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::Relaxed;

use crate::counting::counts::{count_with_progress, CountTables, RowIndex};
use crate::error::SettingsError;
use crate::input::dataset::Dataset;
use crate::progress::Progress;

mod estimate;
mod settings;
mod walk;

pub use estimate::{estimate, estimate_if_large, Estimate, QUICK_WORK};
pub use settings::{
    bytes_per_combination, CombinationSettings, Limits, Mode, DEFAULT_K_MAX, DEFAULT_K_MIN,
    MAX_COMBINATIONS, MAX_RESULT_BYTES, MAX_WORK,
};
use walk::{Found, Shared, Walk, REPORT_EVERY};

/// Chooses `M` (attribute indices, each combination sorted), ordered by size, then
/// by attribute index.
pub fn combinations(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    settings.validate()?;
    let mut out = match settings.mode {
        Mode::Subsets => subsets(ix, d.groups.len(), settings)?,
        Mode::LabelSets => label_sets(d, ix, settings, &|k| Limits::new(d.groups.len(), k))?,
    };
    out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    Ok(out)
}

/// The subsets mode's walk; with `count`, each combination's counts too. Settings
/// whose estimate is well past the [`Limits`] are refused before it starts;
/// `progress` gets (row operations done, row operations expected). With more than
/// one thread, the threads take the first level's attributes in turn (results in
/// no particular order: callers sort).
fn walk(
    ix: &RowIndex,
    groups: usize,
    s: &CombinationSettings,
    count: bool,
    limits: Limits,
    threads: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<Found>, SettingsError> {
    let expected = estimate_if_large(ix, s, limits.combinations);
    if let Some(e) = &expected {
        limits.check(e)?;
    }
    // A small search reports no share done (its total is unknown, and it is quick).
    let total = expected.map_or(0, |e| e.work as u64);
    let mut report = |done: u64| progress(done, if total == 0 { 0 } else { total.max(done) });
    if threads <= 1 {
        let mut walk = Walk::new(ix, s, count, limits, groups, &mut report);
        walk.visit(None, 0)?;
        return Ok(walk.out);
    }
    let shared = Shared::default();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut quiet = |_: u64| {};
                    let mut walk = Walk {
                        shared: Some(&shared),
                        ..Walk::new(ix, s, count, limits, groups, &mut quiet)
                    };
                    let result = loop {
                        let a = next.fetch_add(1, Relaxed);
                        if a >= ix.gt.len() {
                            break Ok(());
                        }
                        if let Err(e) = walk.step(None, a) {
                            shared.stop.store(true, Relaxed);
                            break Err(e);
                        }
                    };
                    result.map(|()| walk.out)
                })
            })
            .collect();
        // This thread reports the threads' progress.
        let mut next_report = REPORT_EVERY;
        while !workers.iter().all(|w| w.is_finished()) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let done = shared.work.load(Relaxed);
            if done >= next_report {
                report(done);
                next_report = done + REPORT_EVERY;
            }
        }
        let mut out = Vec::new();
        let mut failure = None;
        for worker in workers {
            match worker.join() {
                Ok(Ok(found)) => out.extend(found),
                Ok(Err(e)) => failure = failure.or(Some(e)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        failure.map_or(Ok(out), Err)
    })
}

/// The threads a search may use here: the machine's cores natively, one in the
/// browser (WebAssembly has no threads without shared memory).
pub fn available_threads() -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    }
}

fn subsets(
    ix: &RowIndex,
    groups: usize,
    s: &CombinationSettings,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    Ok(walk(
        ix,
        groups,
        s,
        false,
        Limits::new(groups, s.k_max),
        1,
        &mut |_, _| {},
    )?
    .into_iter()
    .map(|f| f.combination)
    .collect())
}

/// `M` and its count tables in one pass (subsets mode: counted during the walk;
/// label sets: counted after), combinations in the order of [`combinations`].
pub fn combinations_counted(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Vec<Vec<u32>>, CountTables), SettingsError> {
    combinations_counted_threads(d, ix, settings, 1, progress)
}

/// [`combinations_counted`], the subsets mode's walk shared among `threads`
/// threads (see [`available_threads`]): the same result.
pub fn combinations_counted_threads(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Vec<Vec<u32>>, CountTables), SettingsError> {
    if settings.mode == Mode::LabelSets {
        let m = combinations(d, ix, settings)?;
        let t = count_with_progress(d, ix, &m, &mut |done, total| {
            progress(Progress {
                stage: "counting combinations".to_owned(),
                done,
                total,
                approximate: false,
            })
        });
        return Ok((m, t));
    }
    settings.validate()?;
    // The walk's progress is in row operations against an estimate: reported in
    // thousandths, as an approximate share.
    let stage = "finding and counting combinations";
    let groups = d.groups.len();
    let limits = Limits::new(groups, settings.k_max);
    let mut found = walk(
        ix,
        groups,
        settings,
        true,
        limits,
        threads,
        &mut |done, total| {
            progress(match total {
                0 => Progress::step(stage),
                _ => Progress {
                    stage: stage.to_owned(),
                    done: (done.saturating_mul(1000) / total) as usize,
                    total: 1000,
                    approximate: true,
                },
            })
        },
    )?;
    found.sort_by(|a, b| {
        a.combination
            .len()
            .cmp(&b.combination.len())
            .then_with(|| a.combination.cmp(&b.combination))
    });
    let m: Vec<Vec<u32>> = found.iter().map(|f| f.combination.clone()).collect();
    let mut t = ix.empty_tables(d, &m);
    for (k, f) in found.iter().enumerate() {
        t.set_row(k, &f.counts);
    }
    Ok((m, t))
}

/// The distinct full attribute sets of training rows with a group, kept when
/// at least `s` training rows have exactly that set and at least `s` test rows
/// have it (superset match).
fn label_sets(
    d: &Dataset,
    ix: &RowIndex,
    s: &CombinationSettings,
    limits_for: &dyn Fn(usize) -> Limits,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    let mut exact: BTreeMap<&[u32], u64> = BTreeMap::new();
    for ((attrs, role), group) in d.gt.iter().zip(&d.role).zip(&d.group) {
        if role.is_train() && group.is_some() && attrs.len() >= s.k_min {
            *exact.entry(attrs.as_slice()).or_insert(0) += 1;
        }
    }
    exact.retain(|_, n| *n >= s.min_support);
    // Each candidate's test rows cost one intersection per attribute.
    let limits = limits_for(exact.keys().map(|m| m.len()).max().unwrap_or(1));
    let words = ix.rows().div_ceil(64) as u64;
    let work: u64 = exact.keys().map(|m| m.len() as u64 * words).sum();
    if exact.len() > limits.combinations {
        return Err(SettingsError::TooManyCombinations {
            limit: limits.combinations,
            estimated: None,
        });
    }
    if work > limits.work {
        return Err(SettingsError::TooSlow {
            limit: limits.work,
            estimated: Some(work),
        });
    }
    Ok(exact
        .into_keys()
        .filter(|m| ix.rows_with(m, false).and_count(&ix.test_any) >= s.min_support)
        .map(<[u32]>::to_vec)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::demo::TOY_CSV;

    fn toy() -> (Dataset, RowIndex) {
        let d = crate::load_with_defaults("toy", "toy.csv", TOY_CSV.as_bytes())
            .unwrap()
            .1;
        let ix = RowIndex::new(&d);
        (d, ix)
    }

    /// The counting walk over the toy set up to triples, within `limits`, on
    /// `threads` threads.
    fn walk_toy(limits: Limits, threads: usize) -> Result<Vec<Found>, SettingsError> {
        let (d, ix) = toy();
        walk(
            &ix,
            d.groups.len(),
            &subsets_up_to(3),
            true,
            limits,
            threads,
            &mut |_, _| {},
        )
    }

    fn subsets_up_to(k_max: usize) -> CombinationSettings {
        CombinationSettings {
            k_max,
            ..CombinationSettings::default()
        }
    }

    #[test]
    fn many_groups_lower_the_combination_limit() {
        // 600 MB / 1,376 bytes (2 groups, triples), / 2,336 (2 groups, 8 attributes),
        // / 125,852 (255 groups, triples).
        assert_eq!(Limits::new(2, 3).combinations, 436_046);
        assert_eq!(Limits::new(2, 8).combinations, 256_849);
        assert_eq!(Limits::new(255, 3).combinations, 4_767);
        assert_eq!(Limits::new(2, 1).combinations, MAX_COMBINATIONS);
        assert_eq!(Limits::new(0, 3).work, MAX_WORK);
    }

    #[test]
    fn a_search_past_its_work_limit_stops_with_a_message() {
        // Threads share the limit: their sum passes it.
        let threaded = walk_toy(
            Limits {
                combinations: MAX_COMBINATIONS,
                work: 10,
            },
            3,
        );
        assert!(matches!(
            threaded,
            Err(SettingsError::TooSlow { limit: 10, .. })
        ));
        let err = walk_toy(
            Limits {
                combinations: MAX_COMBINATIONS,
                work: 10,
            },
            1,
        )
        .err()
        .unwrap();
        assert_eq!(
            err,
            SettingsError::TooSlow {
                limit: 10,
                estimated: None
            }
        );
        assert_eq!(
            err.to_string(),
            "finding the combinations for these settings takes too long (more than 10 row \
             operations): raise min support or lower k_max"
        );
    }

    #[test]
    fn a_search_past_its_combination_limit_stops_with_a_message() {
        let (d, ix) = toy();
        let all = combinations(&d, &ix, &subsets_up_to(3)).unwrap().len();
        for threads in [1, 2, 3] {
            let err = walk_toy(
                Limits {
                    combinations: all - 1,
                    work: MAX_WORK,
                },
                threads,
            )
            .err()
            .unwrap();
            assert!(
                matches!(err, SettingsError::TooManyCombinations { limit, .. } if limit == all - 1),
                "{err}"
            );
            // At the limit exactly, the search goes through.
            let limits = Limits {
                combinations: all,
                work: MAX_WORK,
            };
            assert_eq!(walk_toy(limits, threads).unwrap().len(), all);
        }
    }

    #[test]
    fn label_sets_past_the_limits_are_refused() {
        let (d, ix) = toy();
        let s = CombinationSettings {
            mode: Mode::LabelSets,
            ..CombinationSettings::default()
        };
        let all = label_sets(&d, &ix, &s, &|k| Limits::new(2, k))
            .unwrap()
            .len();
        assert!(all > 1);
        let few = Limits {
            combinations: 1,
            work: MAX_WORK,
        };
        assert!(matches!(
            label_sets(&d, &ix, &s, &|_| few),
            Err(SettingsError::TooManyCombinations { limit: 1, .. })
        ));
        let slow = Limits {
            combinations: MAX_COMBINATIONS,
            work: 1,
        };
        assert!(matches!(
            label_sets(&d, &ix, &s, &|_| slow),
            Err(SettingsError::TooSlow {
                limit: 1,
                estimated: Some(_)
            })
        ));
    }
}
