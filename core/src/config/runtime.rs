//! The runtime settings of an image (`config` in the image config): user, environment,
//! entrypoint and command, working directory, ports, volumes, labels, stop signal.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::json_fields::{Fields, Problem};

/// The runtime settings of `config` in the image config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// `User`.
    pub user: Option<String>,
    /// `Env` as `NAME=value`.
    pub env: Vec<String>,
    /// `Entrypoint`.
    pub entrypoint: Vec<String>,
    /// `Cmd`.
    pub cmd: Vec<String>,
    /// `WorkingDir`.
    pub working_dir: Option<String>,
    /// `ExposedPorts`, keys only, sorted (e.g. `80/tcp`).
    pub exposed_ports: Vec<String>,
    /// `Volumes`, keys only, sorted.
    pub volumes: Vec<String>,
    /// `Labels`.
    pub labels: BTreeMap<String, String>,
    /// `StopSignal`.
    pub stop_signal: Option<String>,
}

impl RuntimeConfig {
    /// Reads the `config` object; every field may be missing or `null`.
    pub(crate) fn read(value: &Value) -> Result<RuntimeConfig, Problem> {
        let fields = Fields::of(value, "the runtime config")?;
        Ok(RuntimeConfig {
            user: fields.string("User")?,
            env: fields.strings("Env")?,
            entrypoint: fields.strings("Entrypoint")?,
            cmd: fields.strings("Cmd")?,
            working_dir: fields.string("WorkingDir")?,
            exposed_ports: fields.keys("ExposedPorts")?,
            volumes: fields.keys("Volumes")?,
            labels: fields.string_map("Labels")?,
            stop_signal: fields.string("StopSignal")?,
        })
    }
}
