//! Exchanges recorded where a flow ran once and replayed where it runs again.
//!
//! The relay runs a shared link's flow while it serves the page and sends the exchanges along;
//! the page then runs the very same flow and gets its answers from the [`Recording`] instead of
//! the network. An entry answers only a request equal to the one recorded (method, URL and every
//! header, so a request carrying other credentials goes to the network), and only once.

use std::cell::RefCell;

use serde::Serialize;
use serde_json::Value;

use crate::base64_codec::{decode_url_no_pad, encode_url_no_pad};
use crate::contract::PlainHttpHosts;
use crate::transport::{Method, Request, Response, Transport, TransportError};

/// Most entries a recording may hold (a view's flow makes well under a dozen requests).
pub const MAX_ENTRIES: usize = 64;

/// The `path` of a replayed response, as the trace shows it.
pub const REPLAYED_PATH: &str = "prefetched";

/// One request and the answer it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// `GET` or `HEAD`.
    pub method: String,
    /// The registry or token URL.
    pub url: String,
    /// The request headers, in order.
    pub request_headers: Vec<(String, String)>,
    /// The response status.
    pub status: u16,
    /// The response headers, in order.
    pub response_headers: Vec<(String, String)>,
    /// The response body, unpadded base64url.
    pub body: String,
}

/// Recorded exchanges, in the order they happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Recording {
    /// The entries not yet replayed.
    pub entries: Vec<Recorded>,
}

/// Why a recording could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordingError {
    /// Not the JSON shape of a recording.
    #[error("the recording is malformed: {0}")]
    Malformed(String),
    /// More than [`MAX_ENTRIES`] entries.
    #[error("the recording has {0} entries, more than the {MAX_ENTRIES} accepted")]
    TooManyEntries(usize),
}

impl Recording {
    /// Reads a recording from its JSON text (read by hand from the parsed value: a derived
    /// reader would add its own code to the wasm bundle for this one use).
    pub fn from_json(text: &str) -> Result<Recording, RecordingError> {
        let value: Value = serde_json::from_slice(text.as_bytes())
            .map_err(|e| RecordingError::Malformed(e.to_string()))?;
        let items = value
            .get("entries")
            .and_then(Value::as_array)
            .ok_or_else(|| RecordingError::Malformed("no list of entries".into()))?;
        if items.len() > MAX_ENTRIES {
            return Err(RecordingError::TooManyEntries(items.len()));
        }
        let entries = items.iter().map(recorded).collect::<Option<Vec<_>>>();
        entries
            .map(|entries| Recording { entries })
            .ok_or_else(|| RecordingError::Malformed("an entry is not a recorded exchange".into()))
    }

    /// The recording as JSON, safe to place inside an HTML `<script>` element: `<`, `>` and `&`
    /// are written as JSON escapes, so no `</script>` can appear in it.
    pub fn to_html_safe_json(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{\"entries\":[]}".into());
        let mut safe = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => safe.push_str("\\u003c"),
                '>' => safe.push_str("\\u003e"),
                '&' => safe.push_str("\\u0026"),
                other => safe.push(other),
            }
        }
        safe
    }

    /// Adds an exchange (ignored once the recording is full).
    pub fn record(&mut self, request: &Request, response: &Response) {
        if self.entries.len() >= MAX_ENTRIES {
            return;
        }
        self.entries.push(Recorded {
            method: request.method.as_str().to_string(),
            url: request.url.clone(),
            request_headers: request.headers.clone(),
            status: response.status,
            response_headers: response.headers.clone(),
            body: encode_url_no_pad(&response.body),
        });
    }

    /// The recorded answer to `request`, removed from the recording: the first entry with the
    /// same method, URL and headers. `None` when there is none (or its body is not base64url).
    pub fn take(&mut self, request: &Request) -> Option<Response> {
        let index = self.entries.iter().position(|e| {
            e.method == request.method.as_str()
                && e.url == request.url
                && e.request_headers == request.headers
        })?;
        let entry = self.entries.remove(index);
        let body = decode_url_no_pad(&entry.body)?;
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            body
        };
        Some(Response {
            status: entry.status,
            headers: entry.response_headers,
            body,
            path: REPLAYED_PATH.to_string(),
        })
    }

    /// True when every entry was replayed (or there were none).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One entry, as [`Recording::to_html_safe_json`] writes it.
fn recorded(value: &Value) -> Option<Recorded> {
    let text = |key: &str| value.get(key)?.as_str().map(str::to_string);
    Some(Recorded {
        method: text("method")?,
        url: text("url")?,
        request_headers: header_pairs(value.get("request_headers")?)?,
        status: u16::try_from(value.get("status")?.as_u64()?).ok()?,
        response_headers: header_pairs(value.get("response_headers")?)?,
        body: text("body")?,
    })
}

/// `[["name", "value"], …]`.
fn header_pairs(value: &Value) -> Option<Vec<(String, String)>> {
    value
        .as_array()?
        .iter()
        .map(|pair| match pair.as_array()?.as_slice() {
            [name, value] => Some((name.as_str()?.to_string(), value.as_str()?.to_string())),
            _ => None,
        })
        .collect()
}

/// A transport that records every answer its inner transport gets.
#[derive(Debug)]
pub struct Recorder<T> {
    inner: T,
    recording: RefCell<Recording>,
}

impl<T> Recorder<T> {
    /// Records what `inner` answers.
    pub fn new(inner: T) -> Self {
        Recorder {
            inner,
            recording: RefCell::default(),
        }
    }

    /// The exchanges recorded so far (the recorder starts empty again).
    pub fn take_recording(&self) -> Recording {
        std::mem::take(&mut *self.recording.borrow_mut())
    }
}

impl<T: Transport> Transport for Recorder<T> {
    fn plain_http(&self) -> PlainHttpHosts {
        self.inner.plain_http()
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let response = self.inner.send(request.clone()).await?;
        self.recording.borrow_mut().record(&request, &response);
        Ok(response)
    }
}

/// A transport that answers from a [`Recording`] first (each entry once, only an identical
/// request) and sends everything else through its inner transport: how a page rendered on the
/// server replays the exchanges the server made.
#[derive(Debug)]
pub struct Replay<T> {
    inner: T,
    recording: RefCell<Recording>,
}

impl<T> Replay<T> {
    /// Answers from `recording` before asking `inner`.
    pub fn new(inner: T, recording: Recording) -> Self {
        Replay {
            inner,
            recording: RefCell::new(recording),
        }
    }

    /// The transport behind the recording.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// True when every recorded entry was replayed (or there were none).
    pub fn is_spent(&self) -> bool {
        self.recording.borrow().is_empty()
    }
}

impl<T: Transport> Transport for Replay<T> {
    fn plain_http(&self) -> PlainHttpHosts {
        self.inner.plain_http()
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let replayed = self.recording.borrow_mut().take(&request);
        match replayed {
            Some(response) => Ok(response),
            None => self.inner.send(request).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &[u8]) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_vec(),
            path: "relay".into(),
        }
    }

    #[test]
    fn replays_equal_requests_in_order_once_each() {
        let request = Request::get("http://r.test/v2/a/manifests/1").header("Accept", "x");
        let mut recording = Recording::default();
        recording.record(&request, &answer(401, b""));
        recording.record(&request, &answer(200, b"{\"a\":1}"));
        let json = recording.to_html_safe_json();
        let mut replay = Recording::from_json(&json).expect("own JSON reads back");
        assert_eq!(replay.take(&request).map(|r| r.status), Some(401));
        let second = replay.take(&request).expect("second entry");
        assert_eq!(
            (second.status, second.body.as_slice()),
            (200, &b"{\"a\":1}"[..])
        );
        assert_eq!(second.path, REPLAYED_PATH);
        assert!(replay.take(&request).is_none());
        assert!(replay.is_empty());
    }

    #[test]
    fn other_headers_or_methods_are_not_answered() {
        let request = Request::get("http://r.test/token?scope=x");
        let mut recording = Recording::default();
        recording.record(&request, &answer(200, b"{}"));
        let with_credentials = request.clone().header("Authorization", "Basic YTpi");
        assert!(recording.take(&with_credentials).is_none());
        assert!(
            recording
                .take(&Request::head(request.url.clone()))
                .is_none()
        );
        assert!(recording.take(&request).is_some());
    }

    /// Counts what reaches the network behind a [`Replay`].
    struct Network(std::cell::Cell<u32>);

    impl Transport for Network {
        async fn send(&self, _request: Request) -> Result<Response, TransportError> {
            self.0.set(self.0.get() + 1);
            Ok(answer(200, b"network"))
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
                return output;
            }
        }
    }

    #[test]
    fn replay_answers_recorded_requests_once_then_goes_to_the_network() {
        let request = Request::get("http://r.test/v2/a/manifests/1");
        let mut recording = Recording::default();
        recording.record(&request, &answer(200, b"recorded"));
        let replay = Replay::new(Network(std::cell::Cell::new(0)), recording);
        let first = block_on(replay.send(request.clone())).expect("replayed");
        assert_eq!(
            (first.body.as_slice(), first.path.as_str()),
            (&b"recorded"[..], REPLAYED_PATH)
        );
        assert_eq!(replay.inner().0.get(), 0);
        assert!(replay.is_spent());
        let second = block_on(replay.send(request)).expect("sent");
        assert_eq!(second.body, b"network");
        assert_eq!(replay.inner().0.get(), 1);
    }

    #[test]
    fn html_safe_json_cannot_close_a_script_element() {
        let request = Request::get("http://r.test/v2/</script><b>&");
        let mut recording = Recording::default();
        recording.record(&request, &answer(200, b"</script>"));
        let json = recording.to_html_safe_json();
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back = Recording::from_json(&json).expect("still JSON");
        assert_eq!(back.entries[0].url, request.url);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for text in [
            "",
            "[]",
            "{\"entries\":7}",
            "{\"entries\":[{}]}",
            "\u{0}",
            "{\"entries\":[{\"method\":\"GET\",\"url\":\"u\",\"request_headers\":[[\"a\"]],\"status\":200,\"response_headers\":[],\"body\":\"\"}]}",
            "{\"entries\":[{\"method\":\"GET\",\"url\":\"u\",\"request_headers\":[],\"status\":70000,\"response_headers\":[],\"body\":\"\"}]}",
        ] {
            assert!(matches!(
                Recording::from_json(text),
                Err(RecordingError::Malformed(_))
            ));
        }
        let many = Recording {
            entries: vec![
                Recorded {
                    method: "GET".into(),
                    url: "u".into(),
                    request_headers: vec![],
                    status: 200,
                    response_headers: vec![],
                    body: String::new(),
                };
                MAX_ENTRIES + 1
            ],
        };
        let json = serde_json::to_string(&many).expect("serializes");
        assert_eq!(
            Recording::from_json(&json),
            Err(RecordingError::TooManyEntries(MAX_ENTRIES + 1))
        );
        let mut bad_body = Recording::from_json(
            "{\"entries\":[{\"method\":\"GET\",\"url\":\"u\",\"request_headers\":[],\"status\":200,\"response_headers\":[],\"body\":\"***\"}]}",
        )
        .expect("shape is right");
        assert!(bad_body.take(&Request::get("u")).is_none());
    }
}
