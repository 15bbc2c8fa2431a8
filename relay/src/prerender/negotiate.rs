//! Whether a shared link is asked for JSON or for the page: `format=json` (or `format=html`)
//! in the link decides; otherwise the `Accept` header does, by q-values, JSON only when it is
//! preferred over `text/html` (a browser's `Accept` and curl's `*/*` get the page).

use regscope_core::contract::{JSON_FORMAT, ViewQuery};

/// What a shared link answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// The app's page.
    Page,
    /// The view as JSON.
    Json,
}

/// What `query` and the `Accept` value `accept` ask for.
pub fn wanted(query: &ViewQuery, accept: Option<&str>) -> Wanted {
    match query.format.as_deref().map(str::trim) {
        Some(f) if f.eq_ignore_ascii_case(JSON_FORMAT) => return Wanted::Json,
        Some(f) if f.eq_ignore_ascii_case("html") => return Wanted::Page,
        _ => {}
    }
    let Some(accept) = accept else {
        return Wanted::Page;
    };
    if quality(accept, "application", "json") > quality(accept, "text", "html") {
        Wanted::Json
    } else {
        Wanted::Page
    }
}

/// The q-value `accept` gives `kind/sub`: that of the most specific range matching it
/// (`kind/sub`, then `kind/*`, then `*/*`), 0 when none does. A malformed q reads as 0.
fn quality(accept: &str, kind: &str, sub: &str) -> f32 {
    let mut best: Option<(u8, f32)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim();
        let Some((k, s)) = media.split_once('/') else {
            continue;
        };
        let specificity = match (k.trim(), s.trim()) {
            (k, s) if k.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(sub) => 3,
            (k, "*") if k.eq_ignore_ascii_case(kind) => 2,
            ("*", "*") => 1,
            _ => continue,
        };
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, value)| {
                value
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| q.is_finite())
                    .map_or(0.0, |q| q.clamp(0.0, 1.0))
            });
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, q));
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_format(format: Option<&str>) -> ViewQuery {
        ViewQuery {
            image: Some("alpine".into()),
            format: format.map(str::to_string),
            ..ViewQuery::default()
        }
    }

    #[test]
    fn accept_decides_by_q_values() {
        let query = with_format(None);
        let json = |accept| wanted(&query, Some(accept)) == Wanted::Json;
        assert!(json("application/json"));
        assert!(json("application/json, text/html;q=0.5"));
        assert!(json("text/html;q=0.1, application/*"));
        assert!(json("APPLICATION/JSON; charset=utf-8"));
        assert!(!json("text/html, application/json;q=0.9"));
        assert!(!json(
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        ));
        assert!(!json("*/*"));
        assert!(!json("application/json;q=0.5, */*;q=0.5"));
        assert!(!json("application/json;q=0"));
        assert!(!json("application/json;q=nan"));
        assert!(!json(""));
        assert!(!json(",,;;/=q"));
        assert_eq!(wanted(&query, None), Wanted::Page);
    }

    #[test]
    fn the_format_parameter_wins() {
        assert_eq!(
            wanted(&with_format(Some("json")), Some("text/html")),
            Wanted::Json
        );
        assert_eq!(wanted(&with_format(Some("JSON")), None), Wanted::Json);
        assert_eq!(
            wanted(&with_format(Some("html")), Some("application/json")),
            Wanted::Page
        );
        assert_eq!(
            wanted(&with_format(Some("yaml")), Some("application/json")),
            Wanted::Json,
            "an unknown format leaves it to Accept"
        );
    }
}
