//! The app's bench mode (`?bench=NAME`): the real bundle times the benchmark's
//! tasks on a generated data set in its engine worker (with `performance.now()`),
//! and shows the times as a table and as JSON for `bench/run.py` to read. Nothing
//! else of the app runs.

use gloo_worker::Spawnable;
use leptos::prelude::*;

use crate::components::progress::describe;
use crate::engine::WORKER_PATH;
use crate::engine_worker::EngineWorker;
use crate::format::thousands;
use crate::protocol::{BenchTimes, Request, Response};

/// The bench page for the data set `set`.
#[component]
pub fn BenchPage(set: String) -> impl IntoView {
    let result = RwSignal::new(None::<Result<BenchTimes, String>>);
    let stage = RwSignal::new(String::from("starting the engine"));
    // The page's own clock: from asking to having the answer on the page.
    let started = window().performance().map(|p| p.now());
    let round_trip = RwSignal::new(None::<f64>);
    let bridge = EngineWorker::spawner()
        .callback(move |response| match response {
            Response::Progress { progress, .. } => stage.set(describe(&progress).0),
            Response::Bench { result: r, .. } => {
                let now = window().performance().map(|p| p.now());
                round_trip.set(now.zip(started).map(|(n, s)| n - s));
                result.set(Some(r));
            }
            _ => {}
        })
        .with_loader(true)
        .spawn(WORKER_PATH);
    bridge.send(Request::Bench {
        id: 1,
        set: set.clone(),
    });
    // The bridge (and with it the worker) lives as long as the page.
    let _keep = StoredValue::new_local(bridge);
    let table = move || {
        result.get().map(|r| match r {
            Err(e) => view! { <p class="error" role="alert" data-testid="bench-error">{e}</p> }.into_any(),
            Ok(t) => {
                let json = serde_json::json!({
                    "set": t.set,
                    "rows": t.rows,
                    "attributes": t.attributes,
                    "combinations": t.combinations,
                    "ms": t.tasks.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(*v))).collect::<serde_json::Map<String, serde_json::Value>>(),
                    "round_trip_ms": round_trip.get_untracked(),
                })
                .to_string();
                let rows = t
                    .tasks
                    .iter()
                    .map(|(task, ms)| view! { <tr><th scope="row">{task.clone()}</th><td class="num">{format!("{ms:.1}")}</td></tr> })
                    .collect_view();
                view! {
                    <p>{format!("{}: {} rows, {} attributes, |M| = {}.", t.set, thousands(t.rows as u64), t.attributes, thousands(t.combinations as u64))}</p>
                    <table class="data-table"><thead><tr><th scope="col">"task"</th><th scope="col">"ms"</th></tr></thead><tbody>{rows}</tbody></table>
                    <pre data-testid="bench-result">{json}</pre>
                }
                .into_any()
            }
        })
    };
    view! {
        <main class="main bench">
            <h1>"biaslens bench mode"</h1>
            <p>{format!("Data set: {set}. Timed in the engine's worker with performance.now().")}</p>
            <Show when=move || result.with(Option::is_none)>
                <p class="busy" role="status">{move || stage.get()}</p>
            </Show>
            {table}
        </main>
    }
}
