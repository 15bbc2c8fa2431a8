//! Minting and reading the zoo's own tokens: compact JWTs (HS256 under the zoo's key) for
//! registries whose real tokens are JWTs, opaque base64 strings for those whose are not.
//! Either way the zoo signs the claims, so it can tell its tokens from forged or foreign ones.

use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use sha2::{Digest as _, Sha256};

use super::claims::Claims;
use super::hmac::{hmac_sha256, same};

/// How a registry's tokens look on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenStyle {
    /// `header.claims.signature`, base64url.
    Jwt,
    /// One standard-base64 string with no visible structure.
    Opaque,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token of this style, or not decodable.
    Malformed,
    /// The signature does not match: forged, altered, or from another zoo process.
    BadSignature,
    /// Past `exp`, or before `nbf`.
    OutOfTime,
}

/// The zoo's signing key and token counter.
#[derive(Debug)]
pub struct Keyring {
    key: [u8; 32],
    counter: AtomicU64,
}

/// The JOSE header of every zoo JWT.
const JWT_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

impl Keyring {
    /// A keyring with a fixed key (tests).
    pub fn with_key(key: [u8; 32]) -> Self {
        Self {
            key,
            counter: AtomicU64::new(0),
        }
    }

    /// A keyring with a key of this process: tokens die with the process, as they would
    /// when a real registry rotates its keys.
    pub fn for_this_process() -> Self {
        let mut seed = Sha256::new();
        seed.update(crate::clock::unix_nanos().to_le_bytes());
        seed.update(std::process::id().to_le_bytes());
        Self::with_key(seed.finalize().into())
    }

    /// An HMAC of `message` for `purpose` (token, CDN URL, …), so signatures for one purpose
    /// never validate another.
    pub fn sign(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        let mut input = Vec::with_capacity(purpose.len() + 1 + message.len());
        input.extend_from_slice(purpose.as_bytes());
        input.push(0);
        input.extend_from_slice(message);
        hmac_sha256(&self.key, &input)
    }

    /// A fresh token id.
    pub fn jti(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{:x}{n:x}", crate::clock::unix_nanos())
    }

    /// Encodes and signs `claims`.
    pub fn mint(&self, style: TokenStyle, claims: &Claims) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
        match style {
            TokenStyle::Jwt => {
                let input = format!("{}.{payload}", URL_SAFE_NO_PAD.encode(JWT_HEADER));
                let mac = self.sign("jwt", input.as_bytes());
                format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac))
            }
            TokenStyle::Opaque => {
                let mac = self.sign("opaque", payload.as_bytes());
                STANDARD.encode(format!("v1:{payload}:{}", URL_SAFE_NO_PAD.encode(mac)))
            }
        }
    }

    /// Reads a token of `style`, checking its signature and that `now` is within its life.
    pub fn read(&self, style: TokenStyle, token: &str, now: i64) -> Result<Claims, TokenError> {
        let (payload, mac, signed, purpose) = match style {
            TokenStyle::Jwt => {
                let mut parts = token.split('.');
                let (Some(header), Some(payload), Some(mac), None) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(TokenError::Malformed);
                };
                let signed = format!("{header}.{payload}");
                (payload.to_owned(), mac.to_owned(), signed, "jwt")
            }
            TokenStyle::Opaque => {
                let text = STANDARD
                    .decode(token)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or(TokenError::Malformed)?;
                let (payload, mac) = text
                    .strip_prefix("v1:")
                    .and_then(|rest| rest.split_once(':'))
                    .ok_or(TokenError::Malformed)?;
                (
                    payload.to_owned(),
                    mac.to_owned(),
                    payload.to_owned(),
                    "opaque",
                )
            }
        };
        let mac = URL_SAFE_NO_PAD
            .decode(mac)
            .map_err(|_| TokenError::Malformed)?;
        if !same(&mac, &self.sign(purpose, signed.as_bytes())) {
            return Err(TokenError::BadSignature);
        }
        let claims: Claims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(TokenError::Malformed)?;
        if now >= claims.exp || now < claims.nbf {
            return Err(TokenError::OutOfTime);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::super::claims::Access;
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            iss: "auth.docker.io".into(),
            sub: String::new(),
            aud: "registry.docker.io".into(),
            exp,
            nbf: 0,
            iat: 0,
            jti: "1".into(),
            access: vec![Access::pull("library/alpine")],
        }
    }

    #[test]
    fn round_trips_both_styles() {
        let keys = Keyring::with_key([7; 32]);
        for style in [TokenStyle::Jwt, TokenStyle::Opaque] {
            let token = keys.mint(style, &claims(100));
            assert_eq!(keys.read(style, &token, 50), Ok(claims(100)), "{style:?}");
        }
        let jwt = keys.mint(TokenStyle::Jwt, &claims(100));
        assert_eq!(jwt.split('.').count(), 3);
        let opaque = keys.mint(TokenStyle::Opaque, &claims(100));
        assert!(!opaque.contains('.'));
    }

    #[test]
    fn refuses_expired_foreign_and_mixed_up_tokens() {
        let keys = Keyring::with_key([7; 32]);
        let jwt = keys.mint(TokenStyle::Jwt, &claims(100));
        assert_eq!(
            keys.read(TokenStyle::Jwt, &jwt, 100),
            Err(TokenError::OutOfTime)
        );
        let other = Keyring::with_key([8; 32]);
        assert_eq!(
            other.read(TokenStyle::Jwt, &jwt, 50),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            keys.read(TokenStyle::Opaque, &jwt, 50),
            Err(TokenError::Malformed)
        );
        let mut tampered = jwt.clone();
        tampered.insert(40, 'A');
        assert!(keys.read(TokenStyle::Jwt, &tampered, 50).is_err());
        assert_eq!(
            keys.read(TokenStyle::Jwt, "not a token", 50),
            Err(TokenError::Malformed)
        );
    }
}
