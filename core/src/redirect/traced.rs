//! The trace of one answer: a single exchange, or, when the transport walked redirects itself,
//! one exchange per hop (its URL, its redirect status, the `Location` it led to, the headers
//! that went there) and then the final answer from the URL that gave it. Fetch does not show
//! its hops, so a request it redirected is shown with no status and the URL it ended at.

use crate::contract::Hop;
use crate::trace::{Exchange, shown_headers};
use crate::transport::{Request, Response};

use super::same_origin;

/// The exchanges `request` and its answer `response` stand for, oldest first.
pub fn exchanges(request: &Request, response: &Response, purpose: &str) -> Vec<Exchange> {
    let hops = response.hops();
    let final_url = response.final_url().unwrap_or(&request.url);
    let mut out = Vec::with_capacity(hops.len() + 1);
    let mut left_origin = false;
    let at = |url: &str, left_origin: &mut bool| {
        *left_origin |= !same_origin(url, &request.url);
        headers_sent(request, *left_origin)
    };
    if hops.is_empty() && final_url != request.url {
        let headers = at(&request.url, &mut left_origin);
        out.push(Exchange {
            status: None,
            response_headers: vec![("location".to_string(), final_url.to_string())],
            error: Some(format!(
                "redirected to {final_url}; the browser followed it without showing the redirect's status"
            )),
            ..exchange(request, &request.url, headers, response, purpose)
        });
    }
    for (index, Hop { status, url }) in hops.iter().enumerate() {
        let next = hops
            .get(index + 1)
            .map_or(final_url, |hop| hop.url.as_str());
        let headers = at(url, &mut left_origin);
        out.push(Exchange {
            status: Some(*status),
            response_headers: vec![("location".to_string(), next.to_string())],
            body_bytes: 0,
            ..exchange(request, url, headers, response, purpose)
        });
    }
    let headers = at(final_url, &mut left_origin);
    out.push(exchange(request, final_url, headers, response, purpose));
    out
}

/// The request's headers as they went to a hop: without `Authorization` once the walk has left
/// the request's origin (the rule every transport that walks follows).
fn headers_sent(request: &Request, left_origin: bool) -> Vec<(String, String)> {
    request
        .headers
        .iter()
        .filter(|(name, _)| !(left_origin && name.eq_ignore_ascii_case("authorization")))
        .cloned()
        .collect()
}

fn exchange(
    request: &Request,
    url: &str,
    request_headers: Vec<(String, String)>,
    response: &Response,
    purpose: &str,
) -> Exchange {
    Exchange {
        method: request.method.as_str().to_string(),
        url: url.to_string(),
        request_headers,
        status: Some(response.status),
        response_headers: shown_headers(response),
        body_bytes: response.body.len(),
        path: response.path.clone(),
        error: None,
        purpose: purpose.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::set_walk;

    fn answer(status: u16) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: b"{}".to_vec(),
            path: "relay".into(),
        }
    }

    #[test]
    fn one_answer_is_one_exchange() {
        let request = Request::get("https://r.example/v2/").header("Authorization", "Bearer t");
        let trace = exchanges(&request, &answer(200), "ping");
        assert_eq!(trace.len(), 1);
        assert_eq!(trace[0].url, request.url);
        assert_eq!(trace[0].request_headers, request.headers);
        assert_eq!((trace[0].status, trace[0].body_bytes), (Some(200), 2));
    }

    #[test]
    fn each_hop_the_relay_walked_is_an_exchange() {
        let request = Request::get("https://registry.k8s.io/v2/pause/manifests/3.9")
            .header("Accept", "a")
            .header("Authorization", "Bearer t");
        let target =
            "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9";
        let mut response = answer(401);
        let hops = [Hop {
            status: 307,
            url: request.url.clone(),
        }];
        set_walk(&mut response.headers, target, &hops);
        let trace = exchanges(&request, &response, "manifest");
        assert_eq!(trace.len(), 2);
        assert_eq!(
            (trace[0].url.as_str(), trace[0].status),
            (request.url.as_str(), Some(307))
        );
        assert_eq!(
            trace[0].response_headers,
            [("location".to_string(), target.to_string())]
        );
        assert_eq!(
            trace[0].request_headers.len(),
            2,
            "the first hop had Authorization"
        );
        assert_eq!(trace[0].path, "relay");
        assert_eq!(
            (trace[1].url.as_str(), trace[1].status),
            (target, Some(401))
        );
        assert_eq!(
            trace[1].request_headers,
            [("Accept".to_string(), "a".to_string())],
            "no Authorization after the walk left the origin"
        );
    }

    #[test]
    fn a_redirect_fetch_followed_shows_where_it_ended() {
        let request = Request::get("http://127.0.0.1:5002/v2/a/blobs/sha256:00");
        let mut response = answer(200);
        crate::contract::set_final_url(&mut response.headers, Some("http://127.0.0.1:5004/blob"));
        let trace = exchanges(&request, &response, "config");
        assert_eq!(trace.len(), 2);
        assert_eq!(trace[0].status, None);
        assert!(
            trace[0]
                .error
                .as_deref()
                .unwrap_or("")
                .contains("127.0.0.1:5004/blob")
        );
        assert_eq!(trace[1].url, "http://127.0.0.1:5004/blob");
        // A final URL equal to the request's is no redirect.
        let mut same = answer(200);
        crate::contract::set_final_url(&mut same.headers, Some(&request.url));
        assert_eq!(exchanges(&request, &same, "config").len(), 1);
    }
}
