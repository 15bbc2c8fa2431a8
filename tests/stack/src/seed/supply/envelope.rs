//! in-toto statements (v0.1 and v1) and DSSE envelopes signed over the pre-authentication
//! encoding with the TEST-ONLY cosign key.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::super::blob::Blob;
use super::keys;
use crate::es256;

/// The media type of a DSSE envelope layer.
pub const DSSE: &str = "application/vnd.dsse.envelope.v1+json";
/// The payload type of an in-toto statement.
pub const IN_TOTO: &str = "application/vnd.in-toto+json";

/// Which in-toto statement version to write.
#[derive(Debug, Clone, Copy)]
pub enum Version {
    /// `https://in-toto.io/Statement/v0.1`.
    V01,
    /// `https://in-toto.io/Statement/v1`.
    V1,
}

/// A statement about `subject_digest` (`sha256:<hex>`, named `name`).
pub fn statement(
    version: Version,
    name: &str,
    subject_digest: &str,
    predicate_type: &str,
    predicate: Value,
) -> Value {
    let kind = match version {
        Version::V01 => "https://in-toto.io/Statement/v0.1",
        Version::V1 => "https://in-toto.io/Statement/v1",
    };
    json!({
        "_type": kind,
        "subject": [{
            "name": name,
            "digest": {"sha256": subject_digest.trim_start_matches("sha256:")}
        }],
        "predicateType": predicate_type,
        "predicate": predicate,
    })
}

/// `DSSEv1 <len> <type> <len> <payload>`.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {payload_type} {} ",
        payload_type.len(),
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// A DSSE envelope of `payload` (typed `payload_type`), signed with the cosign test key.
pub fn envelope_json(payload_type: &str, payload: &[u8]) -> Value {
    let signature = es256::sign_der(&keys::cosign(), &pae(payload_type, payload));
    json!({
        "payloadType": payload_type,
        "payload": STANDARD.encode(payload),
        "signatures": [{"keyid": "", "sig": STANDARD.encode(signature)}],
    })
}

/// A DSSE layer (cosign attestation style) of `statement`, annotated with its predicate type.
pub fn dsse_layer(statement: &Value) -> Result<(Blob, BTreeMap<String, String>)> {
    let payload =
        crate::seed::canonical::json_bytes(statement).context("serializing a statement")?;
    let envelope = envelope_json(IN_TOTO, &payload);
    layer_of(&envelope, statement)
}

/// A DSSE layer of an already-built envelope, annotated with the statement's predicate type.
pub fn layer_of(envelope: &Value, statement: &Value) -> Result<(Blob, BTreeMap<String, String>)> {
    let bytes = crate::seed::canonical::json_bytes(envelope).context("serializing an envelope")?;
    let predicate_type = statement["predicateType"].as_str().unwrap_or("").to_owned();
    Ok((
        Blob::new(DSSE, bytes),
        BTreeMap::from([("predicateType".to_owned(), predicate_type)]),
    ))
}
