//! One request's redirect walk as the core follows it: each answer taken in turn (with any
//! hops its transport walked itself), the next request built from a redirect's `Location`,
//! at most [`MAX_REDIRECTS`] redirects, a URL requested twice is a loop, and `Authorization`
//! dropped for the rest of the walk once it has left the first request's origin.

use crate::contract::{Hop, MAX_REDIRECTS, is_redirect};
use crate::transport::{Request, Response};

use super::location::resolve;
use super::same_origin;

/// Why a redirect walk stopped without a final answer. Each names the URL at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WalkError {
    /// A redirect status without a `Location`.
    #[error("{url} answered {status}, a redirect, without a Location to follow")]
    NoLocation {
        /// The URL that answered.
        url: String,
        /// Its status.
        status: u16,
    },
    /// A `Location` that is not an `http(s)` URL the core can request.
    #[error(
        "{url} answered {status}, a redirect to \"{location}\", which is not a URL that can be followed"
    )]
    BadLocation {
        /// The URL that answered.
        url: String,
        /// Its status.
        status: u16,
        /// The `Location` as sent (cut to 200 characters).
        location: String,
    },
    /// A redirect back to a URL already requested in this walk.
    #[error("the redirects loop: {url} redirected to {target}, which was already requested")]
    Loop {
        /// The URL that answered.
        url: String,
        /// Where it pointed.
        target: String,
    },
    /// More than [`MAX_REDIRECTS`] redirects.
    #[error("more than {MAX_REDIRECTS} redirects: {url} redirected once more, to {target}")]
    TooMany {
        /// The URL that answered.
        url: String,
        /// Where it pointed.
        target: String,
    },
}

/// The state of one walk.
#[derive(Clone, Debug)]
pub struct Walk {
    start: String,
    visited: Vec<String>,
    hops: Vec<Hop>,
    left_origin: bool,
    reached: String,
}

impl Walk {
    /// A walk starting with a request to `url`.
    pub fn new(url: &str) -> Walk {
        Walk {
            start: url.to_string(),
            visited: vec![url.to_string()],
            hops: Vec::new(),
            left_origin: false,
            reached: url.to_string(),
        }
    }

    /// Takes the answer to `sent`. `Ok(Some(next))` is the request to send next (the answer
    /// was a redirect); `Ok(None)` means the answer is final.
    pub fn step(
        &mut self,
        sent: &Request,
        response: &Response,
    ) -> Result<Option<Request>, WalkError> {
        for hop in response.hops() {
            self.note(&hop.url);
            self.hops.push(hop);
        }
        let reached = response.final_url().unwrap_or(&sent.url).to_string();
        self.note(&reached);
        self.reached.clone_from(&reached);
        let status = response.status;
        if !is_redirect(status) {
            return Ok(None);
        }
        let location = response
            .header("location")
            .ok_or_else(|| WalkError::NoLocation {
                url: reached.clone(),
                status,
            })?;
        let target = resolve(&reached, location).ok_or_else(|| WalkError::BadLocation {
            url: reached.clone(),
            status,
            location: location.chars().take(200).collect(),
        })?;
        self.hops.push(Hop {
            status,
            url: reached.clone(),
        });
        if self.visited.contains(&target) {
            return Err(WalkError::Loop {
                url: reached,
                target,
            });
        }
        if self.hops.len() > MAX_REDIRECTS {
            return Err(WalkError::TooMany {
                url: reached,
                target,
            });
        }
        self.note(&target);
        let mut next = Request {
            method: sent.method,
            url: target,
            headers: sent.headers.clone(),
        };
        if self.left_origin {
            next.headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
        }
        Ok(Some(next))
    }

    /// The redirects walked so far, by the transports and by this walk.
    pub fn hops(&self) -> &[Hop] {
        &self.hops
    }

    /// The URL that gave the latest answer.
    pub fn reached(&self) -> &str {
        &self.reached
    }

    /// True when the walk went anywhere but the first URL.
    pub fn moved(&self) -> bool {
        !self.hops.is_empty() || self.reached != self.start
    }

    /// True once any URL of the walk was on another origin than the first request's.
    pub fn left_origin(&self) -> bool {
        self.left_origin
    }

    fn note(&mut self, url: &str) {
        if !same_origin(url, &self.start) {
            self.left_origin = true;
        }
        if !self.visited.iter().any(|seen| seen == url) {
            self.visited.push(url.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::set_walk;

    fn answer(status: u16, location: Option<&str>) -> Response {
        Response {
            status,
            headers: location
                .map(|l| vec![("Location".to_string(), l.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            path: "direct".into(),
        }
    }

    fn authorized(url: &str) -> Request {
        Request::get(url)
            .header("Accept", "x")
            .header("Authorization", "Bearer t")
    }

    #[test]
    fn authorization_stays_on_the_origin_and_never_comes_back() {
        let first = authorized("https://r.example/v2/a/blobs/sha256:00");
        let mut walk = Walk::new(&first.url);
        let same = walk
            .step(&first, &answer(307, Some("/v2/a/blobs/sha256:11")))
            .unwrap()
            .unwrap();
        assert_eq!(same.url, "https://r.example/v2/a/blobs/sha256:11");
        assert_eq!(same.header_value("authorization"), Some("Bearer t"));
        let away = walk
            .step(&same, &answer(302, Some("https://cdn.example/blob?sig=1")))
            .unwrap()
            .unwrap();
        assert_eq!(away.header_value("authorization"), None);
        assert_eq!(away.header_value("accept"), Some("x"));
        assert!(walk.left_origin());
        let back = walk
            .step(
                &away,
                &answer(307, Some("https://r.example/v2/a/blobs/final")),
            )
            .unwrap()
            .unwrap();
        assert_eq!(
            back.header_value("authorization"),
            None,
            "not for the rest of the walk"
        );
        assert_eq!(walk.step(&back, &answer(200, None)), Ok(None));
        assert_eq!(walk.hops().len(), 3);
        assert_eq!(walk.reached(), "https://r.example/v2/a/blobs/final");
        assert!(walk.moved());
    }

    #[test]
    fn hops_a_transport_walked_count_too() {
        let first = authorized("https://registry.k8s.io/v2/pause/manifests/3.9");
        let mut walk = Walk::new(&first.url);
        let mut reported = answer(401, None);
        let target =
            "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9";
        set_walk(
            &mut reported.headers,
            target,
            &[Hop {
                status: 307,
                url: first.url.clone(),
            }],
        );
        assert_eq!(walk.step(&first, &reported), Ok(None));
        assert_eq!(walk.reached(), target);
        assert!(walk.left_origin());
        assert_eq!(walk.hops()[0].url, first.url);
    }

    #[test]
    fn loops_and_long_chains_name_the_target() {
        let first = Request::get("http://r.example/v2/a/manifests/1");
        let mut walk = Walk::new(&first.url);
        let second = walk
            .step(&first, &answer(301, Some("/v2/a/manifests/2")))
            .unwrap()
            .unwrap();
        let error = walk
            .step(
                &second,
                &answer(308, Some("http://r.example/v2/a/manifests/1")),
            )
            .unwrap_err();
        assert!(matches!(error, WalkError::Loop { .. }));
        assert!(
            error
                .to_string()
                .contains("http://r.example/v2/a/manifests/1"),
            "{error}"
        );

        let mut walk = Walk::new(&first.url);
        let mut current = first.clone();
        for n in 2..=6 {
            current = walk
                .step(
                    &current,
                    &answer(302, Some(&format!("/v2/a/manifests/{n}"))),
                )
                .unwrap()
                .unwrap();
        }
        let error = walk
            .step(&current, &answer(302, Some("/v2/a/manifests/7")))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "more than 5 redirects: http://r.example/v2/a/manifests/6 redirected once more, to http://r.example/v2/a/manifests/7"
        );
    }

    #[test]
    fn redirects_that_cannot_be_followed() {
        let first = Request::get("https://r.example/v2/");
        let error = Walk::new(&first.url)
            .step(&first, &answer(307, None))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "https://r.example/v2/ answered 307, a redirect, without a Location to follow"
        );
        let error = Walk::new(&first.url)
            .step(&first, &answer(302, Some("ftp://files.example/x")))
            .unwrap_err();
        assert!(matches!(error, WalkError::BadLocation { .. }), "{error}");
        assert!(error.to_string().contains("ftp://files.example/x"));
        // 304 and 300 are not redirects to follow.
        assert_eq!(
            Walk::new(&first.url).step(&first, &answer(304, None)),
            Ok(None)
        );
    }

    #[test]
    fn a_walk_a_transport_took_away_and_back_keeps_authorization_off() {
        // The relay walked r.example -> cdn.example -> r.example, then handed back a redirect.
        let first = authorized("https://r.example/v2/a/blobs/sha256:00");
        let mut walk = Walk::new(&first.url);
        let mut reported = answer(307, Some("/v2/a/blobs/sha256:22"));
        set_walk(
            &mut reported.headers,
            "https://r.example/v2/a/blobs/sha256:11",
            &[
                Hop {
                    status: 307,
                    url: first.url.clone(),
                },
                Hop {
                    status: 302,
                    url: "https://cdn.example/blob?sig=1".to_string(),
                },
            ],
        );
        let next = walk.step(&first, &reported).unwrap().unwrap();
        assert_eq!(next.url, "https://r.example/v2/a/blobs/sha256:22");
        assert!(walk.left_origin());
        assert_eq!(next.header_value("authorization"), None);
        assert_eq!(next.header_value("accept"), Some("x"));
    }
}
