//! Files cross to the engine's workers as URLs, never as bytes: the page turns a
//! picked file into a `blob:` URL (the browser keeps the file where it is), and a
//! worker reads the URL itself. A 300 MB embeddings file is then copied once, into
//! the worker that parses it, instead of several times on the page's thread.

thread_local! {
    /// The picked files behind the `blob:` URLs in use (to keep them, see `kept`).
    static FILES: std::cell::RefCell<std::collections::HashMap<String, web_sys::File>> =
        Default::default();
}

/// A `blob:` URL for a file the user picked (`None` if the browser refuses).
pub fn object_url(file: &web_sys::File) -> Option<String> {
    let url = web_sys::Url::create_object_url_with_blob(file).ok()?;
    FILES.with(|f| f.borrow_mut().insert(url.clone(), file.clone()));
    Some(url)
}

/// The picked file behind a `blob:` URL still in use.
pub fn file_of(url: &str) -> Option<web_sys::File> {
    FILES.with(|f| f.borrow().get(url).cloned())
}

/// Lets the browser drop a file whose `blob:` URL is no longer used (other URLs,
/// such as a `?data=` link's, are left alone).
pub fn release(url: &str) {
    if url.starts_with("blob:") {
        FILES.with(|f| f.borrow_mut().remove(url));
        // Revoking an unknown URL is a no-op; nothing to report.
        let _ = web_sys::Url::revoke_object_url(url);
    }
}

/// An http(s) address for `url` as a link gives it (relative to the page),
/// `None` for anything else (`file:`, `javascript:`, `data:`, …).
pub fn web_url(url: &str) -> Option<String> {
    let base = web_sys::window()?.location().href().ok()?;
    let parsed = web_sys::Url::new_with_base(url, &base).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.href())
}
