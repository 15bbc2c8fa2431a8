//! Pagination of tag and catalog lists (`n`, `last`, and `Link: <…>; rel="next"`), in the
//! shapes the emulated registries use.

/// How a registry pages a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Always the whole list, `n` and `last` ignored (MCR's catalog).
    Unpaged,
    /// distribution: the whole list unless `n` is given; `last` honoured; relative
    /// `Link: </v2/…?last=X&n=N>; rel="next"` when more remain.
    Distribution,
    /// GHCR: 100 per page unless `n` says otherwise; relative `Link` as distribution's.
    Ghcr,
    /// Quay tags: `n` capped at 100 (the default); absolute
    /// `Link: <https://quay.io/v2/…?n=N&last=X>; rel="next"`.
    QuayTags,
    /// Quay's catalog: as Quay tags, but the `Link` carries an opaque `next_page` token.
    QuayCatalog,
}

/// What the client asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `n`, if given and a number.
    pub n: Option<usize>,
    /// `last` (or a decoded `next_page`): list entries after this one.
    pub last: Option<String>,
}

impl Request {
    /// Reads `n`, `last` and `next_page` from a query string (`next_page` is this module's
    /// own opaque token). An `n` that is not a number is ignored.
    pub fn from_query(query: Option<&str>) -> Self {
        let mut request = Self::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match key.as_ref() {
                "n" => request.n = value.parse().ok(),
                "last" => request.last = Some(value.into_owned()),
                "next_page" => request.last = decode_token(&value),
                _ => {}
            }
        }
        request
    }
}

/// One page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The entries on this page.
    pub items: Vec<String>,
    /// The `Link` header value, when more entries remain.
    pub link: Option<String>,
}

/// Quay's page size cap and default.
const QUAY_MAX: usize = 100;
/// GHCR's default page size.
const GHCR_DEFAULT: usize = 100;

/// The page of the sorted list `all` that `request` asks for. `path` is the list's path
/// (`/v2/…/tags/list` or `/v2/_catalog`); `origin` (`https://quay.io`) makes Quay's absolute
/// links.
pub fn page(style: Paging, all: &[String], request: &Request, path: &str, origin: &str) -> Page {
    let after: Vec<&String> = match &request.last {
        Some(last) if style != Paging::Unpaged => all
            .iter()
            .filter(|item| item.as_str() > last.as_str())
            .collect(),
        _ => all.iter().collect(),
    };
    let limit = match style {
        Paging::Unpaged => None,
        Paging::Distribution => request.n,
        Paging::Ghcr => Some(request.n.unwrap_or(GHCR_DEFAULT)),
        Paging::QuayTags | Paging::QuayCatalog => Some(request.n.unwrap_or(QUAY_MAX).min(QUAY_MAX)),
    };
    let Some(limit) = limit else {
        return Page {
            items: after.into_iter().cloned().collect(),
            link: None,
        };
    };
    let items: Vec<String> = after.iter().take(limit).map(|s| (*s).clone()).collect();
    let more = after.len() > limit && limit > 0;
    let link = match items.last() {
        Some(last) if more => Some(link(style, path, origin, last, limit)),
        _ => None,
    };
    Page { items, link }
}

/// The `Link` header to the page after `last`.
fn link(style: Paging, path: &str, origin: &str, last: &str, n: usize) -> String {
    let last_q: String = form_urlencoded::byte_serialize(last.as_bytes()).collect();
    match style {
        Paging::QuayTags => format!("<{origin}{path}?n={n}&last={last_q}>; rel=\"next\""),
        Paging::QuayCatalog => format!(
            "<{origin}{path}?n={n}&next_page={}>; rel=\"next\"",
            encode_token(last)
        ),
        _ => format!("<{path}?last={last_q}&n={n}>; rel=\"next\""),
    }
}

/// The opaque `next_page` token for "after `last`".
fn encode_token(last: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("after:{last}"))
}

/// The entry a `next_page` token points after (`None` for a token this module did not make).
fn decode_token(token: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("after:")
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(count: usize) -> Vec<String> {
        let mut all: Vec<String> = (0..count).map(|i| format!("t{i:03}")).collect();
        all.sort();
        all
    }

    #[test]
    fn distribution_pages_only_when_asked() {
        let all = tags(5);
        let whole = page(
            Paging::Distribution,
            &all,
            &Request::default(),
            "/v2/a/tags/list",
            "",
        );
        assert_eq!((whole.items.len(), whole.link), (5, None));
        let first = page(
            Paging::Distribution,
            &all,
            &Request::from_query(Some("n=2")),
            "/v2/a/tags/list",
            "",
        );
        assert_eq!(first.items, ["t000", "t001"]);
        assert_eq!(
            first.link.as_deref(),
            Some("</v2/a/tags/list?last=t001&n=2>; rel=\"next\"")
        );
        let last = page(
            Paging::Distribution,
            &all,
            &Request::from_query(Some("n=2&last=t003")),
            "/v2/a/tags/list",
            "",
        );
        assert_eq!((last.items, last.link), (vec!["t004".to_owned()], None));
        let zero = page(
            Paging::Distribution,
            &all,
            &Request::from_query(Some("n=0")),
            "/p",
            "",
        );
        assert_eq!((zero.items.len(), zero.link), (0, None));
    }

    #[test]
    fn ghcr_defaults_to_100_with_a_relative_link() {
        let all = tags(121);
        let first = page(
            Paging::Ghcr,
            &all,
            &Request::default(),
            "/v2/o/n/tags/list",
            "",
        );
        assert_eq!(first.items.len(), 100);
        assert_eq!(
            first.link.as_deref(),
            Some("</v2/o/n/tags/list?last=t099&n=100>; rel=\"next\"")
        );
        let all_of_them = page(
            Paging::Ghcr,
            &all,
            &Request::from_query(Some("n=1000")),
            "/p",
            "",
        );
        assert_eq!((all_of_them.items.len(), all_of_them.link), (121, None));
    }

    #[test]
    fn quay_caps_at_100_with_absolute_links() {
        let all = tags(121);
        let big = page(
            Paging::QuayTags,
            &all,
            &Request::from_query(Some("n=500")),
            "/v2/ns/r/tags/list",
            "https://quay.io",
        );
        assert_eq!(big.items.len(), 100);
        assert_eq!(
            big.link.as_deref(),
            Some("<https://quay.io/v2/ns/r/tags/list?n=100&last=t099>; rel=\"next\"")
        );
        let catalog = page(
            Paging::QuayCatalog,
            &["a/b".to_owned(), "c/d".to_owned()],
            &Request::from_query(Some("n=1")),
            "/v2/_catalog",
            "https://quay.io",
        );
        let link = catalog.link.expect("link");
        let token = link
            .split("next_page=")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .expect("token");
        let next = Request::from_query(Some(&format!("next_page={token}")));
        assert_eq!(next.last.as_deref(), Some("a/b"));
    }

    #[test]
    fn unpaged_ignores_n_and_last_and_links_escape_names() {
        let all = vec!["a/x".to_owned(), "b/y".to_owned()];
        let whole = page(
            Paging::Unpaged,
            &all,
            &Request::from_query(Some("n=1&last=a/x")),
            "/v2/_catalog",
            "",
        );
        assert_eq!((whole.items.len(), whole.link), (2, None));
        let first = page(
            Paging::Distribution,
            &all,
            &Request::from_query(Some("n=1")),
            "/v2/_catalog",
            "",
        );
        assert_eq!(
            first.link.as_deref(),
            Some("</v2/_catalog?last=a%2Fx&n=1>; rel=\"next\"")
        );
        assert_eq!(Request::from_query(Some("n=abc")).n, None);
    }
}
