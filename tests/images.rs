//! Row images from another host load only after the user allows that host
//! (issue 8): loading one tells the host who is looking. Until then the Rows view
//! says where the images are and the browser asks that host for nothing.

use biaslens_e2e::{serve, Session, TempDir};
use fantoccini::Locator;

/// A 1 × 1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn images_from_another_host_wait_for_permission() {
    // Another host (another port of 127.0.0.1) serving the images.
    let host_dir = TempDir::new("image-host").unwrap();
    std::fs::write(host_dir.0.join("cat.png"), PNG).unwrap();
    let other = serve(host_dir.0.clone()).unwrap();
    let data = TempDir::new("image-data").unwrap();
    let csv: String = std::iter::once("id,split,group,attributes,image\n".to_owned())
        .chain((0..8).map(|i| {
            format!(
                "r{i},{},{},cup,{other}/cat.png?row={i}\n",
                if i % 2 == 0 { "train" } else { "test" },
                if i % 3 == 0 { "man" } else { "woman" }
            )
        }))
        .collect();
    let path = data.0.join("pictures.csv");
    std::fs::write(&path, csv).unwrap();

    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.open_file(&path, "pictures").await.unwrap();
    s.click("#tab-rows").await.unwrap();
    let notice = s.text("[data-testid=image-consent]").await.unwrap();
    let host = other.trim_start_matches("http://");
    assert!(notice.contains(host), "{notice}");
    s.wait_for("[data-testid=rows-table]").await.unwrap();
    let images = s
        .client
        .find_all(Locator::Css("[data-testid=rows-table] img"))
        .await
        .unwrap();
    assert!(
        images.is_empty(),
        "{} images before permission",
        images.len()
    );
    // Each image's place says why it is empty.
    let waiting = s
        .client
        .find_all(Locator::Css("[data-testid=rows-table] .thumb-wait"))
        .await
        .unwrap();
    assert!(!waiting.is_empty());
    assert_eq!(waiting[0].text().await.unwrap(), "not loaded");
    s.screenshot("images-waiting").await;
    let asked = s.requested_urls().await.unwrap();
    assert!(
        !asked.iter().any(|u| u.starts_with(&other)),
        "the image host was asked before permission: {asked:?}"
    );

    // Allowed: the images load, from that host.
    s.click("[data-testid=image-consent] button").await.unwrap();
    s.until("the images", || async {
        let n = s
            .client
            .find_all(Locator::Css("[data-testid=rows-table] img"))
            .await
            .ok()?
            .len();
        (n > 0).then_some(())
    })
    .await
    .unwrap();
    s.until("a request to the image host", || async {
        let asked = s.requested_urls().await.ok()?;
        asked.iter().any(|u| u.starts_with(&other)).then_some(())
    })
    .await
    .unwrap();
    assert!(s
        .client
        .find(Locator::Css("[data-testid=image-consent]"))
        .await
        .is_err());
    s.close().await;
}
