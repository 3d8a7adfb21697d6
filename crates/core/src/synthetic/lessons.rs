//! What the guided tours of the demos say, sentence by sentence. The app's tour (`src/tour.rs`) shows these texts; every claim they
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
/// about numbers (the embeddings step, which describes the view, is in
/// `src/tour.rs`).
pub const KITCHEN: [Lesson; 4] = [
    Lesson {
        title: "Two ways to measure amplification",
        text: "The synthetic kitchen photos have a planted bias: sink, laundry, computer and keyboard each appear about as often with men as with women, but {sink, laundry} together lean to women and {computer, keyboard} to men. Compare BiasAmp_MALS, which looks at one object at a time, with Multi_MALS, which looks at combinations.",
    },
    Lesson {
        title: "Why {sink, laundry} scores what it scores",
        text: "The bars rank combinations by what the model adds beyond a perfect model on the same split: the top bars all hold a planted pair. {sink, laundry} with women is selected: the panel below the chart works its score out step by step, from the counts to the difference between the model's predictions and the training data.",
    },
    Lesson {
        title: "What the data itself says",
        text: "The heatmap shows how strongly each object co-occurs with each group in the training data (nPMI). Choose \"combination × group\" and the pairs light up: the strongest cells all hold {sink, laundry} or {computer, keyboard}. A star marks an association that survives the multiple-testing correction.",
    },
    Lesson {
        title: "What the model leans on",
        text: "With \"sink\" as the target, the other objects are ranked by how strongly they go with it in training and by how much the model's true- and false-positive rates for sink move with them. Its planted partner, laundry, comes first: the model finds sinks by their laundry.",
    },
];

/// The birds demo's tour (`?demo=birds`), one lesson per step.
pub const BIRDS: [Lesson; 3] = [
    Lesson {
        title: "Birds and their backgrounds",
        text: "3,000 synthetic photos of land and water birds. In training, 95% of the water birds are photographed on water and 95% of the land birds on land; in test, about half of each are. The model learned from the training photos: does it recognise the bird, or the background?",
    },
    Lesson {
        title: "What the representation leans on",
        text: "The probe learns the bird from each photo's similarity to seven concepts. For land birds, \"land\" weighs more than their own talons and perching; for water birds, \"water\" weighs more than their long neck. Neither is part of the bird, so both are spurious, flagged in at least 90% of the refits on resampled training photos.",
    },
    Lesson {
        title: "What leaning on them costs",
        text: "Below each chart: the model is right on more than 90% of the test birds photographed on their training background, and on fewer than one in ten of those photographed on the other one. A water bird on land is called a land bird.",
    },
];

/// The UCI Adult demo's tour (`?demo=adult`), one lesson per step.
pub const ADULT: [Lesson; 4] = [
    Lesson {
        title: "Real records, a simple model",
        text: "48,842 census records grouped by sex, with the original split: 32,561 train and 16,281 test. The model is a logistic regression predicting income above $50K that never sees sex, and a second one inferring sex from the other fields, which gets 84% of the test records right. The headline numbers compare its predictions on the test split with the training data.",
    },
    Lesson {
        title: "High income and sex",
        text: "{income >50K} with men is selected: in the training data 85% of the high earners are men, and of the test records the model calls high earners it calls 86% men, so the model leans a little further than the data. The panel works this out from the counts. The bars rank every combination of up to three fields by what the model adds beyond a perfect model.",
    },
    Lesson {
        title: "Proxies for sex",
        text: "The heatmap shows how each field co-occurs with each sex in training. \"husband\" goes with sex more strongly than any other field, and \"husband\" and \"wife\" are almost perfect stand-ins for it: 1 of the 13,193 husbands is recorded as female and 2 of the 1,568 wives as male. A model that is never given sex can still find it in the data.",
    },
    Lesson {
        title: "What the income model leans on",
        text: "With \"income >50K\" as the target, fields are ranked by their association with high income in training and by how much the model's error rates change with them, with the counts behind every rate. \"married\" comes first: the model finds 33 points more of the married high earners than of the others.",
    },
];

/// The words demo's tour (`?demo=words`), one lesson per step.
pub const WORDS: [Lesson; 2] = [
    Lesson {
        title: "Words as points",
        text: "Each point is a word, placed by the first two principal components of its word2vec vector. The 96 gendered words (she/he, woman/man, …) are coloured by their gender, 48 female and 48 male; the 314 profession words have no group.",
    },
    Lesson {
        title: "Gender is a direction",
        text: "Group leakage: a linear model tells the female words from the male words from their vectors alone, more than nine times in ten. Scroll to \"Where rows fall between female and male\": among the professions nearest the female end of the direction are \"nurse\" and \"homemaker\", among those nearest the male end \"carpenter\" and \"architect\".",
    },
];

/// The toy demo's tour (`?demo=toy`), one lesson per step.
pub const TOY: [Lesson; 2] = [
    Lesson {
        title: "Sixteen rows you can check by hand",
        text: "Every number of this data set is worked out by hand in shared/data/toy: three attributes, two groups, eight train and eight test rows. Open the rows view to see all sixteen.",
    },
    Lesson {
        title: "One cell, step by step",
        text: "{a0, a1} with men is selected: 2 of the 3 training rows with both are men, and all 4 test rows the model predicts with both it calls men, so Δ = 4/4 − 2/3 = 1/3. The panel below the chart substitutes the counts into the definition of each metric, so you can redo the arithmetic on paper.",
    },
];
