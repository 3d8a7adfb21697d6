//! If anything panics on the page (a bug: no user data should reach a panic), the
//! app cannot go on. Instead of a dead page it shows a recovery message: the
//! settings are in the address bar, and one click reloads them. The message is
//! built with plain DOM calls and a plain link, so it works while the app's own
//! code no longer runs.

/// Installs the hook: the panic still goes to the console, and a message covers
/// the page.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_recovery(&info.to_string());
    }));
}

/// Shows the recovery message (once), with what went wrong for a bug report.
pub fn show_recovery(detail: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Some(document), Ok(href)) = (window.document(), window.location().href()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let make = |tag: &str, text: &str| {
        let e = document.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let parts = (
        make("div", ""),
        make("h2", "biaslens stopped: something went wrong inside it"),
        make(
            "p",
            "This is a bug in biaslens, not a problem with your data. Your settings are in \
             the address bar: reload to get back to this view (a file from your computer \
             needs opening again). Nothing was sent anywhere.",
        ),
        make("a", "Reload"),
        make("pre", detail),
    );
    let (Some(panel), Some(title), Some(text), Some(reload), Some(details)) = parts else {
        return;
    };
    panel.set_id("crash");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("class", "crash");
    let _ = reload.set_attribute("href", &href);
    let _ = reload.set_attribute("class", "button primary");
    let _ = details.set_attribute("class", "crash-detail");
    for child in [&title, &text, &reload, &details] {
        let _ = panel.append_child(child);
    }
    let _ = body.append_child(&panel);
}
