//! One file in memory as a [`Files`] provider: a generated data set (a demo, the
//! lab, a benchmark set), which names no other files.

use super::files::{Files, Wanted};

/// A file's name and bytes, held in memory.
#[derive(Debug, Clone, Copy)]
pub struct Memory<'a> {
    /// The file's name.
    pub file: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

impl Files for Memory<'_> {
    fn name(&self, wanted: &Wanted) -> String {
        match wanted {
            Wanted::Entry => self.file.to_owned(),
            Wanted::Named { path, .. } => (*path).to_owned(),
        }
    }

    fn read(&mut self, wanted: &Wanted) -> Result<Vec<u8>, String> {
        match wanted {
            Wanted::Entry => Ok(self.bytes.to_vec()),
            Wanted::Named { manifest, path, .. } => Err(format!(
                "{manifest} names \"{path}\": a file held in memory has no folder to find it in"
            )),
        }
    }
}
