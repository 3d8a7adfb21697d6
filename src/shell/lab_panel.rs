//! The bias lab's dials: three sliders that regenerate the `lab` demo (in the
//! engine's worker) and with it every view; their values live in the URL.

use biaslens_core::lab::LabSettings;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::engine::Engine;
use crate::query::Source;
use crate::state::AppState;

/// One dial: its id, label, what it does, and how to read and set it.
struct Dial {
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    get: fn(&LabSettings) -> f64,
    set: fn(&mut LabSettings, f64),
}

const DIALS: [Dial; 3] = [
    Dial {
        id: "lab-bias",
        label: "Pair bias in the data",
        hint: "How much more often {sink, laundry} appear together with women in the data (each alone stays balanced).",
        get: |l| l.pair_bias,
        set: |l, v| l.pair_bias = v,
    },
    Dial {
        id: "lab-amp",
        label: "Model amplification",
        hint: "How often the model takes the pair as a shortcut (times the pair bias): it completes the pair for women and breaks it for men.",
        get: |l| l.amplification,
        set: |l, v| l.amplification = v,
    },
    Dial {
        id: "lab-noise",
        label: "Noise",
        hint: "The chance that any one prediction (an attribute or the group) is flipped at random.",
        get: |l| l.noise,
        set: |l, v| l.noise = v,
    },
];

/// The lab's panel, shown while the `lab` demo is loaded.
#[component]
pub fn LabPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let is_lab = move || state.settings.source().get() == Some(Source::Demo("lab".into()));
    let dials = move || {
        DIALS
            .iter()
            .map(|d| {
                let (get, set) = (d.get, d.set);
                // The value under the pointer while the dial is dragged: the label
                // follows it at once; the data set is made again on release.
                let dragged = RwSignal::new(None::<f64>);
                let on_input = move |ev: leptos::ev::Event| {
                    dragged.set(event_target_value(&ev).parse::<f64>().ok());
                };
                let on_change = move |ev: leptos::ev::Event| {
                    dragged.set(None);
                    let Ok(v) = event_target_value(&ev).parse::<f64>() else {
                        return;
                    };
                    state.settings.lab().update(|l| {
                        set(l, v);
                        *l = l.clamped();
                    });
                    // A new data set from the dials; the other settings stay.
                    engine.load_demo("lab", true);
                };
                view! {
                    <div class="dial">
                        <label for=d.id>{d.label} ": " <output for=d.id>{move || format!("{:.2}", dragged.get().unwrap_or_else(|| state.settings.lab().with(get)))}</output></label>
                        <input id=d.id type="range" min="0" max="1" step="0.05"
                            prop:value=move || state.settings.lab().with(get).to_string()
                            on:input=on_input
                            on:change=on_change />
                        <p class="hint">{d.hint}</p>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=is_lab>
            <section class="lab" aria-label="Bias lab" data-testid="lab">
                <h2>"Bias lab"</h2>
                <p class="hint">"Move a dial: the data set is generated again and every view follows. Watch Multi_MALS (pairs) rise with amplification while BiasAmp_MALS (single attributes) barely moves."</p>
                <div class="dials">{dials}</div>
            </section>
        </Show>
    }
}
