//! ES256 (ECDSA P-256 with SHA-256) helpers shared by the token server and the seeder.
//!
//! Signatures are deterministic (RFC 6979) and returned in the raw JWS form `r || s`,
//! which is what distribution and libtrust expect (a DER signature is rejected).

use anyhow::{Context, Result, anyhow};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey as _;
use serde::Serialize;
use sha2::{Digest as _, Sha256};

/// Derives a fixed P-256 key from a label, so every machine gets the same test key.
pub fn fixed_key(label: &str) -> SigningKey {
    let mut counter: u32 = 0;
    loop {
        let seed = Sha256::new()
            .chain_update(label.as_bytes())
            .chain_update(counter.to_be_bytes())
            .finalize();
        if let Ok(key) = SigningKey::from_bytes(&seed) {
            return key;
        }
        counter = counter.wrapping_add(1);
    }
}

/// Signs `message` and returns the raw 64-byte `r || s` signature.
pub fn sign_raw(key: &SigningKey, message: &[u8]) -> Vec<u8> {
    let signature: Signature = key.sign(message);
    signature.to_bytes().to_vec()
}

/// Signs `message` and returns the ASN.1 DER signature (the form cosign stores).
pub fn sign_der(key: &SigningKey, message: &[u8]) -> Vec<u8> {
    let signature: Signature = key.sign(message);
    signature.to_der().as_bytes().to_vec()
}

/// A public EC key as a JWK, with the libtrust key id (fields in libtrust's sorted order).
#[derive(Debug, Clone, Serialize)]
pub struct Jwk {
    /// Curve name, always `P-256`.
    pub crv: &'static str,
    /// libtrust key id (see [`libtrust_kid`]).
    pub kid: String,
    /// Key type, always `EC`.
    pub kty: &'static str,
    /// Affine x coordinate, base64url.
    pub x: String,
    /// Affine y coordinate, base64url.
    pub y: String,
}

/// Builds the JWK of `key`'s public half.
pub fn jwk(key: &SigningKey) -> Result<Jwk> {
    let point = key.verifying_key().to_encoded_point(false);
    let x = point.x().ok_or_else(|| anyhow!("public key has no x"))?;
    let y = point.y().ok_or_else(|| anyhow!("public key has no y"))?;
    Ok(Jwk {
        crv: "P-256",
        kid: libtrust_kid(key)?,
        kty: "EC",
        x: URL_SAFE_NO_PAD.encode(x),
        y: URL_SAFE_NO_PAD.encode(y),
    })
}

/// The libtrust key id: sha256 of the DER SubjectPublicKeyInfo, first 30 bytes, base32
/// without padding, in 12 groups of 4 joined by `:`.
pub fn libtrust_kid(key: &SigningKey) -> Result<String> {
    let der = key
        .verifying_key()
        .to_public_key_der()
        .context("encoding the public key as DER")?;
    let hash = Sha256::digest(der.as_bytes());
    let encoded = data_encoding::BASE32_NOPAD.encode(&hash[..30]);
    let groups: Vec<&str> = encoded
        .as_bytes()
        .chunks(4)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect();
    Ok(groups.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier as _;

    #[test]
    fn fixed_key_is_stable_and_signatures_are_deterministic() {
        let a = fixed_key("test");
        let b = fixed_key("test");
        assert_eq!(a.to_bytes(), b.to_bytes());
        let s1 = sign_raw(&a, b"hello");
        assert_eq!(s1, sign_raw(&b, b"hello"));
        assert_eq!(s1.len(), 64);
        let sig = Signature::from_slice(&s1).expect("raw signature");
        VerifyingKey::from(&a)
            .verify(b"hello", &sig)
            .expect("verifies");
    }

    #[test]
    fn kid_has_twelve_groups_of_four() {
        let kid = libtrust_kid(&fixed_key("test")).expect("kid");
        assert_eq!(kid.len(), 12 * 4 + 11);
        assert_eq!(kid.split(':').count(), 12);
    }
}
