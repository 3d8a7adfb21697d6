//! How a worker reads the files the page hands it: by URL (a `blob:` URL of a
//! picked file, or an http(s) address), with a synchronous request (the worker has
//! nothing else to do meanwhile, and the page's thread never waits).

use biaslens_core::embeddings::Embeddings;

use crate::file_size::Kind;

/// `relative` resolved against the address of the file that names it (a
/// manifest's paths), in a worker or on the page.
pub fn resolve(relative: &str, base: &str) -> Option<String> {
    let parsed = web_sys::Url::new_with_base(relative, base).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.href())
}

/// Reads a URL's bytes from inside a worker (a synchronous request: the worker
/// has nothing else to do meanwhile, and the page's thread never waits), refused
/// before they are copied in when larger than the browser holds for a `kind`.
#[cfg(target_arch = "wasm32")]
pub fn read(file: &str, url: &str, kind: Kind) -> Result<Vec<u8>, String> {
    Ok(js_sys::Uint8Array::new(&read_buffer(file, url, kind)?.into()).to_vec())
}

/// Reads embeddings from a URL inside a worker. A float32 `.npy` file is copied
/// straight from the browser's buffer into the matrix (one copy, no byte decoding);
/// other files are read as bytes and parsed.
#[cfg(target_arch = "wasm32")]
pub fn read_embeddings(file: &str, url: &str) -> Result<Embeddings, String> {
    use biaslens_core::embeddings::npy::{parse_header, Dtype, MAGIC};
    let buffer = read_buffer(file, url, Kind::Embeddings)?;
    let all = js_sys::Uint8Array::new(&buffer);
    let len = all.length() as usize;
    let prefix = all.subarray(0, len.min(1 << 16) as u32).to_vec();
    if prefix.starts_with(MAGIC) {
        let h = parse_header(file, &prefix, len).map_err(|e| e.to_string())?;
        if h.dtype == Dtype::F32 && h.data_start % 4 == 0 {
            let n = h.rows * h.dim;
            let mut values = vec![0.0_f32; n];
            js_sys::Float32Array::new_with_byte_offset_and_length(
                &buffer,
                h.data_start as u32,
                n as u32,
            )
            .copy_to(&mut values);
            return Embeddings::new(file, h.rows, h.dim, values).map_err(|e| e.to_string());
        }
    }
    Embeddings::load(file, &all.to_vec()).map_err(|e| e.to_string())
}

/// A URL's content as the browser holds it, refused when larger than a `kind`
/// of file may be.
#[cfg(target_arch = "wasm32")]
fn read_buffer(file: &str, url: &str, kind: Kind) -> Result<js_sys::ArrayBuffer, String> {
    use wasm_bindgen::JsCast;
    let failed = || {
        if url.starts_with("blob:") {
            format!("{file}: the browser could not read this file")
        } else {
            format!("{file}: could not fetch {url}: the host must be reachable and allow cross-origin requests (CORS)")
        }
    };
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| failed())?;
    xhr.open_with_async("GET", url, false)
        .map_err(|_| failed())?;
    xhr.set_response_type(web_sys::XmlHttpRequestResponseType::Arraybuffer);
    xhr.send().map_err(|_| failed())?;
    let status = xhr.status().map_err(|_| failed())?;
    // `blob:` URLs answer 200; a remote host may answer anything.
    if !(200..300).contains(&status) {
        return Err(format!("{file}: the server answered {status}"));
    }
    let buffer = xhr
        .response()
        .map_err(|_| failed())?
        .dyn_into::<js_sys::ArrayBuffer>()
        .map_err(|_| failed())?;
    crate::file_size::check(file, f64::from(buffer.byte_length()), kind)?;
    Ok(buffer)
}

/// Outside a browser there is nothing to read a URL with.
#[cfg(not(target_arch = "wasm32"))]
pub fn read(file: &str, _url: &str, _kind: Kind) -> Result<Vec<u8>, String> {
    Err(format!("{file}: files are read only in the browser"))
}

/// Outside a browser there is nothing to read a URL with.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_embeddings(file: &str, _url: &str) -> Result<Embeddings, String> {
    Err(format!("{file}: files are read only in the browser"))
}

/// The file name at the end of a URL's path ("data" when it names a folder).
pub fn file_name(url: &str) -> String {
    url.split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .filter(|f| !f.is_empty())
        .unwrap_or("data")
        .to_owned()
}
