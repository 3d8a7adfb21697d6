//! A researcher's own file whose column names say nothing the app knows
//! (issue 18 item 6): it opens on the mapping panel, the columns chosen there
//! give the same numbers as the file with the usual names, the choice goes into
//! the link, and the kept copy reopens with it without asking again.

use biaslens_e2e::{Session, TempDir};

/// The toy data set with every role's column renamed.
fn own_csv() -> String {
    let toy = include_str!("../data/toy/toy.csv");
    let (_, rows) = toy.split_once('\n').unwrap();
    format!("id,split,who,model_who,stuff,model_stuff\n{rows}")
}

/// Waits until the summary names `own` and the toy's headline values are on
/// screen.
async fn shows_the_toy_numbers(s: &Session) {
    s.until("the summary of own", || async {
        let t = s.text("[data-testid=summary]").await.ok()?;
        t.starts_with("own").then_some(())
    })
    .await
    .unwrap();
    super::wait_for_combinations(s, 5).await.unwrap();
    assert_eq!(
        super::check_headline(s, "subsets k=1..3 s=1")
            .await
            .unwrap(),
        14
    );
}

#[tokio::test]
async fn a_file_with_unknown_column_names_opens_through_the_mapping_panel() {
    let dir = TempDir::new("columns").unwrap();
    let file = dir.0.join("own.csv");
    std::fs::write(&file, own_csv()).unwrap();
    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.pick(&[&file]).await.unwrap();
    let why = s.text("[data-testid=column-panel-why]").await.unwrap();
    assert!(
        why.contains("no column is named group, gender, sex or race"),
        "{why}"
    );
    // The preview shows the file's first rows.
    let preview = s.text("[data-testid=column-preview]").await.unwrap();
    assert!(
        preview.contains("who") && preview.contains("a0|a1"),
        "{preview}"
    );
    s.screenshot("columns-panel").await;
    s.select("#col-group", "who").await.unwrap();
    s.select("#col-pred_group", "model_who").await.unwrap();
    s.select("#col-attributes", "stuff").await.unwrap();
    s.select("#col-pred_attributes", "model_stuff")
        .await
        .unwrap();
    s.click("[data-testid=column-open]").await.unwrap();
    shows_the_toy_numbers(&s).await;
    assert!(s.absent("[data-testid=column-panel]").await);
    let url = s.url().await;
    for part in [
        "group=who",
        "col_pred_group=model_who",
        "col_attributes=stuff",
        "col_pred_attributes=model_stuff",
    ] {
        assert!(url.contains(part), "{url} lacks {part}");
    }
    // A link that names only the file: the kept copy brings its columns, and
    // the panel does not ask again.
    let base = url.split('?').next().unwrap();
    s.client
        .goto(&format!("{base}?file=own.csv"))
        .await
        .unwrap();
    s.until("the reopened file", || async {
        let t = s.text("[data-testid=kept]").await.ok()?;
        t.contains("reopened").then_some(())
    })
    .await
    .unwrap();
    shows_the_toy_numbers(&s).await;
    assert!(s.absent("[data-testid=column-panel]").await);
    s.close().await;
}
