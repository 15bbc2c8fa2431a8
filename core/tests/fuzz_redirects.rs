//! Property tests of what a redirect walk reads from servers: a `Location` resolved against
//! the URL that answered, and the relay's `x-regscope-hops` value, never panic, and what they
//! give back is well formed and reads back the same.

use proptest::prelude::*;
use regscope_core::contract::{Hop, format_hops, parse_hops};
use regscope_core::redirect::resolve;

/// Cases per property.
const CASES: u32 = 3000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        max_shrink_iters: 2000,
        // No regression files are written next to the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Fragments that come close to real `Location` values.
fn location_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("/".to_owned()),
        Just("//".to_owned()),
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("?".to_owned()),
        Just("#".to_owned()),
        Just(":".to_owned()),
        Just("@".to_owned()),
        Just("%2e".to_owned()),
        Just("http:".to_owned()),
        Just("https://".to_owned()),
        Just("HTTPS://".to_owned()),
        Just("ftp://".to_owned()),
        Just("cdn.example".to_owned()),
        Just("127.0.0.1:5004".to_owned()),
        Just("[::1]".to_owned()),
        Just("v2".to_owned()),
        Just("blobs".to_owned()),
        Just("sha256:00".to_owned()),
        Just("=".to_owned()),
        Just("&".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("é".to_owned()),
        Just("\u{1}".to_owned()),
        "[a-zA-Z0-9._~-]{1,6}",
    ]
}

fn base() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://registry.k8s.io/v2/pause/manifests/3.9".to_owned()),
        Just("http://127.0.0.1:5003/v2/library/alpine/blobs/sha256:00".to_owned()),
        Just("https://quay.io/v2/a/tags/list?n=1&last=b".to_owned()),
        Just("https://r.example".to_owned()),
        Just("http://h/a/b/c/".to_owned()),
    ]
}

/// A resolved URL is absolute http(s), visible ASCII, without fragment, and resolving it
/// again (whole, or as an empty reference) changes nothing.
fn check_resolved(base: &str, location: &str) {
    let Some(url) = resolve(base, location) else {
        return;
    };
    assert!(
        url.starts_with("http://") || url.starts_with("https://"),
        "{url:?}"
    );
    assert!(url.bytes().all(|b| b.is_ascii_graphic()), "{url:?}");
    assert!(!url.contains('#'), "{url:?}");
    assert_eq!(resolve(&url, "").as_deref(), Some(url.as_str()), "{url:?}");
    assert_eq!(
        resolve(base, &url).as_deref(),
        Some(url.as_str()),
        "{url:?}"
    );
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn locations_any_string(base in base(), location in "\\PC{0,80}") {
        check_resolved(&base, &location);
    }

    #[test]
    fn locations_near_valid(
        base in base(),
        parts in proptest::collection::vec(location_fragment(), 0..12),
    ) {
        check_resolved(&base, &parts.concat());
    }

    #[test]
    fn any_base_and_location(base in "\\PC{0,60}", location in "\\PC{0,60}") {
        let _ = resolve(&base, &location);
    }

    #[test]
    fn hops_any_string(value in "\\PC{0,200}") {
        let hops = parse_hops(&value);
        prop_assert!(hops.len() <= 16);
        for hop in &hops {
            prop_assert!(matches!(hop.status, 301 | 302 | 303 | 307 | 308));
            prop_assert!(!hop.url.contains(char::is_whitespace));
        }
    }

    #[test]
    fn hops_read_back(
        entries in proptest::collection::vec(
            (
                prop_oneof![Just(301u16), Just(302), Just(303), Just(307), Just(308)],
                proptest::collection::vec(location_fragment(), 0..8),
            ),
            0..6,
        ),
    ) {
        let hops: Vec<Hop> = entries
            .iter()
            .filter_map(|(status, parts)| {
                let url = resolve("https://r.example/v2/a/manifests/1", &parts.concat())?;
                Some(Hop { status: *status, url })
            })
            .collect();
        let written = format_hops(&hops);
        let read: Vec<(u16, String)> = parse_hops(&written)
            .into_iter()
            .map(|h| (h.status, h.url))
            .collect();
        let expected: Vec<(u16, String)> = hops
            .iter()
            .map(|h| (h.status, h.url.replace(',', "%2C")))
            .collect();
        prop_assert_eq!(read, expected);
    }
}
