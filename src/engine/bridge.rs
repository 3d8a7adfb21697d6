//! The page's end of a Web Worker: the bridge to it, the data set it holds, and
//! how that data is handed over again (to a new worker, or one replaced by a
//! cancel).

use biaslens_core::lab::LabSettings;
use biaslens_core::ColumnChoice;
use biaslens_worker::protocol::{Request, Response};
use biaslens_worker::EngineWorker;
use gloo_worker::{Spawnable, WorkerBridge};

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html).
pub const WORKER_PATH: &str = "./biaslens-worker_loader.js";

/// The data a worker holds, as the page can hand it over again.
#[derive(Debug, Clone)]
pub enum Data {
    /// A built-in demo, by name (with the lab's dials, for the lab).
    Demo(String, LabSettings),
    /// A file: the data set's name, the file's name, where a worker reads it, and
    /// the files picked with it (name and URL: those a manifest names).
    File {
        /// The data set's name.
        name: String,
        /// The file's name.
        file: String,
        /// Where a worker reads it.
        url: String,
        /// The files picked with it.
        beside: Vec<FileUrl>,
    },
}

/// A file's name and where a worker reads it.
pub type FileUrl = (String, String);

impl Data {
    /// Lets the browser drop the files behind this data, once no worker needs them.
    pub fn release(&self) {
        if let Data::File { url, beside, .. } = self {
            crate::blob::release(url);
            for (_, url) in beside {
                crate::blob::release(url);
            }
        }
    }

    /// The request that has a worker open this data with `columns` and
    /// `threshold` (`suggest_support`: choose a minimum support from the rows).
    pub fn request(
        &self,
        id: u64,
        columns: ColumnChoice,
        threshold: f64,
        suggest_support: bool,
    ) -> Request {
        match self {
            Data::Demo(name, lab) => Request::LoadDemo {
                id,
                name: name.clone(),
                lab: *lab,
                columns,
                threshold,
            },
            Data::File {
                name,
                file,
                url,
                beside,
            } => Request::Load {
                id,
                name: name.clone(),
                file: file.clone(),
                url: url.clone(),
                beside: beside.clone(),
                columns,
                threshold,
                suggest_support,
            },
        }
    }
}

/// Files a worker reads beside the data set it holds: embeddings, or a concepts
/// table with the files picked with it (its embeddings).
#[derive(Debug, Clone, PartialEq)]
pub enum Beside {
    /// The rows' embeddings.
    Embeddings(FileUrl),
    /// A concepts table, and the files picked with it.
    Concepts(FileUrl, Vec<FileUrl>),
}

impl Beside {
    /// The request that has a worker read them.
    pub fn request(&self, id: u64) -> Request {
        match self {
            Beside::Embeddings((file, url)) => Request::LoadEmbeddings {
                id,
                file: file.clone(),
                url: url.clone(),
            },
            Beside::Concepts((file, url), beside) => Request::LoadConcepts {
                id,
                file: file.clone(),
                url: url.clone(),
                beside: beside.clone(),
            },
        }
    }

    /// The main file's name.
    pub fn file(&self) -> &str {
        match self {
            Beside::Embeddings((file, _)) | Beside::Concepts((file, _), _) => file,
        }
    }

    /// The main file's URL.
    pub fn url(&self) -> &str {
        match self {
            Beside::Embeddings((_, url)) | Beside::Concepts((_, url), _) => url,
        }
    }

    /// Whether `other` is of the same kind (and so replaces this).
    pub fn same_kind(&self, other: &Beside) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// Lets the browser drop the files, once no worker needs them.
    pub fn release(&self) {
        crate::blob::release(self.url());
        if let Beside::Concepts(_, beside) = self {
            for (_, url) in beside {
                crate::blob::release(url);
            }
        }
    }
}

/// One Web Worker and the version of the data set it holds (0: none).
#[derive(Default)]
pub struct Slot {
    bridge: Option<WorkerBridge<EngineWorker>>,
    /// The data set's version it holds.
    pub holds: u64,
}

impl Slot {
    /// A fresh worker that answers through `receive` and holds nothing yet.
    pub fn spawn(receive: impl Fn(Response) + 'static) -> Self {
        let bridge = EngineWorker::spawner()
            .callback(receive)
            .with_loader(true)
            .spawn(WORKER_PATH);
        Self {
            bridge: Some(bridge),
            holds: 0,
        }
    }

    /// Whether it has a worker (the pool's start when first needed).
    pub fn started(&self) -> bool {
        self.bridge.is_some()
    }

    /// Sends a request to its worker, if it has one.
    pub fn send(&self, request: Request) {
        if let Some(b) = &self.bridge {
            b.send(request);
        }
    }
}
