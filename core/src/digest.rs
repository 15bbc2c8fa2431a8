//! Content digests: computing the digest a registry reports and verifying received bytes.
//!
//! A digest is `algorithm:hex` over the exact bytes received. A signed schema 1 manifest is the
//! exception: its digest covers the JWS payload (the body without its `signatures`), rebuilt
//! from `formatLength` and `formatTail` in the protected header.

use serde_json::Value;
use sha2::{Digest as _, Sha256, Sha512};

use crate::base64_codec::decode_url_no_pad;
use crate::media_types;

/// Why a digest could not be computed or did not match.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// The digest string is not `algorithm:hex` with the right length of lower-case hex.
    #[error("\"{0}\" is not a valid digest")]
    Malformed(String),
    /// An algorithm this client cannot verify.
    #[error("the digest algorithm \"{0}\" is not supported (sha256 and sha512 are)")]
    UnsupportedAlgorithm(String),
    /// The bytes hash to another digest than the expected one.
    #[error("digest mismatch: expected {expected} but the received bytes hash to {actual}")]
    Mismatch {
        /// The digest that was expected (asked for, or announced by the registry).
        expected: String,
        /// The digest of the bytes actually received.
        actual: String,
    },
    /// A signed schema 1 manifest whose JWS payload cannot be rebuilt.
    #[error("cannot rebuild the signed schema 1 payload: {0}")]
    Schema1Payload(String),
}

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

    /// The algorithm named `name`, among those this client verifies.
    fn named(name: &str) -> Option<Algorithm> {
        match name {
            "sha256" => Some(Algorithm::Sha256),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    /// True when `hex` is this algorithm's length of lower-case hexadecimal.
    fn is_encoded(self, hex: &str) -> bool {
        hex.len() == self.hex_len()
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

/// The algorithm of a digest this client can verify (`sha256:` or `sha512:` and the right
/// length of lower-case hex), without allocating: the cheap form of [`parse`].
pub fn algorithm_of(digest: &str) -> Option<Algorithm> {
    let (name, hex) = digest.split_once(':')?;
    Algorithm::named(name).filter(|algorithm| algorithm.is_encoded(hex))
}

/// True for a digest this client can verify, e.g. to spot digests in a JSON document.
pub fn is_digest(text: &str) -> bool {
    algorithm_of(text).is_some()
}

/// True for text of the OCI digest grammar, `[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`,
/// whatever the algorithm (what a descriptor's `digest` must look like).
pub fn is_well_formed(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.split(['+', '.', '_', '-']).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    let encoded_ok = !encoded.is_empty()
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'=' || b == b'_' || b == b'-');
    algorithm_ok && encoded_ok
}

/// Checks the form of a digest string and returns its algorithm, or why it is refused.
pub fn parse(digest: &str) -> Result<Algorithm, DigestError> {
    let malformed = || DigestError::Malformed(digest.to_string());
    let (name, hex) = digest.split_once(':').ok_or_else(malformed)?;
    match Algorithm::named(name) {
        Some(algorithm) if algorithm.is_encoded(hex) => Ok(algorithm),
        None if !name.is_empty() => Err(DigestError::UnsupportedAlgorithm(name.to_string())),
        _ => Err(malformed()),
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
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|v| {
            let signed = v.get("schemaVersion")?.as_u64()? == 1 && v.get("signatures").is_some();
            Some(signed)
        })
        .unwrap_or(false)
}

/// Rebuilds the JWS payload of a signed schema 1 manifest: `bytes[..formatLength] + formatTail`,
/// read from each signature's protected header (they must agree).
pub fn schema1_payload(bytes: &[u8]) -> Result<Vec<u8>, DigestError> {
    let bad = |why: &str| DigestError::Schema1Payload(why.to_string());
    let document: Value =
        serde_json::from_slice(bytes).map_err(|e| bad(&format!("not a signed manifest: {e}")))?;
    let signatures = document
        .get("signatures")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("not a signed manifest: it has no signatures array"))?;
    let mut payload: Option<Vec<u8>> = None;
    for signature in signatures {
        let protected = signature
            .get("protected")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a signature has no protected header"))?;
        let header = decode_url_no_pad(protected.trim_end_matches('='))
            .ok_or_else(|| bad("the protected header is not base64url"))?;
        let header: Value = serde_json::from_slice(&header).unwrap_or_default();
        let (Some(length), Some(tail)) = (
            header.get("formatLength").and_then(Value::as_u64),
            header.get("formatTail").and_then(Value::as_str),
        ) else {
            return Err(bad("the protected header lacks formatLength or formatTail"));
        };
        let tail = decode_url_no_pad(tail.trim_end_matches('='))
            .ok_or_else(|| bad("formatTail is not base64url"))?;
        let head = usize::try_from(length)
            .ok()
            .and_then(|length| bytes.get(..length))
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
    fn the_cheap_predicate_agrees_with_parse() {
        let sha256 = format!("sha256:{}", "0f".repeat(32));
        let sha512 = format!("sha512:{}", "a1".repeat(64));
        assert_eq!(algorithm_of(&sha256), Some(Algorithm::Sha256));
        assert_eq!(algorithm_of(&sha512), Some(Algorithm::Sha512));
        let upper = format!("sha256:{}", "0F".repeat(32));
        let short = format!("sha256:{}", "0f".repeat(31));
        let md5 = format!("md5:{}", "0f".repeat(16));
        for text in [
            &sha256, &sha512, &upper, &short, &md5, "", ":", "sha256:", "sha256",
        ] {
            assert_eq!(is_digest(text), parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn the_oci_grammar_accepts_other_algorithms() {
        for good in [
            "sha256:abc",
            "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
            "a.b_c-d:A=_-",
        ] {
            assert!(is_well_formed(good), "{good}");
        }
        for bad in [
            "",
            "sha256",
            "sha256:",
            ":abc",
            "SHA256:abc",
            "a..b:c",
            "-a:b",
            "a:b c",
            "a:b/c",
        ] {
            assert!(!is_well_formed(bad), "{bad}");
        }
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
    fn schema1_payload_refusals_say_why() {
        let protected = |length: usize| {
            URL_SAFE_NO_PAD.encode(format!(
                "{{\"formatLength\":{length},\"formatTail\":\"Cn0\"}}"
            ))
        };
        let (one, two) = (protected(10), protected(11));
        let cases = [
            ("[]".to_string(), "no signatures array"),
            (r#"{"signatures":[{}]}"#.to_string(), "no protected header"),
            (
                r#"{"signatures":[{"protected":"*"}]}"#.to_string(),
                "not base64url",
            ),
            (
                r#"{"signatures":[{"protected":"e30"}]}"#.to_string(),
                "lacks formatLength",
            ),
            (r#"{"signatures":[]}"#.to_string(), "it has no signatures"),
            (
                format!(r#"{{"signatures":[{{"protected":"{one}"}},{{"protected":"{two}"}}]}}"#),
                "disagree",
            ),
        ];
        for (body, expected) in cases {
            let error = schema1_payload(body.as_bytes()).unwrap_err().to_string();
            assert!(error.contains(expected), "{body}: {error}");
        }
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
