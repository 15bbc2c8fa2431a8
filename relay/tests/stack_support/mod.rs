//! Support for the tests against the real registry stack (`tests/stack/up`): the seeded
//! references, a relay served on a real loopback socket, and plain HTTP exchanges made either
//! directly or through that relay. When the stack is down every helper panics with the fix.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use regscope_core::challenge;
use regscope_core::contract::{RELAY_HEADER, RELAY_HEADER_VALUE};
use regscope_core::token::{self, TokenRequest};
use regscope_relay::{Config, Limits, app};
use reqwest::header::HeaderMap;

// Each test binary uses a subset of the stack's facts.
#[allow(unused_imports)]
pub use regscope_stack::facts::{REDIRECT_REGISTRY, REGISTRY, SERVICE, Seeded};

/// The token endpoint every challenge of the stack names.
pub fn realm() -> String {
    regscope_stack::facts::realm()
}

/// The `Authorization` value of the stack's one user, who alone may pull `private/*`.
pub fn alice_basic() -> String {
    use base64::Engine as _;
    let pair = format!(
        "{}:{}",
        regscope_stack::facts::USER,
        regscope_stack::facts::PASSWORD
    );
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// Every seeded row, after checking the registry answers. Panics with the fix when the stack
/// is not up: these tests must fail, never pass silently, without it.
pub async fn stack() -> Vec<Seeded> {
    let rows = regscope_stack::facts::seeded().unwrap_or_else(|e| {
        panic!("{e}. These tests need the registry stack (scripts/test starts it).")
    });
    let ping = http()
        .get(format!("http://{REGISTRY}/v2/"))
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "the registry stack does not answer on {REGISTRY} ({e}). \
                 Run tests/stack/up (scripts/test does)."
            )
        });
    assert_eq!(
        ping.status(),
        401,
        "{REGISTRY}/v2/ should ask for a token: is the stack's registry really on this port?"
    );
    rows
}

/// The seeded row of `repository:tag`.
pub fn row<'a>(rows: &'a [Seeded], repository: &str, tag: &str) -> &'a Seeded {
    rows.iter()
        .find(|r| r.repository == repository && r.tag.as_deref() == Some(tag))
        .unwrap_or_else(|| panic!("{repository}:{tag} is not in seeded.json"))
}

/// A reqwest client that follows no redirect (the relay and the registry answers are compared
/// as they are sent).
pub fn http() -> reqwest::Client {
    // reqwest is built without a default crypto provider in the workspace; fails harmlessly
    // when another test installed it first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a reqwest client builds")
}

/// The relay's config for the stack: 127.0.0.1 insecure, the redirecting registry's blob
/// origin a plain-http blob host, a rate limit these tests cannot hit.
pub fn relay_config() -> Config {
    Config {
        insecure_registries: vec!["127.0.0.1".parse().expect("entry")],
        insecure_blob_hosts: vec![
            regscope_stack::facts::BLOB_ORIGIN
                .parse()
                .expect("blob origin"),
        ],
        limits: Limits {
            rate_per_sec: 10_000.0,
            rate_burst: 10_000.0,
            ..Limits::default()
        },
        ..Config::default()
    }
}

/// Serves [`app`] on 127.0.0.1:0 (with client addresses, as `main.rs` does); returns its base.
pub async fn start_relay() -> String {
    start_relay_with(relay_config()).await
}

/// Serves [`app`] with `config` on 127.0.0.1:0; returns its base.
pub async fn start_relay_with(config: Config) -> String {
    let router = app(config).expect("the relay builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    format!("http://{addr}")
}

/// The relay URL for `target`.
pub fn relayed(relay: &str, target: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    format!("{relay}/relay?url={encoded}")
}

/// One HTTP answer, read whole.
#[derive(Debug)]
pub struct Exchange {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

impl Exchange {
    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as (lossy) text, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method url` with `headers` and reads the answer whole.
pub async fn send(method: reqwest::Method, url: &str, headers: &[(&str, &str)]) -> Exchange {
    let mut request = http().request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("{url}: body: {e}"))
        .to_vec();
    Exchange {
        status,
        headers,
        body,
    }
}

/// `GET url`.
pub async fn get(url: &str, headers: &[(&str, &str)]) -> Exchange {
    send(reqwest::Method::GET, url, headers).await
}

/// A pull token for `repository` straight from the token server (with alice's password for
/// private repositories).
pub async fn direct_token(repository: &str) -> String {
    let request = TokenRequest {
        realm: realm(),
        service: Some(SERVICE.to_owned()),
        scope: Some(token::pull_scope(repository)),
    };
    let alice = alice_basic();
    let basic = [("authorization", alice.as_str())];
    let headers: &[(&str, &str)] = if repository.starts_with("private/") {
        &basic
    } else {
        &[]
    };
    let answer = get(&request.url(), headers).await;
    assert_eq!(answer.status, 200, "direct token: {}", answer.text());
    token_of(&answer)
}

/// The token in a token response.
pub fn token_of(answer: &Exchange) -> String {
    token::parse_token_response(&answer.body)
        .expect("a token response")
        .secret()
        .to_owned()
}

/// The token request named by the Bearer challenge of a 401 answer.
pub fn token_request(unauthorized: &Exchange, repository: &str) -> TokenRequest {
    assert_eq!(unauthorized.status, 401, "{}", unauthorized.text());
    let header = unauthorized.header("www-authenticate");
    let challenges = challenge::parse(header).expect("the challenge parses");
    let bearer = challenges
        .iter()
        .find(|c| c.is_bearer())
        .expect("a Bearer challenge");
    TokenRequest::from_challenge(bearer, &token::pull_scope(repository)).expect("a realm")
}

/// The relay flow a page runs: unauthenticated GET → 401 → token from the realm the challenge
/// named (through the relay, with `basic` if given) → the token.
pub async fn relay_token(relay: &str, target: &str, repository: &str, basic: bool) -> String {
    let unauthorized = get(&relayed(relay, target), &[]).await;
    assert_eq!(unauthorized.header(RELAY_HEADER), RELAY_HEADER_VALUE);
    let request = token_request(&unauthorized, repository);
    assert_eq!(request.realm, realm());
    let alice = alice_basic();
    let credentials = [("authorization", alice.as_str())];
    let headers: &[(&str, &str)] = if basic { &credentials } else { &[] };
    let answer = get(&relayed(relay, &request.url()), headers).await;
    assert_eq!(
        answer.status,
        200,
        "token through the relay: {}",
        answer.text()
    );
    assert_eq!(answer.header(RELAY_HEADER), RELAY_HEADER_VALUE);
    token_of(&answer)
}

/// `Bearer <token>`.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The token flow for `row` through `relay` (credentials on the token request), then its
/// manifest with that token and every manifest type accepted: the token and the answer.
pub async fn private_manifest(relay: &str, row: &Seeded) -> (String, Exchange) {
    let token = relay_token(
        relay,
        &format!("http://{REGISTRY}/v2/"),
        &row.repository,
        true,
    )
    .await;
    let accept = regscope_core::media_types::manifest_accept_header();
    let manifest = get(
        &relayed(relay, &row.manifest_url(REGISTRY)),
        &[("authorization", &bearer(&token)), ("accept", &accept)],
    )
    .await;
    (token, manifest)
}
