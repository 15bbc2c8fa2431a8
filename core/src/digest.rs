//! Content digests: computing the digest a registry reports and verifying received bytes.
//!
//! A digest is `algorithm:hex` over the exact bytes received. A signed schema 1 manifest is the
//! exception: its digest covers the JWS payload (the body without its `signatures`), rebuilt
//! from `formatLength` and `formatTail` in the protected header.

use std::fmt;

use sha2::{Digest as _, Sha256, Sha512};

use crate::base64_codec::decode_url_no_pad;
use crate::media_types;

/// Why a digest could not be computed or did not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DigestError {
    /// The digest string is not `algorithm:hex` with the right length of lower-case hex.
    Malformed(String),
    /// An algorithm this client cannot verify.
    UnsupportedAlgorithm(String),
    /// The bytes hash to another digest than the expected one.
    Mismatch {
        /// The digest that was expected (asked for, or announced by the registry).
        expected: String,
        /// The digest of the bytes actually received.
        actual: String,
    },
    /// A signed schema 1 manifest whose JWS payload cannot be rebuilt.
    Schema1Payload(String),
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestError::Malformed(d) => write!(f, "\"{d}\" is not a valid digest"),
            DigestError::UnsupportedAlgorithm(a) => {
                write!(
                    f,
                    "the digest algorithm \"{a}\" is not supported (sha256 and sha512 are)"
                )
            }
            DigestError::Mismatch { expected, actual } => write!(
                f,
                "digest mismatch: expected {expected} but the received bytes hash to {actual}"
            ),
            DigestError::Schema1Payload(why) => {
                write!(f, "cannot rebuild the signed schema 1 payload: {why}")
            }
        }
    }
}

impl std::error::Error for DigestError {}

/// A parsed `algorithm:hex` digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// SHA-256, 64 hex characters.
    Sha256,
    /// SHA-512, 128 hex characters.
    Sha512,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }

    /// `algorithm:hex` of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> String {
        let hex = match self {
            Algorithm::Sha256 => to_hex(&Sha256::digest(bytes)),
            Algorithm::Sha512 => to_hex(&Sha512::digest(bytes)),
        };
        format!("{}:{hex}", self.name())
    }
}

/// Checks the form of a digest string and returns its algorithm.
pub fn parse(digest: &str) -> Result<Algorithm, DigestError> {
    let (algorithm, hex) = digest
        .split_once(':')
        .ok_or_else(|| DigestError::Malformed(digest.to_string()))?;
    let algorithm = match algorithm {
        "sha256" => Algorithm::Sha256,
        "sha512" => Algorithm::Sha512,
        other if !other.is_empty() => {
            return Err(DigestError::UnsupportedAlgorithm(other.to_string()));
        }
        _ => return Err(DigestError::Malformed(digest.to_string())),
    };
    let hex_ok = hex.len() == algorithm.hex_len()
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hex_ok {
        Ok(algorithm)
    } else {
        Err(DigestError::Malformed(digest.to_string()))
    }
}

/// The sha256 digest a registry reports for these bytes (`Docker-Content-Digest`).
///
/// For a signed schema 1 manifest that is the digest of its JWS payload.
pub fn registry_digest(media_type: &str, bytes: &[u8]) -> Result<String, DigestError> {
    digest_with(Algorithm::Sha256, media_type, bytes)
}

/// Verifies that `bytes` (received with `media_type`) have the digest `expected`.
pub fn verify(expected: &str, media_type: &str, bytes: &[u8]) -> Result<(), DigestError> {
    let algorithm = parse(expected)?;
    let actual = digest_with(algorithm, media_type, bytes)?;
    if actual == expected {
        Ok(())
    } else {
        Err(DigestError::Mismatch {
            expected: expected.to_string(),
            actual,
        })
    }
}

fn digest_with(
    algorithm: Algorithm,
    media_type: &str,
    bytes: &[u8],
) -> Result<String, DigestError> {
    if is_signed_schema1(media_type, bytes) {
        let payload = schema1_payload(bytes)?;
        Ok(algorithm.digest(&payload))
    } else {
        Ok(algorithm.digest(bytes))
    }
}

fn is_signed_schema1(media_type: &str, bytes: &[u8]) -> bool {
    let essence = media_types::essence(media_type);
    if essence == media_types::DOCKER_SCHEMA1_SIGNED {
        return true;
    }
    // Registries also serve signed schema 1 as application/json or with no type at all.
    if !essence.is_empty()
        && essence != "application/json"
        && essence != media_types::DOCKER_SCHEMA1
    {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| {
            let signed = v.get("schemaVersion")?.as_u64()? == 1 && v.get("signatures").is_some();
            Some(signed)
        })
        .unwrap_or(false)
}

/// Rebuilds the JWS payload of a signed schema 1 manifest: `bytes[..formatLength] + formatTail`.
pub fn schema1_payload(bytes: &[u8]) -> Result<Vec<u8>, DigestError> {
    #[derive(serde::Deserialize)]
    struct Signed {
        signatures: Vec<Signature>,
    }
    #[derive(serde::Deserialize)]
    struct Signature {
        protected: String,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Protected {
        format_length: usize,
        format_tail: String,
    }
    let bad = |why: &str| DigestError::Schema1Payload(why.to_string());
    let signed: Signed =
        serde_json::from_slice(bytes).map_err(|e| bad(&format!("not a signed manifest: {e}")))?;
    let mut payload: Option<Vec<u8>> = None;
    for signature in &signed.signatures {
        let header = decode_url_no_pad(signature.protected.trim_end_matches('='))
            .ok_or_else(|| bad("the protected header is not base64url"))?;
        let header: Protected = serde_json::from_slice(&header)
            .map_err(|_| bad("the protected header lacks formatLength or formatTail"))?;
        let tail = decode_url_no_pad(header.format_tail.trim_end_matches('='))
            .ok_or_else(|| bad("formatTail is not base64url"))?;
        let head = bytes
            .get(..header.format_length)
            .ok_or_else(|| bad("formatLength is longer than the manifest"))?;
        let rebuilt = [head, tail.as_slice()].concat();
        match &payload {
            Some(first) if *first != rebuilt => {
                return Err(bad("the signatures disagree on the payload"));
            }
            Some(_) => {}
            None => payload = Some(rebuilt),
        }
    }
    payload.ok_or_else(|| bad("it has no signatures"))
}

fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    // Known answers: sha256("") and sha512("") from FIPS 180-4 test vectors.
    const EMPTY_SHA256: &str =
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn sha256_of_empty_input_is_the_known_value() {
        assert_eq!(registry_digest("", b"").unwrap(), EMPTY_SHA256);
    }

    #[test]
    fn sha512_verifies() {
        let d = Algorithm::Sha512.digest(b"{}");
        assert!(d.starts_with("sha512:cf83") || d.len() == 7 + 128);
        assert_eq!(verify(&d, "application/json", b"{}"), Ok(()));
    }

    #[test]
    fn one_changed_byte_is_a_mismatch() {
        let expected = registry_digest("", b"hello").unwrap();
        let err = verify(&expected, "", b"hellp").unwrap_err();
        assert!(matches!(err, DigestError::Mismatch { .. }), "{err}");
    }

    #[test]
    fn malformed_digests_are_rejected() {
        for bad in [
            "",
            "sha256",
            "sha256:",
            "sha256:ABC",
            "sha256:abc",
            ":abc",
            "md5:00",
        ] {
            assert!(verify(bad, "", b"").is_err(), "{bad}");
        }
        assert_eq!(
            parse("md5:00"),
            Err(DigestError::UnsupportedAlgorithm("md5".into()))
        );
    }

    #[test]
    fn schema1_digest_covers_the_payload_only() {
        let payload = b"{\n   \"schemaVersion\": 1,\n   \"name\": \"a\"\n}";
        let format_length = payload.len() - 2;
        let tail = URL_SAFE_NO_PAD.encode(b"\n}");
        let protected = URL_SAFE_NO_PAD.encode(format!(
            "{{\"formatLength\":{format_length},\"formatTail\":\"{tail}\"}}"
        ));
        let body = format!(
            "{},\n   \"signatures\": [{{\"protected\": \"{protected}\", \"signature\": \"x\"}}]\n}}",
            std::str::from_utf8(&payload[..format_length]).unwrap()
        );
        let expected = Algorithm::Sha256.digest(payload);
        assert_eq!(
            registry_digest(media_types::DOCKER_SCHEMA1_SIGNED, body.as_bytes()).unwrap(),
            expected
        );
        // Served as application/json, it is still recognised.
        assert_eq!(
            verify(&expected, "application/json", body.as_bytes()),
            Ok(())
        );
    }

    #[test]
    fn schema1_with_a_lying_format_length_is_an_error() {
        let protected = URL_SAFE_NO_PAD.encode("{\"formatLength\":99999,\"formatTail\":\"Cn0\"}");
        let body =
            format!("{{\"schemaVersion\":1,\"signatures\":[{{\"protected\":\"{protected}\"}}]}}");
        let err = registry_digest(media_types::DOCKER_SCHEMA1_SIGNED, body.as_bytes());
        assert!(matches!(err, Err(DigestError::Schema1Payload(_))));
    }
}
