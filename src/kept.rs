//! The last data set opened from this computer, kept in the browser's own storage
//! (IndexedDB, on this computer only) so that a reload or a crash loses nothing:
//! a link naming the file (`?file=NAME`, which carries every setting and the view)
//! finds it again. The files are kept as the browser holds them (a `File` in
//! IndexedDB), never sent anywhere; "Forget this data" deletes them.
//!
//! One record: the annotations file (or a manifest and the files picked with it),
//! and the embeddings file opened beside it.
//!
//! This module knows neither the engine nor the state: each function says what
//! became of the record through a callback (the header shows it), and
//! [`reopen`] gives the files back for the caller to open.

use js_sys::{Object, Promise, Reflect};
use leptos::prelude::window;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, IdbDatabase, IdbObjectStore, IdbRequest, IdbTransactionMode};

use biaslens_core::ColumnChoice;

/// The database, its one object store, and the record's key.
const DB: &str = "biaslens";
const STORE: &str = "kept";
const KEY: &str = "last";

/// What the browser keeps, as the header says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// Nothing (or storage is unavailable, as in some private windows).
    Nothing,
    /// This annotations file is kept; `restored` when this page read it back.
    File {
        /// The file's name.
        name: String,
        /// Whether this page was restored from it.
        restored: bool,
    },
    /// The user just forgot this file.
    Forgotten(String),
    /// This file could not be kept (the storage refused it): why, in the
    /// browser's words.
    Refused {
        /// The file's name.
        name: String,
        /// The browser's reason.
        why: String,
    },
    /// The kept file could not be forgotten: why, in the browser's words.
    NotForgotten {
        /// The file's name.
        name: String,
        /// The browser's reason.
        why: String,
    },
}

/// An IndexedDB failure in words: the browser's name and message for it, or
/// that there is no storage at all.
fn why(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", d.name(), d.message());
    }
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    e.as_string().unwrap_or_else(|| {
        "this browser offers no storage to this page (as in some private windows)".to_owned()
    })
}

thread_local! {
    /// The files this page reopened from the store: opening them again keeps
    /// nothing new (and must not drop the embeddings kept beside them).
    static REOPENED: std::cell::RefCell<Vec<File>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The picked file behind `url`, unless it came from the store.
fn new_file(url: &str) -> Option<File> {
    let file = crate::blob::file_of(url)?;
    let reopened = REOPENED.with(|r| r.borrow().iter().any(|f| Object::is(f, &file)));
    (!reopened).then_some(file)
}

/// The files of the record.
struct Record {
    annotations: File,
    /// The columns it was opened with (JSON of a [`ColumnChoice`]).
    columns: ColumnChoice,
    embeddings: Option<File>,
    /// Files picked with `annotations` when it is a manifest: those it names.
    beside: Vec<File>,
}

/// Waits for an IndexedDB request and gives its result.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let (mut resolve, mut reject) = (None, None);
    let promise = Promise::new(&mut |yes, no| {
        resolve = Some(yes);
        reject = Some(no);
    });
    let (Some(resolve), Some(reject)) = (resolve, reject) else {
        return Err(JsValue::NULL);
    };
    let on_success = Closure::<dyn FnMut()>::new(move || {
        let _ = resolve.call0(&JsValue::NULL);
    });
    let on_error = Closure::<dyn FnMut()>::new(move || {
        let _ = reject.call0(&JsValue::NULL);
    });
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    if outcome.is_err() {
        // The request's own error says why (a quota, a closed database…).
        return Err(request
            .error()
            .ok()
            .flatten()
            .map_or(JsValue::NULL, JsValue::from));
    }
    request.result()
}

/// Opens the database, creating its store the first time.
async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = window().indexed_db()?.ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(DB, 1)?;
    let opening = request.clone();
    let on_upgrade = Closure::<dyn FnMut()>::new(move || {
        if let Ok(db) = opening.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let db = finished(&request).await;
    request.set_onupgradeneeded(None);
    db?.dyn_into::<IdbDatabase>()
}

/// The store, in a transaction of its own.
async fn store(mode: IdbTransactionMode) -> Result<IdbObjectStore, JsValue> {
    open()
        .await?
        .transaction_with_str_and_mode(STORE, mode)?
        .object_store(STORE)
}

async fn read() -> Result<Option<Record>, JsValue> {
    let value = finished(
        &store(IdbTransactionMode::Readonly)
            .await?
            .get(&KEY.into())?,
    )
    .await?;
    if value.is_undefined() {
        return Ok(None);
    }
    let file = |field: &str| {
        Reflect::get(&value, &field.into())
            .ok()
            .and_then(|f| f.dyn_into::<File>().ok())
    };
    let beside = Reflect::get(&value, &"beside".into())
        .ok()
        .and_then(|a| a.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|f| f.dyn_into::<File>().ok()).collect())
        .unwrap_or_default();
    // A record kept before columns were chosen has none.
    let columns = Reflect::get(&value, &"columns".into())
        .ok()
        .and_then(|c| c.as_string())
        .and_then(|c| serde_json::from_str(&c).ok())
        .unwrap_or_default();
    Ok(file("annotations").map(|annotations| Record {
        annotations,
        columns,
        embeddings: file("embeddings"),
        beside,
    }))
}

async fn write(record: &Record) -> Result<(), JsValue> {
    let value = Object::new();
    Reflect::set(&value, &"annotations".into(), &record.annotations)?;
    if let Ok(columns) = serde_json::to_string(&record.columns) {
        Reflect::set(&value, &"columns".into(), &columns.into())?;
    }
    if let Some(e) = &record.embeddings {
        Reflect::set(&value, &"embeddings".into(), e)?;
    }
    if !record.beside.is_empty() {
        let beside: js_sys::Array = record.beside.iter().collect();
        Reflect::set(&value, &"beside".into(), &beside)?;
    }
    let store = store(IdbTransactionMode::Readwrite).await?;
    finished(&store.put_with_key(&value, &KEY.into())?).await?;
    Ok(())
}

/// The name of the annotations file kept, if any (for the header, on the page's
/// start).
pub async fn kept_name() -> Option<String> {
    read().await.ok().flatten().map(|r| r.annotations.name())
}

/// Keeps an annotations file the user opened (from its `blob:` URL), with the
/// files picked beside it (a manifest's) and the columns chosen for its roles,
/// replacing whatever was kept, once it has loaded; `said` hears whether it was
/// kept.
pub fn keep_annotations(
    url: &str,
    beside: &[(String, String)],
    columns: &ColumnChoice,
    said: impl Fn(Kept) + 'static,
) {
    let columns = columns.clone();
    let Some(file) = new_file(url) else {
        return;
    };
    let Some(beside) = beside
        .iter()
        .map(|(_, url)| new_file(url))
        .collect::<Option<Vec<File>>>()
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let record = Record {
            annotations: file,
            columns,
            embeddings: None,
            beside,
        };
        said(match write(&record).await {
            Ok(()) => Kept::File {
                name,
                restored: false,
            },
            Err(e) => Kept::Refused { name, why: why(&e) },
        });
    });
}

/// Keeps an embeddings file beside the kept annotations, once it has loaded;
/// `said` hears only of a failure.
pub fn keep_embeddings(url: &str, said: impl Fn(Kept) + 'static) {
    let Some(file) = new_file(url) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let kept = match read().await {
            Ok(Some(mut record)) => {
                record.embeddings = Some(file);
                write(&record).await
            }
            // Nothing kept to keep them beside.
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = kept {
            said(Kept::Refused { name, why: why(&e) });
        }
    });
}

/// The kept files, read back to be opened again.
pub struct Reopened {
    /// The annotations file (or manifest) first, then the files picked with it.
    pub files: Vec<File>,
    /// The embeddings kept beside them (read after the annotations).
    pub embeddings: Option<File>,
    /// The columns it was opened with.
    pub columns: ColumnChoice,
}

/// The kept files when they are the file a link names (`?file=NAME`); opening
/// them again keeps nothing new.
pub async fn reopen(name: &str) -> Option<Reopened> {
    let record = read().await.ok().flatten()?;
    if record.annotations.name() != name {
        return None;
    }
    REOPENED.with(|r| {
        let mut r = r.borrow_mut();
        r.push(record.annotations.clone());
        r.extend(record.embeddings.clone());
        r.extend(record.beside.iter().cloned());
    });
    let mut files = vec![record.annotations];
    files.extend(record.beside);
    Some(Reopened {
        files,
        embeddings: record.embeddings,
        columns: record.columns,
    })
}

/// Deletes the kept files (of `name`) from this browser; `said` hears whether
/// they went (what is on screen stays until the page is closed).
pub fn forget(name: String, said: impl Fn(Kept) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let cleared = match store(IdbTransactionMode::Readwrite).await {
            Ok(s) => match s.clear() {
                Ok(request) => finished(&request).await.map(|_| ()),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        said(match cleared {
            Ok(()) => Kept::Forgotten(name),
            Err(e) => Kept::NotForgotten { name, why: why(&e) },
        });
    });
}
