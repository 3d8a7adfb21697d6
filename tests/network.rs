//! Nothing is sent anywhere (issue 8): opening the app, a demo, and its views
//! requests only the app's own files from the host that serves it — no fonts,
//! analytics or CDNs — as Chromium's network log records every request of its
//! pages. (The log does not show what the engine's workers fetch themselves:
//! their script and wasm, and the files of a `?data=` link.)

use biaslens_e2e::Session;

#[tokio::test]
async fn the_app_requests_only_its_own_files() {
    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.wait_for(".demo-cards").await.unwrap();
    s.open("/?demo=kitchen").await.unwrap();
    s.wait_for("[data-metric='multi_mals.mean']").await.unwrap();
    for tab in ["#tab-cooccurrence", "#tab-rows", "#tab-embeddings"] {
        s.click(tab).await.unwrap();
    }
    s.wait_for("[data-testid=pca-line]").await.unwrap();
    let urls = s.requested_urls().await.unwrap();
    let own =
        |u: &&String| u.starts_with(&s.base) || u.starts_with("blob:") || u.starts_with("data:");
    let foreign: Vec<&String> = urls.iter().filter(|u| !own(u)).collect();
    assert!(
        foreign.is_empty(),
        "requests beyond the app's own files: {foreign:?}"
    );
    // The log did record the page's own files (the test would pass on an empty log).
    for file in [".wasm", ".js", ".css"] {
        assert!(
            urls.iter()
                .any(|u| u.split('?').next().is_some_and(|p| p.ends_with(file))),
            "no {file} in {urls:?}"
        );
    }
    println!("{} requests, all to {}: {urls:#?}", urls.len(), s.base);
    s.close().await;
}
