//! The bootstrap's pool: its replicates shared among workers (one per core the
//! browser reports, up to [`POOL_MAX`]), so that a long bootstrap never holds up
//! the rest of the page and uses every core. The workers share nothing (no
//! SharedArrayBuffer: static hosts cannot send the headers it needs): each is
//! handed the data set and runs its share; [`Shares`] puts the intervals together.

use biaslens_core::bootstrap::{progress_of, summarize, BootstrapReport, BootstrapSettings, Share};
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::progress::Progress;
use biaslens_worker::protocol::{JobError, Replicates};

/// At most this many bootstrap workers: each holds a copy of the data set.
pub const POOL_MAX: usize = 4;

/// Replicates below which a share is not worth a worker of its own.
const SHARE_MIN: usize = 100;

/// How many workers share a bootstrap of `replicates` on a machine with `cores`.
pub fn pool_size(cores: usize, replicates: usize) -> usize {
    cores
        .clamp(1, POOL_MAX)
        .min(replicates.div_ceil(SHARE_MIN))
        .max(1)
}

/// A bootstrap shared among the pool: the bootstrap's own id (its slot in the
/// scheduler), each share's request id, progress and replicates once answered.
#[derive(Debug, Clone)]
pub struct Shares {
    /// The bootstrap's id.
    pub id: u64,
    b: BootstrapSettings,
    ids: Vec<u64>,
    done: Vec<usize>,
    values: Vec<Option<Share>>,
    not_available: Vec<Quantity>,
    /// When it was sent (the page's clock).
    pub started: f64,
}

impl Shares {
    /// A bootstrap `id` of `b` whose shares were sent with the request ids `ids`.
    pub fn new(id: u64, b: BootstrapSettings, ids: Vec<u64>, started: f64) -> Self {
        Self {
            id,
            b,
            done: vec![0; ids.len()],
            values: vec![None; ids.len()],
            ids,
            not_available: Vec::new(),
            started,
        }
    }

    /// Which share a request id is.
    pub fn share_of(&self, id: u64) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }

    /// Share `k` has run `progress.done` replicates: the whole bootstrap's progress.
    pub fn progress(&mut self, k: usize, progress: &Progress) -> Progress {
        if let Some(d) = self.done.get_mut(k) {
            *d = progress.done;
        }
        progress_of(self.done.iter().sum(), self.b.replicates)
    }

    /// Share `k`'s answer: the bootstrap's report once every share has answered,
    /// or its failure as soon as one fails (the others' answers no longer count);
    /// `None` while shares are still running.
    pub fn answered(
        &mut self,
        k: usize,
        answer: Result<Replicates, JobError>,
    ) -> Option<Result<BootstrapReport, JobError>> {
        let replicates = match answer {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        if let (Some(slot), Some(d)) = (self.values.get_mut(k), self.done.get_mut(k)) {
            *d = replicates.share.replicates.len();
            *slot = Some(replicates.share);
        }
        self.not_available = replicates.not_available;
        if !self.values.iter().all(Option::is_some) {
            return None;
        }
        let all: Vec<Share> = self.values.iter().flatten().cloned().collect();
        Some(Ok(summarize(&self.b, &self.not_available, &all)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use biaslens_core::bootstrap::{bootstrap, shares, Resampler};
    use biaslens_core::{load_with_defaults, CombinationSettings};

    #[test]
    fn the_pool_uses_the_cores_up_to_its_max_and_not_for_small_bootstraps() {
        assert_eq!(pool_size(2, 1000), 2);
        assert_eq!(pool_size(16, 1000), POOL_MAX);
        assert_eq!(pool_size(4, 150), 2);
        assert_eq!(pool_size(4, 50), 1);
        assert_eq!(pool_size(0, 1000), 1);
        assert_eq!(pool_size(4, 0), 1);
    }

    /// Shares answered in any order make the bootstrap of the whole (the same
    /// report as one worker's), and one failure fails it.
    #[test]
    fn shares_put_together_are_the_whole_bootstrap() {
        let (csv, file) = biaslens_core::demo::demo_csv("toy").unwrap();
        let (_, d) = load_with_defaults("toy", &file, csv.as_bytes()).unwrap();
        let settings = CombinationSettings::default();
        let b = BootstrapSettings {
            replicates: 30,
            seed: 4,
        };
        let resampler = Resampler::new(&d, &settings).unwrap();
        let ranges = shares(b.replicates, 3);
        let mut pool = Shares::new(10, b, vec![11, 12, 13], 0.0);
        assert_eq!(pool.share_of(12), Some(1));
        assert_eq!(pool.share_of(10), None);
        let answers: Vec<Replicates> = ranges
            .iter()
            .map(|r| Replicates {
                share: resampler.run(&b, r.clone(), &mut |_| {}),
                not_available: resampler.not_available().to_vec(),
            })
            .collect();
        let p = pool.progress(0, &progress_of(ranges[0].len(), ranges[0].len()));
        assert_eq!(p.done, ranges[0].len());
        assert!(pool.answered(2, Ok(answers[2].clone())).is_none());
        assert!(pool.answered(0, Ok(answers[0].clone())).is_none());
        let report = pool.answered(1, Ok(answers[1].clone())).unwrap().unwrap();
        assert_eq!(report, bootstrap(&d, &settings, &b).unwrap());

        let mut failing = Shares::new(20, b, vec![21, 22], 0.0);
        assert_eq!(
            failing.answered(1, Err(JobError::Cancelled)),
            Some(Err(JobError::Cancelled))
        );
    }
}
