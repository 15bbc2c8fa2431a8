//! Docker Hub's pull quota as its manifest answers announce it: `ratelimit-limit: 100;w=21600`,
//! `ratelimit-remaining: 76;w=21600` (pulls, and the window in seconds) and
//! `docker-ratelimit-source` (the IP address or account counted). Malformed values are not
//! guessed at: the quota is then unknown.

use crate::transport::Response;

/// The pull quota a registry announced on a manifest answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullQuota {
    /// Pulls allowed per window.
    pub limit: u64,
    /// Pulls left in the current window.
    pub remaining: u64,
    /// The window in seconds (`;w=`), when given.
    pub window_secs: Option<u64>,
    /// What the count is kept for (`docker-ratelimit-source`), when given.
    pub source: Option<String>,
}

impl PullQuota {
    /// Reads the headers of a manifest answer; `None` unless both counts are well formed.
    pub fn from_response(response: &Response) -> Option<PullQuota> {
        let (limit, limit_window) = parse_field(response.header("ratelimit-limit")?)?;
        let (remaining, remaining_window) = parse_field(response.header("ratelimit-remaining")?)?;
        let source = response
            .header("docker-ratelimit-source")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Some(PullQuota {
            limit,
            remaining,
            window_secs: limit_window.or(remaining_window),
            source,
        })
    }

    /// In words: `76 of 100 pulls left (6 h window)`.
    pub fn describe(&self) -> String {
        let mut text = format!("{} of {} pulls left", self.remaining, self.limit);
        if let Some(window) = self.window_secs {
            text.push_str(&format!(" ({} window)", duration(window)));
        }
        text
    }
}

/// Parses `N` or `N;w=SECONDS` (other `;` parameters ignored): the count and the window.
/// `None` when the count is not a number, or a `w` parameter is not one.
pub fn parse_field(text: &str) -> Option<(u64, Option<u64>)> {
    let mut parts = text.split(';');
    let count = parts.next()?.trim().parse().ok()?;
    let mut window = None;
    for part in parts {
        let Some((name, value)) = part.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("w") {
            window = Some(value.trim().parse().ok().filter(|&w| w > 0)?);
        }
    }
    Some((count, window))
}

/// `6 h`, `90 min`, `45 s`: the largest whole unit.
fn duration(secs: u64) -> String {
    if secs.is_multiple_of(3600) {
        format!("{} h", secs / 3600)
    } else if secs.is_multiple_of(60) {
        format!("{} min", secs / 60)
    } else {
        format!("{secs} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(headers: &[(&str, &str)]) -> Response {
        Response {
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
            path: "direct".into(),
        }
    }

    #[test]
    fn fields_parse_or_are_refused() {
        type Parsed = Option<(u64, Option<u64>)>;
        let cases: [(&str, Parsed); 12] = [
            ("100;w=21600", Some((100, Some(21600)))),
            ("76", Some((76, None))),
            (" 0 ; w = 3600 ", Some((0, Some(3600)))),
            ("100;W=60;comment=x", Some((100, Some(60)))),
            ("100;burst", Some((100, None))),
            ("", None),
            ("-1;w=21600", None),
            ("a lot;w=21600", None),
            ("100;w=", None),
            ("100;w=six hours", None),
            ("100;w=0", None),
            ("18446744073709551616", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_field(text), expected, "{text:?}");
        }
    }

    #[test]
    fn docker_hub_headers_give_the_quota() {
        let quota = PullQuota::from_response(&answer(&[
            ("RateLimit-Limit", "100;w=21600"),
            ("ratelimit-remaining", "76;w=21600"),
            ("docker-ratelimit-source", "203.0.113.7"),
        ]))
        .expect("a quota");
        assert_eq!(
            quota,
            PullQuota {
                limit: 100,
                remaining: 76,
                window_secs: Some(21600),
                source: Some("203.0.113.7".into()),
            }
        );
        assert_eq!(quota.describe(), "76 of 100 pulls left (6 h window)");
    }

    #[test]
    fn a_missing_or_malformed_count_gives_no_quota() {
        let cases: [&[(&str, &str)]; 4] = [
            &[],
            &[("ratelimit-limit", "100;w=21600")],
            &[("ratelimit-limit", "x"), ("ratelimit-remaining", "76")],
            &[
                ("ratelimit-limit", "100"),
                ("ratelimit-remaining", "76;w=x"),
            ],
        ];
        for headers in cases {
            assert_eq!(
                PullQuota::from_response(&answer(headers)),
                None,
                "{headers:?}"
            );
        }
    }

    #[test]
    fn windows_are_told_in_their_largest_unit() {
        let quota = |window_secs| PullQuota {
            limit: 200,
            remaining: 0,
            window_secs,
            source: None,
        };
        assert_eq!(
            quota(Some(5400)).describe(),
            "0 of 200 pulls left (90 min window)"
        );
        assert_eq!(
            quota(Some(45)).describe(),
            "0 of 200 pulls left (45 s window)"
        );
        assert_eq!(quota(None).describe(), "0 of 200 pulls left");
    }
}
