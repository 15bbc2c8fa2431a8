//! URL text: percent-encoding for query values, the `application/x-www-form-urlencoded`
//! decoding of a query string (as browsers' `URLSearchParams` and the relay read it), and the
//! origin of an absolute URL.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes every byte of `value` but ASCII letters, digits, the RFC 3986 unreserved
/// marks `-._~` and the bytes in `keep`.
fn encode_keeping(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`): safe
/// in any part of a URL.
pub fn percent_encode(value: &str) -> String {
    encode_keeping(value, b"")
}

/// Percent-encodes a query value, keeping `/`, `:` and `@` readable (a query may hold them as
/// they are), so a shared link shows `image=host:5000/repo@sha256:…`.
pub fn encode_query_value(value: &str) -> String {
    encode_keeping(value, b"/:@")
}

/// The value of one hexadecimal digit.
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Decodes one name or value of a query string: `+` is a space, `%XY` the byte `XY`; a `%`
/// not followed by two hexadecimal digits stays as written, and bytes that are not UTF-8
/// become U+FFFD, as `URLSearchParams` decodes them.
pub fn decode_query_component(text: &str) -> String {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| *b == b'%' || *b == b'+') {
        return text.to_string();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes[i..] {
            [b'%', high, low, ..] => hex_value(high).zip(hex_value(low)),
            _ => None,
        };
        match (bytes[i], escaped) {
            (_, Some((high, low))) => {
                out.push(high << 4 | low);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The decoded `(name, value)` pairs of a query string (without its `?`), in order, repeated
/// names included: pairs split at `&` (empty ones skipped), name and value at the first `=`
/// (a pair without `=` has an empty value).
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_query_component(name), decode_query_component(value))
        })
}

/// `scheme://host[:port]` of an absolute URL: the text up to the first `/`, `?` or `#` after
/// the scheme's `://` (the whole text when there is none).
pub fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find(['/', '?', '#']) {
        Some(end) => &url[..after_scheme + end],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_only_unreserved_characters() {
        assert_eq!(
            percent_encode("repository:library/alpine:pull"),
            "repository%3Alibrary%2Falpine%3Apull"
        );
        assert_eq!(percent_encode("a-b.c_d~e"), "a-b.c_d~e");
        assert_eq!(percent_encode("é &+"), "%C3%A9%20%26%2B");
    }

    #[test]
    fn query_values_keep_slashes_colons_and_at_signs() {
        assert_eq!(
            encode_query_value("127.0.0.1:5000/a/b@sha256:00 +&=#%"),
            "127.0.0.1:5000/a/b@sha256:00%20%2B%26%3D%23%25"
        );
    }

    #[test]
    fn decoding_reads_escapes_and_plus_signs() {
        assert_eq!(decode_query_component("alpine%3A3.20"), "alpine:3.20");
        assert_eq!(decode_query_component("a+b%2Bc"), "a b+c");
        assert_eq!(decode_query_component("%c3%A9"), "é");
        assert_eq!(decode_query_component("plain"), "plain");
    }

    #[test]
    fn invalid_escapes_stay_as_written() {
        assert_eq!(decode_query_component("100%"), "100%");
        assert_eq!(decode_query_component("%zz%4"), "%zz%4");
        assert_eq!(decode_query_component("%%41"), "%A");
        // A lone continuation byte and a cut sequence are not UTF-8.
        assert_eq!(decode_query_component("%80x%E2%82"), "\u{FFFD}x\u{FFFD}");
    }

    #[test]
    fn every_value_survives_encoding_then_decoding() {
        for value in ["", "a b", "x+y=z&w", "100%", "é/ü:@?#", "\u{1F600}", "\0\n"] {
            assert_eq!(decode_query_component(&percent_encode(value)), value);
            assert_eq!(decode_query_component(&encode_query_value(value)), value);
        }
    }

    #[test]
    fn pairs_split_at_ampersands_and_the_first_equals_sign() {
        let pairs: Vec<(String, String)> = query_pairs("a=1&&b&c=x=y&=v&a=2").collect();
        let expected = [("a", "1"), ("b", ""), ("c", "x=y"), ("", "v"), ("a", "2")];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs, expected);
        assert_eq!(query_pairs("").count(), 0);
    }

    #[test]
    fn origins_of_registry_urls() {
        assert_eq!(
            origin("http://127.0.0.1:5002/v2/a/manifests/x"),
            "http://127.0.0.1:5002"
        );
        assert_eq!(origin("https://auth.example?x=1"), "https://auth.example");
        assert_eq!(origin("https://r.example#f"), "https://r.example");
        assert_eq!(origin("https://r.example"), "https://r.example");
        assert_eq!(origin("no-scheme/path"), "no-scheme");
        assert_eq!(origin(""), "");
    }
}
