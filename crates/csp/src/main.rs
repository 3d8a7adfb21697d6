//! Trunk's post-build hook (see `Trunk.toml`): writes the app's
//! Content-Security-Policy into the built `index.html` as a `<meta>` tag, so that a
//! static host that sends no headers still enforces it. Only the app's own files
//! run: its scripts, the one inline module script Trunk writes to start the wasm
//! (allowed by its SHA-256 hash, computed here because its text names the hashed
//! file names of each build), and WebAssembly. Styles come from the app's own
//! sheet; inline `style` attributes (chart swatches) are allowed, inline `<style>`
//! elements are not. Data may be fetched from http(s) hosts (`?data=` links) and
//! images shown from them (the app asks the user first).
//!
//! `biaslens-csp [DIR]` rewrites `DIR/index.html` (default: `$TRUNK_STAGING_DIR`).

use std::path::PathBuf;
use std::process::ExitCode;

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy, given the hash sources of the inline scripts.
fn policy(script_hashes: &[String]) -> String {
    let scripts = std::iter::once("'self' 'wasm-unsafe-eval'".to_owned())
        .chain(script_hashes.iter().map(|h| format!("'sha256-{h}'")))
        .collect::<Vec<_>>()
        .join(" ");
    [
        "default-src 'none'".to_owned(),
        format!("script-src {scripts}"),
        "style-src 'self'".to_owned(),
        "style-src-attr 'unsafe-inline'".to_owned(),
        "img-src 'self' data: blob: https: http:".to_owned(),
        "connect-src 'self' blob: data: https: http:".to_owned(),
        "worker-src 'self'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'none'".to_owned(),
        "object-src 'none'".to_owned(),
    ]
    .join("; ")
}

/// The base64 SHA-256 of every inline `<script>` (one without `src`).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(after) = rest.get(start..) else {
            break;
        };
        let Some(open_end) = after.find('>') else {
            break;
        };
        let (tag, body) = (&after[..open_end], &after[open_end + 1..]);
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body[close..];
    }
    hashes
}

/// The page with the policy's `<meta>` first in its `<head>` (replacing one a
/// previous run wrote).
fn with_policy(html: &str) -> Option<String> {
    const MARK: &str = "<meta http-equiv=\"Content-Security-Policy\"";
    let html = match html.find(MARK) {
        Some(start) => {
            let end = start + html[start..].find('>')? + 1;
            // With the line break and indent the previous run put before it.
            format!("{}{}", html[..start].trim_end(), &html[end..])
        }
        None => html.to_owned(),
    };
    let head = html.find("<head>")? + "<head>".len();
    let meta = format!(
        "\n    {MARK} content=\"{}\" />",
        policy(&inline_script_hashes(&html))
    );
    Some(format!("{}{meta}{}", &html[..head], &html[head..]))
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        .map(PathBuf::from);
    let Some(dir) = dir else {
        eprintln!("biaslens-csp: give the built app's folder (or run as Trunk's hook)");
        return ExitCode::FAILURE;
    };
    let path = dir.join("index.html");
    let result = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|html| with_policy(&html).ok_or_else(|| "it has no <head>".to_owned()))
        .and_then(|html| std::fs::write(&path, html).map_err(|e| e.to_string()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("biaslens-csp: {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_the_meta_comes_first() {
        let html = "<html><head><title>x</title>\n<script type=\"module\">init();</script>\
                    <script src=\"a.js\"></script></head></html>";
        let hashes = inline_script_hashes(html);
        // printf 'init();' | openssl dgst -sha256 -binary | base64
        assert_eq!(hashes, ["GEnM5q1nYY/iACnyMTdov+tNp9OFcBnnDgNXUXaVNXc="]);
        let out = with_policy(html).unwrap();
        assert!(out.starts_with("<html><head>\n    <meta http-equiv=\"Content-Security-Policy\""));
        assert!(out.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-GEnM5q1nYY/iACnyMTdov+tNp9OFcBnnDgNXUXaVNXc='"));
        // Running it again replaces the policy instead of adding a second.
        let twice = with_policy(&out).unwrap();
        assert_eq!(twice.matches("Content-Security-Policy").count(), 1);
        assert_eq!(twice, out);
        assert!(with_policy("<html></html>").is_none());
    }
}
