//! The embedding map: every row drawn as a point on a `<canvas>` (pixels written
//! straight into an `ImageData`, which draws 100,000 points in milliseconds), with
//! wheel zoom and drag to pan (or the keyboard: arrows, + / −, 0), a rectangle or
//! a lasso drawn on it that becomes a filter of every other view, hover details,
//! and a legend.

use biaslens_core::embeddings::map::MapView;
use biaslens_core::filter::Region;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::query::QueryStoreFields;
use wasm_bindgen::Clamped;

use crate::charts::bar_chart::{group_colour, NO_GROUP_COLOUR};
use crate::download::{context_2d, download_canvas_png, download_text};
use crate::query::Colour;
use crate::state::{AppState, Shared};
use crate::views::rows::safe_image;

/// CSS size of the map.
const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 520.0;
/// Colour of rows without the chosen property.
const OTHER: [u8; 3] = [0xb8, 0xbe, 0xc8];
/// Colour of rows with it.
const HIGHLIGHT: [u8; 3] = [0xd5, 0x5e, 0x00];
/// Correct / wrong group predictions (Okabe–Ito blue and vermillion).
const RIGHT: [u8; 3] = [0x00, 0x72, 0xb2];

/// `#rrggbb` as bytes.
fn rgb(hex: &str) -> [u8; 3] {
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    [byte(1), byte(3), byte(5)]
}

/// Screen position of data point `(x, y)`: `screen = (data − origin) · scale`, y up.
#[derive(Debug, Clone, Copy, PartialEq)]
struct View {
    /// Data x at the left edge.
    x0: f64,
    /// Data y at the top edge.
    y1: f64,
    /// CSS pixels per data unit.
    scale: f64,
}

impl View {
    /// A view that shows every point with a margin.
    fn fit(coords: &[[f32; 2]]) -> Self {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for c in coords {
            for k in 0..2 {
                lo[k] = lo[k].min(f64::from(c[k]));
                hi[k] = hi[k].max(f64::from(c[k]));
            }
        }
        if !lo[0].is_finite() {
            return Self {
                x0: -1.0,
                y1: 1.0,
                scale: WIDTH / 2.0,
            };
        }
        let span = ((hi[0] - lo[0]) / WIDTH)
            .max((hi[1] - lo[1]) / HEIGHT)
            .max(1e-9)
            * 1.08;
        let scale = 1.0 / span;
        let cx = (lo[0] + hi[0]) / 2.0;
        let cy = (lo[1] + hi[1]) / 2.0;
        Self {
            x0: cx - WIDTH / 2.0 / scale,
            y1: cy + HEIGHT / 2.0 / scale,
            scale,
        }
    }

    fn screen_from_data(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.x0) * self.scale, (self.y1 - y) * self.scale)
    }

    fn data_from_screen(&self, sx: f64, sy: f64) -> (f64, f64) {
        (self.x0 + sx / self.scale, self.y1 - sy / self.scale)
    }
}

/// What a drag on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    /// Moves the view.
    Pan,
    /// Draws a rectangle that becomes the region filter.
    Rectangle,
    /// Draws a free shape that becomes the region filter.
    Lasso,
}

/// The most vertices a lasso keeps (a longer path is thinned evenly), so that
/// it fits in a link.
const LASSO_POINTS: usize = 120;

/// A lasso path on screen as a polygon in data coordinates (`None` when it
/// encloses too little to be meant).
fn lasso_region(v: &View, path: &[(f64, f64)]) -> Option<Region> {
    if path.len() < 3 {
        return None;
    }
    let stride = path.len().div_ceil(LASSO_POINTS);
    let vertices: Vec<[f64; 2]> = path
        .iter()
        .step_by(stride)
        .map(|&(sx, sy)| {
            let (x, y) = v.data_from_screen(sx, sy);
            [x, y]
        })
        .collect();
    // Twice the enclosed area, in square pixels (shoelace formula).
    let area2: f64 = path
        .iter()
        .zip(path.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum();
    (vertices.len() >= 3 && area2.abs() > 32.0).then_some(Region::Polygon(vertices))
}

/// A polygon's `points` attribute on screen.
fn svg_points(v: &View, vertices: impl Iterator<Item = (f64, f64)>) -> String {
    vertices
        .map(|(x, y)| {
            let (sx, sy) = v.screen_from_data(x, y);
            format!("{sx:.1},{sy:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Zooms by `factor`, keeping the data point under screen position `(sx, sy)` there.
fn zoom(v: &mut View, factor: f64, sx: f64, sy: f64) {
    let (dx, dy) = v.data_from_screen(sx, sy);
    v.scale *= factor;
    v.x0 = dx - sx / v.scale;
    v.y1 = dy + sy / v.scale;
}

/// Each point's colour and whether it is drawn on top (highlighted).
fn colours(m: &MapView, colour: &Colour, selected: &[String]) -> Vec<([u8; 3], bool)> {
    let has = |i: usize, names: &[String]| {
        let ids: Vec<u16> = names
            .iter()
            .filter_map(|n| m.attributes.iter().position(|a| a == n))
            .filter_map(|a| u16::try_from(a).ok())
            .collect();
        ids.len() == names.len()
            && !names.is_empty()
            && m.attrs
                .get(i)
                .is_some_and(|r| ids.iter().all(|a| r.contains(a)))
    };
    (0..m.coords.len())
        .map(|i| match colour {
            Colour::Group => {
                let g = m.group.get(i).copied().unwrap_or(-1);
                match usize::try_from(g) {
                    Ok(g) => (
                        rgb(group_colour(m.groups.get(g).map_or("", String::as_str), g)),
                        false,
                    ),
                    Err(_) => (OTHER, false),
                }
            }
            Colour::Correct => match m.correct.get(i).copied().unwrap_or(-1) {
                1 => (RIGHT, false),
                0 => (HIGHLIGHT, true),
                _ => (OTHER, false),
            },
            Colour::Attribute(a) => {
                if has(i, std::slice::from_ref(a)) {
                    (HIGHLIGHT, true)
                } else {
                    (OTHER, false)
                }
            }
            Colour::Selection => {
                if has(i, selected) {
                    (HIGHLIGHT, true)
                } else {
                    (OTHER, false)
                }
            }
        })
        .collect()
}

/// Draws the points into the canvas at the device's pixel ratio.
fn draw(canvas: &web_sys::HtmlCanvasElement, m: &MapView, view: View, colours: &[([u8; 3], bool)]) {
    let ratio = window().device_pixel_ratio().max(1.0);
    let (w, h) = ((WIDTH * ratio) as u32, (HEIGHT * ratio) as u32);
    canvas.set_width(w);
    canvas.set_height(h);
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    let mut pixels = vec![0u8; (w * h * 4) as usize];
    let size = (2.5 * ratio).round().max(2.0) as i64;
    // Points without the highlighted property first, then those with it on top.
    for top in [false, true] {
        for (c, (rgb, on_top)) in m.coords.iter().zip(colours) {
            if *on_top != top {
                continue;
            }
            let (sx, sy) = view.screen_from_data(f64::from(c[0]), f64::from(c[1]));
            let (px, py) = (
                (sx * ratio) as i64 - size / 2,
                (sy * ratio) as i64 - size / 2,
            );
            for dy in 0..size {
                for dx in 0..size {
                    let (x, y) = (px + dx, py + dy);
                    if x < 0 || y < 0 || x >= i64::from(w) || y >= i64::from(h) {
                        continue;
                    }
                    let at = ((y as u32 * w + x as u32) * 4) as usize;
                    if let Some(p) = pixels.get_mut(at..at + 4) {
                        p.copy_from_slice(&[rgb[0], rgb[1], rgb[2], 230]);
                    }
                }
            }
        }
    }
    if let Ok(image) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), w, h)
    {
        let _ = ctx.put_image_data(&image, 0.0, 0.0);
    }
}

/// The map, its controls and legend.
#[component]
pub fn Scatter(
    /// What to draw.
    map: Shared<MapView>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<Canvas>::new();
    let view = RwSignal::new(View::fit(&map.coords));
    let tool = RwSignal::new(Tool::Pan);
    // A drag in progress: where it started (screen) and where it is now.
    let drag = RwSignal::new(None::<((f64, f64), (f64, f64))>);
    // The lasso being drawn, on screen.
    let path = RwSignal::new(Vec::<(f64, f64)>::new());
    let hover = RwSignal::new(None::<(usize, f64, f64)>);
    let export_problem = RwSignal::new(None::<String>);
    let m = map.clone();
    let point_colours = Memo::new(move |_| {
        let selected = state.settings.selected().get().unwrap_or_default();
        state.settings.colour().with(|c| colours(&m, c, &selected))
    });
    let m = map.clone();
    Effect::new(move |_| {
        let (Some(c), v) = (canvas.get(), view.get()) else {
            return;
        };
        point_colours.with(|colours| draw(&c, &m, v, colours));
    });
    let local = move |ev: &web_sys::MouseEvent| -> (f64, f64) {
        let Some(c) = canvas.get_untracked() else {
            return (0.0, 0.0);
        };
        let r = c.get_bounding_client_rect();
        (
            f64::from(ev.client_x()) - r.left(),
            f64::from(ev.client_y()) - r.top(),
        )
    };
    // Shift turns any drag into a rectangle.
    let tool_of = move |ev: &web_sys::MouseEvent| {
        if ev.shift_key() {
            Tool::Rectangle
        } else {
            tool.get_untracked()
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let (sx, sy) = local(&ev);
        let factor = if ev.delta_y() < 0.0 { 1.2 } else { 1.0 / 1.2 };
        view.update(|v| zoom(v, factor, sx, sy));
    };
    let on_down = move |ev: web_sys::MouseEvent| {
        let p = local(&ev);
        drag.set(Some((p, p)));
        path.set(vec![p]);
    };
    let m = map.clone();
    let on_move = move |ev: web_sys::MouseEvent| {
        let p = local(&ev);
        if let Some((start, last)) = drag.get_untracked() {
            match tool_of(&ev) {
                Tool::Pan => view.update(|v| {
                    v.x0 -= (p.0 - last.0) / v.scale;
                    v.y1 += (p.1 - last.1) / v.scale;
                }),
                Tool::Lasso => path.update(|path| {
                    if path
                        .last()
                        .is_none_or(|q| (q.0 - p.0).abs() + (q.1 - p.1).abs() >= 3.0)
                    {
                        path.push(p);
                    }
                }),
                Tool::Rectangle => {}
            }
            drag.set(Some((start, p)));
            return;
        }
        // The nearest point within 8 px.
        let v = view.get_untracked();
        let mut best: Option<(usize, f64)> = None;
        for (i, c) in m.coords.iter().enumerate() {
            let (sx, sy) = v.screen_from_data(f64::from(c[0]), f64::from(c[1]));
            let d = (sx - p.0).powi(2) + (sy - p.1).powi(2);
            if d < 64.0 && best.is_none_or(|(_, b)| d < b) {
                best = Some((i, d));
            }
        }
        hover.set(best.map(|(i, _)| (i, p.0, p.1)));
    };
    let on_up = move |ev: web_sys::MouseEvent| {
        let Some((start, end)) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        let v = view.get_untracked();
        let moved = (start.0 - end.0).abs() + (start.1 - end.1).abs() > 4.0;
        let region = match tool_of(&ev) {
            Tool::Rectangle if moved => {
                let (ax, ay) = v.data_from_screen(start.0, start.1);
                let (bx, by) = v.data_from_screen(end.0, end.1);
                Some(Region::Rectangle([
                    ax.min(bx),
                    ax.max(bx),
                    ay.min(by),
                    ay.max(by),
                ]))
            }
            Tool::Lasso => path.with_untracked(|p| lasso_region(&v, p)),
            _ => None,
        };
        path.set(Vec::new());
        if let Some(region) = region {
            state.settings.filter().update(|f| f.region = Some(region));
        }
    };
    // The keyboard moves the view: arrows pan, + and − zoom, 0 fits.
    let coords = map.coords.clone();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = 40.0;
        match ev.key().as_str() {
            "ArrowLeft" => view.update(|v| v.x0 -= step / v.scale),
            "ArrowRight" => view.update(|v| v.x0 += step / v.scale),
            "ArrowUp" => view.update(|v| v.y1 += step / v.scale),
            "ArrowDown" => view.update(|v| v.y1 -= step / v.scale),
            "+" | "=" => view.update(|v| zoom(v, 1.5, WIDTH / 2.0, HEIGHT / 2.0)),
            "-" | "_" => view.update(|v| zoom(v, 1.0 / 1.5, WIDTH / 2.0, HEIGHT / 2.0)),
            "0" => view.set(View::fit(&coords)),
            _ => return,
        }
        ev.prevent_default();
    };
    // The shape being drawn, and the region filter in force.
    let shapes = move || {
        let v = view.get();
        let mut out = Vec::new();
        match state.settings.filter().with(|f| f.region.clone()) {
            Some(Region::Rectangle([x0, x1, y0, y1])) => {
                let (ax, ay) = v.screen_from_data(x0, y1);
                let (bx, by) = v.screen_from_data(x1, y0);
                out.push(view! {
                    <rect class="region" x=ax y=ay width=(bx - ax).max(1.0) height=(by - ay).max(1.0) />
                }.into_any());
            }
            Some(Region::Polygon(vertices)) => {
                let points = svg_points(&v, vertices.iter().map(|p| (p[0], p[1])));
                out.push(view! { <polygon class="region" points=points /> }.into_any());
            }
            None => {}
        }
        if let Some((s, e)) = drag.get() {
            match tool.get() {
                Tool::Rectangle => out.push(view! {
                    <rect class="brush" x=s.0.min(e.0) y=s.1.min(e.1) width=(s.0 - e.0).abs() height=(s.1 - e.1).abs() />
                }.into_any()),
                Tool::Lasso => {
                    let points = path.with(|p| {
                        p.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
                    });
                    out.push(view! { <polygon class="brush" points=points /> }.into_any());
                }
                Tool::Pan => {}
            }
        }
        out
    };
    let m = map.clone();
    let tooltip = move || {
        hover.get().map(|(i, x, y)| {
            let group = usize::try_from(m.group.get(i).copied().unwrap_or(-1))
                .ok()
                .and_then(|g| m.groups.get(g).cloned())
                .unwrap_or_else(|| "no group".into());
            let attrs: Vec<String> = m
                .attrs
                .get(i)
                .map(|r| r.iter().filter_map(|&a| m.attributes.get(usize::from(a)).cloned()).collect())
                .unwrap_or_default();
            let wrong = m.correct.get(i) == Some(&0);
            // Only from hosts the user allowed in the Rows view (see `images`).
            let page_host = window().location().host().unwrap_or_default();
            let image = m.images.get(i).cloned().flatten().filter(|u| {
                safe_image(u)
                    && crate::images::remote_host(u, &page_host)
                        .is_none_or(|h| state.image_hosts.with_untracked(|s| s.contains(&h)))
            });
            view! {
                <div class="map-tip" role="tooltip" style=format!("left:{}px;top:{}px", x + 14.0, y + 10.0)>
                    {image.map(|u| view! { <img src=u alt="" width="96" height="96" /> })}
                    <strong>{m.ids.get(i).cloned().unwrap_or_default()}</strong>
                    " — " {group} {wrong.then_some(" (group mispredicted)")}
                    <br />
                    {if attrs.is_empty() { "no attributes".to_owned() } else { attrs.join(", ") }}
                </div>
            }
        })
    };
    let groups = map.groups.clone();
    // Rows without a group are drawn grey: the legend says so when there are any.
    let ungrouped = map.group.iter().any(|&g| g < 0);
    let legend = move || {
        match state.settings.colour().get() {
        Colour::Group => groups
            .iter()
            .enumerate()
            .map(|(g, name)| view! {
                <span class="legend-item"><span class="swatch" style=format!("background:{}", group_colour(name, g))></span>{name.clone()}</span>
            }.into_any())
            .chain(ungrouped.then(|| view! {
                <span class="legend-item" data-testid="legend-no-group"><span class="swatch" style=format!("background:{NO_GROUP_COLOUR}")></span>"no group"</span>
            }.into_any()))
            .collect::<Vec<_>>(),
        Colour::Correct => vec![
            view! { <span class="legend-item"><span class="swatch" style="background:#0072b2"></span>"group predicted right"</span> }.into_any(),
            view! { <span class="legend-item"><span class="swatch" style="background:#d55e00"></span>"group mispredicted"</span> }.into_any(),
        ],
        Colour::Attribute(a) => vec![
            view! { <span class="legend-item"><span class="swatch" style="background:#d55e00"></span>{format!("has {a}")}</span> }.into_any(),
            view! { <span class="legend-item"><span class="swatch" style=format!("background:{NO_GROUP_COLOUR}")></span>"does not"</span> }.into_any(),
        ],
        Colour::Selection => vec![
            view! { <span class="legend-item"><span class="swatch" style="background:#d55e00"></span>{move || format!("has {{{}}}", state.settings.selected().get().unwrap_or_default().join(", "))}</span> }.into_any(),
            view! { <span class="legend-item"><span class="swatch" style=format!("background:{NO_GROUP_COLOUR}")></span>"does not"</span> }.into_any(),
        ],
    }
    };
    view! {
        <div class="map-tools chart-tools">
            {[(Tool::Pan, "Pan and zoom", "pan"), (Tool::Rectangle, "Select a rectangle", "select-region"), (Tool::Lasso, "Lasso", "select-lasso")]
                .into_iter()
                .map(|(t, label, testid)| view! {
                    <button class="toggle" class:active=move || tool.get() == t aria-pressed=move || (tool.get() == t).to_string() on:click=move |_| tool.set(t) data-testid=testid>{label}</button>
                })
                .collect::<Vec<_>>()}
            <button class="toggle" aria-label="Zoom in" on:click=move |_| view.update(|v| zoom(v, 1.5, WIDTH / 2.0, HEIGHT / 2.0))>"+"</button>
            <button class="toggle" aria-label="Zoom out" on:click=move |_| view.update(|v| zoom(v, 1.0 / 1.5, WIDTH / 2.0, HEIGHT / 2.0))>"−"</button>
            <button class="link" on:click={
                let coords = map.coords.clone();
                move |_| view.set(View::fit(&coords))
            }>"Fit"</button>
            <span class="export-menu" role="group" aria-label="Export the map">
                <span class="menu-label">"Export"</span>
                <button class="toggle" data-export="png" on:click=move |_| {
                    let saved = canvas
                        .get_untracked()
                        .ok_or_else(|| "the map is not drawn".to_owned())
                        .and_then(|c| download_canvas_png(&c, "map.png"));
                    export_problem.set(saved.err());
                }>"PNG"</button>
                <button class="toggle" data-export="csv" on:click={
                    let m = map.clone();
                    move |_| export_problem.set(download_text("map.csv", "text/csv", &m.to_csv()).err())
                }>"CSV"</button>
                {move || export_problem.get().map(|p| view! { <span class="export-error" role="alert">{p}</span> })}
            </span>
            <span class="hint">"Wheel to zoom, drag to pan (keyboard: arrows, + / −, 0 to fit). Draw a rectangle (or Shift-drag) or a lasso: it filters every other view."</span>
        </div>
        <div class="legend" aria-label="Colours">{legend}</div>
        <div class="map" style=format!("width:{WIDTH}px;height:{HEIGHT}px") data-testid="map">
            <canvas
                node_ref=canvas
                style=format!("width:{WIDTH}px;height:{HEIGHT}px")
                role="img"
                tabindex="0"
                aria-label=format!("Map of {} rows: {}. Arrow keys pan, plus and minus zoom, 0 fits.", map.coords.len(), map.source)
                on:keydown=on_key
                on:wheel=on_wheel
                on:mousedown=on_down
                on:mousemove=on_move
                on:mouseup=on_up
                on:mouseleave=move |_| { hover.set(None); drag.set(None); }
            ></canvas>
            <svg class="map-overlay" width=WIDTH height=HEIGHT aria-hidden="true">{shapes}</svg>
            {tooltip}
        </div>
    }
}
