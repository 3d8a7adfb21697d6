//! The URL query string: every setting a user makes, so that a copied address
//! reproduces the screen (`docs/spec/formats.md`, share links).

use biaslens_core::combinations::{DEFAULT_K_MAX, DEFAULT_K_MIN};
use biaslens_core::cooccurrence::Split;
use biaslens_core::dataset::DEFAULT_THRESHOLD;
use biaslens_core::filter::{Region, RowFilter};
use biaslens_core::lab::LabSettings;
use biaslens_core::probe::sap::DEFAULT_REFITS;
use biaslens_core::probe::slices::DEFAULT_COMPONENTS;
use biaslens_core::ranking::Rank;
use biaslens_core::{ColumnChoice, Mode, Role};
use reactive_stores::Store;

/// The largest combination size the settings offer and a link may ask for (the
/// engine refuses, with a message, settings too big for the data set at hand).
pub const K_LIMIT: usize = 8;

/// The most bootstrap refits a link may ask of the probe (each is a fit).
pub const MAX_PROBE_REFITS: usize = 1000;

/// The most mixture components a link may ask of the error slices.
pub const MAX_SLICE_COMPONENTS: usize = 50;

/// The tabs of the main area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Headline metrics and the data set summary.
    #[default]
    Overview,
    /// Ranked combinations: bar chart and table.
    Amplification,
    /// Co-occurrence heatmap and table.
    Cooccurrence,
    /// Spurious-correlation ranking for a target.
    Spurious,
    /// What the representation leans on: the concept probe of a target.
    Probe,
    /// Where the model fails: error slices of the embeddings.
    Slices,
    /// The rows behind the current filter and selection.
    Rows,
    /// The embedding map, leakage and attribute directions.
    Embeddings,
}

impl View {
    /// Every tab, in order.
    pub const ALL: [View; 8] = [
        View::Overview,
        View::Amplification,
        View::Cooccurrence,
        View::Spurious,
        View::Probe,
        View::Slices,
        View::Embeddings,
        View::Rows,
    ];

    /// The name in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Amplification => "amplification",
            View::Cooccurrence => "cooccurrence",
            View::Spurious => "spurious",
            View::Probe => "probe",
            View::Slices => "slices",
            View::Rows => "rows",
            View::Embeddings => "embeddings",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Amplification => "Amplification",
            View::Cooccurrence => "Co-occurrence",
            View::Spurious => "Spurious",
            View::Probe => "Probe",
            View::Slices => "Slices",
            View::Rows => "Rows",
            View::Embeddings => "Embeddings",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What the map's points are coloured by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Colour {
    /// The ground-truth group.
    #[default]
    Group,
    /// Whether the group was predicted right.
    Correct,
    /// Whether the row has an attribute.
    Attribute(String),
    /// Whether the row has the selected combination.
    Selection,
}

impl Colour {
    /// The text in the URL.
    pub fn to_param(&self) -> String {
        match self {
            Colour::Group => "group".into(),
            Colour::Correct => "correct".into(),
            Colour::Selection => "selection".into(),
            Colour::Attribute(a) => format!("attr:{a}"),
        }
    }

    /// Reads the text in the URL.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "group" => Some(Colour::Group),
            "correct" => Some(Colour::Correct),
            "selection" => Some(Colour::Selection),
            _ => s
                .strip_prefix("attr:")
                .filter(|a| !a.is_empty())
                .map(|a| Colour::Attribute(a.to_owned())),
        }
    }
}

/// Which association the co-occurrence heatmap colours by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Normalised PMI.
    #[default]
    Npmi,
    /// Phi coefficient.
    Phi,
}

impl Measure {
    /// The name in the URL (`cooc_colour=`).
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Npmi => "npmi",
            Measure::Phi => "phi",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Measure::Npmi, Measure::Phi]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// A table's sort as a link says it: a column's key, `-key` for descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortBy {
    /// The column's key (each table names its columns).
    pub key: String,
    /// Largest first.
    pub descending: bool,
}

impl SortBy {
    fn parse(s: &str) -> Option<Self> {
        let (key, descending) = match s.strip_prefix('-') {
            Some(k) => (k, true),
            None => (s, false),
        };
        (!key.is_empty()).then(|| SortBy {
            key: key.to_owned(),
            descending,
        })
    }

    fn to_param(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.key)
    }
}

/// How the views lay out what they show: kept in the link, so that a copied
/// link reopens the same screen (not only the same numbers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Charts shown as their tables (`table=1`).
    pub tables: bool,
    /// The co-occurrence heatmap's colour (`cooc_colour=phi`; nPMI by default).
    pub cooc_colour: Measure,
    /// The co-occurrence table's sort (`cooc_sort=`), `None` for its default.
    pub cooc_sort: Option<SortBy>,
    /// The cells table's sort (`cells_sort=`), `None` for its default.
    pub cells_sort: Option<SortBy>,
    /// The cells table's filter text (`cells_find=`).
    pub cells_find: String,
    /// The first row the row list shows (`rows_from=`).
    pub rows_from: usize,
}

/// Where the data came from, as the URL can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A built-in demo, by name.
    Demo(String),
    /// A file from the user's disk, by name: it cannot travel in a link.
    File(String),
    /// A file or manifest on the web (`?data=URL`), fetched by the engine's worker.
    Url(String),
}

/// Everything the query string carries: the app's settings (held as one
/// `Store`, see `AppState::settings`), parsed by [`Query::parse`] and written
/// by [`Query::to_search`].
#[derive(Debug, Clone, PartialEq, Store)]
pub struct Query {
    /// The data set.
    pub source: Option<Source>,
    /// The columns chosen for roles (`group=`, `col_ROLE=`; the rest as their
    /// names say).
    pub columns: ColumnChoice,
    /// Smallest combination size.
    pub k_min: usize,
    /// Largest combination size.
    pub k_max: usize,
    /// Minimum support (`None`: the data set's suggestion, else 1).
    pub min_support: Option<u64>,
    /// Combination mode.
    pub mode: Mode,
    /// Score threshold.
    pub threshold: f64,
    /// The open tab.
    pub view: View,
    /// The selected combination (attribute names), filtering the table.
    pub selected: Option<Vec<String>>,
    /// The selected group (a heatmap cell's column).
    pub selected_group: Option<String>,
    /// The filter every view is restricted to.
    pub filter: RowFilter,
    /// Bootstrap resamples (0: no intervals).
    pub replicates: usize,
    /// Bootstrap seed.
    pub seed: u64,
    /// The co-occurrence tab's split.
    pub split: Split,
    /// The co-occurrence tab shows combinations too (not only attributes).
    pub cooc_combinations: bool,
    /// The co-occurrence tab shows attribute × attribute (not attribute × group).
    pub cooc_pairs: bool,
    /// The spurious tab's target.
    pub target: Option<String>,
    /// The probe's target: the group column or an attribute (`probe=`).
    pub probe_target: Option<String>,
    /// The probe's bootstrap refits for the stability (`probe_b=`).
    pub probe_refits: usize,
    /// The error slices' mixture components (`slices_k=`).
    pub slice_components: usize,
    /// What the amplification bars are ranked by (`rank=`, omitted for the default).
    pub rank: Rank,
    /// What the map is coloured by.
    pub colour: Colour,
    /// The bias lab's dials (in the link only for `?demo=lab`).
    pub lab: LabSettings,
    /// How the views lay out what they show.
    pub layout: Layout,
    /// Large text for a projector (`present=1`).
    pub present: bool,
    /// The guided tour's open step, from 1 (`tour=N`); 0 when it is closed.
    pub tour: usize,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            source: None,
            columns: ColumnChoice::none(),
            k_min: DEFAULT_K_MIN,
            k_max: DEFAULT_K_MAX,
            min_support: None,
            mode: Mode::Subsets,
            threshold: DEFAULT_THRESHOLD,
            view: View::Overview,
            selected: None,
            selected_group: None,
            filter: RowFilter::default(),
            replicates: 1000,
            seed: 0,
            split: Split::Train,
            cooc_combinations: false,
            cooc_pairs: false,
            target: None,
            probe_target: None,
            probe_refits: DEFAULT_REFITS,
            slice_components: DEFAULT_COMPONENTS,
            rank: Rank::default(),
            colour: Colour::Group,
            lab: LabSettings::default(),
            layout: Layout::default(),
            present: false,
            tour: 0,
        }
    }
}

/// Splits `a=b&c=d` into decoded pairs.
fn pairs(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding (and `+` as space) of one query component.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of one query component (unreserved characters and `|` kept).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~|".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The largest bootstrap a link may ask for.
pub const MAX_REPLICATES: usize = 100_000;

/// `a|b` as a list of names.
fn list(v: &str) -> Vec<String> {
    v.split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Finite numbers separated by commas.
fn numbers(v: &str) -> Option<Vec<f64>> {
    v.split(',')
        .map(|x| x.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect()
}

/// `x0,x1,y0,y1` as a map rectangle (ordered so that x0 ≤ x1, y0 ≤ y1).
fn rectangle(v: &str) -> Option<Region> {
    let [x0, x1, y0, y1] = numbers(v)?[..] else {
        return None;
    };
    Some(Region::Rectangle([
        x0.min(x1),
        x0.max(x1),
        y0.min(y1),
        y0.max(y1),
    ]))
}

/// `x,y,x,y,…` (at least three points) as a lasso polygon.
fn lasso(v: &str) -> Option<Region> {
    let n = numbers(v)?;
    (n.len() >= 6 && n.len() % 2 == 0)
        .then(|| Region::Polygon(n.chunks_exact(2).map(|p| [p[0], p[1]]).collect()))
}

fn yes_no(v: &str) -> Option<bool> {
    match v {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

impl Query {
    /// Reads a query string (`?demo=toy&k_max=2`). Unknown keys and unreadable
    /// values are ignored: a mangled link still opens.
    pub fn parse(search: &str) -> Self {
        let mut q = Query::default();
        for (k, v) in pairs(search) {
            match k.as_str() {
                "demo" if !v.is_empty() => q.source = Some(Source::Demo(v)),
                "file" if !v.is_empty() => q.source = Some(Source::File(v)),
                "data" if !v.is_empty() => q.source = Some(Source::Url(v)),
                "group" if !v.is_empty() => q.columns.set(Role::Group, &v),
                // An empty value is a role left without a column.
                _ if k.starts_with("col_") => {
                    if let Some(role) = Role::from_key(&k["col_".len()..]) {
                        q.columns.set(role, &v);
                    }
                }
                "k_min" => q.k_min = v.parse().unwrap_or(q.k_min).clamp(1, K_LIMIT),
                "k_max" => q.k_max = v.parse().unwrap_or(q.k_max).clamp(1, K_LIMIT),
                "min_support" => q.min_support = v.parse().ok().filter(|&s| s >= 1),
                "mode" => q.mode = Mode::parse(&v).unwrap_or(q.mode),
                "threshold" => {
                    q.threshold = v
                        .parse()
                        .ok()
                        .filter(|t: &f64| (0.0..=1.0).contains(t))
                        .unwrap_or(q.threshold)
                }
                "view" => q.view = View::parse(&v).unwrap_or(q.view),
                // A selection of no names is none (found by fuzzing: `select=||`).
                "select" => q.selected = Some(list(&v)).filter(|l| !l.is_empty()),
                "select_group" if !v.is_empty() => q.selected_group = Some(v),
                "b" => q.replicates = v.parse().unwrap_or(q.replicates).min(MAX_REPLICATES),
                "seed" => q.seed = v.parse().unwrap_or(q.seed),
                "split" => q.split = Split::parse(&v).unwrap_or(q.split),
                // One of the three shapes the co-occurrence view shows (found by
                // fuzzing: a value naming two of them gave a state no view has).
                "cooc" => match v.as_str() {
                    "pairs" => (q.cooc_pairs, q.cooc_combinations) = (true, false),
                    "combinations" => (q.cooc_pairs, q.cooc_combinations) = (false, true),
                    "attributes" => (q.cooc_pairs, q.cooc_combinations) = (false, false),
                    _ => {}
                },
                "target" if !v.is_empty() => q.target = Some(v),
                "probe" if !v.is_empty() => q.probe_target = Some(v),
                "slices_k" => {
                    q.slice_components = v
                        .parse()
                        .unwrap_or(q.slice_components)
                        .clamp(1, MAX_SLICE_COMPONENTS)
                }
                "probe_b" => {
                    q.probe_refits = v.parse().unwrap_or(q.probe_refits).min(MAX_PROBE_REFITS)
                }
                "rank" => q.rank = Rank::from_name(&v).unwrap_or_default(),
                "colour" => q.colour = Colour::parse(&v).unwrap_or_default(),
                "present" => q.present = v == "1",
                "table" => q.layout.tables = v == "1",
                "cooc_colour" => q.layout.cooc_colour = Measure::parse(&v).unwrap_or_default(),
                "cooc_sort" => q.layout.cooc_sort = SortBy::parse(&v),
                "cells_sort" => q.layout.cells_sort = SortBy::parse(&v),
                "cells_find" => q.layout.cells_find = v,
                "rows_from" => q.layout.rows_from = v.parse().unwrap_or(0),
                "tour" => q.tour = v.parse().unwrap_or(0).min(99),
                // Finite numbers only (clamped below): NaN would make a state that
                // differs from itself.
                "lab_bias" => q.lab.pair_bias = finite(&v).unwrap_or(q.lab.pair_bias),
                "lab_amp" => q.lab.amplification = finite(&v).unwrap_or(q.lab.amplification),
                "lab_noise" => q.lab.noise = finite(&v).unwrap_or(q.lab.noise),
                "f_region" => q.filter.region = rectangle(&v),
                "f_lasso" => q.filter.region = lasso(&v),
                "f_split" if !v.is_empty() => q.filter.split = Some(v),
                "f_group" if !v.is_empty() => q.filter.group = Some(v),
                "f_pred_group" if !v.is_empty() => q.filter.pred_group = Some(v),
                "f_correct" => q.filter.group_correct = yes_no(&v),
                "f_has" if !v.is_empty() => q.filter.has = list(&v),
                "f_pred_has" if !v.is_empty() => q.filter.pred_has = list(&v),
                _ => {}
            }
        }
        q.lab = q.lab.clamped();
        q
    }

    /// Writes the query string, starting with `?`.
    pub fn to_search(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match &self.source {
            Some(Source::Demo(d)) => parts.push(format!("demo={}", encode(d))),
            Some(Source::File(f)) => parts.push(format!("file={}", encode(f))),
            Some(Source::Url(u)) => parts.push(format!("data={}", encode(u))),
            None => {}
        }
        if self.present {
            parts.push("present=1".to_owned());
        }
        if self.rank != Rank::default() {
            parts.push(format!("rank={}", self.rank.name()));
        }
        if self.tour > 0 {
            parts.push(format!("tour={}", self.tour));
        }
        let l = &self.layout;
        if l.tables {
            parts.push("table=1".to_owned());
        }
        if l.cooc_colour != Measure::default() {
            parts.push(format!("cooc_colour={}", l.cooc_colour.as_str()));
        }
        for (key, sort) in [("cooc_sort", &l.cooc_sort), ("cells_sort", &l.cells_sort)] {
            if let Some(sort) = sort {
                parts.push(format!("{key}={}", encode(&sort.to_param())));
            }
        }
        if !l.cells_find.is_empty() {
            parts.push(format!("cells_find={}", encode(&l.cells_find)));
        }
        if l.rows_from > 0 {
            parts.push(format!("rows_from={}", l.rows_from));
        }
        // The lab's dials, with the lab and whenever they were moved (found by
        // fuzzing: moved dials were dropped from a link to another data set).
        if self.source == Some(Source::Demo("lab".into())) || self.lab != LabSettings::default() {
            let l = self.lab;
            parts.push(format!("lab_bias={}", l.pair_bias));
            parts.push(format!("lab_amp={}", l.amplification));
            parts.push(format!("lab_noise={}", l.noise));
        }
        for (role, column) in &self.columns.0 {
            match role {
                Role::Group => parts.push(format!("group={}", encode(column))),
                _ => parts.push(format!("col_{}={}", role.key(), encode(column))),
            }
        }
        parts.push(format!("k_min={}", self.k_min));
        parts.push(format!("k_max={}", self.k_max));
        if let Some(s) = self.min_support {
            parts.push(format!("min_support={s}"));
        }
        parts.push(format!("mode={}", self.mode.as_str()));
        parts.push(format!("threshold={}", self.threshold));
        parts.push(format!("view={}", self.view.as_str()));
        if let Some(sel) = &self.selected {
            parts.push(format!("select={}", encode(&sel.join("|"))));
        }
        if let Some(g) = &self.selected_group {
            parts.push(format!("select_group={}", encode(g)));
        }
        parts.push(format!("b={}", self.replicates));
        parts.push(format!("seed={}", self.seed));
        // The co-occurrence view's settings, in that view and whenever they are not
        // the defaults (a split chosen there must survive a visit to another view).
        if self.view == View::Cooccurrence
            || self.split != Split::Train
            || self.cooc_pairs
            || self.cooc_combinations
        {
            parts.push(format!("split={}", self.split.as_str()));
            let shape = match (self.cooc_pairs, self.cooc_combinations) {
                (true, _) => "pairs",
                (false, true) => "combinations",
                (false, false) => "attributes",
            };
            parts.push(format!("cooc={shape}"));
        }
        if let Some(t) = &self.target {
            parts.push(format!("target={}", encode(t)));
        }
        if let Some(t) = &self.probe_target {
            parts.push(format!("probe={}", encode(t)));
        }
        if self.view == View::Probe || self.probe_refits != DEFAULT_REFITS {
            parts.push(format!("probe_b={}", self.probe_refits));
        }
        if self.view == View::Slices || self.slice_components != DEFAULT_COMPONENTS {
            parts.push(format!("slices_k={}", self.slice_components));
        }
        if self.view == View::Embeddings || self.colour != Colour::Group {
            parts.push(format!("colour={}", encode(&self.colour.to_param())));
        }
        let f = &self.filter;
        let mut put = |key: &str, value: &Option<String>| {
            if let Some(v) = value {
                parts.push(format!("{key}={}", encode(v)));
            }
        };
        put("f_split", &f.split);
        put("f_group", &f.group);
        put("f_pred_group", &f.pred_group);
        put(
            "f_correct",
            &f.group_correct
                .map(|c| if c { "yes" } else { "no" }.to_owned()),
        );
        put("f_has", &(!f.has.is_empty()).then(|| f.has.join("|")));
        put(
            "f_pred_has",
            &(!f.pred_has.is_empty()).then(|| f.pred_has.join("|")),
        );
        let join = |v: &mut dyn Iterator<Item = f64>| {
            v.map(|x| x.to_string()).collect::<Vec<_>>().join(",")
        };
        match &f.region {
            Some(Region::Rectangle(r)) => put("f_region", &Some(join(&mut r.iter().copied()))),
            Some(Region::Polygon(p)) => {
                put("f_lasso", &Some(join(&mut p.iter().flatten().copied())))
            }
            None => {}
        }
        format!("?{}", parts.join("&"))
    }
}

/// A finite number, or `None`.
fn finite(v: &str) -> Option<f64> {
    v.parse().ok().filter(|x: &f64| x.is_finite())
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing (`fuzz/fuzz_targets/url_state.rs`): a link whose split was
    /// `test` while another view was open lost the split when the app rewrote it.
    #[test]
    fn settings_of_another_view_survive_the_link() {
        for search in [
            "?view=overview&split=test",
            "?view=rows&cooc=pairs",
            "?view=amplification&split=test&cooc=combinations",
            "?view=cooccurrence&cooc=combinations,pairs",
            "?select=|||&select_group=woman",
            "?demo=kitchen&lab_bias=2&lab_noise=NaN",
        ] {
            let q = Query::parse(search);
            assert_eq!(
                Query::parse(&q.to_search()),
                q,
                "{search} -> {}",
                q.to_search()
            );
        }
        // The fuzzer's inputs themselves (kept as seeds of its corpus).
        let crashes: [&[u8]; 2] = [
            include_bytes!(
                "../fuzz/corpus/url_state/crash-18f3133eea15800b3c293aeb50a05905d090ec2d"
            ),
            include_bytes!(
                "../fuzz/corpus/url_state/crash-8dfad8f096069e63b0d07f1a9c90c053f34ac65f"
            ),
        ];
        for crash in crashes {
            let q = Query::parse(&String::from_utf8_lossy(crash));
            assert_eq!(Query::parse(&q.to_search()), q);
        }
    }

    use super::*;

    #[test]
    fn round_trip() {
        let q = Query {
            source: Some(Source::Demo("kitchen".into())),
            columns: {
                let mut c = ColumnChoice::group(Some("age group"));
                c.set(Role::Attributes, "objects, seen");
                c.set(Role::PredGroup, "");
                c
            },
            k_min: 2,
            k_max: 2,
            min_support: Some(20),
            mode: Mode::LabelSets,
            threshold: 0.35,
            view: View::Cooccurrence,
            selected: Some(vec!["laundry".into(), "sink & co".into()]),
            selected_group: Some("woman".into()),
            filter: RowFilter {
                split: Some("test".into()),
                group: Some("man".into()),
                pred_group: Some("woman".into()),
                group_correct: Some(false),
                has: vec!["cup".into(), "sink".into()],
                pred_has: vec!["oven".into()],
                region: Some(Region::Rectangle([-1.5, 2.25, 0.0, 3.0])),
            },
            replicates: 250,
            seed: 42,
            split: Split::Test,
            cooc_combinations: true,
            cooc_pairs: false,
            target: Some("keyboard".into()),
            probe_target: Some("gender".into()),
            probe_refits: 30,
            slice_components: 5,
            rank: Rank::Change,
            colour: Colour::Attribute("sink".into()),
            lab: LabSettings::default(),
            layout: Layout {
                tables: true,
                cooc_colour: Measure::Phi,
                cooc_sort: Some(SortBy {
                    key: "n11".into(),
                    descending: true,
                }),
                cells_sort: Some(SortBy {
                    key: "bias_train".into(),
                    descending: false,
                }),
                cells_find: "sink & co".into(),
                rows_from: 150,
            },
            present: true,
            tour: 2,
        };
        assert_eq!(Query::parse(&q.to_search()), q);
        // A lasso travels as its vertices.
        let mut lassoed = q.clone();
        lassoed.filter.region = Some(Region::Polygon(vec![
            [0.0, 0.0],
            [1.5, -2.0],
            [3.0, 1.0e-3],
        ]));
        let search = lassoed.to_search();
        assert!(
            search.contains("f_lasso=0%2C0%2C1.5%2C-2%2C3%2C0.001")
                || search.contains("f_lasso=0,0,1.5,-2,3,0.001"),
            "{search}"
        );
        assert_eq!(Query::parse(&search), lassoed);
        // Too few points, an odd count or a non-number: no region.
        for bad in [
            "f_lasso=0,0,1,1",
            "f_lasso=0,0,1,1,2",
            "f_lasso=0,0,1,x,2,2",
        ] {
            assert_eq!(
                Query::parse(&format!("?{bad}")).filter.region,
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn mangled_links_still_open() {
        let q = Query::parse("?demo=toy&k_max=banana&threshold=7&view=nope&x=%zz&min_support=0");
        assert_eq!(q.source, Some(Source::Demo("toy".into())));
        assert_eq!(q.k_max, 3);
        assert_eq!(q.threshold, 0.5);
        assert_eq!(q.view, View::Overview);
        assert_eq!(q.min_support, None);
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%41+b"), "A b");
    }
}
