//! Readable at every size (issue 18 item 9): in Large text at 800 and 1280 px,
//! every view of the kitchen demo, the adult and words tables, the lab and the
//! birds' probe fit the window — no chart wider than its box, no page wider than
//! the window, and at 1280 px no table wider than its box (at 800 px a table of
//! ten columns scrolls inside its box) — and the open tab is in sight when the tabs scroll.

use biaslens_e2e::Session;

/// The views and what shows each has finished drawing.
const VIEWS: [(&str, &str); 6] = [
    ("overview", "[data-metric='multi_mals.mean']"),
    ("amplification", "[data-testid=cells-table]"),
    ("cooccurrence", "#cooc-chart svg"),
    ("spurious", "[data-testid=spurious-table]"),
    ("embeddings", "[data-testid=map] canvas"),
    ("rows", "[data-testid=rows-table]"),
];

/// What overflows on the page as it is: the page itself, each table and chart
/// box wider inside than outside, and the open tab outside its strip.
const OVERFLOWS: &str = r#"
const tables = arguments[0], out = [];
const page = document.documentElement;
if (page.scrollWidth > window.innerWidth + 1) out.push(`the page is ${page.scrollWidth} wide in a ${window.innerWidth} window`);
for (const box of document.querySelectorAll(tables ? '.table-scroll, .chart-scroll' : '.chart-scroll')) {
  if (box.closest('.hidden') || box.offsetParent === null) continue;
  if (box.scrollWidth > box.clientWidth + 1) {
    const what = box.id || (box.querySelector('[data-testid]') || box).getAttribute('data-testid') || box.className;
    out.push(`${what}: ${box.scrollWidth} wide in a ${box.clientWidth} box`);
  }
}
const strip = document.querySelector('.tabs'), tab = document.querySelector('.tabs [aria-selected=true]');
if (strip && tab) {
  const s = strip.getBoundingClientRect(), t = tab.getBoundingClientRect();
  if (t.left < s.left - 1 || t.right > s.right + 1) out.push(`the open tab ${tab.id} is outside the tab strip`);
}
return out;
"#;

#[tokio::test]
async fn every_view_fits_the_window_in_large_text() {
    let s = Session::start().await.unwrap();
    let mut problems = Vec::new();
    let mut pages: Vec<(String, &str)> = VIEWS
        .iter()
        .map(|(v, ready)| (format!("/?demo=kitchen&b=0&view={v}&present=1"), *ready))
        .collect();
    pages.extend([
        (
            "/?demo=adult&b=0&view=spurious&present=1".to_owned(),
            VIEWS[3].1,
        ),
        (
            "/?demo=words&view=amplification&present=1".to_owned(),
            VIEWS[1].1,
        ),
        (
            "/?demo=lab&b=0&view=amplification&present=1".to_owned(),
            VIEWS[1].1,
        ),
        (
            "/?demo=birds&b=0&view=probe&present=1".to_owned(),
            "[data-testid=probe-target] svg",
        ),
        (
            "/?demo=birds&b=0&view=slices&present=1".to_owned(),
            "[data-testid=slices-table]",
        ),
    ]);
    for width in [800, 1280] {
        s.client.set_window_size(width, 1000).await.unwrap();
        for (page, ready) in &pages {
            s.open(page).await.unwrap();
            s.wait_for(ready).await.unwrap();
            // The open tab is scrolled into the strip after the view draws.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let tables = serde_json::Value::Bool(width >= 1280);
            let found = s.client.execute(OVERFLOWS, vec![tables]).await.unwrap();
            for p in found.as_array().unwrap() {
                problems.push(format!(
                    "{width} px {page}: {}",
                    p.as_str().unwrap_or_default()
                ));
            }
        }
    }
    s.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
