//! Docker signed schema1 manifests, produced the libtrust way.
//!
//! The payload is the manifest without `signatures`, pretty-printed with a 3-space indent.
//! The protected header records `formatLength` (bytes kept before the signatures are
//! spliced in) and `formatTail` (the closing `\n}`), so a verifier can cut the payload
//! back out of the body. The registry digest is sha256 of that payload, not of the body.
//! The key is fixed and ES256 signatures are deterministic, so the body is reproducible.

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::ser::PrettyFormatter;

use super::blob::{Blob, sha256_digest};
use super::config::RuntimeConfig;
use super::descriptor::Platform;
use super::image::step_time;
use super::layer;
use super::manifest::{Kind, Manifest};
use super::media;
use crate::es256;

/// libtrust's indent.
const INDENT: &[u8] = b"   ";

/// The unsigned manifest (the JWS payload).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Unsigned {
    schema_version: u32,
    name: String,
    tag: String,
    architecture: String,
    fs_layers: Vec<FsLayer>,
    history: Vec<V1History>,
}

/// One `fsLayers` entry.
#[derive(Debug, Serialize)]
struct FsLayer {
    #[serde(rename = "blobSum")]
    blob_sum: String,
}

/// One `history` entry: a v1 image JSON as a string.
#[derive(Debug, Serialize)]
struct V1History {
    #[serde(rename = "v1Compatibility")]
    v1_compatibility: String,
}

/// A v1 image description.
#[derive(Debug, Serialize)]
struct V1Image {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    created: String,
    container_config: ContainerConfig,
    #[serde(skip_serializing_if = "Option::is_none")]
    architecture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    os: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<RuntimeConfig>,
}

/// The command that made a v1 layer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ContainerConfig {
    cmd: Vec<String>,
}

/// The JWS protected header.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Protected {
    format_length: usize,
    format_tail: String,
    time: String,
}

/// One JWS signature.
#[derive(Debug, Serialize)]
struct JwsSignature {
    header: JwsHeader,
    signature: String,
    protected: String,
}

/// The unprotected JWS header.
#[derive(Debug, Serialize)]
struct JwsHeader {
    jwk: es256::Jwk,
    alg: &'static str,
}

/// A schema1 image to build: its layers bottom first, each with the command that made it.
#[derive(Debug, Clone)]
pub struct Schema1Spec {
    /// Repository name written into the manifest.
    pub name: String,
    /// Tag written into the manifest.
    pub tag: String,
    /// Platform of the image.
    pub platform: Platform,
    /// `(command, files)` per layer, bottom first.
    pub layers: Vec<(String, layer::Files)>,
    /// Runtime config of the top image.
    pub runtime: RuntimeConfig,
}

/// Builds and signs the manifest; returns the layer blobs and the signed manifest.
pub fn build(spec: &Schema1Spec) -> Result<(Vec<Blob>, Manifest)> {
    let mut blobs = Vec::new();
    let mut history = Vec::new();
    let mut parent: Option<String> = None;
    let count = spec.layers.len();
    for (index, (command, files)) in spec.layers.iter().enumerate() {
        let built = layer::build(files)?;
        let blob = Blob::new(media::DOCKER_LAYER_GZIP, built.gzip);
        let id = sha256_digest(format!("regscope v1 {index} {}", blob.digest).as_bytes())
            .trim_start_matches("sha256:")
            .to_owned();
        let top = index + 1 == count;
        let image = V1Image {
            id: id.clone(),
            parent: parent.replace(id),
            created: step_time(index),
            container_config: ContainerConfig {
                cmd: vec!["/bin/sh".to_owned(), "-c".to_owned(), command.clone()],
            },
            architecture: top.then(|| spec.platform.architecture.clone()),
            os: top.then(|| spec.platform.os.clone()),
            config: top.then(|| spec.runtime.clone()),
        };
        history.push(V1History {
            v1_compatibility: serde_json::to_string(&image).context("serializing v1 image")?,
        });
        blobs.push(blob);
    }
    let unsigned = Unsigned {
        schema_version: 1,
        name: spec.name.clone(),
        tag: spec.tag.clone(),
        architecture: spec.platform.architecture.clone(),
        fs_layers: blobs
            .iter()
            .rev()
            .map(|b| FsLayer {
                blob_sum: b.digest.clone(),
            })
            .collect(),
        history: history.into_iter().rev().collect(),
    };
    let payload = pretty(&unsigned)?;
    let body = sign(&payload)?;
    let manifest = Manifest {
        media_type: media::DOCKER_SCHEMA1_SIGNED.to_owned(),
        bytes: body,
        digest: sha256_digest(&payload),
        kind: Kind::DockerSchema1,
        platform: Some(spec.platform.clone()),
    };
    Ok((blobs, manifest))
}

/// Pretty-prints with libtrust's 3-space indent.
fn pretty<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(INDENT));
    value
        .serialize(&mut serializer)
        .context("pretty-printing JSON")?;
    Ok(out)
}

/// Signs `payload` with the fixed schema1 key and splices the signatures into it.
fn sign(payload: &[u8]) -> Result<Vec<u8>> {
    let not_space = |b: &u8| !b.is_ascii_whitespace();
    let Some(close) = payload.iter().rposition(not_space) else {
        bail!("empty schema1 payload");
    };
    let Some(last) = payload[..close].iter().rposition(not_space) else {
        bail!("schema1 payload has no content");
    };
    if payload[close] != b'}' || payload[last] == b',' {
        bail!("schema1 payload is not a JSON object");
    }
    let format_length = last + 1;
    let tail = &payload[format_length..];
    let protected = Protected {
        format_length,
        format_tail: URL_SAFE_NO_PAD.encode(tail),
        time: step_time(0),
    };
    let protected =
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&protected).context("protected header")?);
    let key = es256::fixed_key("regscope-stack schema1 test key");
    let signing_input = format!("{protected}.{}", URL_SAFE_NO_PAD.encode(payload));
    let signature = es256::sign_raw(&key, signing_input.as_bytes());
    let signatures = vec![JwsSignature {
        header: JwsHeader {
            jwk: es256::jwk(&key)?,
            alg: "ES256",
        },
        signature: URL_SAFE_NO_PAD.encode(signature),
        protected,
    }];
    let signatures = pretty(&signatures)?;
    let mut body = payload[..format_length].to_vec();
    body.extend_from_slice(b",\n");
    body.extend_from_slice(INDENT);
    body.extend_from_slice(b"\"signatures\": ");
    for (index, line) in signatures.split(|b| *b == b'\n').enumerate() {
        if index > 0 {
            body.push(b'\n');
            body.extend_from_slice(INDENT);
        }
        body.extend_from_slice(line);
    }
    body.extend_from_slice(tail);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_reparses_and_payload_digest_is_recoverable() {
        let spec = Schema1Spec {
            name: "docker/schema1".into(),
            tag: "latest".into(),
            platform: Platform::linux("amd64", None),
            layers: vec![("ADD x /".into(), vec![("x".into(), b"x".to_vec())])],
            runtime: RuntimeConfig::default(),
        };
        let (_, manifest) = build(&spec).expect("schema1");
        let body: serde_json::Value = serde_json::from_slice(&manifest.bytes).expect("json");
        let signature = &body["signatures"][0];
        let protected = signature["protected"].as_str().expect("protected");
        let protected: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(protected).expect("b64")).expect("json");
        let length =
            usize::try_from(protected["formatLength"].as_u64().expect("len")).expect("usize");
        let tail = URL_SAFE_NO_PAD
            .decode(protected["formatTail"].as_str().expect("tail"))
            .expect("b64");
        assert_eq!(tail, b"\n}");
        let mut payload = manifest.bytes[..length].to_vec();
        payload.extend_from_slice(&tail);
        assert_eq!(sha256_digest(&payload), manifest.digest);
        assert_eq!(build(&spec).expect("again").1.bytes, manifest.bytes);
    }
}
