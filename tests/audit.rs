//! End to end: an automated accessibility audit (axe-core, installed into
//! `.tools/` by `scripts/setup.sh`) of every view of the kitchen demo, the lab and
//! the landing page: no serious or critical violation.

use std::path::Path;

use biaslens_e2e::Session;

/// axe-core's script, as `scripts/setup.sh` installs it.
fn axe_script() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}: run scripts/setup.sh test", path.display()))
}

/// Runs axe on the page as it is; returns the serious and critical violations,
/// one line each (rule, impact, the first offending element).
async fn violations(s: &Session, axe: &str) -> Vec<String> {
    s.client.execute(axe, vec![]).await.unwrap();
    let found = s
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] }).then(r => done(
                 r.violations
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => `${v.id} (${v.impact}): ${v.nodes.length} × e.g. ${v.nodes[0].target.join(' ')} — ${v.help}`)));"#,
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn every_view_passes_an_accessibility_audit() {
    let axe = axe_script();
    let s = Session::start().await.unwrap();
    let mut problems = Vec::new();
    let pages = [
        ("/", "[data-testid=landing], .demo-card"),
        ("/?demo=kitchen&b=0", "[data-metric='multi_mals.mean']"),
        (
            "/?demo=kitchen&b=0&view=amplification&select=laundry%7Csink&tour=2",
            "[data-testid=explain]",
        ),
        (
            "/?demo=kitchen&b=0&view=cooccurrence",
            "[data-testid=cooc-table], table",
        ),
        ("/?demo=kitchen&b=0&view=spurious", "table"),
        (
            "/?demo=birds&b=0&view=probe",
            "[data-testid=probe-target] svg",
        ),
        (
            "/?demo=birds&b=0&view=probe&table=1",
            "[data-testid=probe-target] table",
        ),
        (
            "/?demo=kitchen&b=0&view=embeddings",
            "[data-testid=leakage]",
        ),
        ("/?demo=kitchen&b=0&view=rows&select=sink", "table"),
        ("/?demo=lab&b=0", "[data-testid=lab]"),
        ("/?demo=words&b=0&view=embeddings", "[data-testid=axis]"),
        ("/?demo=adult&b=0", "[data-metric='multi_mals.mean']"),
    ];
    for (path, ready) in pages {
        s.open(path).await.unwrap();
        s.wait_for(ready).await.unwrap();
        for v in violations(&s, &axe).await {
            problems.push(format!("{path}: {v}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The marks are buttons for the keyboard too: Enter on an attribute's
    // direction colours the map by it.
    s.open("/?demo=kitchen&b=0&view=embeddings").await.unwrap();
    let bar = s
        .wait_for("#directions-chart g.direction:first-of-type")
        .await
        .unwrap();
    let attribute = bar.attr("data-attribute").await.unwrap().unwrap();
    bar.send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    s.until("the map coloured by the attribute", || async {
        s.url()
            .await
            .contains(&format!("colour=attr%3A{attribute}"))
            .then_some(())
    })
    .await
    .unwrap();
    s.close().await;
}
