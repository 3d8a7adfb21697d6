//! The app's bench mode (`?bench=NAME`): the real bundle times the benchmark's
//! tasks on a generated data set in its engine worker (with `performance.now()`),
//! and shows the times as a table and as JSON for `bench/run.py` to read. Nothing
//! else of the app runs.
//!
//! Where the bootstrap is timed, it is timed twice: in the one worker, and shared
//! among a pool of workers the way the app runs it (`bootstrap pool`: from sending
//! the shares to having every replicate on the page, the workers already holding
//! the data set).

use biaslens_core::bootstrap::{shares, BootstrapSettings};
use biaslens_core::CombinationSettings;
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use crate::engine::{cores, now_ms, pool_size, WORKER_PATH};
use crate::format::thousands;
use crate::widgets::progress::describe;
use biaslens_worker::protocol::{BenchTimes, DataSpec, Job, Request, Response};
use biaslens_worker::EngineWorker;

/// Times B = 1000 resamples of `set` shared among a pool of workers the way the
/// app shares them; `done(workers, ms)` when every share has answered.
fn time_pool(set: &str, k_max: usize, done: impl Fn(usize, f64) + Clone + 'static) {
    let b = BootstrapSettings {
        replicates: 1000,
        seed: 0,
    };
    let ranges = shares(b.replicates, pool_size(cores(), b.replicates));
    let workers = ranges.len();
    let bridges = StoredValue::new_local(Vec::<WorkerBridge<EngineWorker>>::new());
    let (loaded, answered, started) = (
        StoredValue::new(0),
        StoredValue::new(0),
        StoredValue::new(0.0),
    );
    let settings = CombinationSettings {
        k_max,
        min_support: biaslens_core::generate::BENCH_MIN_SUPPORT,
        ..Default::default()
    };
    let on_response = move |response: Response| match response {
        Response::Loaded { .. } => {
            loaded.update_value(|n| *n += 1);
            if loaded.get_value() < workers {
                return;
            }
            // Every worker holds the data set: send the shares.
            started.set_value(now_ms());
            bridges.with_value(|bs| {
                for (k, (bridge, range)) in bs.iter().zip(ranges.clone()).enumerate() {
                    bridge.send(Request::Run {
                        id: 100 + k as u64,
                        data: Box::new(DataSpec {
                            columns: biaslens_core::ColumnChoice::none(),
                            threshold: biaslens_core::dataset::DEFAULT_THRESHOLD,
                            filter: Default::default(),
                        }),
                        job: Box::new(Job::BootstrapShare {
                            settings,
                            b,
                            start: range.start,
                            end: range.end,
                        }),
                    });
                }
            });
        }
        Response::Done { .. } => {
            answered.update_value(|n| *n += 1);
            if answered.get_value() == workers {
                done(workers, now_ms() - started.get_value());
            }
        }
        _ => {}
    };
    let spawned = (0..workers)
        .map(|k| {
            let bridge = EngineWorker::spawner()
                .callback(on_response.clone())
                .with_loader(true)
                .spawn(WORKER_PATH);
            bridge.send(Request::LoadBench {
                id: k as u64,
                set: set.to_owned(),
            });
            bridge
        })
        .collect();
    bridges.set_value(spawned);
}

/// The bench page for the data set `set`.
#[component]
pub fn BenchPage(set: String) -> impl IntoView {
    let result = RwSignal::new(None::<Result<BenchTimes, String>>);
    let stage = RwSignal::new(String::from("starting the engine"));
    // The page's own clock: from asking to having the answer on the page.
    let started = window().performance().map(|p| p.now());
    let round_trip = RwSignal::new(None::<f64>);
    // The pool's bootstrap: (workers, ms), once timed.
    let pool = RwSignal::new(None::<(usize, f64)>);
    let name = set.clone();
    let bridge = EngineWorker::spawner()
        .callback(move |response| match response {
            Response::Progress { progress, .. } => stage.set(describe(&progress).0),
            Response::Bench { result: r, .. } => {
                let now = window().performance().map(|p| p.now());
                round_trip.set(now.zip(started).map(|(n, s)| n - s));
                match r {
                    Ok(t) if t.tasks.iter().any(|(task, _)| task == "bootstrap") => {
                        stage.set("bootstrap shared among a pool of workers".into());
                        let k_max =
                            biaslens_core::generate::bench_set(&name).map_or(3, |s| s.k_max);
                        time_pool(&name, k_max, move |workers, ms| {
                            pool.set(Some((workers, ms)));
                            result.set(Some(Ok(t.clone())));
                        });
                    }
                    r => result.set(Some(r)),
                }
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
            Ok(mut t) => {
                let workers = pool.get_untracked().map(|(workers, ms)| {
                    t.tasks.push(("bootstrap pool".to_owned(), ms));
                    workers
                });
                let json = serde_json::json!({
                    "workers": workers,
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
