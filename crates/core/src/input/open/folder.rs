//! The file system as a [`Files`] provider: the command line's (and the tests').

use std::io::Read;
use std::path::{Path, PathBuf};

use super::files::{Files, Wanted};
use crate::input::table::decompressed;

/// An entry on disk; the files its manifest names are relative to its folder.
#[derive(Debug, Clone)]
pub struct Folder {
    entry: PathBuf,
    streams: bool,
}

impl Folder {
    /// The entry at `entry`, its CSV and TSV files read whole.
    pub fn new(entry: &Path) -> Self {
        Self {
            entry: entry.to_owned(),
            streams: false,
        }
    }

    /// The entry at `entry`, its CSV and TSV files (perhaps gzipped) streamed.
    pub fn streaming(entry: &Path) -> Self {
        Self {
            entry: entry.to_owned(),
            streams: true,
        }
    }

    /// Where a wanted file is.
    fn path(&self, wanted: &Wanted) -> PathBuf {
        match wanted {
            Wanted::Entry => self.entry.clone(),
            Wanted::Named { path, .. } => self
                .entry
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(path),
        }
    }

    /// `why` a wanted file cannot be read, said as its manifest's when one names it.
    fn failed(&self, wanted: &Wanted, why: std::io::Error) -> String {
        let file = self.path(wanted).display().to_string();
        let why = format!("{file}: cannot read this file: {why}");
        match wanted {
            Wanted::Entry => why,
            Wanted::Named { manifest, role, .. } => {
                format!("{manifest}: its \"{role}\" file cannot be read: {why}")
            }
        }
    }
}

impl Files for Folder {
    fn name(&self, wanted: &Wanted) -> String {
        self.path(wanted).display().to_string()
    }

    fn read(&mut self, wanted: &Wanted) -> Result<Vec<u8>, String> {
        std::fs::read(self.path(wanted)).map_err(|e| self.failed(wanted, e))
    }

    fn stream(&mut self, wanted: &Wanted) -> Option<Result<Box<dyn Read>, String>> {
        if !self.streams {
            return None;
        }
        let opened = std::fs::File::open(self.path(wanted))
            .and_then(|f| decompressed(std::io::BufReader::with_capacity(1 << 20, f)));
        Some(opened.map_err(|e| self.failed(wanted, e)))
    }
}
