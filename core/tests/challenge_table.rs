//! Table-driven tests of `regscope_core::challenge` (`WWW-Authenticate`).
//!
//! Sources of the rows:
//!
//! * `DD` = distribution/distribution
//!   `registry/client/auth/challenge/authchallenge_test.go`
//!   (`TestAuthChallengeParse`, `TestAuthChallengeNormalization`,
//!   `TestFilteringManager`);
//! * `RFC 7235 §4.1` / `RFC 9110 §11.6.1`: the `Newauth … Basic` example;
//! * `RFC 7617 §2, §2.1`: Basic examples; `RFC 6750 §3`: Bearer examples;
//!   `RFC 7616 §3.9.1`: Digest example (folded lines joined with spaces);
//!   `RFC 4559 §5`: Negotiate with a token68;
//! * `distribution token spec` = distribution `docs/spec/auth/token.md`
//!   (the `samalba/my-app:pull,push` example);
//! * registry rows: the challenge shapes Docker Hub, GHCR, Quay, Harbor,
//!   ECR, ACR and GCR send (account and host names are placeholders);
//! * `own` = edge cases written for this crate.

use regscope_core::challenge::{self, Challenge, ChallengeError};

/// One expected challenge: scheme, token68, parameters in order.
type Want = (
    &'static str,
    Option<&'static str>,
    Vec<(&'static str, &'static str)>,
);

/// A challenge as owned strings, for comparison.
type Owned = (String, Option<String>, Vec<(String, String)>);

fn c(scheme: &'static str, params: Vec<(&'static str, &'static str)>) -> Want {
    (scheme, None, params)
}

fn t68(scheme: &'static str, token68: &'static str) -> Want {
    (scheme, Some(token68), Vec::new())
}

fn unexpected(position: usize, found: char, expected: &'static str) -> ChallengeError {
    ChallengeError::Unexpected {
        position,
        found,
        expected,
    }
}

fn table() -> Vec<(&'static str, Result<Vec<Want>, ChallengeError>)> {
    let hub = "https://auth.docker.io/token";
    vec![
        // --- DD TestAuthChallengeParse ---
        (
            r#"Bearer realm="https://auth.example.com/token",service="registry.example.com",other=fun,slashed="he\"\l\lo""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://auth.example.com/token"),
                    ("service", "registry.example.com"),
                    ("other", "fun"),
                    ("slashed", "he\"llo"),
                ],
            )]),
        ),
        // --- DD TestAuthChallengeNormalization (the three hosts) ---
        (
            r#"Bearer realm="https://reg.EXAMPLE.com/token",service="registry.example.com""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://reg.EXAMPLE.com/token"),
                    ("service", "registry.example.com"),
                ],
            )]),
        ),
        (
            // Non-ASCII inside a quoted string is tolerated (obs-text).
            r#"Bearer realm="https://bɿɒʜɔiɿ-ɿɘƚƨim-ƚol-ɒ-ƨʞnɒʜƚ.com/token",service="registry.example.com""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://bɿɒʜɔiɿ-ɿɘƚƨim-ƚol-ɒ-ƨʞnɒʜƚ.com/token"),
                    ("service", "registry.example.com"),
                ],
            )]),
        ),
        (
            r#"Bearer realm="https://reg.example.com:80/token",service="registry.example.com""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://reg.example.com:80/token"),
                    ("service", "registry.example.com"),
                ],
            )]),
        ),
        // --- RFC 7235 §4.1 / RFC 9110 §11.6.1 ---
        (
            r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#,
            Ok(vec![
                c(
                    "Newauth",
                    vec![
                        ("realm", "apps"),
                        ("type", "1"),
                        ("title", "Login to \"apps\""),
                    ],
                ),
                c("Basic", vec![("realm", "simple")]),
            ]),
        ),
        // --- RFC 7617 ---
        (
            r#"Basic realm="WallyWorld""#,
            Ok(vec![c("Basic", vec![("realm", "WallyWorld")])]),
        ),
        (
            r#"Basic realm="foo", charset="UTF-8""#,
            Ok(vec![c(
                "Basic",
                vec![("realm", "foo"), ("charset", "UTF-8")],
            )]),
        ),
        // --- RFC 6750 §3 ---
        (
            r#"Bearer realm="example""#,
            Ok(vec![c("Bearer", vec![("realm", "example")])]),
        ),
        (
            r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "example"),
                    ("error", "invalid_token"),
                    ("error_description", "The access token expired"),
                ],
            )]),
        ),
        // --- RFC 7616 §3.9.1 (two challenges in one field) ---
        (
            r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
            Ok(vec![
                c(
                    "Digest",
                    vec![
                        ("realm", "http-auth@example.org"),
                        ("qop", "auth, auth-int"),
                        ("algorithm", "SHA-256"),
                        ("nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"),
                        ("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"),
                    ],
                ),
                c(
                    "Digest",
                    vec![
                        ("realm", "http-auth@example.org"),
                        ("qop", "auth, auth-int"),
                        ("algorithm", "MD5"),
                        ("nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"),
                        ("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"),
                    ],
                ),
            ]),
        ),
        // --- RFC 4559 §5 ---
        (
            "Negotiate a87421000492aa874209af8bc028",
            Ok(vec![t68("Negotiate", "a87421000492aa874209af8bc028")]),
        ),
        ("Negotiate", Ok(vec![c("Negotiate", vec![])])),
        // --- distribution token spec ---
        (
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", hub),
                    ("service", "registry.docker.io"),
                    ("scope", "repository:samalba/my-app:pull,push"),
                ],
            )]),
        ),
        // --- registries ---
        (
            // Docker Hub, /v2/ ping
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#,
            Ok(vec![c(
                "Bearer",
                vec![("realm", hub), ("service", "registry.docker.io")],
            )]),
        ),
        (
            // Docker Hub, manifest request
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", hub),
                    ("service", "registry.docker.io"),
                    ("scope", "repository:library/alpine:pull"),
                ],
            )]),
        ),
        (
            // Docker Hub, token without the needed scope
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull",error="insufficient_scope""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", hub),
                    ("service", "registry.docker.io"),
                    ("scope", "repository:library/alpine:pull"),
                    ("error", "insufficient_scope"),
                ],
            )]),
        ),
        (
            // GHCR
            r#"Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:owner/image:pull""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://ghcr.io/token"),
                    ("service", "ghcr.io"),
                    ("scope", "repository:owner/image:pull"),
                ],
            )]),
        ),
        (
            // Quay
            r#"Bearer realm="https://quay.io/v2/auth",service="quay.io""#,
            Ok(vec![c(
                "Bearer",
                vec![("realm", "https://quay.io/v2/auth"), ("service", "quay.io")],
            )]),
        ),
        (
            // Harbor
            r#"Bearer realm="https://harbor.example.com/service/token",service="harbor-registry""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://harbor.example.com/service/token"),
                    ("service", "harbor-registry"),
                ],
            )]),
        ),
        (
            // ECR
            r#"Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com""#,
            Ok(vec![c(
                "Basic",
                vec![
                    (
                        "realm",
                        "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",
                    ),
                    ("service", "ecr.amazonaws.com"),
                ],
            )]),
        ),
        (
            // ACR
            r#"Bearer realm="https://example.azurecr.io/oauth2/token",service="example.azurecr.io""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://example.azurecr.io/oauth2/token"),
                    ("service", "example.azurecr.io"),
                ],
            )]),
        ),
        (
            // GCR
            r#"Bearer realm="https://gcr.io/v2/token",service="gcr.io",scope="repository:project/image:pull""#,
            Ok(vec![c(
                "Bearer",
                vec![
                    ("realm", "https://gcr.io/v2/token"),
                    ("service", "gcr.io"),
                    ("scope", "repository:project/image:pull"),
                ],
            )]),
        ),
        (
            // distribution with htpasswd
            r#"Basic realm="Registry Realm""#,
            Ok(vec![c("Basic", vec![("realm", "Registry Realm")])]),
        ),
        // --- own: lists, white space, case ---
        (
            r#"Basic realm="a", Bearer realm="b",error="invalid_token""#,
            Ok(vec![
                c("Basic", vec![("realm", "a")]),
                c("Bearer", vec![("realm", "b"), ("error", "invalid_token")]),
            ]),
        ),
        ("Basic", Ok(vec![c("Basic", vec![])])),
        (
            "basic realm=foo",
            Ok(vec![c("basic", vec![("realm", "foo")])]),
        ),
        (
            r#"BEARER REALM="x""#,
            Ok(vec![c("BEARER", vec![("REALM", "x")])]),
        ),
        (
            r#"Bearer realm = "x" , service= y ,scope =z"#,
            Ok(vec![c(
                "Bearer",
                vec![("realm", "x"), ("service", "y"), ("scope", "z")],
            )]),
        ),
        (
            r#"Bearer realm="a",,, service="b""#,
            Ok(vec![c("Bearer", vec![("realm", "a"), ("service", "b")])]),
        ),
        (
            r#" , ,Basic realm="a" , "#,
            Ok(vec![c("Basic", vec![("realm", "a")])]),
        ),
        (
            r#"Basic realm="a" , , Bearer"#,
            Ok(vec![c("Basic", vec![("realm", "a")]), c("Bearer", vec![])]),
        ),
        (
            "Basic, Bearer",
            Ok(vec![c("Basic", vec![]), c("Bearer", vec![])]),
        ),
        (
            "Bearer\trealm=\"x\"",
            Ok(vec![c("Bearer", vec![("realm", "x")])]),
        ),
        (
            "Bearer realm=\"tab\there\"",
            Ok(vec![c("Bearer", vec![("realm", "tab\there")])]),
        ),
        (
            r#"Bearer realm="a\"b\\c""#,
            Ok(vec![c("Bearer", vec![("realm", "a\"b\\c")])]),
        ),
        (
            r#"Bearer realm="""#,
            Ok(vec![c("Bearer", vec![("realm", "")])]),
        ),
        (
            r#"Bearer realm="café""#,
            Ok(vec![c("Bearer", vec![("realm", "café")])]),
        ),
        // Duplicates: the first value is kept (names compared
        // case-insensitively).
        (
            r#"Bearer realm="x", realm="y""#,
            Ok(vec![c("Bearer", vec![("realm", "x")])]),
        ),
        (
            r#"Bearer realm="x", REALM="y", service="s""#,
            Ok(vec![c("Bearer", vec![("realm", "x"), ("service", "s")])]),
        ),
        // --- own: token68 ---
        ("Negotiate abc==", Ok(vec![t68("Negotiate", "abc==")])),
        ("Negotiate abc=", Ok(vec![t68("Negotiate", "abc=")])),
        (
            "Negotiate a/b+c~d.e_f-g",
            Ok(vec![t68("Negotiate", "a/b+c~d.e_f-g")]),
        ),
        (
            r#"Negotiate abc== , Basic realm="x""#,
            Ok(vec![
                t68("Negotiate", "abc=="),
                c("Basic", vec![("realm", "x")]),
            ]),
        ),
        // The grammar reads `realm=` with nothing after it as a token68.
        ("Bearer realm=", Ok(vec![t68("Bearer", "realm=")])),
        // --- own: errors ---
        ("", Err(ChallengeError::Empty)),
        ("   ", Err(ChallengeError::Empty)),
        (", ,", Err(ChallengeError::Empty)),
        (
            r#"Bearer realm="unterminated"#,
            Err(ChallengeError::UnterminatedQuote { position: 14 }),
        ),
        (
            r#"Bearer realm="a\"#,
            Err(ChallengeError::UnterminatedQuote { position: 14 }),
        ),
        (
            r#"Bearer realm="x", service="#,
            Err(ChallengeError::MissingValue {
                position: 27,
                name: "service".into(),
            }),
        ),
        (
            r#"Bearer realm="x", service=, scope="y""#,
            Err(ChallengeError::MissingValue {
                position: 27,
                name: "service".into(),
            }),
        ),
        (
            r#"Bearer realm="x" service="y""#,
            Err(unexpected(18, 's', "',' after a parameter")),
        ),
        (
            "Basic=foo",
            Err(unexpected(6, '=', "a space after the auth-scheme")),
        ),
        (
            r#"realm="x""#,
            Err(unexpected(6, '=', "a space after the auth-scheme")),
        ),
        (
            r#"Bearér realm="x""#,
            Err(ChallengeError::NonAscii {
                position: 5,
                found: 'é',
            }),
        ),
        (
            r#"Bearer realm="x", service=é"#,
            Err(ChallengeError::NonAscii {
                position: 27,
                found: 'é',
            }),
        ),
        (
            "Bearer realm=\"a\u{1}b\"",
            Err(ChallengeError::InvalidQuotedCharacter {
                position: 16,
                found: '\u{1}',
            }),
        ),
        (
            "Bearer realm=\"a\\\u{7f}\"",
            Err(ChallengeError::InvalidQuotedCharacter {
                position: 17,
                found: '\u{7f}',
            }),
        ),
        (
            "Bearer realm=https://auth/",
            Err(unexpected(19, ':', "',' after a parameter")),
        ),
        (r#""Bearer""#, Err(unexpected(1, '"', "an auth-scheme"))),
        (
            "Negotiate abc==def",
            Err(unexpected(15, '=', "a token or a quoted string")),
        ),
        (
            r#"Bearer realm="x",,="#,
            Err(unexpected(19, '=', "an auth-scheme")),
        ),
        (r#"Bearer "x""#, Err(unexpected(8, '"', "a parameter name"))),
        (
            r#"Bearer realm="x", =y"#,
            Err(unexpected(19, '=', "an auth-scheme")),
        ),
        (
            "Bearer realm=\"x\"\r\n",
            Err(unexpected(17, '\r', "',' after a parameter")),
        ),
    ]
}

fn actual(challenges: &[Challenge]) -> Vec<Owned> {
    challenges
        .iter()
        .map(|ch| {
            (
                ch.scheme().to_owned(),
                ch.token68().map(str::to_owned),
                ch.params()
                    .map(|(n, v)| (n.to_owned(), v.to_owned()))
                    .collect(),
            )
        })
        .collect()
}

fn owned(want: &[Want]) -> Vec<Owned> {
    want.iter()
        .map(|(s, t, p)| {
            (
                (*s).to_owned(),
                t.map(str::to_owned),
                p.iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn challenge_table() {
    let rows = table();
    let mut failures = Vec::new();
    for (input, want) in &rows {
        let got = challenge::parse(input);
        let same = match (want, &got) {
            (Ok(w), Ok(g)) => owned(w) == actual(g),
            (Err(w), Err(g)) => w == g && !g.to_string().is_empty(),
            _ => false,
        };
        if !same {
            let shown = got.as_ref().map(|g| actual(g));
            failures.push(format!("{input:?}: got {shown:?}, want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn accessors() {
    let header = r#"bearer Realm="https://auth.docker.io/token",SERVICE="registry.docker.io",Scope="repository:library/alpine:pull",Error="insufficient_scope",error_DESCRIPTION="need \"pull\"""#;
    let challenges = challenge::parse(header).expect("valid");
    let ch = &challenges[0];
    assert!(ch.is_bearer());
    assert!(!ch.is_basic());
    assert_eq!(ch.scheme(), "bearer");
    assert_eq!(ch.realm(), Some("https://auth.docker.io/token"));
    assert_eq!(ch.service(), Some("registry.docker.io"));
    assert_eq!(ch.scope(), Some("repository:library/alpine:pull"));
    assert_eq!(ch.error(), Some("insufficient_scope"));
    assert_eq!(ch.error_description(), Some("need \"pull\""));
    assert_eq!(ch.param("REALM"), ch.realm());
    assert_eq!(ch.param("missing"), None);
    assert_eq!(ch.token68(), None);

    let basic = &challenge::parse("BASIC realm=x").expect("valid")[0];
    assert!(basic.is_basic());
    assert!(!basic.is_bearer());
    assert_eq!(basic.service(), None);

    let negotiate = &challenge::parse("Negotiate abc==").expect("valid")[0];
    assert_eq!(negotiate.token68(), Some("abc=="));
    assert_eq!(negotiate.params().count(), 0);
    assert_eq!(negotiate.realm(), None);
}

/// DD TestFilteringManager sends two header fields; plus own rows.
#[test]
fn parse_all_fields() {
    let fields = [
        r#"Bearer realm="https://auth.example.com/token",service="keep.example.com""#,
        r#"Bearer realm="https://evil.example.net/token",service="drop.example.net""#,
    ];
    let all = challenge::parse_all(fields).expect("valid");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].service(), Some("keep.example.com"));
    assert_eq!(all[1].service(), Some("drop.example.net"));

    let all = challenge::parse_all(["", r#"Basic realm="r""#, " , "]).expect("valid");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].realm(), Some("r"));

    assert_eq!(
        challenge::parse_all(Vec::<&str>::new()),
        Err(ChallengeError::Empty)
    );
    assert_eq!(challenge::parse_all(["", " "]), Err(ChallengeError::Empty));
    // Positions are within the field holding the error.
    assert_eq!(
        challenge::parse_all([r#"Basic realm="r""#, r#"Bearer realm="x"#]),
        Err(ChallengeError::UnterminatedQuote { position: 14 })
    );
}

#[test]
fn error_messages() {
    let cases = [
        ("", "the WWW-Authenticate header holds no challenge"),
        (
            r#"Bearer realm="x"#,
            "the quoted string opened at position 14 of the WWW-Authenticate header is not closed",
        ),
        (
            "Basic=foo",
            "unexpected '=' at position 6 of the WWW-Authenticate header, expected a space after the auth-scheme",
        ),
    ];
    for (input, message) in cases {
        match challenge::parse(input) {
            Err(e) => assert_eq!(e.to_string(), message),
            Ok(c) => panic!("{input:?} parsed as {c:?}"),
        }
    }
    let boxed: Box<dyn std::error::Error> = Box::new(ChallengeError::Empty);
    assert!(boxed.source().is_none());
}
