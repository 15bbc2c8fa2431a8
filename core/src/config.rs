//! The image config blob: platform, runtime settings (Env, Entrypoint, Cmd…), labels, history
//! and `rootfs.diff_ids`, with each non-empty history step matched to its layer.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct HistoryEntry {
    /// When the step ran (RFC 3339).
    #[serde(default)]
    pub created: Option<String>,
    /// The command that made it, e.g. `/bin/sh -c #(nop) ENV A=b` or a BuildKit `RUN …`.
    #[serde(default)]
    pub created_by: Option<String>,
    /// Who made it.
    #[serde(default)]
    pub author: Option<String>,
    /// A comment, e.g. `buildkit.dockerfile.v0`.
    #[serde(default)]
    pub comment: Option<String>,
    /// True when the step made no layer.
    #[serde(default)]
    pub empty_layer: bool,
}

/// The runtime settings of `config` in the image config.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuntimeConfig {
    /// `User`.
    #[serde(default)]
    pub user: Option<String>,
    /// `Env` as `NAME=value`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub env: Vec<String>,
    /// `Entrypoint`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub entrypoint: Vec<String>,
    /// `Cmd`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub cmd: Vec<String>,
    /// `WorkingDir`.
    #[serde(default)]
    pub working_dir: Option<String>,
    /// `ExposedPorts`, keys only (e.g. `80/tcp`).
    #[serde(default, deserialize_with = "keys_of")]
    pub exposed_ports: Vec<String>,
    /// `Volumes`, keys only.
    #[serde(default, deserialize_with = "keys_of")]
    pub volumes: Vec<String>,
    /// `Labels`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: BTreeMap<String, String>,
    /// `StopSignal`.
    #[serde(default)]
    pub stop_signal: Option<String>,
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn keys_of<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let map: Option<BTreeMap<String, serde::de::IgnoredAny>> = Option::deserialize(d)?;
    Ok(map.map(|m| m.into_keys().collect()).unwrap_or_default())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
struct RootFs {
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "null_as_default")]
    diff_ids: Vec<String>,
}

/// A parsed image config (OCI `application/vnd.oci.image.config.v1+json` or Docker's).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImageConfig {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
    #[serde(default)]
    variant: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    config: Option<RuntimeConfig>,
    #[serde(default, deserialize_with = "null_as_default")]
    history: Vec<HistoryEntry>,
    #[serde(default)]
    rootfs: RootFs,
}

impl ImageConfig {
    /// Parses a config blob.
    pub fn parse(bytes: &[u8]) -> Result<ImageConfig, ConfigError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ConfigError(format!("not JSON: {e}")))?;
        if !value.is_object() {
            return Err(ConfigError("not a JSON object".into()));
        }
        serde_json::from_value(value).map_err(|e| ConfigError(e.to_string()))
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
