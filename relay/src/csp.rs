//! The Content-Security-Policy sent with the app's HTML. Trunk's `index.html` loads the wasm
//! with a small inline module script: its SHA-256 is added to `script-src`, so no
//! `'unsafe-inline'` is needed.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy for the app's HTML, before inline-script hashes are added.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http: https:; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// `policy` with `'sha256-…'` sources for every inline `<script>` of `html` appended to its
/// `script-src` directive (added as a directive if missing).
pub fn with_inline_hashes(policy: &str, html: &[u8]) -> String {
    let hashes: Vec<String> = inline_scripts(html)
        .into_iter()
        .map(|script| {
            let digest = Sha256::digest(script);
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    if hashes.is_empty() {
        return policy.to_owned();
    }
    let extra = hashes.join(" ");
    let mut found = false;
    let directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            if d.split_whitespace().next() == Some("script-src") {
                found = true;
                format!("{d} {extra}")
            } else {
                d.to_owned()
            }
        })
        .collect();
    let mut out = directives.join("; ");
    if !found {
        out.push_str(&format!("; script-src 'self' {extra}"));
    }
    out
}

/// The exact bytes of each `<script>` element without a `src` attribute.
fn inline_scripts(html: &[u8]) -> Vec<&[u8]> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = find(&lower[at..], b"<script").map(|i| i + at) {
        let after_name = open + b"<script".len();
        if !matches!(
            lower.get(after_name),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        ) {
            at = after_name;
            continue;
        }
        let Some(tag_end) = find(&lower[after_name..], b">").map(|i| i + after_name) else {
            break;
        };
        let attributes = &lower[after_name..tag_end];
        let Some(close) = find(&lower[tag_end..], b"</script").map(|i| i + tag_end) else {
            break;
        };
        if !has_src(attributes) {
            out.push(&html[tag_end + 1..close]);
        }
        at = close + b"</script".len();
    }
    out
}

fn has_src(attributes: &[u8]) -> bool {
    attributes
        .split(|b| b.is_ascii_whitespace())
        .any(|a| a == b"src" || a.starts_with(b"src="))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = b"<html><head><script src=\"/a.js\"></script>\
<script type=\"module\">import init from '/x.js';init();</script>\
<SCRIPT>alert(1)</SCRIPT><scripty></scripty></head></html>";
        let scripts = inline_scripts(html);
        assert_eq!(
            scripts,
            [&b"import init from '/x.js';init();"[..], &b"alert(1)"[..]]
        );
        let csp = with_inline_hashes(DEFAULT_CSP, html);
        let script_src = csp
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(script_src.matches("'sha256-").count(), 2);
        assert!(script_src.starts_with("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
    }

    #[test]
    fn known_hash_value() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        let csp = with_inline_hashes("default-src 'self'", b"<script>alert(1)</script>");
        assert_eq!(
            csp,
            "default-src 'self'; script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn no_inline_scripts_leaves_policy_alone() {
        assert_eq!(
            with_inline_hashes(DEFAULT_CSP, b"<script src=x></script>"),
            DEFAULT_CSP
        );
    }
}
