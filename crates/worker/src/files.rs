//! The files a worker opens a data set from, for the engine's open path
//! ([`biaslens_core::open`]): the entry at a URL (a `blob:` URL of a picked file,
//! or an http(s) address), and the files its manifest names, found beside it on
//! the web or among the files picked with it (matched by file name).

use biaslens_core::embeddings::Embeddings;
use biaslens_core::open::{Files, Wanted};

use crate::fetch::file_name;
use crate::file_size::{Kind, MAX_TABLE_BYTES};

/// How a worker reads a URL: the browser's (see [`crate::fetch`]), or in tests
/// files held in memory.
pub trait Reader {
    /// The URL's bytes, refused when larger than a `kind` of file may be.
    fn bytes(&self, file: &str, url: &str, kind: Kind) -> Result<Vec<u8>, String>;
    /// The URL's embeddings.
    fn embeddings(&self, file: &str, url: &str) -> Result<Embeddings, String>;
}

/// The browser's way to read a URL from a worker.
#[derive(Debug, Clone, Copy, Default)]
pub struct Browser;

impl Reader for Browser {
    fn bytes(&self, file: &str, url: &str, kind: Kind) -> Result<Vec<u8>, String> {
        crate::fetch::read(file, url, kind)
    }

    fn embeddings(&self, file: &str, url: &str) -> Result<Embeddings, String> {
        crate::fetch::read_embeddings(file, url)
    }
}

/// An entry at `url` named `file`, with the files picked `beside` it (file name,
/// `blob:` URL), read by `reader`.
#[derive(Debug, Clone, Copy)]
pub struct Picked<'a, R = Browser> {
    /// The entry's file name.
    pub file: &'a str,
    /// Where the entry is.
    pub url: &'a str,
    /// The files picked with it, by file name.
    pub beside: &'a [(String, String)],
    /// How URLs are read.
    pub reader: R,
}

impl<'a> Picked<'a> {
    /// An entry the browser reads.
    pub fn new(file: &'a str, url: &'a str, beside: &'a [(String, String)]) -> Self {
        Self {
            file,
            url,
            beside,
            reader: Browser,
        }
    }
}

impl<R: Reader> Picked<'_, R> {
    /// The URL of a wanted file: the entry's own, beside it on the web, or the
    /// picked file of the same name.
    fn url_of(&self, wanted: &Wanted) -> Result<String, String> {
        let Wanted::Named { manifest, path, .. } = wanted else {
            return Ok(self.url.to_owned());
        };
        if !self.url.starts_with("blob:") {
            return crate::fetch::resolve(path, self.url).ok_or_else(|| {
                format!("{manifest}: \"{path}\" is not a path or an http(s) address")
            });
        }
        let wanted = file_name(path);
        self.beside
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, url)| url.clone())
            .ok_or_else(|| {
                format!(
                    "{manifest} names \"{path}\": opened from this computer, pick {wanted} together with {manifest} (both at once in the file dialog, or dropped together), or publish the folder and open it with ?data=URL"
                )
            })
    }
}

impl<R: Reader> Files for Picked<'_, R> {
    fn name(&self, wanted: &Wanted) -> String {
        match wanted {
            Wanted::Entry => self.file.to_owned(),
            Wanted::Named { path, .. } => file_name(path),
        }
    }

    fn read(&mut self, wanted: &Wanted) -> Result<Vec<u8>, String> {
        let url = self.url_of(wanted)?;
        self.reader.bytes(&self.name(wanted), &url, Kind::Table)
    }

    fn read_embeddings(&mut self, wanted: &Wanted) -> Result<Embeddings, String> {
        let url = self.url_of(wanted)?;
        self.reader.embeddings(&self.name(wanted), &url)
    }

    fn max_table_bytes(&self) -> usize {
        MAX_TABLE_BYTES
    }
}
