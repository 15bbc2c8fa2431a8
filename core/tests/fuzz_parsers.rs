//! Property tests: the reference and challenge parsers never panic, and what
//! they accept round-trips.
//!
//! Each property runs a bounded number of cases (see `CASES`); the parsers
//! are linear in their input, so the whole file runs in a few seconds.

use proptest::prelude::*;
use regscope_core::challenge;
use regscope_core::reference::Reference;

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

/// Exercises every accessor of a parsed reference and checks round trips.
fn check_reference(input: &str) {
    match input.parse::<Reference>() {
        Ok(r) => {
            let _ = (
                r.registry(),
                r.repository(),
                r.tag(),
                r.digest(),
                r.api_host(),
                r.is_docker_hub(),
                r.manifest_target(),
                r.default_scheme(),
            );
            let full = r.to_string();
            assert_eq!(
                full.parse::<Reference>().as_ref(),
                Ok(&r),
                "Display {full:?}"
            );
            let familiar = r.familiar();
            assert_eq!(
                familiar.parse::<Reference>().as_ref(),
                Ok(&r),
                "familiar {familiar:?}"
            );
            assert!(r.repository().len() <= 255);
            let pinned = r.with_digest("sha256:00");
            assert_eq!(pinned.manifest_target(), "sha256:00");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Exercises every accessor of parsed challenges.
fn check_challenges(input: &str) {
    match challenge::parse(input) {
        Ok(list) => {
            assert!(!list.is_empty());
            for c in &list {
                assert!(!c.scheme().is_empty());
                let _ = (
                    c.is_bearer(),
                    c.is_basic(),
                    c.realm(),
                    c.service(),
                    c.scope(),
                    c.error(),
                    c.error_description(),
                    c.token68(),
                );
                for (name, value) in c.params() {
                    assert_eq!(c.param(name), Some(value));
                }
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Fragments that come close to valid references.
fn reference_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("/".to_owned()),
        Just(":".to_owned()),
        Just("@".to_owned()),
        Just(".".to_owned()),
        Just("_".to_owned()),
        Just("__".to_owned()),
        Just("-".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("::1".to_owned()),
        Just("localhost".to_owned()),
        Just("docker.io".to_owned()),
        Just("index.docker.io".to_owned()),
        Just("library".to_owned()),
        Just("sha256".to_owned()),
        Just("sha512".to_owned()),
        Just("ffffffffffffffffffffffffffffffff".to_owned()),
        Just("é".to_owned()),
        Just(" ".to_owned()),
        "[a-zA-Z0-9]{1,5}",
        "[0-9]{1,6}",
    ]
}

/// Fragments that come close to valid `WWW-Authenticate` values.
fn challenge_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Bearer".to_owned()),
        Just("Basic".to_owned()),
        Just("Negotiate".to_owned()),
        Just("realm".to_owned()),
        Just("service".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just(",".to_owned()),
        Just("=".to_owned()),
        Just("==".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\\\"".to_owned()),
        Just("/".to_owned()),
        Just(":".to_owned()),
        Just("é".to_owned()),
        Just("\u{1}".to_owned()),
        Just("\"https://auth.docker.io/token\"".to_owned()),
        "[a-zA-Z0-9+~._-]{1,6}",
    ]
}

/// A valid path component: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
const COMPONENT: &str = "[a-z0-9]{1,4}((\\.|_|__|-{1,3})[a-z0-9]{1,4}){0,2}";

/// A parameter value and its quoted-string form.
fn quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn reference_any_string(s in "\\PC{0,80}") {
        check_reference(&s);
    }

    #[test]
    fn reference_any_bytes_as_text(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        check_reference(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn reference_near_valid(parts in proptest::collection::vec(reference_fragment(), 0..14)) {
        check_reference(&parts.concat());
    }

    #[test]
    fn reference_valid_always_parses(
        registry in proptest::option::of("[a-z][a-z0-9-]{0,5}[a-z0-9]\\.[a-z]{2,3}(:[0-9]{1,5})?"),
        mut components in proptest::collection::vec(COMPONENT, 1..5),
        tag in proptest::option::of("[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}"),
        digest in proptest::option::of("[0-9a-f]{64}"),
    ) {
        // Without a registry, a first component holding a '.' would be
        // read as a host: put a plain namespace in front of it.
        if registry.is_none() && components.len() > 1 && components[0].contains('.') {
            components.insert(0, "ns".to_owned());
        }
        let path = components.join("/");
        let mut input = match &registry {
            Some(r) => format!("{r}/{path}"),
            None => path.clone(),
        };
        if let Some(t) = &tag {
            input.push(':');
            input.push_str(t);
        }
        if let Some(d) = &digest {
            input.push_str("@sha256:");
            input.push_str(d);
        }
        let r = input.parse::<Reference>();
        prop_assert!(r.is_ok(), "{:?}: {:?}", input, r);
        if let Ok(r) = r {
            let registry = registry.as_deref().unwrap_or("docker.io");
            prop_assert_eq!(r.registry(), registry);
            let repository = if registry == "docker.io" && components.len() == 1 {
                format!("library/{path}")
            } else {
                path
            };
            prop_assert_eq!(r.repository(), repository.as_str());
            prop_assert_eq!(r.tag(), tag.as_deref());
            let digest = digest.map(|d| format!("sha256:{d}"));
            prop_assert_eq!(r.digest(), digest.as_deref());
        }
        check_reference(&input);
    }

    #[test]
    fn challenge_any_string(s in "\\PC{0,120}") {
        check_challenges(&s);
    }

    #[test]
    fn challenge_any_bytes_as_text(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        check_challenges(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn challenge_near_valid(parts in proptest::collection::vec(challenge_fragment(), 0..16)) {
        check_challenges(&parts.concat());
        let _ = challenge::parse_all(parts.iter().map(String::as_str));
    }

    #[test]
    fn challenge_valid_round_trips(
        challenges in proptest::collection::vec(
            (
                "[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,8}",
                proptest::collection::vec(
                    ("[A-Za-z_][A-Za-z0-9_-]{0,7}", "[ -~\t]{0,12}|[a-zé \\\\\"]{0,6}", any::<bool>()),
                    0..5,
                ),
                "[ \t]{0,2}",
                "[ ,]{0,3}",
            ),
            1..4,
        ),
    ) {
        let mut header = String::new();
        let mut expected = Vec::new();
        for (i, (scheme, params, ows, extra)) in challenges.iter().enumerate() {
            if i > 0 {
                header.push(',');
                header.push_str(extra);
            }
            header.push_str(scheme);
            let mut kept: Vec<(String, String)> = Vec::new();
            for (j, (name, value, as_token)) in params.iter().enumerate() {
                header.push_str(if j == 0 { " " } else { "," });
                header.push_str(ows);
                header.push_str(name);
                header.push_str(ows);
                header.push('=');
                header.push_str(ows);
                let is_token = !value.is_empty()
                    && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if *as_token && is_token {
                    header.push_str(value);
                } else {
                    header.push_str(&quoted(value));
                }
                if !kept.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    kept.push((name.clone(), value.clone()));
                }
            }
            expected.push((scheme.clone(), kept));
        }
        let parsed = challenge::parse(&header);
        prop_assert!(parsed.is_ok(), "{:?}: {:?}", header, parsed);
        if let Ok(parsed) = parsed {
            let got: Vec<(String, Vec<(String, String)>)> = parsed
                .iter()
                .map(|c| {
                    (
                        c.scheme().to_owned(),
                        c.params().map(|(n, v)| (n.to_owned(), v.to_owned())).collect(),
                    )
                })
                .collect();
            prop_assert_eq!(got, expected, "header {:?}", header);
        }
    }
}
