//! Messages between the page and the engine's Web Worker. Every request carries an
//! id; the page ignores answers to requests it has since replaced.

use biaslens_core::analysis::Progress;
use biaslens_core::{Analysis, CombinationSettings};
use serde::{Deserialize, Serialize};

/// What the page asks the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Parse a file and keep it; the file kept before stays when this one fails.
    Load {
        /// The request's id.
        id: u64,
        /// The data set's name.
        name: String,
        /// The file name, for messages and the format.
        file: String,
        /// The file's bytes (one copy, not a sequence of numbers, on the way).
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        /// The group column to check it with.
        group: Option<String>,
        /// The score threshold to check it with.
        threshold: f64,
    },
    /// Generate a built-in demo and keep it.
    LoadDemo {
        /// The request's id.
        id: u64,
        /// The demo's name.
        name: String,
        /// The group column to check it with.
        group: Option<String>,
        /// The score threshold to check it with.
        threshold: f64,
    },
    /// Analyse the kept file.
    Analyze {
        /// The request's id.
        id: u64,
        /// The group column.
        group: Option<String>,
        /// The score threshold.
        threshold: f64,
        /// How `M` is chosen.
        settings: CombinationSettings,
    },
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// A file or demo was parsed (and is now kept) or could not be.
    Loaded {
        /// The request's id.
        id: u64,
        /// The columns that can serve as the group, or the error in words.
        result: Result<Vec<String>, String>,
    },
    /// How far an analysis has come.
    Progress {
        /// The request's id.
        id: u64,
        /// The step and its progress.
        progress: Progress,
    },
    /// An analysis finished.
    Analyzed {
        /// The request's id.
        id: u64,
        /// Everything computed, or the error in words (boxed: it is large).
        result: Box<Result<Analysis, String>>,
        /// Milliseconds the engine took.
        millis: f64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use biaslens_core::{analyze, load};

    /// Answers cross to the page in bincode, which is not self-describing: every
    /// field must survive the round trip (a skipped field would garble the rest).
    #[test]
    fn an_analysis_survives_the_worker_codec() {
        // Predicted attributes but no predicted groups: some metrics are available
        // (`not_available` is None), others are not (Some).
        let csv = "split,group,attributes,pred_attributes\ntrain,a,x,x\ntrain,b,y,y\ntest,a,x,y\ntest,b,x|y,x\n";
        let (_, d) = load("t", "t.csv", csv.as_bytes(), None, 0.5).unwrap();
        let analysis = analyze(&d, &CombinationSettings::default()).unwrap();
        assert!(analysis.metrics.multi_mals.not_available.is_none());
        assert!(analysis.metrics.multi_m_to_g.not_available.is_some());
        let response = Response::Analyzed {
            id: 7,
            result: Box::new(Ok(analysis)),
            millis: 1.5,
        };
        let bytes = bincode::serialize(&response).unwrap();
        assert_eq!(bincode::deserialize::<Response>(&bytes).unwrap(), response);
        let request = Request::Load {
            id: 1,
            name: "t".into(),
            file: "t.csv".into(),
            bytes: csv.as_bytes().to_vec(),
            group: None,
            threshold: 0.5,
        };
        let bytes = bincode::serialize(&request).unwrap();
        assert_eq!(bincode::deserialize::<Request>(&bytes).unwrap(), request);
    }
}
