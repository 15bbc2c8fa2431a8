//! Table-driven tests of the target policy: one row per refused or allowed target.

use regscope_core::contract::RelayErrorKind;

use super::*;

fn policy(insecure: &[&str], maps: &[&str]) -> Policy {
    Policy::new(
        InsecureHosts::new(insecure.iter().map(|e| e.parse().expect(e))),
        HostMap::new(maps.iter().map(|m| m.parse().expect(m))),
        RealmStore::default(),
    )
}

fn kind(policy: &Policy, raw: &str) -> Result<Purpose, RelayErrorKind> {
    policy
        .check_target(raw)
        .map(|t| t.purpose)
        .map_err(|e| e.kind())
}

#[test]
fn refuses_special_addresses_and_notations() {
    let p = policy(&[], &[]);
    let rows = [
        "https://127.0.0.1/v2/",
        "https://127.1/v2/",
        "https://2130706433/v2/",
        "https://0x7f.1/v2/",
        "https://0x7f000001/v2/",
        "https://0177.0.0.1/v2/",
        "https://017700000001/v2/",
        "https://0/v2/",
        "https://0.0.0.0/v2/",
        "https://10.1.2.3/v2/",
        "https://012.1.2.3/v2/",
        "https://172.16.0.1/v2/",
        "https://172.31.255.254/v2/",
        "https://192.168.0.1/v2/",
        "https://169.254.169.254/v2/",
        "https://2852039166/v2/",
        "https://100.64.0.1/v2/",
        "https://224.0.0.1/v2/",
        "https://255.255.255.255/v2/",
        "https://240.0.0.1/v2/",
        "https://192.0.2.1/v2/",
        "https://198.51.100.1/v2/",
        "https://203.0.113.1/v2/",
        "https://198.18.0.1/v2/",
        "https://[::1]/v2/",
        "https://[::]/v2/",
        "https://[0:0:0:0:0:0:0:1]/v2/",
        "https://[::ffff:127.0.0.1]/v2/",
        "https://[::ffff:7f00:1]/v2/",
        "https://[::ffff:a9fe:a9fe]/v2/",
        "https://[::127.0.0.1]/v2/",
        "https://[64:ff9b::a9fe:a9fe]/v2/",
        "https://[64:ff9b::10.0.0.1]/v2/",
        "https://[fe80::1]/v2/",
        "https://[fd00::1]/v2/",
        "https://[fc00::1]/v2/",
        "https://[ff02::1]/v2/",
        "https://[2001:db8::1]/v2/",
        "https://[2002:a9fe:a9fe::1]/v2/",
        "https://localhost/v2/",
        "https://LOCALHOST./v2/",
        "https://registry.localhost/v2/",
        "https://127.0.0.1./v2/",
        "https://127.000.000.001/v2/",
        "https://0x7f.0x0.0x0.0x1/v2/",
        "https://%31%32%37.0.0.1/v2/",
        "https://\u{ff11}\u{ff12}\u{ff17}.0.0.1/v2/",
        "https://[::ffff:7f00:1]:5000/v2/",
    ];
    for raw in rows {
        assert_eq!(kind(&p, raw), Err(RelayErrorKind::RefusedTarget), "{raw}");
    }
}

#[test]
fn refuses_bad_schemes_credentials_and_fragments() {
    let p = policy(&[], &[]);
    let rows = [
        "http://registry.example/v2/",
        "ftp://registry.example/v2/",
        "file:///v2/",
        "gopher://registry.example/v2/",
        "https://registry@169.254.169.254/v2/",
        "https://registry.example@169.254.169.254/v2/",
        "https://user:pw@registry.example/v2/",
        "https://:pw@registry.example/v2/",
        "https://registry.example/v2/#frag",
        "https://registry.example/v2/#",
    ];
    for raw in rows {
        assert_eq!(kind(&p, raw), Err(RelayErrorKind::RefusedTarget), "{raw}");
    }
}

#[test]
fn refuses_paths_outside_the_registry_api() {
    let p = policy(&[], &[]);
    let rows = [
        "https://registry.example/",
        "https://registry.example",
        "https://registry.example/v2",
        "https://registry.example/v1/_ping",
        "https://registry.example/v2/../admin",
        "https://registry.example/v2/%2e%2e/admin",
        "https://registry.example/v2/%2E%2e/",
        "https://registry.example/v2/./",
        "https://registry.example/v2/a%2fb/manifests/x",
        "https://registry.example/v2/a%2Fb/manifests/x",
        "https://registry.example/v2\\..\\admin",
        "https://registry.example/v2/a%00/manifests/x",
        "https://registry.example/token?service=x&scope=y",
        "https://metadata.google.internal/computeMetadata/v1/",
    ];
    for raw in rows {
        assert_eq!(kind(&p, raw), Err(RelayErrorKind::RefusedPath), "{raw}");
    }
}

#[test]
fn refuses_malformed_urls() {
    let p = policy(&[], &[]);
    for raw in ["not a url", "/v2/relative", "", "https://"] {
        assert!(
            matches!(
                kind(&p, raw),
                Err(RelayErrorKind::BadRequest | RelayErrorKind::RefusedTarget)
            ),
            "{raw}"
        );
    }
    let long = format!("https://registry.example/v2/{}", "a".repeat(MAX_URL_LEN));
    assert_eq!(kind(&p, &long), Err(RelayErrorKind::BadRequest));
}

#[test]
fn allows_public_registry_targets() {
    let p = policy(&[], &[]);
    let rows = [
        ("https://registry.example/v2/", ApiPath::Other),
        ("https://8.8.8.8/v2/", ApiPath::Other),
        ("https://[2606:4700::1111]/v2/", ApiPath::Other),
        (
            "https://registry-1.docker.io/v2/library/alpine/manifests/3.20",
            ApiPath::Manifest,
        ),
        (
            "https://ghcr.io:443/v2/a/b/blobs/sha256:0123",
            ApiPath::Blob,
        ),
        ("https://quay.io/v2/a/b/tags/list?n=10", ApiPath::Other),
    ];
    for (raw, api) in rows {
        assert_eq!(kind(&p, raw), Ok(Purpose::Registry(api)), "{raw}");
    }
}

#[test]
fn insecure_hosts_allow_http_and_private_addresses() {
    let p = policy(&["127.0.0.1:5000", "registry.local", "[::1]"], &[]);
    let allowed = [
        "http://127.0.0.1:5000/v2/",
        "https://127.0.0.1:5000/v2/",
        "http://2130706433:5000/v2/",
        "http://0x7f.1:5000/v2/",
        "http://registry.local/v2/",
        "http://registry.local:8080/v2/",
        "http://[::1]:9999/v2/",
    ];
    for raw in allowed {
        let target = p.check_target(raw).expect(raw);
        assert!(target.destination.insecure, "{raw}");
    }
    let refused = [
        "http://127.0.0.1:5001/v2/",
        "https://127.0.0.1:5001/v2/",
        "http://127.0.0.2:5000/v2/",
        "http://registry.other/v2/",
        "http://[::ffff:127.0.0.1]:5000/v2/",
    ];
    for raw in refused {
        assert_eq!(kind(&p, raw), Err(RelayErrorKind::RefusedTarget), "{raw}");
    }
    // Insecure hosts still only get registry paths.
    assert_eq!(
        kind(&p, "http://127.0.0.1:5000/admin"),
        Err(RelayErrorKind::RefusedPath)
    );
}

#[test]
fn host_mappings_apply_policy_to_the_mapped_target() {
    let map = ["registry-1.docker.io=http://127.0.0.1:5000"];
    let insecure = policy(&["127.0.0.1"], &map);
    let target = insecure
        .check_target("https://registry-1.docker.io/v2/library/alpine/manifests/3?x=1")
        .unwrap();
    assert_eq!(
        target.destination.url.as_str(),
        "http://127.0.0.1:5000/v2/library/alpine/manifests/3?x=1"
    );
    assert_eq!(
        target.requested.as_str(),
        "https://registry-1.docker.io/v2/library/alpine/manifests/3?x=1"
    );

    let strict = policy(&[], &map);
    assert_eq!(
        kind(&strict, "https://registry-1.docker.io/v2/"),
        Err(RelayErrorKind::RefusedTarget)
    );
}

#[test]
fn token_endpoints_need_a_challenge_that_named_them() {
    let p = policy(&[], &[]);
    let token = "https://auth.example/token?service=registry.example&scope=repository:a:pull";
    assert_eq!(kind(&p, token), Err(RelayErrorKind::RefusedPath));
    p.realms()
        .record("https://auth.example/token", "https://r.example", None);
    assert_eq!(kind(&p, token), Ok(Purpose::Token));
    assert_eq!(
        kind(&p, "https://auth.example/token2"),
        Err(RelayErrorKind::RefusedPath)
    );
    assert_eq!(
        kind(&p, "https://auth.example/token#x"),
        Err(RelayErrorKind::RefusedTarget)
    );

    // A realm on a private address is named, but the address rule still refuses it.
    p.realms().record(
        "https://169.254.169.254/latest/meta-data",
        "https://r.example",
        None,
    );
    assert_eq!(
        kind(&p, "https://169.254.169.254/latest/meta-data"),
        Err(RelayErrorKind::RefusedTarget)
    );
}

#[test]
fn a_realm_ticket_opens_its_realm_only() {
    let p = policy(&[], &[]);
    let ticket = p
        .realm_keys()
        .issue("https://r.example", "https://auth.example/token")
        .unwrap();
    let token = "https://auth.example/token?service=s";
    let with = |raw: &str, t: &str| p.check_target_with(raw, Some(t)).map(|t| t.purpose);
    assert_eq!(with(token, &ticket), Ok(Purpose::Token));
    for other in ["https://auth.example/other", "https://evil.example/token"] {
        let refused = with(other, &ticket).unwrap_err();
        assert_eq!(refused.kind(), RelayErrorKind::RefusedPath);
        assert!(
            refused.message().contains("not signed by this relay"),
            "{other}"
        );
    }
    // A ticket is still subject to the address rules, and never needed for /v2/ paths.
    let private = p
        .realm_keys()
        .issue("https://r.example", "https://169.254.169.254/token")
        .unwrap();
    assert_eq!(
        with("https://169.254.169.254/token", &private).map_err(|e| e.kind()),
        Err(RelayErrorKind::RefusedTarget)
    );
    assert!(with("https://r.example/v2/", "junk").is_ok());
}

#[test]
fn redirects_allow_any_path_but_not_any_address() {
    let p = policy(&["127.0.0.1:5000"], &[]);
    let base = Url::parse("https://registry.example/v2/a/blobs/sha256:00").unwrap();
    let allowed = [
        (
            "https://storage.example/bucket/x?X-Amz-Signature=1",
            "https://storage.example/bucket/x?X-Amz-Signature=1",
        ),
        ("/other/path", "https://registry.example/other/path"),
        ("../../../x", "https://registry.example/x"),
        (
            "http://127.0.0.1:5000/v2/a/blobs/sha256:00",
            "http://127.0.0.1:5000/v2/a/blobs/sha256:00",
        ),
    ];
    for (location, expected) in allowed {
        let (url, dest) = p.check_redirect(&base, location).expect(location);
        assert_eq!((url.as_str(), dest.url.as_str()), (expected, expected));
    }
    let refused = [
        "http://storage.example/x",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:10.0.0.1]/x",
        "//10.0.0.1/x",
        "https://user@storage.example/x",
        "https://storage.example/x#f",
        "file:///etc/passwd",
        "https://127.0.0.1:5001/x",
        "https://localhost/x",
    ];
    for location in refused {
        let error = p.check_redirect(&base, location).unwrap_err();
        assert_eq!(error.kind(), RelayErrorKind::RefusedTarget, "{location}");
        let named = base.join(location).expect("joins");
        assert!(
            error.message().contains(named.as_str()),
            "the refusal names the target: {error}"
        );
    }
}

#[test]
fn redirects_resolve_against_the_name_the_page_used() {
    let p = policy(&["127.0.0.1"], &["registry.k8s.io=http://127.0.0.1:5108"]);
    let base = Url::parse("https://registry.k8s.io/v2/pause/manifests/3.9").unwrap();
    let (url, dest) = p.check_redirect(&base, "/v2/other").unwrap();
    assert_eq!(url.as_str(), "https://registry.k8s.io/v2/other");
    assert_eq!(dest.url.as_str(), "http://127.0.0.1:5108/v2/other");
}

#[test]
fn redirects_to_insecure_hosts_stay_on_registry_paths() {
    let p = policy(&["127.0.0.1", "10.0.0.5"], &[]);
    let public = Url::parse("https://registry.example/v2/a/blobs/sha256:00").unwrap();
    // From a public registry: only /v2/ paths on an insecure host, and those clean.
    for location in [
        "http://10.0.0.5/admin",
        "http://10.0.0.5/",
        "http://10.0.0.5/v2",
        "http://10.0.0.5/v2x/",
        "http://127.0.0.1:5004/docker/registry/v2/blobs/sha256/00/data",
        "http://10.0.0.5/v2/..;/admin",
        "http://10.0.0.5/v2/a;b/manifests/1",
        "http://10.0.0.5/v2/a%2f..%2f..%2fadmin",
        "http://10.0.0.5/v2/%252e%252e/admin",
    ] {
        let error = p.check_redirect(&public, location).unwrap_err();
        assert_eq!(error.kind(), RelayErrorKind::RefusedTarget, "{location}");
        assert!(
            error
                .message()
                .starts_with("the registry redirected to http://"),
            "{location}: {error}"
        );
    }
    // Dot segments a Location spells are resolved before the check: they cannot leave /v2/.
    for location in [
        "http://10.0.0.5/v2/../admin",
        "http://10.0.0.5/v2/%2e%2e/admin",
        "http://10.0.0.5/v2/.%2E/admin",
    ] {
        assert!(p.check_redirect(&public, location).is_err(), "{location}");
    }
    let (url, dest) = p
        .check_redirect(&public, "http://10.0.0.5/v2/a/manifests/1")
        .unwrap();
    assert_eq!(url.as_str(), "http://10.0.0.5/v2/a/manifests/1");
    assert!(dest.insecure);
    // A public blob host: any path.
    let (url, _) = p
        .check_redirect(&public, "https://cdn.example/a;b/c/%2e%2e/data?sig=1")
        .unwrap();
    assert_eq!(url.path(), "/a;b/data");

    // An insecure registry sending blobs to its own plain-http storage (the stack's :5003 to
    // :5004): refused outside /v2/ however the walk went, unless the operator named the
    // storage with --insecure-blob-host; then any clean path, on that host and port only.
    let insecure = Url::parse("http://127.0.0.1:5003/v2/a/blobs/sha256:00").unwrap();
    let storage = "http://127.0.0.1:5004/docker/registry/v2/blobs/sha256/00/data";
    let error = p.check_redirect(&insecure, storage).unwrap_err();
    assert_eq!(error.kind(), RelayErrorKind::RefusedTarget);
    assert!(error.message().contains("--insecure-blob-host"), "{error}");
    let p = p.with_blob_hosts(InsecureHosts::new(["127.0.0.1:5004"
        .parse()
        .expect("entry")]));
    let (url, dest) = p.check_redirect(&insecure, storage).unwrap();
    assert_eq!(url.port(), Some(5004));
    assert!(dest.insecure);
    assert!(p.is_blob_host(&url));
    assert!(
        p.check_redirect(&insecure, "http://127.0.0.1:5006/docker/x")
            .is_err(),
        "another port of the same host is no blob host"
    );
    for location in [
        "http://127.0.0.1:5004/a/..;/admin",
        "http://127.0.0.1:5004/a%2fb",
    ] {
        assert_eq!(
            p.check_redirect(&insecure, location).unwrap_err().kind(),
            RelayErrorKind::RefusedTarget,
            "{location}"
        );
    }
}

#[test]
fn a_blob_host_alone_is_reached_on_private_addresses_by_redirect_only() {
    let p = policy(&["127.0.0.1:5003"], &[]).with_blob_hosts(InsecureHosts::new(["10.0.0.9:9000"
        .parse()
        .expect("entry")]));
    let base = Url::parse("http://127.0.0.1:5003/v2/a/blobs/sha256:00").unwrap();
    let (_, dest) = p
        .check_redirect(&base, "http://10.0.0.9:9000/bucket/data?X-Amz-Signature=1")
        .unwrap();
    assert!(dest.insecure);
    // Never a target of its own, even at a registry path.
    assert_eq!(
        kind(&p, "http://10.0.0.9:9000/v2/a/blobs/sha256:00"),
        Err(RelayErrorKind::RefusedTarget)
    );
}
