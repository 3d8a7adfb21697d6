//! The guided tour of each built-in demo: a few steps, each opening a view (and
//! where it helps, selecting a combination or a target) with a short text on what
//! to look at. The texts say where to look, never what a number is: the numbers
//! on screen are the engine's. The `lab` and `kitchen` steps that make claims
//! about numbers are the engine's lessons (`biaslens_core::lessons`), each claim
//! checked against the engine's numbers by `crates/core/tests/lessons.rs`.

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
    step(
        View::Cooccurrence,
        "What the data itself says",
        "The heatmap shows how strongly each object co-occurs with each group in the training data (nPMI). Switch on \"combinations\" to see the pairs light up. A star marks an association that survives the multiple-testing correction.",
    ),
    Step {
        target: Some("sink"),
        ..lesson(View::Spurious, lessons::KITCHEN[2])
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
    step(
        View::Overview,
        "Real records, a simple model",
        "48,842 census records grouped by sex, with the original train/test split. The model is a logistic regression predicting income above $50K that never sees sex, and a second one inferring sex from the other fields. The headline numbers compare its predictions on the test split with the training data.",
    ),
    Step {
        select: Some((&["income >50K"], "male")),
        ..step(
            View::Amplification,
            "High income and sex",
            "{income >50K} with men is selected: the panel shows how often high earners are men in the training data, and how often among the people the model calls high earners. The bars rank every combination of up to three fields the same way.",
        )
    },
    step(
        View::Cooccurrence,
        "Proxies for sex",
        "The heatmap shows how each field co-occurs with each sex. \"husband\" and \"wife\" are almost perfect stand-ins for sex: a model that is never given sex can still find it in the data.",
    ),
    Step {
        target: Some("income >50K"),
        ..step(
            View::Spurious,
            "What the income model leans on",
            "With \"income >50K\" as the target, fields are ranked by their association with high income in training and by how much the model's error rates change with them, with the counts behind every rate.",
        )
    },
];

const WORDS: &[Step] = &[
    step(
        View::Embeddings,
        "Words as points",
        "Each point is a word, placed by the first two principal components of its word2vec vector. The gendered words (she/he, woman/man, …) are coloured by their gender; the profession words have no group.",
    ),
    step(
        View::Embeddings,
        "Gender is a direction",
        "Group leakage: a linear model tells the female words from the male words from their vectors alone. Scroll to \"Where rows fall between female and male\": the professions nearest each end of the direction from the female words to the male words.",
    ),
];

const TOY: &[Step] = &[
    step(
        View::Overview,
        "Sixteen rows you can check by hand",
        "Every number of this data set is worked out by hand in shared/data/toy: three attributes, two groups, a train and a test split. Open the rows view to see all sixteen.",
    ),
    Step {
        select: Some((&["a0", "a1"], "man")),
        ..step(
            View::Amplification,
            "One cell, step by step",
            "{a0, a1} with men is selected: the panel below the chart substitutes the counts into the definition of each metric, so you can redo the arithmetic on paper.",
        )
    },
];

/// The tour of the demo named `demo` (empty when it has none).
pub fn tour(demo: &str) -> &'static [Step] {
    match demo {
        "kitchen" => KITCHEN,
        "lab" => LAB,
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
