//! Harbor's session cookie: every answer of its core sets `sid=<32 hex digits>; Path=/; HttpOnly`.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest as _, Sha256};

/// Distinguishes session ids made in the same nanosecond.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh session id: 32 lowercase hex digits.
pub fn id() -> String {
    let mut hash = Sha256::new();
    hash.update(crate::clock::unix_nanos().to_le_bytes());
    hash.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Adds a `Set-Cookie` with a fresh session id.
pub fn set_cookie(headers: &mut HeaderMap) {
    if let Ok(cookie) = HeaderValue::from_str(&format!("sid={}; Path=/; HttpOnly", id())) {
        headers.append(header::SET_COOKIE, cookie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fresh_32_hex_digits() {
        let (a, b) = (id(), id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let mut headers = HeaderMap::new();
        set_cookie(&mut headers);
        let cookie = headers[header::SET_COOKIE].to_str().expect("ascii");
        assert!(cookie.starts_with("sid=") && cookie.ends_with("; Path=/; HttpOnly"));
    }
}
