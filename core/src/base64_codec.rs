//! Base64 as the registry protocol needs it: the standard alphabet with `=` padding to encode
//! Basic credentials, and unpadded base64url to decode the JWS fields of signed schema 1
//! manifests (and to carry recorded bodies, see [`crate::recording`]). Written out here because the `base64` crate's generic engine added several
//! kilobytes to the wasm bundle for these two uses; tests check both against the crate.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` in standard base64 (RFC 4648 §4), padded with `=`.
pub fn encode_standard(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = byte(0) << 16 | byte(1) << 8 | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(STANDARD[(group >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `bytes` in unpadded base64url (RFC 4648 §5), as [`decode_url_no_pad`] reads it back (the
/// bodies of recorded exchanges).
pub fn encode_url_no_pad(bytes: &[u8]) -> String {
    encode_standard(bytes)
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect()
}

/// The bytes of unpadded base64url text (RFC 4648 §5); `None` when `text` has a character
/// outside that alphabet (`=` included), a length no encoding has, or bits set after the last
/// byte.
pub fn decode_url_no_pad(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut pending, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        pending = pending << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((pending >> bits) as u8);
            pending &= (1 << bits) - 1;
        }
    }
    // Six bits left: one character alone, which encodes no byte. Else the left bits must be 0.
    (bits != 6 && pending == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    use super::*;

    #[test]
    fn encodes_as_the_base64_crate() {
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            assert_eq!(encode_standard(&bytes), STANDARD.encode(&bytes), "{len}");
            let url = encode_url_no_pad(&bytes);
            assert_eq!(url, URL_SAFE_NO_PAD.encode(&bytes), "{len}");
            assert_eq!(decode_url_no_pad(&url), Some(bytes), "{len}");
        }
        assert_eq!(
            encode_standard(b"alice:wonderland"),
            "YWxpY2U6d29uZGVybGFuZA=="
        );
    }

    #[test]
    fn decodes_as_the_base64_crate() {
        let mut texts: Vec<String> = Vec::new();
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 91 + 7) as u8).collect();
            texts.push(URL_SAFE_NO_PAD.encode(&bytes));
        }
        let alphabet = "AQgw_-+/=.z09 é";
        for a in alphabet.chars() {
            for b in alphabet.chars() {
                for prefix in ["", "e", "eyJh", "eyJhbGciOi"] {
                    texts.push(format!("{prefix}{a}"));
                    texts.push(format!("{prefix}{a}{b}"));
                    texts.push(format!("{prefix}{a}{b}A"));
                    texts.push(format!("{prefix}{a}A{b}A"));
                }
            }
        }
        for text in texts {
            assert_eq!(
                decode_url_no_pad(&text),
                URL_SAFE_NO_PAD.decode(&text).ok(),
                "{text:?}"
            );
        }
    }
}
