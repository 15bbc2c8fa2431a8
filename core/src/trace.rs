//! The request trace: every HTTP exchange of a view, and the `curl` command that replays it.

use crate::transport::Response;

/// Response headers worth showing in the trace (the ones that explain the protocol).
pub const SHOWN_RESPONSE_HEADERS: [&str; 9] = [
    "www-authenticate",
    "docker-content-digest",
    "content-type",
    "content-length",
    "location",
    "link",
    "ratelimit-limit",
    "ratelimit-remaining",
    "retry-after",
];

/// The headers of `response` the trace shows: [`SHOWN_RESPONSE_HEADERS`] and `ratelimit-*`.
pub(crate) fn shown_headers(response: &Response) -> Vec<(String, String)> {
    response
        .headers
        .iter()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            SHOWN_RESPONSE_HEADERS.contains(&name.as_str()) || name.starts_with("ratelimit-")
        })
        .cloned()
        .collect()
}

/// One request and what came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// `GET` or `HEAD`.
    pub method: String,
    /// The registry or token URL (never the relay's).
    pub url: String,
    /// Request headers as sent.
    pub request_headers: Vec<(String, String)>,
    /// The status, or `None` when no answer came.
    pub status: Option<u16>,
    /// The response headers that matter (see [`SHOWN_RESPONSE_HEADERS`]).
    pub response_headers: Vec<(String, String)>,
    /// Body length in bytes.
    pub body_bytes: usize,
    /// How it travelled: `direct`, `relay`…
    pub path: String,
    /// The failure when no answer came.
    pub error: Option<String>,
    /// Why the flow made this request, in a few words.
    pub purpose: String,
}

impl Exchange {
    /// A `curl` command that replays this request. Bearer tokens become `$TOKEN` and Basic
    /// credentials `-u "$USERNAME:$PASSWORD"` unless `reveal` is set.
    pub fn curl(&self, reveal: bool) -> String {
        let mut parts = vec!["curl".to_string(), "-sS".to_string()];
        if self.method == "HEAD" {
            parts.push("--head".into());
        } else {
            parts.push("-D-".into());
        }
        for (name, value) in &self.request_headers {
            if name.eq_ignore_ascii_case("authorization") {
                let lower = value.to_ascii_lowercase();
                if lower.starts_with("bearer ") && !reveal {
                    parts.push("-H".into());
                    parts.push("\"Authorization: Bearer $TOKEN\"".into());
                    continue;
                }
                if lower.starts_with("basic ") && !reveal {
                    parts.push("-u".into());
                    parts.push("\"$USERNAME:$PASSWORD\"".into());
                    continue;
                }
            }
            parts.push("-H".into());
            parts.push(shell_quote(&format!("{name}: {value}")));
        }
        parts.push(shell_quote(&self.url));
        parts.join(" ")
    }
}

/// Quotes for a POSIX shell: single quotes, with embedded single quotes closed and escaped.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(auth: &str) -> Exchange {
        Exchange {
            method: "GET".into(),
            url: "https://r.example/v2/a/manifests/it's".into(),
            request_headers: vec![
                ("Accept".into(), "application/json".into()),
                ("Authorization".into(), auth.into()),
            ],
            status: Some(200),
            response_headers: vec![],
            body_bytes: 0,
            path: "direct".into(),
            error: None,
            purpose: "manifest".into(),
        }
    }

    #[test]
    fn bearer_tokens_are_hidden_unless_revealed() {
        let e = exchange("Bearer s3cret");
        let hidden = e.curl(false);
        assert!(!hidden.contains("s3cret"));
        assert!(hidden.contains("\"Authorization: Bearer $TOKEN\""));
        assert!(hidden.ends_with(r"'https://r.example/v2/a/manifests/it'\''s'"));
        assert!(e.curl(true).contains("'Authorization: Bearer s3cret'"));
    }

    #[test]
    fn basic_credentials_become_variables() {
        let curl = exchange("Basic YWxpY2U6d29uZGVybGFuZA==").curl(false);
        assert!(curl.contains("-u \"$USERNAME:$PASSWORD\""));
        assert!(!curl.contains("YWxpY2U"));
    }
}
