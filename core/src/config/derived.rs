//! The derived deserialization the config reader replaced, kept for tests: both must read every
//! document the same way, with the same error messages (the types keep their names, which
//! serde's messages quote).

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
struct HistoryEntry {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    created_by: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    empty_layer: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RuntimeConfig {
    #[serde(default)]
    user: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    env: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    entrypoint: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    cmd: Vec<String>,
    #[serde(default)]
    working_dir: Option<String>,
    #[serde(default, deserialize_with = "keys_of")]
    exposed_ports: Vec<String>,
    #[serde(default, deserialize_with = "keys_of")]
    volumes: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    stop_signal: Option<String>,
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

#[derive(Default, Deserialize)]
struct RootFs {
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "null_as_default")]
    diff_ids: Vec<String>,
}

#[derive(Deserialize)]
struct ImageConfig {
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

/// The config as the derived code read it from `value`, or serde's error message.
pub(super) fn parse(value: serde_json::Value) -> Result<super::ImageConfig, String> {
    let d: ImageConfig = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(super::ImageConfig {
        architecture: d.architecture,
        os: d.os,
        variant: d.variant,
        created: d.created,
        author: d.author,
        config: d.config.map(|c| super::RuntimeConfig {
            user: c.user,
            env: c.env,
            entrypoint: c.entrypoint,
            cmd: c.cmd,
            working_dir: c.working_dir,
            exposed_ports: c.exposed_ports,
            volumes: c.volumes,
            labels: c.labels,
            stop_signal: c.stop_signal,
        }),
        history: d
            .history
            .into_iter()
            .map(|h| super::HistoryEntry {
                created: h.created,
                created_by: h.created_by,
                author: h.author,
                comment: h.comment,
                empty_layer: h.empty_layer,
            })
            .collect(),
        rootfs: super::RootFs {
            kind: d.rootfs.kind,
            diff_ids: d.rootfs.diff_ids,
        },
    })
}
