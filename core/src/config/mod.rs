//! The image config blob: platform, runtime settings (Env, Entrypoint, Cmd…), labels, history
//! and `rootfs.diff_ids`, with each non-empty history step matched to its layer.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::json_value::{
    Mismatch, boolean, items_or_null, object_or_null, optional_string, string, strings_or_null,
    struct_fields,
};

/// Why a config blob was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid image config: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// One step of the image's build history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When the step ran (RFC 3339).
    pub created: Option<String>,
    /// The command that made it, e.g. `/bin/sh -c #(nop) ENV A=b` or a BuildKit `RUN …`.
    pub created_by: Option<String>,
    /// Who made it.
    pub author: Option<String>,
    /// A comment, e.g. `buildkit.dockerfile.v0`.
    pub comment: Option<String>,
    /// True when the step made no layer.
    pub empty_layer: bool,
}

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
    /// `ExposedPorts`, keys only (e.g. `80/tcp`).
    pub exposed_ports: Vec<String>,
    /// `Volumes`, keys only.
    pub volumes: Vec<String>,
    /// `Labels`.
    pub labels: BTreeMap<String, String>,
    /// `StopSignal`.
    pub stop_signal: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct RootFs {
    kind: String,
    diff_ids: Vec<String>,
}

/// A parsed image config (OCI `application/vnd.oci.image.config.v1+json` or Docker's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageConfig {
    architecture: String,
    os: String,
    variant: Option<String>,
    created: Option<String>,
    author: Option<String>,
    config: Option<RuntimeConfig>,
    history: Vec<HistoryEntry>,
    rootfs: RootFs,
}

// The config is read field by field from the parsed `Value`, with serde's messages, as
// `#[derive(Deserialize)]` (every field `#[serde(default)]`, nulls read as empty where noted)
// read it before: see `json_value` for why.

fn history_entry(value: &Value) -> Result<HistoryEntry, Mismatch> {
    const FIELDS: [&str; 5] = ["created", "created_by", "author", "comment", "empty_layer"];
    let mut entry = HistoryEntry::default();
    struct_fields(value, "HistoryEntry", &FIELDS, 0, &mut |i, v| {
        match i {
            0 => entry.created = optional_string(v)?,
            1 => entry.created_by = optional_string(v)?,
            2 => entry.author = optional_string(v)?,
            3 => entry.comment = optional_string(v)?,
            _ => entry.empty_layer = boolean(v)?,
        }
        Ok(())
    })?;
    Ok(entry)
}

fn runtime_config(value: &Value) -> Result<RuntimeConfig, Mismatch> {
    const FIELDS: [&str; 9] = [
        "User",
        "Env",
        "Entrypoint",
        "Cmd",
        "WorkingDir",
        "ExposedPorts",
        "Volumes",
        "Labels",
        "StopSignal",
    ];
    let mut runtime = RuntimeConfig::default();
    struct_fields(value, "RuntimeConfig", &FIELDS, 0, &mut |i, v| {
        match i {
            0 => runtime.user = optional_string(v)?,
            1 => runtime.env = strings_or_null(v)?,
            2 => runtime.entrypoint = strings_or_null(v)?,
            3 => runtime.cmd = strings_or_null(v)?,
            4 => runtime.working_dir = optional_string(v)?,
            5 => runtime.exposed_ports = keys_of(v)?,
            6 => runtime.volumes = keys_of(v)?,
            7 => runtime.labels = labels(v)?,
            _ => runtime.stop_signal = optional_string(v)?,
        }
        Ok(())
    })?;
    Ok(runtime)
}

/// The keys of an object, sorted (the values are ignored); none for `null`.
fn keys_of(value: &Value) -> Result<Vec<String>, Mismatch> {
    let mut keys: Vec<String> = Vec::new();
    for key in object_or_null(value)?.into_iter().flat_map(Map::keys) {
        // Sorted insertion: a few keys, and no sort routine of its own in the wasm bundle.
        if let Err(at) = keys.binary_search(key) {
            keys.insert(at, key.clone());
        }
    }
    Ok(keys)
}

/// String values by key; none for `null`.
fn labels(value: &Value) -> Result<BTreeMap<String, String>, Mismatch> {
    let mut labels = BTreeMap::new();
    for (key, v) in object_or_null(value)?.into_iter().flatten() {
        labels.insert(key.clone(), string(v)?);
    }
    Ok(labels)
}

fn root_fs(value: &Value) -> Result<RootFs, Mismatch> {
    let mut rootfs = RootFs::default();
    struct_fields(value, "RootFs", &["type", "diff_ids"], 0, &mut |i, v| {
        match i {
            0 => rootfs.kind = string(v)?,
            _ => rootfs.diff_ids = strings_or_null(v)?,
        }
        Ok(())
    })?;
    Ok(rootfs)
}

fn image_config(value: &Value) -> Result<ImageConfig, Mismatch> {
    const FIELDS: [&str; 8] = [
        "architecture",
        "os",
        "variant",
        "created",
        "author",
        "config",
        "history",
        "rootfs",
    ];
    let mut config = ImageConfig::default();
    struct_fields(value, "ImageConfig", &FIELDS, 0, &mut |i, v| {
        match i {
            0 => config.architecture = string(v)?,
            1 => config.os = string(v)?,
            2 => config.variant = optional_string(v)?,
            3 => config.created = optional_string(v)?,
            4 => config.author = optional_string(v)?,
            5 => {
                config.config = match v {
                    Value::Null => None,
                    other => Some(runtime_config(other)?),
                }
            }
            6 => {
                config.history = items_or_null(v)?
                    .iter()
                    .map(history_entry)
                    .collect::<Result<_, _>>()?
            }
            _ => config.rootfs = root_fs(v)?,
        }
        Ok(())
    })?;
    Ok(config)
}

impl ImageConfig {
    /// Parses a config blob.
    pub fn parse(bytes: &[u8]) -> Result<ImageConfig, ConfigError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| ConfigError(format!("not JSON: {e}")))?;
        if !value.is_object() {
            return Err(ConfigError("not a JSON object".into()));
        }
        image_config(&value).map_err(ConfigError)
    }

    /// CPU architecture, e.g. `amd64`.
    pub fn architecture(&self) -> &str {
        &self.architecture
    }

    /// Operating system, e.g. `linux`.
    pub fn os(&self) -> &str {
        &self.os
    }

    /// CPU variant, e.g. `v8`.
    pub fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }

    /// When the image was created (RFC 3339).
    pub fn created(&self) -> Option<&str> {
        self.created.as_deref()
    }

    /// The image's author.
    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// The runtime settings (empty when the config has none).
    pub fn runtime(&self) -> RuntimeConfig {
        self.config.clone().unwrap_or_default()
    }

    /// `Env` entries.
    pub fn env(&self) -> &[String] {
        self.config.as_ref().map_or(&[], |c| c.env.as_slice())
    }

    /// Build history, oldest first.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// `rootfs.diff_ids`: digests of the uncompressed layers, oldest first.
    pub fn diff_ids(&self) -> &[String] {
        &self.rootfs.diff_ids
    }

    /// `rootfs.type` (normally `layers`).
    pub fn rootfs_type(&self) -> &str {
        &self.rootfs.kind
    }

    /// For each layer (by index), the history step that made it: the n-th step without
    /// `empty_layer` made the n-th layer. `None` where the history is shorter than the layers.
    pub fn history_for_layers(&self) -> Vec<Option<&HistoryEntry>> {
        let mut steps = self.history.iter().filter(|h| !h.empty_layer);
        (0..self.rootfs.diff_ids.len())
            .map(|_| steps.next())
            .collect()
    }
}

#[cfg(test)]
mod derived;

#[cfg(test)]
mod tests {
    use super::*;

    // Shaped after the example in the OCI image-spec `config.md`.
    const OCI_EXAMPLE: &str = r#"{
        "created": "2015-10-31T22:22:56.015925234Z",
        "author": "Alyssa P. Hacker <alyspdev@example.com>",
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "User": "alice",
            "ExposedPorts": {"8080/tcp": {}},
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "FOO=oci_is_a"],
            "Entrypoint": ["/bin/my-app-binary"],
            "Cmd": ["--foreground", "--config", "/etc/my-app.d/default.cfg"],
            "Volumes": {"/var/job-result-data": {}, "/var/log/my-app-logs": {}},
            "WorkingDir": "/home/alice",
            "Labels": {"com.example.project.git.url": "https://example.com/project.git"},
            "StopSignal": "SIGTERM"
        },
        "rootfs": {
            "diff_ids": [
                "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1",
                "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
            ],
            "type": "layers"
        },
        "history": [
            {"created": "2015-10-31T22:22:54.690851953Z", "created_by": "/bin/sh -c #(nop) ADD file:a3bc1e842b69636f9df5256c49c5374fb4eef1e281fe3f282c65fb853ee171c5 in /"},
            {"created": "2015-10-31T22:22:55.613815829Z", "created_by": "/bin/sh -c #(nop) CMD [\"sh\"]", "empty_layer": true},
            {"created": "2015-10-31T22:22:56.329850019Z", "created_by": "/bin/sh -c apk add curl"}
        ]
    }"#;

    #[test]
    fn oci_spec_example_parses_completely() {
        let config = ImageConfig::parse(OCI_EXAMPLE.as_bytes()).unwrap();
        assert_eq!(config.architecture(), "amd64");
        assert_eq!(config.os(), "linux");
        assert_eq!(config.variant(), None);
        assert_eq!(config.env().len(), 2);
        assert_eq!(config.diff_ids().len(), 2);
        let runtime = config.runtime();
        assert_eq!(runtime.entrypoint, ["/bin/my-app-binary"]);
        assert_eq!(runtime.exposed_ports, ["8080/tcp"]);
        assert_eq!(runtime.volumes.len(), 2);
        assert_eq!(runtime.stop_signal.as_deref(), Some("SIGTERM"));
        assert_eq!(runtime.user.as_deref(), Some("alice"));
    }

    #[test]
    fn empty_layer_steps_are_skipped_when_matching_layers() {
        let config = ImageConfig::parse(OCI_EXAMPLE.as_bytes()).unwrap();
        let steps = config.history_for_layers();
        assert_eq!(steps.len(), 2);
        assert!(
            steps[0]
                .unwrap()
                .created_by
                .as_deref()
                .unwrap()
                .contains("ADD file")
        );
        assert!(
            steps[1]
                .unwrap()
                .created_by
                .as_deref()
                .unwrap()
                .contains("apk add")
        );
    }

    #[test]
    fn nulls_and_missing_sections_are_empty() {
        let config =
            ImageConfig::parse(br#"{"architecture":"arm","os":"linux","variant":"v7","config":{"Env":null,"Entrypoint":null,"ExposedPorts":null},"history":null}"#)
                .unwrap();
        assert_eq!(config.variant(), Some("v7"));
        assert!(config.env().is_empty() && config.history().is_empty());
        assert!(config.history_for_layers().is_empty());
    }

    /// Every value at every place of the example replaced by values of every JSON type: the
    /// reader reads the same config, or fails with the same message, as the derived code did.
    #[test]
    fn reads_every_variant_as_the_derived_code_did() {
        use serde_json::json;
        let mut example: Value = serde_json::from_str(OCI_EXAMPLE).unwrap();
        example["variant"] = json!("v8");
        example["config"]["Labels"]["b"] = json!("c");
        let mut compared = 0;
        for (change, document) in crate::json_variants::variants(&example) {
            let ours = image_config(&document);
            let derived = derived::parse(document.clone());
            assert_eq!(ours, derived, "{change}");
            compared += 1;
        }
        assert!(compared > 500, "{compared}");
    }

    #[test]
    fn non_configs_are_errors() {
        for bad in [&b""[..], b"[]", b"null", b"{\"os\":3}", b"{\"history\":{}}"] {
            assert!(
                ImageConfig::parse(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
