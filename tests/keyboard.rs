//! The main flow with the keyboard alone: open a demo from the landing screen,
//! move between tabs, select a combination in the chart, read its explanation,
//! and copy the link — every step by Tab, arrows and Enter, each focused control
//! visibly marked.

use biaslens_e2e::Session;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};

const TAB: &[char] = &['\u{E004}'];
/// Shift+Tab: Shift held while Tab goes down and up.
const SHIFT_TAB: &[char] = &['\u{E008}', '\u{E004}'];
const ENTER: &[char] = &['\u{E007}'];
const RIGHT: &[char] = &['\u{E014}'];

/// A CSS-ish description of the focused element: its tag, id, classes and testid.
async fn focused(s: &Session) -> String {
    let v = s
        .client
        .execute(
            "const e = document.activeElement; return [e.tagName.toLowerCase(), e.id, e.getAttribute('class') || '', e.dataset.testid || '', e.dataset.demo || ''].join(' ');",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

/// Whether the focused element has a visible focus ring: an outline or a box
/// shadow, or (SVG groups draw no outline) a stroked shape inside it.
async fn focus_is_visible(s: &Session) -> bool {
    let v = s
        .client
        .execute(
            "const e = document.activeElement, c = getComputedStyle(e);
             if ((c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) > 0) || c.boxShadow !== 'none') return true;
             return [...e.querySelectorAll('*')].some(d => { const s = getComputedStyle(d); return s.stroke !== 'none' && parseFloat(s.strokeWidth) >= 2; });",
            vec![],
        )
        .await
        .unwrap();
    v.as_bool().unwrap_or(false)
}

/// Presses the keys together (the first ones held, as modifiers), through the
/// WebDriver actions API: what a keyboard does, whatever element has the focus.
async fn press(s: &Session, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for &k in keys {
        actions = actions.then(KeyAction::Down { value: k });
    }
    for &k in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: k });
    }
    s.client.perform_actions(actions).await.unwrap();
}

/// Presses `key` (Tab or Shift+Tab) until the focused element's description
/// contains `what` (at most `limit` presses); the stop must be visibly focused.
async fn tab_to(s: &Session, key: &[char], what: &str, limit: usize) {
    for _ in 0..limit {
        press(s, key).await;
        let f = focused(s).await;
        if f.contains(what) {
            assert!(focus_is_visible(s).await, "{f}: no visible focus");
            return;
        }
    }
    panic!(
        "{what} not reached in {limit} Tab presses (at {})",
        focused(s).await
    );
}

#[tokio::test]
async fn the_main_flow_works_with_the_keyboard_alone() {
    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.wait_for(".demo-card").await.unwrap();
    tab_to(&s, TAB, "demo-card  kitchen", 40).await;
    press(&s, ENTER).await;
    s.wait_for("[data-metric='multi_mals.mean']").await.unwrap();
    // The tabs: focus the open one, then the arrow keys move between them.
    tab_to(&s, TAB, "tab-overview", 80).await;
    press(&s, RIGHT).await;
    s.until("the amplification tab", || async {
        s.url().await.contains("view=amplification").then_some(())
    })
    .await
    .unwrap();
    assert!(focused(&s).await.contains("tab-amplification"));
    // Into the chart: a bar takes Enter and selects its combination.
    s.wait_for("[data-testid=bar-chart] g.bar").await.unwrap();
    tab_to(&s, TAB, "bar", 40).await;
    press(&s, ENTER).await;
    s.until("a selection in the URL", || async {
        s.url().await.contains("select=").then_some(())
    })
    .await
    .unwrap();
    s.wait_for("[data-testid=explain]").await.unwrap();
    // Back up to the header's Copy link button, which answers Enter.
    tab_to(&s, SHIFT_TAB, "primary", 120).await;
    press(&s, ENTER).await;
    s.copy_link_answer().await.unwrap();
    s.close().await;
}
