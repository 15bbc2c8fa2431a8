//! The browser's [`Transport`]: fetch, either straight to the registry (direct mode, for
//! registries that send CORS headers) or through the relay.
//!
//! The path is chosen per origin and remembered for the tab (`sessionStorage`). The first
//! request to a registry not yet known goes through the relay while, at the same time, a plain
//! `GET /v2/` is sent to the registry directly: a simple request (no preflight, not a pull)
//! whose answer the page can read only when the registry sends CORS headers. A readable 200
//! (no auth, CORS) makes later requests direct; anything else (a 401, which also fails the
//! preflight of requests carrying a token, or no readable answer) keeps the relay. The probe
//! costs no round trip of its own. Token endpoints follow the relay too. Without a relay (the
//! app hosted as static files), a registry the probe found readable is called directly.
//! The relay answers its own failures with `X-Regscope-Relay-Error` and a JSON body; those
//! become [`TransportError::Relay`]. (A page the relay rendered replays the exchanges the relay
//! made before this transport is asked: see [`crate::services::session`].)
//! Registries on the relay's `--insecure-registry` list (the page's `regscope-insecure`
//! meta, written by the relay) are asked over plain `http`: see [`PlainHttpHosts`].
//! Hosts under `.invalid` (RFC 2606: they never resolve) are images read from a dropped file:
//! `window.regscopeLocal(url, method)` (the local module, through `lazy.js`) answers them, and
//! nothing is sent ([`Path::File`]).

use std::cell::{Cell, RefCell};

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use regscope_core::contract::{
    INSECURE_META_NAME, LOCAL_FILE_KIND, PlainHttpHosts, REALM_TICKET_HEADER, RELAY_ERROR_HEADER,
    RELAY_HEADER, RELAY_META_NAME, RELAY_PATH, RealmTickets, RelayErrorBody, RelayErrorKind,
    relay_url,
};
use regscope_core::recording::Recording;
use regscope_core::url_text::origin;
use regscope_core::{Method, Request, Response, Transport, TransportError};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestCredentials};

use crate::services::plain_http_marks;
use crate::services::storage::{self, Store};

/// Largest body the page reads (manifests, configs, tokens are far smaller).
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

const PATH_KEY: &str = "regscope.path.";

#[wasm_bindgen]
extern "C" {
    /// `window.regscopeLocal(url, method)`: the local module's answer (a `Response`), or a
    /// rejection with the words to show (the file is not open in this tab).
    #[wasm_bindgen(js_name = regscopeLocal, catch)]
    fn regscope_local(url: &str, method: &str) -> Result<js_sys::Promise, JsValue>;
}

/// How requests to one origin travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// From the browser straight to the registry (it sends CORS headers).
    Direct,
    /// Through the relay.
    Relay,
    /// Answered from a file the page holds (`file.invalid`), never sent.
    File,
}

impl Path {
    /// `direct` or `relay`, as the trace shows it.
    pub fn name(self) -> &'static str {
        match self {
            Path::Direct => "direct",
            Path::Relay => "relay",
            Path::File => "file",
        }
    }

    fn parse(text: &str) -> Option<Path> {
        match text {
            "direct" => Some(Path::Direct),
            "relay" => Some(Path::Relay),
            _ => None,
        }
    }
}

/// Sends registry requests directly or through the relay at `relay_base` (empty: this page's origin).
#[derive(Debug)]
pub struct FetchTransport {
    relay_base: String,
    plain_http: PlainHttpHosts,
    paths: RefCell<Vec<(String, Path)>>,
    sent: Cell<u64>,
    tickets: RefCell<RealmTickets>,
}

impl FetchTransport {
    /// A transport using the relay at `relay_base` (`""` for the page's own origin) when a
    /// registry cannot be reached directly, which reaches `plain_http` over plain http.
    pub fn new(relay_base: impl Into<String>, plain_http: PlainHttpHosts) -> Self {
        FetchTransport {
            relay_base: relay_base.into(),
            plain_http,
            paths: RefCell::default(),
            sent: Cell::new(0),
            tickets: RefCell::default(),
        }
    }

    /// The same transport holding the realm tickets of `recording`'s answers: a page the relay
    /// rendered replays its 401s without fetching them, and a later token request (another
    /// tab, another platform) must still carry the ticket to whichever relay replica takes it.
    pub fn with_tickets_of(self, recording: &Recording) -> Self {
        self.tickets.borrow_mut().learn_recorded(recording);
        self
    }

    /// How many requests were sent so far (for the progress shown while a view loads).
    pub fn sent(&self) -> u64 {
        self.sent.get()
    }

    /// The path chosen for `origin` (`scheme://host[:port]`), if one was chosen.
    pub fn path_for(&self, origin: &str) -> Option<Path> {
        if let Some((_, path)) = self.paths.borrow().iter().find(|(o, _)| o == origin) {
            return Some(*path);
        }
        let stored = storage::get(Store::Session, &format!("{PATH_KEY}{origin}"))?;
        let path = Path::parse(&stored)?;
        self.paths.borrow_mut().push((origin.to_string(), path));
        Some(path)
    }

    fn remember(&self, origin: &str, path: Path) {
        {
            let mut paths = self.paths.borrow_mut();
            paths.retain(|(o, _)| o != origin);
            paths.push((origin.to_string(), path));
        }
        storage::set(Store::Session, &format!("{PATH_KEY}{origin}"), path.name());
    }

    async fn send_via(&self, request: &Request, path: Path) -> Result<Response, TransportError> {
        self.sent.set(self.sent.get() + 1);
        let url = match path {
            Path::Relay => relay_url(&self.relay_base, &request.url),
            _ => request.url.clone(),
        };
        let method = match request.method {
            Method::Get => HttpMethod::GET,
            Method::Head => HttpMethod::HEAD,
        };
        // No cookies, and no browser login prompt on a 401 with a Basic challenge (a prompt
        // needs credentials mode "include" or same-origin): the core handles every 401 itself.
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        // A token realm is relayed on the ticket the relay gave with the challenge naming it
        // (any relay of a fleet accepts it).
        if path == Path::Relay
            && let Some(ticket) = self.tickets.borrow().for_url(&request.url)
        {
            builder = builder.header(REALM_TICKET_HEADER, ticket);
        }
        let response = if path == Path::File {
            let answer =
                async { JsFuture::from(regscope_local(&url, request.method.as_str())?).await };
            answer
                .await
                .map_err(|e| TransportError::Relay {
                    kind: LOCAL_FILE_KIND.into(),
                    message: e.as_string().unwrap_or_default(),
                })?
                .unchecked_into::<web_sys::Response>()
                .into()
        } else {
            builder
                .send()
                .await
                .map_err(|e| TransportError::Network(e.to_string()))?
        };
        let mut headers: Vec<(String, String)> = response.headers().entries().collect();
        if path == Path::Direct {
            // fetch walked any redirect itself: tell the core where the answer came from (and
            // drop walk headers a registry may have sent of its own).
            let redirected = response.redirected().then(|| response.url());
            regscope_core::contract::set_final_url(&mut headers, redirected.as_deref());
        }
        if path == Path::Relay {
            if let Some(tickets) = response.headers().get(REALM_TICKET_HEADER) {
                self.tickets.borrow_mut().learn(&tickets);
            }
            if let Some(kind) = response.headers().get(RELAY_ERROR_HEADER) {
                let body = response.text().await.unwrap_or_default();
                return Err(TransportError::Relay {
                    kind,
                    message: RelayErrorBody::message_of(body.as_bytes()),
                });
            }
            if response.headers().get(RELAY_HEADER).is_none() {
                // Whatever answered is not the relay (a static host's 404 or its index page):
                // never show that as the registry's answer.
                return Err(TransportError::Relay {
                    kind: RelayErrorKind::NoRelay.as_str().into(),
                    message: format!(
                        "no regscope relay answered at {}{RELAY_PATH} (HTTP {}); serve the app with regscope-relay, or name one in <meta name=\"{RELAY_META_NAME}\">",
                        self.relay_base,
                        response.status()
                    ),
                });
            }
        }
        let announced = response
            .headers()
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok());
        // A HEAD's length is the size of what a GET would send (a layer the Files tab's worker
        // streams, say), not a body this transport reads: only bodies it reads are capped.
        if request.method != Method::Head && announced.is_some_and(|n| n > MAX_BODY_BYTES) {
            return Err(TransportError::TooLarge {
                limit: MAX_BODY_BYTES,
            });
        }
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            response
                .binary()
                .await
                .map_err(|e| TransportError::Network(e.to_string()))?
        };
        Ok(Response {
            status: response.status(),
            headers,
            body,
            path: path.name().into(),
        })
    }
}

impl FetchTransport {
    /// Sends through the relay; a failure to reach the relay itself says so.
    async fn relayed(&self, request: &Request) -> Result<Response, TransportError> {
        self.send_via(request, Path::Relay)
            .await
            .map_err(|e| match e {
                TransportError::Network(detail) => TransportError::Network(format!(
                    "{detail}; the relay at {}/relay gave no readable answer either (a relay on another origin must allow this page with --allow-origin)",
                    self.relay_base
                )),
                other => other,
            })
    }
}

impl FetchTransport {
    /// GETs `{origin}/v2/` directly, with no headers: true when the registry answered 200 in a
    /// way the page can read (CORS headers, no auth).
    async fn probe_direct(&self, origin: &str) -> bool {
        let probe = Request::get(format!("{origin}/v2/"));
        matches!(self.send_via(&probe, Path::Direct).await, Ok(r) if r.status == 200)
    }

    /// An origin not yet known: the relay, with a direct probe of `/v2/` at the same time.
    async fn discover(&self, origin: &str, request: &Request) -> Result<Response, TransportError> {
        let is_registry_api = request.url[origin.len()..].starts_with("/v2/");
        let (relayed, direct_ok) = if is_registry_api {
            futures::future::join(self.relayed(request), self.probe_direct(origin)).await
        } else {
            (self.relayed(request).await, false)
        };
        let relay_missing = matches!(&relayed, Err(e) if e.relay_kind() == Some(RelayErrorKind::NoRelay))
            || matches!(&relayed, Err(TransportError::Network(_)));
        if direct_ok {
            self.remember(origin, Path::Direct);
            if relay_missing {
                return self.send_via(request, Path::Direct).await;
            }
        } else if relay_missing && !is_registry_api {
            // No relay: a token endpoint may still answer directly.
            return self.send_via(request, Path::Direct).await.or(relayed);
        } else if !relay_missing {
            self.remember(origin, Path::Relay);
        }
        relayed
    }
}

impl Transport for FetchTransport {
    fn plain_http(&self) -> PlainHttpHosts {
        match plain_http_marks::marked() {
            Some(marked) => {
                PlainHttpHosts::parse(&format!("{} {marked}", self.plain_http.to_content()))
            }
            None => self.plain_http.clone(),
        }
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let origin = origin(&request.url).to_string();
        if origin.ends_with(".invalid") {
            return self.send_via(&request, Path::File).await;
        }
        match self.path_for(&origin) {
            Some(Path::Relay | Path::File) => self.relayed(&request).await,
            Some(Path::Direct) => match self.send_via(&request, Path::Direct).await {
                Err(TransportError::Network(_)) => {
                    self.remember(&origin, Path::Relay);
                    self.relayed(&request).await
                }
                other => other,
            },
            None => self.discover(&origin, &request).await,
        }
    }
}

/// The bytes of the blob at `url` (a blob URL under `.invalid`) as the browser's `Blob` of the
/// dropped file, for the Files tab's worker to read as it reads a fetch body; `None` when no
/// open file holds it. Only the files module calls it.
pub async fn local_blob(url: &str) -> Option<JsValue> {
    let blob = JsFuture::from(regscope_local(url, "BLOB").ok()?)
        .await
        .ok()?;
    (!blob.is_null()).then_some(blob)
}

/// The relay's base URL: the `content` of `<meta name="regscope-relay">` when the page has one
/// (the app hosted as static files with a relay elsewhere), else `""` (same origin).
pub fn relay_base() -> String {
    meta(RELAY_META_NAME)
        .map(|base| base.trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// The registries reached over plain http: the `content` of `<meta name="regscope-insecure">`
/// (the relay writes it into the page it serves), else none; the hosts this tab marked
/// ([`plain_http_marks`]) are added at each request.
pub fn plain_http_hosts() -> PlainHttpHosts {
    PlainHttpHosts::parse(&meta(INSECURE_META_NAME).unwrap_or_default())
}

/// The `content` of the page's `<meta name="{name}">`.
fn meta(name: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("meta[name={name}]"))
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
}
