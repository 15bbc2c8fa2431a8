//! The two build histories aligned step by step: a diff over the steps' commands (Myers, via
//! `similar`), so one inserted or removed step leaves every later step paired with its match.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::config::HistoryEntry;

/// Steps aligned per side at most; longer histories are aligned over their first steps and
/// the rest is counted in [`HistoryDiff::steps_not_aligned`] (the diff is O((N+M)·D)).
pub const MAX_HISTORY_STEPS: usize = 5_000;

/// One step as the comparison shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    /// Index of the step in its image's history.
    pub index: usize,
    /// `created_by`.
    pub created_by: Option<String>,
    /// `created`.
    pub created: Option<String>,
    /// `comment`.
    pub comment: Option<String>,
    /// Whether the step made no layer.
    pub empty_layer: bool,
}

impl StepView {
    fn of(index: usize, entry: &HistoryEntry) -> Self {
        StepView {
            index,
            created_by: entry.created_by.clone(),
            created: entry.created.clone(),
            comment: entry.comment.clone(),
            empty_layer: entry.empty_layer,
        }
    }
}

/// How one aligned pair of steps differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepChange {
    /// Same command, same comment, same layer flag (dates may differ: see `time_differs`).
    Same,
    /// A step of the old history replaced by one of the new at the same place.
    Changed,
    /// Only in the new history.
    Added,
    /// Only in the old history.
    Removed,
}

/// One row of the aligned histories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepPair {
    /// Same, changed, added or removed.
    pub change: StepChange,
    /// The old step, unless added.
    pub old: Option<StepView>,
    /// The new step, unless removed.
    pub new: Option<StepView>,
    /// Both sides present and their `created` dates differ.
    pub time_differs: bool,
}

/// The histories aligned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryDiff {
    /// Whether every step is the same, dates included.
    pub same: bool,
    /// Whether every step is the same apart from dates.
    pub same_ignoring_times: bool,
    /// The rows, in history order.
    pub steps: Vec<StepPair>,
    /// Steps beyond [`MAX_HISTORY_STEPS`] on either side, not aligned (each side's count).
    pub steps_not_aligned: (usize, usize),
}

/// What two steps are matched on: the command, the comment and the layer flag.
fn key(entry: &HistoryEntry) -> (Option<&str>, Option<&str>, bool) {
    (
        entry.created_by.as_deref(),
        entry.comment.as_deref(),
        entry.empty_layer,
    )
}

/// Aligns two histories (old first).
pub fn align_history(old: &[HistoryEntry], new: &[HistoryEntry]) -> HistoryDiff {
    let steps_not_aligned = (
        old.len().saturating_sub(MAX_HISTORY_STEPS),
        new.len().saturating_sub(MAX_HISTORY_STEPS),
    );
    let old = &old[..old.len().min(MAX_HISTORY_STEPS)];
    let new = &new[..new.len().min(MAX_HISTORY_STEPS)];
    let old_keys: Vec<_> = old.iter().map(key).collect();
    let new_keys: Vec<_> = new.iter().map(key).collect();
    let mut steps = Vec::with_capacity(old.len().max(new.len()));
    let pair = |change, a: Option<usize>, b: Option<usize>| {
        let old_step = a.map(|i| StepView::of(i, &old[i]));
        let new_step = b.map(|i| StepView::of(i, &new[i]));
        let time_differs = match (&old_step, &new_step) {
            (Some(x), Some(y)) => x.created != y.created,
            _ => false,
        };
        StepPair {
            change,
            old: old_step,
            new: new_step,
            time_differs,
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for i in 0..len {
                    steps.push(pair(
                        StepChange::Same,
                        Some(old_index + i),
                        Some(new_index + i),
                    ));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for i in old_index..old_index + old_len {
                    steps.push(pair(StepChange::Removed, Some(i), None));
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for i in new_index..new_index + new_len {
                    steps.push(pair(StepChange::Added, None, Some(i)));
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for i in 0..paired {
                    steps.push(pair(
                        StepChange::Changed,
                        Some(old_index + i),
                        Some(new_index + i),
                    ));
                }
                for i in paired..old_len {
                    steps.push(pair(StepChange::Removed, Some(old_index + i), None));
                }
                for i in paired..new_len {
                    steps.push(pair(StepChange::Added, None, Some(new_index + i)));
                }
            }
        }
    }
    let same_ignoring_times =
        steps.iter().all(|s| s.change == StepChange::Same) && steps_not_aligned == (0, 0);
    HistoryDiff {
        same: same_ignoring_times && steps.iter().all(|s| !s.time_differs),
        same_ignoring_times,
        steps,
        steps_not_aligned,
    }
}
