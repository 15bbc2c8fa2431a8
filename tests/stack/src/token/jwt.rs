//! Building and signing registry tokens as ES256 JWTs with an `x5c` header.

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::SigningKey;
use serde::Serialize;

use super::policy::Access;
use crate::{clock, es256};

/// The JOSE header: distribution finds the key through the `x5c` chain.
#[derive(Debug, Serialize)]
struct Header<'a> {
    typ: &'static str,
    alg: &'static str,
    x5c: [&'a str; 1],
}

/// The claims distribution checks. `aud` is a single string, as distribution 2.8 needs.
#[derive(Debug, Serialize)]
pub struct Claims<'a> {
    /// Issuer; must equal the registry's configured issuer.
    pub iss: &'a str,
    /// Subject: the user name, or empty for anonymous.
    pub sub: &'a str,
    /// Audience: the `service` the client asked for, exactly as sent.
    pub aud: &'a str,
    /// Expiry (Unix seconds).
    pub exp: i64,
    /// Not before (Unix seconds).
    pub nbf: i64,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Unique token id.
    pub jti: String,
    /// Granted resources and actions.
    pub access: &'a [Access],
}

/// Signs tokens with one key and certificate.
#[derive(Debug)]
pub struct Signer {
    key: SigningKey,
    cert_b64: String,
    counter: AtomicU64,
}

impl Signer {
    /// Creates a signer from a key and the DER of its certificate.
    pub fn new(key: SigningKey, cert_der: &[u8]) -> Self {
        Self {
            key,
            cert_b64: STANDARD.encode(cert_der),
            counter: AtomicU64::new(0),
        }
    }

    /// A fresh unique token id.
    pub fn next_jti(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{:x}-{n:x}", clock::unix_nanos())
    }

    /// Serializes and signs `claims` as a compact JWS.
    pub fn sign(&self, claims: &Claims<'_>) -> Result<String> {
        let header = Header {
            typ: "JWT",
            alg: "ES256",
            x5c: [&self.cert_b64],
        };
        let header = serde_json::to_vec(&header).context("encoding JWT header")?;
        let claims = serde_json::to_vec(claims).context("encoding JWT claims")?;
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let signature = es256::sign_raw(&self.key, signing_input.as_bytes());
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_has_three_parts_and_string_audience() {
        let signer = Signer::new(es256::fixed_key("jwt-test"), b"not-really-a-cert");
        let claims = Claims {
            iss: "issuer",
            sub: "",
            aud: "svc",
            exp: 2,
            nbf: 1,
            iat: 1,
            jti: signer.next_jti(),
            access: &[],
        };
        let token = signer.sign(&claims).expect("token");
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let body = URL_SAFE_NO_PAD.decode(parts[1]).expect("b64");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(body["aud"], "svc");
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).expect("sig").len(), 64);
    }
}
