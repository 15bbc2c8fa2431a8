//! DSSE envelopes (`application/vnd.dsse.envelope.v1+json`): `payloadType`, the base64
//! payload (standard or URL-safe alphabet, padded or not) and the signatures.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde::Deserialize;

/// The media type of a DSSE envelope layer.
pub const MEDIA_TYPE: &str = "application/vnd.dsse.envelope.v1+json";
/// The payload type of an in-toto statement.
pub const IN_TOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// Why an envelope could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DsseError {
    /// The bytes are not a JSON DSSE envelope.
    #[error("not a DSSE envelope: {0}")]
    NotAnEnvelope(String),
    /// The payload is not valid base64 in either alphabet.
    #[error("the DSSE payload is not valid base64 (standard or URL-safe)")]
    InvalidBase64,
    /// The payload type is not the one expected.
    #[error("the DSSE payload type is {found:?}, expected {expected:?}")]
    WrongPayloadType {
        /// What the envelope says.
        found: String,
        /// What was expected.
        expected: String,
    },
}

/// One signature of an envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DsseSignature {
    /// The key id, when given.
    pub keyid: Option<String>,
    /// The signature bytes (decoded), or `None` when its base64 is invalid.
    pub sig: Option<Vec<u8>>,
}

/// A decoded envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// `payloadType`.
    pub payload_type: String,
    /// The decoded payload.
    pub payload: Vec<u8>,
    /// The signatures (not verified here: see [`Envelope::pae`]).
    pub signatures: Vec<DsseSignature>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEnvelope {
    payload_type: String,
    payload: String,
    #[serde(default)]
    signatures: Vec<RawSignature>,
}

#[derive(Deserialize)]
struct RawSignature {
    #[serde(default)]
    keyid: Option<String>,
    #[serde(default)]
    sig: String,
}

/// Decodes base64 in the standard or URL-safe alphabet, with or without padding.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
}

impl Envelope {
    /// Parses an envelope's JSON bytes and decodes its payload.
    pub fn parse(bytes: &[u8]) -> Result<Self, DsseError> {
        let raw: RawEnvelope =
            serde_json::from_slice(bytes).map_err(|e| DsseError::NotAnEnvelope(e.to_string()))?;
        let payload = decode_base64(&raw.payload).ok_or(DsseError::InvalidBase64)?;
        Ok(Envelope {
            payload_type: raw.payload_type,
            payload,
            signatures: raw
                .signatures
                .into_iter()
                .map(|s| DsseSignature {
                    keyid: s.keyid.filter(|k| !k.is_empty()),
                    sig: decode_base64(&s.sig),
                })
                .collect(),
        })
    }

    /// The payload, when the payload type is `expected`.
    pub fn payload_of_type(&self, expected: &str) -> Result<&[u8], DsseError> {
        if self.payload_type == expected {
            Ok(&self.payload)
        } else {
            Err(DsseError::WrongPayloadType {
                found: self.payload_type.clone(),
                expected: expected.to_string(),
            })
        }
    }

    /// The pre-authentication encoding the signatures sign:
    /// `DSSEv1 <len(type)> <type> <len(payload)> <payload>`.
    pub fn pae(&self) -> Vec<u8> {
        let mut out = format!(
            "DSSEv1 {} {} {} ",
            self.payload_type.len(),
            self.payload_type,
            self.payload.len()
        )
        .into_bytes();
        out.extend_from_slice(&self.payload);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_alphabets_decode() {
        // 0xfb 0xff encodes to "+/8=" in the standard alphabet and "-_8=" in the URL-safe one.
        assert_eq!(decode_base64("+/8="), Some(vec![0xfb, 0xff]));
        assert_eq!(decode_base64("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(decode_base64("not base64!"), None);
    }

    #[test]
    fn envelope_errors_are_typed() {
        let bad =
            br#"{"payloadType":"application/vnd.in-toto+json","payload":"%%%","signatures":[]}"#;
        assert_eq!(Envelope::parse(bad), Err(DsseError::InvalidBase64));
        let text = br#"{"payloadType":"text/plain","payload":"aGk=","signatures":[]}"#;
        let envelope = Envelope::parse(text).expect("decodes");
        assert_eq!(
            envelope.payload_of_type(IN_TOTO_PAYLOAD_TYPE),
            Err(DsseError::WrongPayloadType {
                found: "text/plain".into(),
                expected: IN_TOTO_PAYLOAD_TYPE.into()
            })
        );
        assert_eq!(envelope.pae(), b"DSSEv1 10 text/plain 2 hi".to_vec());
        assert!(matches!(
            Envelope::parse(b"[]"),
            Err(DsseError::NotAnEnvelope(_))
        ));
    }
}
