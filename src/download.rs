//! Exports from the page: a text file (CSV, JSON, SVG) handed to the browser's
//! download, and an SVG chart drawn onto a canvas for a PNG. Nothing leaves the
//! machine: the files are built in memory and saved by the browser.

use wasm_bindgen::JsCast;

/// Styles an exported SVG carries, so that it looks like the chart on the page
/// when opened on its own (the page's stylesheet does not travel with it).
const EXPORT_STYLE: &str = "text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;fill:#1b1b1f}\
.grid{stroke:#d0d0d8;stroke-width:1}.zero{stroke:#1b1b1f;stroke-width:1.5}\
.tick,.axis-title{fill:#44444c}.row-hit{fill:transparent}\
.sig-dot{fill:#1b1b1f}.cell-value{font-size:13px;fill:#1d2330}.cell-value.on-dark{fill:#ffffff}";

/// Saves `text` as a file named `filename`.
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not build the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not build the file".to_owned())?;
    let result = click_link(&url, filename);
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

/// Follows a download link for `href` (an object or data URL).
fn click_link(href: &str, filename: &str) -> Result<(), String> {
    let document = leptos::prelude::document();
    let a = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or("the browser could not start the download")?;
    a.set_href(href);
    a.set_download(filename);
    a.click();
    Ok(())
}

/// The standalone markup of the `<svg>` inside the element with this id, with its
/// namespace and the styles it needs.
pub fn svg_markup(container_id: &str) -> Result<(String, f64, f64), String> {
    let document = leptos::prelude::document();
    let svg = document
        .query_selector(&format!("#{container_id} svg"))
        .ok()
        .flatten()
        .ok_or("there is no chart to export")?;
    let clone = svg
        .clone_node_with_deep(true)
        .ok()
        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        .ok_or("the chart could not be copied")?;
    let _ = clone.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let width = attribute_number(&clone, "width").unwrap_or(800.0);
    let height = attribute_number(&clone, "height").unwrap_or(600.0);
    if let Ok(style) = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "style") {
        style.set_text_content(Some(EXPORT_STYLE));
        let _ = clone.insert_before(&style, clone.first_child().as_ref());
    }
    if let Ok(bg) = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "rect") {
        for (k, v) in [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")] {
            let _ = bg.set_attribute(k, v);
        }
        let _ = clone.insert_before(&bg, clone.first_child().as_ref());
    }
    Ok((clone.outer_html(), width, height))
}

fn attribute_number(e: &web_sys::Element, name: &str) -> Option<f64> {
    e.get_attribute(name)?.parse().ok()
}

/// Saves the chart in the element with this id as SVG.
pub fn download_svg(container_id: &str, filename: &str) -> Result<(), String> {
    let (markup, _, _) = svg_markup(container_id)?;
    download_text(filename, "image/svg+xml", &markup)
}

/// A canvas's 2-D drawing context.
pub fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

/// Saves what a canvas shows as PNG.
pub fn download_canvas_png(
    canvas: &web_sys::HtmlCanvasElement,
    filename: &str,
) -> Result<(), String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| "the browser could not encode the picture".to_owned())?;
    click_link(&url, filename)
}

/// Saves the chart in the element with this id as PNG, drawn at twice its size.
pub fn download_png(container_id: &str, filename: &str) -> Result<(), String> {
    let (markup, width, height) = svg_markup(container_id)?;
    let document = leptos::prelude::document();
    let image = web_sys::HtmlImageElement::new().map_err(|_| "no image support")?;
    let canvas = document
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or("no canvas support")?;
    let scale = 2.0;
    canvas.set_width((width * scale) as u32);
    canvas.set_height((height * scale) as u32);
    let filename = filename.to_owned();
    let img = image.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(ctx) = context_2d(&canvas) else {
            return;
        };
        let _ = ctx.scale(scale, scale);
        let _ = ctx.draw_image_with_html_image_element(&img, 0.0, 0.0);
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            let _ = click_link(&url, &filename);
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    let encoded = js_sys::encode_uri_component(&markup);
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
    Ok(())
}
