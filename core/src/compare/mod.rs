//! Two image configs compared section by section: runtime settings, environment and labels by
//! key, platform, creation time, and the build history aligned step by step.

mod history;
mod sections;

use serde::{Deserialize, Serialize};

pub use history::{HistoryDiff, MAX_HISTORY_STEPS, StepChange, StepPair, StepView, align_history};
pub use sections::{KeyChange, KeyChangeKind, KeyedDiff, SetDiff, ValueDiff, diff_keyed, diff_set};

use crate::config::ImageConfig;

/// The platform an image config names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformView {
    /// `os`.
    pub os: String,
    /// `architecture`.
    pub architecture: String,
    /// `variant`, when given.
    pub variant: Option<String>,
}

/// What differs between two image configs (`old` → `new`), each section with its own `same`
/// flag; serialisable as part of a comparison's JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigDiff {
    /// `Entrypoint`.
    pub entrypoint: ValueDiff<Vec<String>>,
    /// `Cmd`.
    pub cmd: ValueDiff<Vec<String>>,
    /// `Env`, by variable name.
    pub env: KeyedDiff,
    /// `User`.
    pub user: ValueDiff<Option<String>>,
    /// `WorkingDir`.
    pub working_dir: ValueDiff<Option<String>>,
    /// `ExposedPorts`.
    pub exposed_ports: SetDiff,
    /// `Volumes`.
    pub volumes: SetDiff,
    /// `Labels`, by key.
    pub labels: KeyedDiff,
    /// `StopSignal`.
    pub stop_signal: ValueDiff<Option<String>>,
    /// os / architecture / variant.
    pub platform: ValueDiff<PlatformView>,
    /// `created`.
    pub created: ValueDiff<Option<String>>,
    /// `author`.
    pub author: ValueDiff<Option<String>>,
    /// The build history, aligned step by step.
    pub history: HistoryDiff,
    /// Every section the same except times (`created`, the history steps' dates): what a
    /// rebuild of the same inputs at another time leaves.
    pub same_ignoring_times: bool,
    /// Every section the same, times included.
    pub same: bool,
}

/// Compares two parsed image configs, `old` first.
pub fn compare_configs(old: &ImageConfig, new: &ImageConfig) -> ConfigDiff {
    let (a, b) = (old.runtime(), new.runtime());
    let platform = |c: &ImageConfig| PlatformView {
        os: c.os().to_owned(),
        architecture: c.architecture().to_owned(),
        variant: c.variant().map(str::to_owned),
    };
    let env = |list: &[String]| -> Vec<(String, String)> {
        list.iter()
            .map(|item| match item.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => (item.clone(), String::new()),
            })
            .collect()
    };
    let labels = |map: &std::collections::BTreeMap<String, String>| -> Vec<(String, String)> {
        map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    let history = align_history(old.history(), new.history());
    let mut diff = ConfigDiff {
        entrypoint: ValueDiff::of(a.entrypoint.clone(), b.entrypoint.clone()),
        cmd: ValueDiff::of(a.cmd.clone(), b.cmd.clone()),
        env: diff_keyed(&env(&a.env), &env(&b.env)),
        user: ValueDiff::of(a.user.clone(), b.user.clone()),
        working_dir: ValueDiff::of(a.working_dir.clone(), b.working_dir.clone()),
        exposed_ports: diff_set(&a.exposed_ports, &b.exposed_ports),
        volumes: diff_set(&a.volumes, &b.volumes),
        labels: diff_keyed(&labels(&a.labels), &labels(&b.labels)),
        stop_signal: ValueDiff::of(a.stop_signal.clone(), b.stop_signal.clone()),
        platform: ValueDiff::of(platform(old), platform(new)),
        created: ValueDiff::of(
            old.created().map(str::to_owned),
            new.created().map(str::to_owned),
        ),
        author: ValueDiff::of(
            old.author().map(str::to_owned),
            new.author().map(str::to_owned),
        ),
        history,
        same_ignoring_times: false,
        same: false,
    };
    diff.same_ignoring_times = diff.entrypoint.same
        && diff.cmd.same
        && diff.env.same
        && diff.user.same
        && diff.working_dir.same
        && diff.exposed_ports.same
        && diff.volumes.same
        && diff.labels.same
        && diff.stop_signal.same
        && diff.platform.same
        && diff.author.same
        && diff.history.same_ignoring_times;
    diff.same = diff.same_ignoring_times && diff.created.same && diff.history.same;
    diff
}
