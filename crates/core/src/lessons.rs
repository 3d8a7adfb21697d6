//! What the guided tours of the `lab` and `kitchen` demos say, sentence by
//! sentence. The app's tour (`src/tour.rs`) shows these texts; every claim they
//! make about a number is checked against the engine's numbers by
//! `crates/core/tests/lessons.rs`, so a change to a generator or a metric that
//! breaks a lesson fails a test instead of misleading a class.

/// One step of a tour: its title and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// The step's title.
    pub title: &'static str,
    /// What it says.
    pub text: &'static str,
}

/// The bias lab's tour (`?demo=lab`), one lesson per step.
pub const LAB: [Lesson; 3] = [
    Lesson {
        title: "A data set you control",
        text: "The three dials above regenerate the data and every number. Set \"Model amplification\" to 0: the model then reproduces the data exactly, Multi_MALS equals what a perfect model scores on the same split, and \"this model adds\" reads 0.",
    },
    Lesson {
        title: "Turn up the amplification",
        text: "Now raise \"Model amplification\" step by step. Multi_MALS climbs with it, and at full amplification the interval of what the model adds no longer holds 0. BiasAmp_MALS, which sees one attribute at a time, barely moves: the bias lives in the pair, not in either attribute.",
    },
    Lesson {
        title: "Find the pair",
        text: "The top bars are the pair and the combinations that contain it, each told apart from a perfect model. Set the pair bias to 0 and every bar falls to 0: without a lean in the data there is nothing for the model to amplify. Raise the noise instead: random errors pull the pair's bias score back toward an even split, and its bar shrinks.",
    },
];

/// The kitchen demo's tour (`?demo=kitchen`): the steps whose texts make claims
/// about numbers (the co-occurrence and embeddings steps are in `src/tour.rs`).
pub const KITCHEN: [Lesson; 3] = [
    Lesson {
        title: "Two ways to measure amplification",
        text: "The synthetic kitchen photos have a planted bias: sink, laundry, computer and keyboard each appear about as often with men as with women, but {sink, laundry} together lean to women and {computer, keyboard} to men. Compare BiasAmp_MALS, which looks at one object at a time, with Multi_MALS, which looks at combinations.",
    },
    Lesson {
        title: "Why {sink, laundry} scores what it scores",
        text: "The bars rank combinations by what the model adds beyond a perfect model on the same split: the top bars all hold a planted pair. {sink, laundry} with women is selected: the panel below the chart works its score out step by step, from the counts to the difference between the model's predictions and the training data.",
    },
    Lesson {
        title: "What the model leans on",
        text: "With \"sink\" as the target, the other objects are ranked by how strongly they go with it in training and by how much the model's true- and false-positive rates for sink move with them. Its planted partner, laundry, comes first: the model finds sinks by their laundry.",
    },
];
