//! The target a probe or a slice search works on, `docs/spec/metrics.md`
//! section 10: the group column, or one attribute against its absence, with each
//! row's value and the model's prediction of it.

use serde::{Deserialize, Serialize};

use super::concepts::NOT;
use crate::error::SettingsError;
use crate::input::dataset::Dataset;

/// What the probe predicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProbeTarget {
    /// The group column.
    Group,
    /// One attribute against its absence.
    Attribute(String),
}

impl ProbeTarget {
    /// The target a name means in `d`: the group column's name is the group,
    /// an attribute's name that attribute.
    pub fn named(d: &Dataset, name: &str) -> Result<Self, SettingsError> {
        if name == d.group_column || name == "group" {
            Ok(Self::Group)
        } else if d.attributes.iter().any(|a| a == name) {
            Ok(Self::Attribute(name.to_owned()))
        } else {
            Err(SettingsError::ProbeTarget(name.to_owned()))
        }
    }

    /// The column or attribute it names, as the user wrote it.
    pub fn name<'a>(&'a self, d: &'a Dataset) -> &'a str {
        match self {
            Self::Group => &d.group_column,
            Self::Attribute(a) => a,
        }
    }
}

/// Each row's target value (an index into `values`), and its predicted one
/// (none where the ground truth stands in).
pub(crate) struct Labels {
    /// The target's values, in order.
    pub values: Vec<String>,
    /// Each row's value.
    pub truth: Vec<Option<u32>>,
    /// Each row's predicted value, when the model predicts the target.
    pub predicted: Option<Vec<Option<u32>>>,
}

/// The values of `target` in `d`, and each row's.
pub(crate) fn labels(d: &Dataset, target: &ProbeTarget) -> Labels {
    match target {
        ProbeTarget::Group => Labels {
            values: d.groups.clone(),
            truth: d.group.clone(),
            predicted: (!d.stand_ins.pred_group).then(|| d.pred_group.clone()),
        },
        ProbeTarget::Attribute(s) => {
            let a = d.attributes.binary_search(s).ok().map(|a| a as u32);
            let has =
                |set: &Vec<u32>| Some(u32::from(a.is_some_and(|a| set.binary_search(&a).is_ok())));
            Labels {
                values: vec![format!("{NOT}{s}"), s.clone()],
                truth: d.gt.iter().map(has).collect(),
                predicted: (!d.stand_ins.pred_attributes).then(|| d.pred.iter().map(has).collect()),
            }
        }
    }
}
