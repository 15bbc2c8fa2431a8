//! A pasted `WWW-Authenticate` value: with or without the header name, or as `curl -v` shows
//! a response header (`< www-authenticate: …`).

use crate::challenge::{self, Challenge};

/// The challenges of a pasted `WWW-Authenticate` value: `None` when the text is not one,
/// `Some(Err(reason))` when it names the header or starts like a challenge but does not parse.
pub(crate) fn read(text: &str) -> Option<Result<Vec<Challenge>, String>> {
    let text = text.strip_prefix("< ").unwrap_or(text);
    let (value, named) = match text.split_once(':') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("www-authenticate") => {
            (value.trim(), true)
        }
        _ => (text, false),
    };
    let scheme = value.split([' ', '\t']).next().unwrap_or("");
    let known_scheme = ["bearer", "basic"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    let has_params = value.contains('=');
    if !(named || known_scheme && has_params) {
        return None;
    }
    Some(challenge::parse(value).map_err(|e| {
        format!("this looks like a WWW-Authenticate value but it does not parse: {e}")
    }))
}
