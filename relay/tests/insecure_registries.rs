//! Registries by name that are not public https ones, through a relay on a real socket with the
//! core's whole flow: the zoo's Harbor as `harbor.local` over plain http (on the relay's
//! `--insecure-registry` list, which the app reads from the page the relay serves), and the
//! stack's https fronts with a company CA's certificate (`registry.corp.test`) and a
//! self-signed one (`selfsigned.corp.test`). Names reach the stack through `--resolve`
//! (no `--map-host`: the scheme is the app's choice, the certificate is checked for the name).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use regscope_core::contract::{INSECURE_META_NAME, PlainHttpHosts, RELAY_ERROR_HEADER, relay_url};
use regscope_core::{Client, Credentials, Error, Reference, TransportError};
use regscope_relay::{Config, Limits, app};
use regscope_stack::facts;
use zoo_support::RelayTransport;

#[allow(unused_imports)]
mod zoo_support;

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client")
}

/// Starts a relay with these lists; returns its base URL.
async fn relay(insecure: &[&str], pins: &[String], ca_certs: &[PathBuf]) -> String {
    let config = Config {
        insecure_registries: insecure.iter().map(|e| e.parse().expect(e)).collect(),
        pins: pins.iter().map(|p| p.parse().expect(p)).collect(),
        ca_certs: ca_certs.to_vec(),
        static_dir: Some(page_dir()),
        prerender: false,
        limits: Limits {
            rate_per_sec: 10_000.0,
            rate_burst: 10_000.0,
            ..Limits::default()
        },
        ..Config::default()
    };
    let router = app(config).expect("the relay starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    format!("http://{address}")
}

/// A folder with a minimal `index.html`, standing in for the built app.
fn page_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regscope-insecure-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><title>regscope</title></head><body></body></html>",
    )
    .expect("index.html");
    dir
}

/// The plain-http list as the app reads it: the `regscope-insecure` meta of the relay's page.
async fn page_list(relay: &str) -> (String, PlainHttpHosts) {
    let page = http()
        .get(format!("{relay}/"))
        .send()
        .await
        .expect("the page")
        .text()
        .await
        .expect("text");
    let marker = format!("<meta name=\"{INSECURE_META_NAME}\" content=\"");
    let content = page
        .split_once(&marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(content, _)| content.to_owned())
        .unwrap_or_default();
    (page, PlainHttpHosts::parse(&content))
}

/// The core's whole flow through `relay`, with the plain-http list the app reads from its page.
async fn client(relay: &str) -> Client<RelayTransport> {
    let (_, plain_http) = page_list(relay).await;
    let transport = RelayTransport::new(relay).with_plain_http(plain_http);
    Client::new(transport, || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    })
}

fn reference(text: &str) -> Reference {
    text.parse().expect("a reference")
}

fn stack_file(relative: &str) -> PathBuf {
    let path = facts::stack_dir().join(relative);
    assert!(
        path.is_file(),
        "{} is missing: start the stack with tests/stack/up",
        path.display()
    );
    path
}

fn harbor_pin() -> String {
    let harbor = facts::zoo_address("harbor.local").expect("the zoo has harbor.local");
    format!("harbor.local={harbor}")
}

/// The relay error of a failed inspection: (kind, message).
fn relay_error(error: &Error) -> (String, String) {
    match error {
        Error::Transport {
            source: TransportError::Relay { kind, message },
            ..
        } => (kind.clone(), message.clone()),
        other => panic!("expected a relay error, got: {other}"),
    }
}

#[tokio::test]
async fn harbor_by_name_over_plain_http_with_credentials() {
    let relay = relay(
        &["harbor.local", "https://registry.corp.test"],
        &[harbor_pin()],
        &[],
    )
    .await;
    let (page, list) = page_list(&relay).await;
    assert!(
        page.contains("<meta name=\"regscope-insecure\" content=\"harbor.local\"></head>"),
        "{page}"
    );
    assert!(list.contains("harbor.local") && !list.contains("registry.corp.test"));

    let client = client(&relay).await;
    let public = client
        .inspect(&reference("harbor.local/library/alpine:latest"), None)
        .await
        .expect("the public Harbor image");
    assert!(public.config.is_some());
    let trace = client.take_trace();
    assert!(!trace.is_empty());
    for exchange in &trace {
        assert!(
            exchange.url.starts_with("http://harbor.local/"),
            "{}",
            exchange.url
        );
    }

    let private = reference("harbor.local/regscope/app:1.0");
    let refused = client.inspect(&private, None).await.unwrap_err();
    assert!(
        matches!(
            refused,
            Error::Unauthorized { .. } | Error::TokenRefused { .. } | Error::Denied { .. }
        ),
        "{refused}"
    );
    client.set_credentials(
        private.api_host(),
        Some(Credentials {
            username: facts::ZOO_HARBOR_ADMIN.into(),
            password: facts::ZOO_HARBOR_PASSWORD.into(),
        }),
    );
    let signed_in = client
        .inspect(&private, None)
        .await
        .expect("the private Harbor image with the administrator's credentials");
    assert_eq!(signed_in.reference.registry(), "harbor.local");
}

#[tokio::test]
async fn harbor_off_the_list_is_asked_over_https_and_not_reached() {
    let relay = relay(&[], &[harbor_pin()], &[]).await;
    let (page, list) = page_list(&relay).await;
    assert!(!page.contains(INSECURE_META_NAME), "{page}");
    assert!(list.is_empty());
    let client = client(&relay).await;
    let error = client
        .inspect(&reference("harbor.local/library/alpine:latest"), None)
        .await
        .unwrap_err();
    let (kind, message) = relay_error(&error);
    assert_eq!(kind, "upstream-unreachable", "{message}");
    assert!(
        client.take_trace()[0]
            .url
            .starts_with("https://harbor.local/")
    );
}

fn tls_pins() -> Vec<String> {
    vec![
        format!("{}={}", facts::CORP_TLS_NAME, facts::CORP_TLS),
        format!("{}={}", facts::SELF_SIGNED_TLS_NAME, facts::SELF_SIGNED_TLS),
        format!("wrongname.corp.test={}", facts::CORP_TLS),
    ]
}

fn tls_image(name: &str) -> Reference {
    reference(&format!("{name}/{}:latest", facts::TLS_REPOSITORY))
}

#[tokio::test]
async fn unknown_issuers_and_self_signed_certificates_are_worded() {
    let relay = relay(&[], &tls_pins(), &[]).await;
    let client = client(&relay).await;

    let corp = client
        .inspect(&tls_image(facts::CORP_TLS_NAME), None)
        .await
        .unwrap_err();
    let (kind, message) = relay_error(&corp);
    assert_eq!(kind, "upstream-certificate");
    assert!(message.contains("registry.corp.test"), "{message}");
    assert!(
        message.contains("issuer the relay does not know"),
        "{message}"
    );
    assert!(message.contains("--ca-cert"), "{message}");
    assert!(
        message.contains("--insecure-registry https://registry.corp.test"),
        "{message}"
    );

    let own = client
        .inspect(&tls_image(facts::SELF_SIGNED_TLS_NAME), None)
        .await
        .unwrap_err();
    let (kind, message) = relay_error(&own);
    assert_eq!(kind, "upstream-certificate");
    assert!(message.contains("selfsigned.corp.test"), "{message}");
    assert!(message.contains("self-signed"), "{message}");
}

#[tokio::test]
async fn ca_certs_make_both_certificates_trusted_and_names_are_still_checked() {
    let ca_certs = [
        stack_file(facts::COMPANY_CA_FILE),
        stack_file(facts::SELF_SIGNED_CERT_FILE),
    ];
    let relay = relay(&[], &tls_pins(), &ca_certs).await;
    let client = client(&relay).await;
    for name in [facts::CORP_TLS_NAME, facts::SELF_SIGNED_TLS_NAME] {
        let seen = client
            .inspect(&tls_image(name), None)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(seen.config.is_some(), "{name}");
        let trace = client.take_trace();
        assert!(
            trace
                .iter()
                .all(|e| e.url.starts_with(&format!("https://{name}/"))),
            "{name}"
        );
    }
    let wrong = client
        .inspect(&tls_image("wrongname.corp.test"), None)
        .await
        .unwrap_err();
    let (kind, message) = relay_error(&wrong);
    assert_eq!(kind, "upstream-certificate");
    assert!(
        message.contains("not valid for the name wrongname.corp.test"),
        "{message}"
    );
    assert!(!message.contains("--ca-cert"), "{message}");
}

#[tokio::test]
async fn insecure_hosts_get_no_certificate_check() {
    let relay = relay(
        &[
            "https://selfsigned.corp.test",
            "registry.corp.test",
            "wrongname.corp.test",
        ],
        &tls_pins(),
        &[],
    )
    .await;
    let client = client(&relay).await;
    // An https-only entry: the app keeps https, the relay skips the check.
    client
        .inspect(&tls_image(facts::SELF_SIGNED_TLS_NAME), None)
        .await
        .expect("a self-signed registry listed https-only");
    // A plain entry: the app asks http, but the relay takes https for it unchecked too (a
    // token realm or a redirect may name it), as Docker does.
    for name in [facts::CORP_TLS_NAME, "wrongname.corp.test"] {
        let answer = http()
            .get(relay_url(&relay, &format!("https://{name}/v2/")))
            .send()
            .await
            .expect("the relay answers");
        assert_eq!(answer.status(), 200, "{name}");
        assert!(answer.headers().get(RELAY_ERROR_HEADER).is_none(), "{name}");
    }
}
