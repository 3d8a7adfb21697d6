//! The guided tour of each built-in demo: a few steps, each opening a view (and
//! where it helps, selecting a combination or a target) with a short text on what
//! to look at. Every step that makes a claim about a number is one of the
//! engine's lessons (`biaslens_core::lessons`), each claim checked against the
//! engine's numbers by `crates/core/tests/lessons.rs`; the rest (kitchen's
//! embeddings step) only says where to look.

use biaslens_core::lessons::{self, Lesson};

use crate::query::View;

/// One step of a tour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The view the step opens.
    pub view: View,
    /// Its title.
    pub title: &'static str,
    /// What to look at.
    pub text: &'static str,
    /// A combination (and its group) to select, shown in the Amplification view.
    pub select: Option<(&'static [&'static str], &'static str)>,
    /// A spurious-correlation target to pick.
    pub target: Option<&'static str>,
}

const fn step(view: View, title: &'static str, text: &'static str) -> Step {
    Step {
        view,
        title,
        text,
        select: None,
        target: None,
    }
}

/// A step whose title and text are one of the engine's checked lessons.
const fn lesson(view: View, l: Lesson) -> Step {
    step(view, l.title, l.text)
}

const KITCHEN: &[Step] = &[
    lesson(View::Overview, lessons::KITCHEN[0]),
    Step {
        select: Some((&["laundry", "sink"], "woman")),
        ..lesson(View::Amplification, lessons::KITCHEN[1])
    },
    lesson(View::Cooccurrence, lessons::KITCHEN[2]),
    Step {
        target: Some("sink"),
        ..lesson(View::Spurious, lessons::KITCHEN[3])
    },
    step(
        View::Embeddings,
        "What the representation encodes",
        "Each point is an image, placed by its embedding. Group leakage says how well a linear model recovers the group from the embedding alone; the directions show which objects point the way the groups do.",
    ),
];

const LAB: &[Step] = &[
    lesson(View::Overview, lessons::LAB[0]),
    lesson(View::Overview, lessons::LAB[1]),
    lesson(View::Amplification, lessons::LAB[2]),
];

const ADULT: &[Step] = &[
    lesson(View::Overview, lessons::ADULT[0]),
    Step {
        select: Some((&["income >50K"], "male")),
        ..lesson(View::Amplification, lessons::ADULT[1])
    },
    lesson(View::Cooccurrence, lessons::ADULT[2]),
    Step {
        target: Some("income >50K"),
        ..lesson(View::Spurious, lessons::ADULT[3])
    },
];

const BIRDS: &[Step] = &[
    lesson(View::Overview, lessons::BIRDS[0]),
    lesson(View::Probe, lessons::BIRDS[1]),
    lesson(View::Probe, lessons::BIRDS[2]),
];

const WORDS: &[Step] = &[
    lesson(View::Embeddings, lessons::WORDS[0]),
    lesson(View::Embeddings, lessons::WORDS[1]),
];

const TOY: &[Step] = &[
    lesson(View::Overview, lessons::TOY[0]),
    Step {
        select: Some((&["a0", "a1"], "man")),
        ..lesson(View::Amplification, lessons::TOY[1])
    },
];

/// The tour of the demo named `demo` (empty when it has none).
pub fn tour(demo: &str) -> &'static [Step] {
    match demo {
        "kitchen" => KITCHEN,
        "lab" => LAB,
        "birds" => BIRDS,
        "adult" => ADULT,
        "words" => WORDS,
        "toy" => TOY,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_has_a_tour_and_selections_are_sorted() {
        for d in biaslens_core::demo::DEMOS {
            assert!(!tour(d.name).is_empty(), "{} has no tour", d.name);
            for s in tour(d.name) {
                if let Some((names, _)) = s.select {
                    // The app keeps a selected combination in sorted order.
                    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
                }
            }
        }
    }
}
