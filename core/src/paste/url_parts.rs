//! The parts of a pasted http(s) URL, with or without its scheme: enough to tell a registry
//! API URL, a token URL, a Docker Hub page and a bare registry address apart.

/// An http(s) URL cut into its parts. The host is lower-cased; the rest is as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UrlParts {
    /// `"http"` or `"https"`, lower-cased; `None` when the text had no scheme.
    pub scheme: Option<String>,
    /// `host[:port]`, lower-cased, without user information.
    pub host: String,
    /// The path as written (`""` when there is none).
    pub path: String,
    /// The query without its `?`, when there is one.
    pub query: Option<String>,
}

impl UrlParts {
    /// Cuts `text` into parts; `None` when it is not an http(s) URL or a `host/path` text
    /// (another scheme, white space, an empty or malformed host).
    pub fn parse(text: &str) -> Option<UrlParts> {
        if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) => {
                let scheme = scheme.to_ascii_lowercase();
                if scheme != "http" && scheme != "https" {
                    return None;
                }
                (Some(scheme), rest)
            }
            None => (None, text),
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        let host_ok = !host.is_empty()
            && !host.starts_with(['.', '-', ':'])
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return None;
        }
        let after = &rest[end..];
        let after = after.split_once('#').map_or(after, |(before, _)| before);
        let (path, query) = match after.split_once('?') {
            Some((path, query)) => (path, Some(query.to_string())),
            None => (after, None),
        };
        Some(UrlParts {
            scheme,
            host: host.to_ascii_lowercase(),
            path: path.to_string(),
            query,
        })
    }

    /// Whether the URL says `http://`.
    pub fn plain_http(&self) -> bool {
        self.scheme.as_deref() == Some("http")
    }

    /// The scheme to write back: the one written, else `https`.
    pub fn scheme_or_https(&self) -> &str {
        self.scheme.as_deref().unwrap_or("https")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_urls() {
        let p = UrlParts::parse("HTTPS://User:pw@Host.Example:5000/v2/a?x=1#f").unwrap();
        assert_eq!(p.scheme.as_deref(), Some("https"));
        assert_eq!(p.host, "host.example:5000");
        assert_eq!(p.path, "/v2/a");
        assert_eq!(p.query.as_deref(), Some("x=1"));
        let bare = UrlParts::parse("harbor.local:5000/").unwrap();
        assert_eq!((bare.scheme, bare.path.as_str()), (None, "/"));
        assert_eq!(UrlParts::parse("ftp://x/"), None);
        assert_eq!(UrlParts::parse("a b"), None);
        assert_eq!(UrlParts::parse("https:///x"), None);
    }
}
