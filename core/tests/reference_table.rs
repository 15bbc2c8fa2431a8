//! Table-driven tests of `regscope_core::reference` (image references with
//! Docker's `ParseNormalizedNamed` semantics).
//!
//! Sources of the rows (inputs and the accept/reject verdicts; the expected
//! values are what `ParseNormalizedNamed` produces for them):
//!
//! * `DR/normalize_test.go` = distribution/reference `normalize_test.go`
//!   (`TestValidateReferenceName`, `TestValidateRemoteName`,
//!   `TestParseRepositoryInfo`, `TestParseReferenceWithTagAndDigest`,
//!   `TestParseAnyReference`, `TestNormalizedSplitHostname`);
//! * `DR/reference_test.go` = distribution/reference `reference_test.go`
//!   (`TestReferenceParse`). Those rows test `Parse`, not
//!   `ParseNormalizedNamed`; the expectations here are the normalized ones
//!   (for example `test_com` becomes `docker.io/library/test_com`);
//! * `own` = written for this crate (error variants, positions, digests,
//!   schemes, real-world names).

use regscope_core::reference::{Reference, ReferenceError};

const H64: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const DBCC: &str = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

/// What a row expects.
enum Expect {
    /// Parsed: registry, repository, tag, digest.
    Ok(
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    ),
    /// Rejected with exactly this error.
    Err(ReferenceError),
}

use Expect::{Err as E, Ok as O};

fn row(input: impl Into<String>, expect: Expect) -> (String, Expect) {
    (input.into(), expect)
}

fn uppercase(name: &str) -> Expect {
    E(ReferenceError::Uppercase {
        name: name.to_owned(),
    })
}

fn invalid_char(character: char, position: usize) -> Expect {
    E(ReferenceError::InvalidCharacter {
        character,
        position,
    })
}

fn leading(component: &str) -> Expect {
    E(ReferenceError::LeadingSeparator {
        component: component.to_owned(),
    })
}

fn consecutive(component: &str, separator: &str) -> Expect {
    E(ReferenceError::ConsecutiveSeparators {
        component: component.to_owned(),
        separator: separator.to_owned(),
    })
}

fn ipv6(registry: &str) -> Expect {
    E(ReferenceError::InvalidIpv6 {
        registry: registry.to_owned(),
    })
}

fn table() -> Vec<(String, Expect)> {
    let sha = |h: &str| format!("sha256:{h}");
    let long_ns = "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker";
    // Leaked so that rows can borrow computed strings as &'static str.
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let d_h64 = leak(sha(H64));
    let d_dbcc = leak(sha(DBCC));
    let d_512 = leak(format!("sha512:{}", "f".repeat(128)));
    let d_384 = leak(format!("sha384:{}", "a".repeat(96)));
    let d_busybox = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    let path_255 = leak(format!("{}a", "a/".repeat(127)));
    let lib_247 = leak(format!("library/{}", "a".repeat(247)));
    let tag_128 = leak("t".repeat(128));

    vec![
        // --- DR/normalize_test.go TestValidateReferenceName: valid ---
        row("docker/docker", O("docker.io", "docker/docker", None, None)),
        row(
            "library/debian",
            O("docker.io", "library/debian", None, None),
        ),
        row("debian", O("docker.io", "library/debian", None, None)),
        row(
            "docker.io/docker/docker",
            O("docker.io", "docker/docker", None, None),
        ),
        row(
            "docker.io/library/debian",
            O("docker.io", "library/debian", None, None),
        ),
        row(
            "docker.io/debian",
            O("docker.io", "library/debian", None, None),
        ),
        row(
            "index.docker.io/docker/docker",
            O("docker.io", "docker/docker", None, None),
        ),
        row(
            "index.docker.io/library/debian",
            O("docker.io", "library/debian", None, None),
        ),
        row(
            "index.docker.io/debian",
            O("docker.io", "library/debian", None, None),
        ),
        row(
            "127.0.0.1:5000/docker/docker",
            O("127.0.0.1:5000", "docker/docker", None, None),
        ),
        row(
            "127.0.0.1:5000/library/debian",
            O("127.0.0.1:5000", "library/debian", None, None),
        ),
        row(
            "127.0.0.1:5000/debian",
            O("127.0.0.1:5000", "debian", None, None),
        ),
        row(
            "192.168.0.1",
            O("docker.io", "library/192.168.0.1", None, None),
        ),
        row(
            "192.168.0.1:80",
            O("docker.io", "library/192.168.0.1", Some("80"), None),
        ),
        row(
            "192.168.0.1:8/debian",
            O("192.168.0.1:8", "debian", None, None),
        ),
        row(
            "192.168.0.2:25000/debian",
            O("192.168.0.2:25000", "debian", None, None),
        ),
        row(
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            O(
                "docker.io",
                "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
                None,
                None,
            ),
        ),
        row(
            "[fc00::1]:5000/docker",
            O("[fc00::1]:5000", "docker", None, None),
        ),
        row(
            "[fc00::1]:5000/docker/docker",
            O("[fc00::1]:5000", "docker/docker", None, None),
        ),
        row(
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            O("[fc00:1:2:3:4:5:6:7]:5000", "library/debian", None, None),
        ),
        row(
            "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            O(
                "docker.io",
                "library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
                None,
                None,
            ),
        ),
        row("Docker/docker", O("Docker", "docker", None, None)),
        row("DOCKER/docker", O("DOCKER", "docker", None, None)),
        // --- DR/normalize_test.go TestValidateReferenceName: invalid ---
        row(
            "https://github.com/docker/docker",
            E(ReferenceError::InvalidPort {
                registry: "https:".into(),
            }),
        ),
        row("docker/Docker", uppercase("docker/Docker")),
        row("-docker", leading("-docker")),
        row("-docker/docker", leading("-docker")),
        row(
            "-docker.io/docker/docker",
            E(ReferenceError::InvalidHost {
                host: "-docker.io".into(),
            }),
        ),
        row(
            "docker///docker",
            E(ReferenceError::EmptyComponent { position: 8 }),
        ),
        row("docker.io/docker/Docker", uppercase("docker/Docker")),
        row(
            "docker.io/docker///docker",
            E(ReferenceError::EmptyComponent { position: 18 }),
        ),
        row("[fc00::1]", invalid_char('[', 1)),
        row("[fc00::1]:5000", invalid_char('[', 1)),
        row(
            "fc00::1:5000/debian",
            E(ReferenceError::InvalidPort {
                registry: "fc00::1:5000".into(),
            }),
        ),
        row("[fe80::1%eth0]:5000/debian", ipv6("[fe80::1%eth0]:5000")),
        row(
            "[2001:db8:3:4::192.0.2.33]:5000/debian",
            ipv6("[2001:db8:3:4::192.0.2.33]:5000"),
        ),
        row(
            "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            E(ReferenceError::HexIdentifier),
        ),
        // --- DR/normalize_test.go TestValidateRemoteName ---
        row(
            "docker-rules/docker",
            O("docker.io", "docker-rules/docker", None, None),
        ),
        row(
            "docker---rules/docker",
            O("docker.io", "docker---rules/docker", None, None),
        ),
        row("doc/docker", O("docker.io", "doc/docker", None, None)),
        row("d/docker", O("docker.io", "d/docker", None, None)),
        row("jess/t", O("docker.io", "jess/t", None, None)),
        row(
            "dock__er/docker",
            O("docker.io", "dock__er/docker", None, None),
        ),
        row(
            "docker-/docker",
            E(ReferenceError::TrailingSeparator {
                component: "docker-".into(),
            }),
        ),
        row("-docker-/docker", leading("-docker-")),
        row("____/____", leading("____")),
        row("_docker/_docker", leading("_docker")),
        // The first component holds a '.', so it is read as a registry host.
        row(
            "dock..er/docker",
            E(ReferenceError::InvalidHost {
                host: "dock..er".into(),
            }),
        ),
        row("dock_.er/docker", invalid_char('_', 5)),
        row(
            "dock-.er/docker",
            E(ReferenceError::InvalidHost {
                host: "dock-.er".into(),
            }),
        ),
        // The same separators after a namespace are path errors.
        row("ns/dock..er/docker", consecutive("dock..er", "..")),
        row("ns/dock_.er/docker", consecutive("dock_.er", "_.")),
        row("ns/dock-.er/docker", consecutive("dock-.er", "-.")),
        row("docker/", E(ReferenceError::EmptyComponent { position: 8 })),
        row(
            long_ns,
            E(ReferenceError::NameTooLong {
                length: long_ns.len(),
            }),
        ),
        // --- DR/normalize_test.go TestParseRepositoryInfo (all spellings) ---
        row("fooo/bar", O("docker.io", "fooo/bar", None, None)),
        row("docker.io/fooo/bar", O("docker.io", "fooo/bar", None, None)),
        row(
            "index.docker.io/fooo/bar",
            O("docker.io", "fooo/bar", None, None),
        ),
        row("ubuntu", O("docker.io", "library/ubuntu", None, None)),
        row(
            "docker.io/library/ubuntu",
            O("docker.io", "library/ubuntu", None, None),
        ),
        row(
            "library/ubuntu",
            O("docker.io", "library/ubuntu", None, None),
        ),
        row(
            "nonlibrary/ubuntu",
            O("docker.io", "nonlibrary/ubuntu", None, None),
        ),
        row("other/library", O("docker.io", "other/library", None, None)),
        row(
            "127.0.0.1:8000/private/moonbase",
            O("127.0.0.1:8000", "private/moonbase", None, None),
        ),
        row(
            "127.0.0.1:8000/privatebase",
            O("127.0.0.1:8000", "privatebase", None, None),
        ),
        row(
            "example.com/private/moonbase",
            O("example.com", "private/moonbase", None, None),
        ),
        row(
            "example.com/privatebase",
            O("example.com", "privatebase", None, None),
        ),
        row(
            "example.com:8000/private/moonbase",
            O("example.com:8000", "private/moonbase", None, None),
        ),
        row(
            "example.com:8000/privatebasee",
            O("example.com:8000", "privatebasee", None, None),
        ),
        row(
            "ubuntu-12.04-base",
            O("docker.io", "library/ubuntu-12.04-base", None, None),
        ),
        row(
            "index.docker.io/library/ubuntu-12.04-base",
            O("docker.io", "library/ubuntu-12.04-base", None, None),
        ),
        row("docker.io/foo", O("docker.io", "library/foo", None, None)),
        row(
            "library/foo/bar",
            O("docker.io", "library/foo/bar", None, None),
        ),
        row(
            "docker.io/library/foo/bar",
            O("docker.io", "library/foo/bar", None, None),
        ),
        row("store/foo/bar", O("docker.io", "store/foo/bar", None, None)),
        row("Foo/bar", O("Foo", "bar", None, None)),
        row("FOO/bar", O("FOO", "bar", None, None)),
        // --- DR/normalize_test.go TestParseReferenceWithTagAndDigest ---
        row(
            format!("busybox:latest@{d_busybox}"),
            O(
                "docker.io",
                "library/busybox",
                Some("latest"),
                Some(d_busybox),
            ),
        ),
        // --- DR/normalize_test.go TestParseAnyReference (name forms) ---
        row("redis", O("docker.io", "library/redis", None, None)),
        row(
            "redis:latest",
            O("docker.io", "library/redis", Some("latest"), None),
        ),
        row(
            "docker.io/library/redis:latest",
            O("docker.io", "library/redis", Some("latest"), None),
        ),
        row(
            format!("redis@{d_dbcc}"),
            O("docker.io", "library/redis", None, Some(d_dbcc)),
        ),
        row(
            format!("docker.io/library/redis@{d_dbcc}"),
            O("docker.io", "library/redis", None, Some(d_dbcc)),
        ),
        row(
            "dmcgowan/myapp",
            O("docker.io", "dmcgowan/myapp", None, None),
        ),
        row(
            "dmcgowan/myapp:latest",
            O("docker.io", "dmcgowan/myapp", Some("latest"), None),
        ),
        row(
            "docker.io/mcgowan/myapp:latest",
            O("docker.io", "mcgowan/myapp", Some("latest"), None),
        ),
        row(
            format!("dmcgowan/myapp@{d_dbcc}"),
            O("docker.io", "dmcgowan/myapp", None, Some(d_dbcc)),
        ),
        row(DBCC, E(ReferenceError::HexIdentifier)),
        // Decision (see module docs of reference.rs): a bare digest is
        // rejected although ParseNormalizedNamed reads it as library/sha256.
        row(d_dbcc, E(ReferenceError::DigestWithoutName)),
        row(
            "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
            O(
                "docker.io",
                "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
                None,
                None,
            ),
        ),
        row("dbcc1", O("docker.io", "library/dbcc1", None, None)),
        // --- DR/normalize_test.go TestNormalizedSplitHostname ---
        row("test.com/foo", O("test.com", "foo", None, None)),
        row("test_com/foo", O("docker.io", "test_com/foo", None, None)),
        row(
            "docker/migrator",
            O("docker.io", "docker/migrator", None, None),
        ),
        row("test.com:8080/foo", O("test.com:8080", "foo", None, None)),
        row("test-com:8080/foo", O("test-com:8080", "foo", None, None)),
        row("foo", O("docker.io", "library/foo", None, None)),
        row("xn--n3h.com/foo", O("xn--n3h.com", "foo", None, None)),
        row(
            "xn--n3h.com:18080/foo",
            O("xn--n3h.com:18080", "foo", None, None),
        ),
        row(
            "docker.io/library/foo",
            O("docker.io", "library/foo", None, None),
        ),
        // --- DR/reference_test.go TestReferenceParse (normalized) ---
        row("test_com", O("docker.io", "library/test_com", None, None)),
        row(
            "test.com:tag",
            O("docker.io", "library/test.com", Some("tag"), None),
        ),
        row(
            "test.com:5000",
            O("docker.io", "library/test.com", Some("5000"), None),
        ),
        row(
            "test.com/repo:tag",
            O("test.com", "repo", Some("tag"), None),
        ),
        row("test:5000/repo", O("test:5000", "repo", None, None)),
        row(
            "test:5000/repo:tag",
            O("test:5000", "repo", Some("tag"), None),
        ),
        row(
            format!("test:5000/repo@{d_h64}"),
            O("test:5000", "repo", None, Some(d_h64)),
        ),
        row(
            format!("test:5000/repo:tag@{d_h64}"),
            O("test:5000", "repo", Some("tag"), Some(d_h64)),
        ),
        row("", E(ReferenceError::Empty)),
        row(":justtag", E(ReferenceError::MissingRepository)),
        row(format!("@{d_h64}"), E(ReferenceError::MissingRepository)),
        row(
            "repo@sha256:ffffffffffffffffffffffffffffffffff",
            E(ReferenceError::InvalidDigestLength {
                digest: "sha256:ffffffffffffffffffffffffffffffffff".into(),
                algorithm: "sha256".into(),
                expected: 64,
                actual: 34,
            }),
        ),
        row(
            format!("validname@invaliddigest:{H64}"),
            E(ReferenceError::UnsupportedDigestAlgorithm {
                algorithm: "invaliddigest".into(),
            }),
        ),
        row("Uppercase:tag", uppercase("Uppercase")),
        // Upstream FIXME: "Uppercase" is taken as a registry host, so this
        // parses.
        row(
            "Uppercase/lowercase:tag",
            O("Uppercase", "lowercase", Some("tag"), None),
        ),
        row(
            "test:5000/Uppercase/lowercase:tag",
            uppercase("Uppercase/lowercase"),
        ),
        row(
            "lowercase:Uppercase",
            O("docker.io", "library/lowercase", Some("Uppercase"), None),
        ),
        row(
            format!("{}a:tag", "a/".repeat(128)),
            E(ReferenceError::NameTooLong { length: 257 }),
        ),
        row(
            format!("{path_255}:tag-puts-this-over-max"),
            O("docker.io", path_255, Some("tag-puts-this-over-max"), None),
        ),
        row("aa/asdf$$^/aa", invalid_char('$', 8)),
        row(
            "sub-dom1.foo.com/bar/baz/quux",
            O("sub-dom1.foo.com", "bar/baz/quux", None, None),
        ),
        row(
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            O(
                "sub-dom1.foo.com",
                "bar/baz/quux",
                Some("some-long-tag"),
                None,
            ),
        ),
        row(
            "b.gcr.io/test.example.com/my-app:test.example.com",
            O(
                "b.gcr.io",
                "test.example.com/my-app",
                Some("test.example.com"),
                None,
            ),
        ),
        row(
            "xn--n3h.com/myimage:xn--n3h.com",
            O("xn--n3h.com", "myimage", Some("xn--n3h.com"), None),
        ),
        row(
            format!("xn--7o8h.com/myimage:xn--7o8h.com@{d_512}"),
            O("xn--7o8h.com", "myimage", Some("xn--7o8h.com"), Some(d_512)),
        ),
        row(
            "foo_bar.com:8080",
            O("docker.io", "library/foo_bar.com", Some("8080"), None),
        ),
        row(
            "foo/foo_bar.com:8080",
            O("docker.io", "foo/foo_bar.com", Some("8080"), None),
        ),
        row(
            "192.168.1.1",
            O("docker.io", "library/192.168.1.1", None, None),
        ),
        row(
            "192.168.1.1:tag",
            O("docker.io", "library/192.168.1.1", Some("tag"), None),
        ),
        row(
            "192.168.1.1:5000",
            O("docker.io", "library/192.168.1.1", Some("5000"), None),
        ),
        row("192.168.1.1/repo", O("192.168.1.1", "repo", None, None)),
        row(
            "192.168.1.1:5000/repo",
            O("192.168.1.1:5000", "repo", None, None),
        ),
        row(
            "192.168.1.1:5000/repo:5050",
            O("192.168.1.1:5000", "repo", Some("5050"), None),
        ),
        row("[2001:db8::1]", invalid_char('[', 1)),
        row("[2001:db8::1]:5000", invalid_char('[', 1)),
        row("[2001:db8::1]:tag", invalid_char('[', 1)),
        row("[2001:db8::1]/repo", O("[2001:db8::1]", "repo", None, None)),
        row(
            "[2001:db8:1:2:3:4:5:6]/repo:tag",
            O("[2001:db8:1:2:3:4:5:6]", "repo", Some("tag"), None),
        ),
        row(
            "[2001:db8::1]:5000/repo",
            O("[2001:db8::1]:5000", "repo", None, None),
        ),
        row(
            "[2001:db8::1]:5000/repo:tag",
            O("[2001:db8::1]:5000", "repo", Some("tag"), None),
        ),
        row(
            format!("[2001:db8::1]:5000/repo@{d_h64}"),
            O("[2001:db8::1]:5000", "repo", None, Some(d_h64)),
        ),
        row(
            format!("[2001:db8::1]:5000/repo:tag@{d_h64}"),
            O("[2001:db8::1]:5000", "repo", Some("tag"), Some(d_h64)),
        ),
        row(
            "[2001:db8::]:5000/repo",
            O("[2001:db8::]:5000", "repo", None, None),
        ),
        row("[::1]:5000/repo", O("[::1]:5000", "repo", None, None)),
        row("[fe80::1%eth0]:5000/repo", ipv6("[fe80::1%eth0]:5000")),
        row(
            "[fe80::1%@invalidzone]:5000/repo",
            ipv6("[fe80::1%@invalidzone]:5000"),
        ),
        // --- own: white space and characters ---
        row(" alpine", E(ReferenceError::SurroundingWhitespace)),
        row("alpine ", E(ReferenceError::SurroundingWhitespace)),
        row("alpine\n", E(ReferenceError::SurroundingWhitespace)),
        row("\t", E(ReferenceError::SurroundingWhitespace)),
        row("al pine", invalid_char(' ', 3)),
        row("Alpine", uppercase("Alpine")),
        row("ALPINE:latest", uppercase("ALPINE")),
        row(
            "1A3F5E7D9C1B3A5F7E9D1C3B5A7F9E1D3C5B7A9F1E3D5D7C9B1A3F5E7D9C1B3A",
            uppercase("1A3F5E7D9C1B3A5F7E9D1C3B5A7F9E1D3C5B7A9F1E3D5D7C9B1A3F5E7D9C1B3A"),
        ),
        row("café", invalid_char('é', 4)),
        row("ünïcode/foo", invalid_char('ü', 1)),
        row("Ünicode/foo", invalid_char('Ü', 1)),
        row(
            "foo/b@r",
            E(ReferenceError::InvalidDigestFormat { digest: "r".into() }),
        ),
        // --- own: path components ---
        row("a", O("docker.io", "library/a", None, None)),
        row("a__b/c", O("docker.io", "a__b/c", None, None)),
        row("a-----b/c", O("docker.io", "a-----b/c", None, None)),
        row(
            "ns/a.b_c-d__e/f",
            O("docker.io", "ns/a.b_c-d__e/f", None, None),
        ),
        row("a___b", consecutive("a___b", "___")),
        row("a._b", consecutive("a._b", "._")),
        row("a_-b", consecutive("a_-b", "_-")),
        row("/foo", E(ReferenceError::EmptyComponent { position: 1 })),
        row("foo/", E(ReferenceError::EmptyComponent { position: 5 })),
        row("example.com/", E(ReferenceError::MissingRepository)),
        row("example.com/:tag", E(ReferenceError::MissingRepository)),
        row(
            "example.com//foo",
            E(ReferenceError::EmptyComponent { position: 13 }),
        ),
        row(
            "foo./bar",
            E(ReferenceError::InvalidHost {
                host: "foo.".into(),
            }),
        ),
        row(
            "ns/foo./bar",
            E(ReferenceError::TrailingSeparator {
                component: "foo.".into(),
            }),
        ),
        // familiar() keeps "library/" where the short form would not parse
        // back (checked by the round trip below).
        row(
            format!("library/sha256:{H64}"),
            O("docker.io", "library/sha256", Some(H64), None),
        ),
        // Path length: distribution/reference counts the repository path,
        // "library/" included, not the registry.
        row("a".repeat(247), O("docker.io", lib_247, None, None)),
        row(
            "a".repeat(248),
            E(ReferenceError::NameTooLong { length: 256 }),
        ),
        row(
            format!("example.com/{path_255}"),
            O("example.com", path_255, None, None),
        ),
        // --- own: registries ---
        row(
            "ghcr.io/owner/repo:v1",
            O("ghcr.io", "owner/repo", Some("v1"), None),
        ),
        row(
            format!("quay.io/org/repo@{d_h64}"),
            O("quay.io", "org/repo", None, Some(d_h64)),
        ),
        row(
            "registry.k8s.io/pause:3.9",
            O("registry.k8s.io", "pause", Some("3.9"), None),
        ),
        row(
            "mcr.microsoft.com/dotnet/runtime:8.0",
            O("mcr.microsoft.com", "dotnet/runtime", Some("8.0"), None),
        ),
        row(
            "public.ecr.aws/docker/library/alpine:3.20",
            O(
                "public.ecr.aws",
                "docker/library/alpine",
                Some("3.20"),
                None,
            ),
        ),
        row(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0",
            O(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com",
                "app",
                Some("1.0"),
                None,
            ),
        ),
        row("localhost:5000/foo", O("localhost:5000", "foo", None, None)),
        row("localhost/foo", O("localhost", "foo", None, None)),
        row("localhost", O("docker.io", "library/localhost", None, None)),
        row(
            "localhost:5000",
            O("docker.io", "library/localhost", Some("5000"), None),
        ),
        row("LOCALHOST/foo", O("LOCALHOST", "foo", None, None)),
        row("DOCKER.IO/alpine", O("DOCKER.IO", "alpine", None, None)),
        row("foo.com:99999/bar", O("foo.com:99999", "bar", None, None)),
        row("[::1]/foo", O("[::1]", "foo", None, None)),
        row(
            "example.com:/foo",
            E(ReferenceError::InvalidPort {
                registry: "example.com:".into(),
            }),
        ),
        row(
            "example.com:abc/foo",
            E(ReferenceError::InvalidPort {
                registry: "example.com:abc".into(),
            }),
        ),
        row(
            "[::1]:/foo",
            E(ReferenceError::InvalidPort {
                registry: "[::1]:".into(),
            }),
        ),
        // Decision: distribution's regexp would re-read this as a path with
        // an empty domain; a registry host cannot contain '_', so reject.
        row("exa_mple.com/foo", invalid_char('_', 4)),
        row(
            "example..com/foo",
            E(ReferenceError::InvalidHost {
                host: "example..com".into(),
            }),
        ),
        row(
            ".example.com/foo",
            E(ReferenceError::InvalidHost {
                host: ".example.com".into(),
            }),
        ),
        row(
            "example-.com/foo",
            E(ReferenceError::InvalidHost {
                host: "example-.com".into(),
            }),
        ),
        row(
            ":5000/foo",
            E(ReferenceError::InvalidHost {
                host: String::new(),
            }),
        ),
        row("[::1/foo", ipv6("[::1")),
        row("[]:5000/foo", ipv6("[]:5000")),
        row("[::1]x/foo", ipv6("[::1]x")),
        row("[zz::1]/foo", ipv6("[zz::1]")),
        // --- own: tags ---
        row("alpine:", E(ReferenceError::EmptyTag)),
        row(
            "alpine:_tag",
            O("docker.io", "library/alpine", Some("_tag"), None),
        ),
        row(
            "alpine:V1.2-rc_3",
            O("docker.io", "library/alpine", Some("V1.2-rc_3"), None),
        ),
        row(
            "alpine:.tag",
            E(ReferenceError::InvalidTagStart { tag: ".tag".into() }),
        ),
        row(
            "alpine:-tag",
            E(ReferenceError::InvalidTagStart { tag: "-tag".into() }),
        ),
        row(
            format!("alpine:{tag_128}"),
            O("docker.io", "library/alpine", Some(tag_128), None),
        ),
        row(
            format!("alpine:{}", "t".repeat(129)),
            E(ReferenceError::TagTooLong {
                tag: "t".repeat(129),
            }),
        ),
        // "alpine:tag" before the first '/' holds a ':', so it is read as
        // host:port.
        row(
            "alpine:tag/x",
            E(ReferenceError::InvalidPort {
                registry: "alpine:tag".into(),
            }),
        ),
        row("foo/bar:tag/x", invalid_char('/', 12)),
        row("alpine:a:b", invalid_char(':', 9)),
        row("alpine:ta g", invalid_char(' ', 10)),
        // --- own: digests ---
        row(
            "alpine@",
            E(ReferenceError::InvalidDigestFormat {
                digest: String::new(),
            }),
        ),
        row(
            "alpine@sha256",
            E(ReferenceError::InvalidDigestFormat {
                digest: "sha256".into(),
            }),
        ),
        row(
            "alpine@sha256:",
            E(ReferenceError::InvalidDigestFormat {
                digest: "sha256:".into(),
            }),
        ),
        row(
            "alpine@:abc",
            E(ReferenceError::InvalidDigestFormat {
                digest: ":abc".into(),
            }),
        ),
        row(
            "alpine@sha256:abc",
            E(ReferenceError::InvalidDigestLength {
                digest: "sha256:abc".into(),
                algorithm: "sha256".into(),
                expected: 64,
                actual: 3,
            }),
        ),
        row(
            format!("alpine@sha256:{}", "F".repeat(64)),
            E(ReferenceError::InvalidDigestHex {
                digest: format!("sha256:{}", "F".repeat(64)),
            }),
        ),
        row(
            format!("alpine@sha256:{}", "g".repeat(64)),
            E(ReferenceError::InvalidDigestHex {
                digest: format!("sha256:{}", "g".repeat(64)),
            }),
        ),
        row(
            format!("alpine@{d_384}"),
            O("docker.io", "library/alpine", None, Some(d_384)),
        ),
        row(
            format!("alpine@{d_512}"),
            O("docker.io", "library/alpine", None, Some(d_512)),
        ),
        row(
            format!("alpine@sha384:{H64}"),
            E(ReferenceError::InvalidDigestLength {
                digest: format!("sha384:{H64}"),
                algorithm: "sha384".into(),
                expected: 96,
                actual: 64,
            }),
        ),
        row(
            format!("alpine@md5:{}", "a".repeat(32)),
            E(ReferenceError::UnsupportedDigestAlgorithm {
                algorithm: "md5".into(),
            }),
        ),
        row(
            format!("alpine@sha256+b64:{H64}"),
            E(ReferenceError::UnsupportedDigestAlgorithm {
                algorithm: "sha256+b64".into(),
            }),
        ),
        row(
            format!("alpine@SHA256:{H64}"),
            E(ReferenceError::UnsupportedDigestAlgorithm {
                algorithm: "SHA256".into(),
            }),
        ),
        row(
            format!("alpine@1sha:{}", "a".repeat(32)),
            E(ReferenceError::InvalidDigestFormat {
                digest: format!("1sha:{}", "a".repeat(32)),
            }),
        ),
        row(
            format!("alpine@md5:{}", "a".repeat(31)),
            E(ReferenceError::InvalidDigestFormat {
                digest: format!("md5:{}", "a".repeat(31)),
            }),
        ),
        row(
            format!("alpine@{d_h64}@{d_h64}"),
            E(ReferenceError::InvalidDigestHex {
                digest: format!("{d_h64}@{d_h64}"),
            }),
        ),
        row(
            format!("alpine:3.20@{d_h64}"),
            O("docker.io", "library/alpine", Some("3.20"), Some(d_h64)),
        ),
        row(
            format!("sha512:{}", "f".repeat(128)),
            E(ReferenceError::DigestWithoutName),
        ),
        // Not a digest (63 hex characters): Docker's reading is kept.
        row(
            format!("sha256:{}", &H64[1..]),
            O("docker.io", "library/sha256", Some(&H64[1..]), None),
        ),
    ]
}

#[test]
fn reference_table() {
    let mut failures = Vec::new();
    let rows = table();
    for (input, expect) in &rows {
        let got = input.parse::<Reference>();
        match (expect, &got) {
            (Expect::Ok(registry, repository, tag, digest), Ok(r)) => {
                let actual = (r.registry(), r.repository(), r.tag(), r.digest());
                if actual != (*registry, *repository, *tag, *digest) {
                    failures.push(format!("{input:?}: got {actual:?}"));
                    continue;
                }
                // Display and familiar() must parse back to the same value.
                let full = r.to_string();
                if full.parse::<Reference>().as_ref() != Ok(r) {
                    failures.push(format!("{input:?}: Display {full:?} does not round-trip"));
                }
                let familiar = r.familiar();
                if familiar.parse::<Reference>().as_ref() != Ok(r) {
                    failures.push(format!(
                        "{input:?}: familiar {familiar:?} does not round-trip"
                    ));
                }
            }
            (Expect::Err(e), Err(g)) if e == g => {
                // Every error has a non-empty message.
                assert!(!g.to_string().is_empty());
            }
            (Expect::Ok(..), Err(g)) => failures.push(format!("{input:?}: unexpected error {g:?}")),
            (Expect::Err(e), _) => failures.push(format!("{input:?}: expected {e:?}, got {got:?}")),
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

/// (input, Display, familiar(), api_host(), default_scheme(),
/// manifest_target(), is_docker_hub()). Sources: familiar/full names from
/// DR/normalize_test.go TestParseRepositoryInfo and
/// TestParseReferenceWithTagAndDigest; the rest own.
#[test]
fn accessor_table() {
    let d = format!("sha256:{H64}");
    let rows: Vec<(String, String, String, &str, &str, String, bool)> = vec![
        // A Docker Hub path whose first component reads as a host keeps `docker.io/` in its
        // short form, which would otherwise name another registry (found by the proptest).
        (
            "docker.io/index.docker.iosha256/971z".into(),
            "docker.io/index.docker.iosha256/971z".into(),
            "docker.io/index.docker.iosha256/971z".into(),
            "registry-1.docker.io",
            "https",
            "latest".into(),
            true,
        ),
        (
            "docker.io/localhost/app:1".into(),
            "docker.io/localhost/app:1".into(),
            "docker.io/localhost/app:1".into(),
            "registry-1.docker.io",
            "https",
            "1".into(),
            true,
        ),
        (
            "alpine".into(),
            "docker.io/library/alpine".into(),
            "alpine".into(),
            "registry-1.docker.io",
            "https",
            "latest".into(),
            true,
        ),
        (
            "alpine:latest".into(),
            "docker.io/library/alpine:latest".into(),
            "alpine:latest".into(),
            "registry-1.docker.io",
            "https",
            "latest".into(),
            true,
        ),
        (
            "index.docker.io/library/ubuntu-12.04-base".into(),
            "docker.io/library/ubuntu-12.04-base".into(),
            "ubuntu-12.04-base".into(),
            "registry-1.docker.io",
            "https",
            "latest".into(),
            true,
        ),
        (
            "docker.io/library/foo/bar".into(),
            "docker.io/library/foo/bar".into(),
            "library/foo/bar".into(),
            "registry-1.docker.io",
            "https",
            "latest".into(),
            true,
        ),
        (
            "index.docker.io/fooo/bar:1".into(),
            "docker.io/fooo/bar:1".into(),
            "fooo/bar:1".into(),
            "registry-1.docker.io",
            "https",
            "1".into(),
            true,
        ),
        (
            format!("busybox:latest@{d}"),
            format!("docker.io/library/busybox:latest@{d}"),
            format!("busybox:latest@{d}"),
            "registry-1.docker.io",
            "https",
            d.clone(),
            true,
        ),
        (
            format!("docker.io/{DBCC}"),
            format!("docker.io/library/{DBCC}"),
            format!("library/{DBCC}"),
            "registry-1.docker.io",
            "https",
            "latest".into(),
            true,
        ),
        (
            format!("library/sha256:{DBCC}"),
            format!("docker.io/library/sha256:{DBCC}"),
            format!("library/sha256:{DBCC}"),
            "registry-1.docker.io",
            "https",
            DBCC.into(),
            true,
        ),
        (
            "Foo/bar".into(),
            "Foo/bar".into(),
            "Foo/bar".into(),
            "Foo",
            "https",
            "latest".into(),
            false,
        ),
        (
            "example.com:8000/private/moonbase:v2".into(),
            "example.com:8000/private/moonbase:v2".into(),
            "example.com:8000/private/moonbase:v2".into(),
            "example.com:8000",
            "https",
            "v2".into(),
            false,
        ),
        (
            format!("ghcr.io/o/r@{d}"),
            format!("ghcr.io/o/r@{d}"),
            format!("ghcr.io/o/r@{d}"),
            "ghcr.io",
            "https",
            d.clone(),
            false,
        ),
        (
            "localhost:5000/foo".into(),
            "localhost:5000/foo".into(),
            "localhost:5000/foo".into(),
            "localhost:5000",
            "http",
            "latest".into(),
            false,
        ),
        (
            "localhost/foo".into(),
            "localhost/foo".into(),
            "localhost/foo".into(),
            "localhost",
            "http",
            "latest".into(),
            false,
        ),
        (
            "LOCALHOST/foo".into(),
            "LOCALHOST/foo".into(),
            "LOCALHOST/foo".into(),
            "LOCALHOST",
            "http",
            "latest".into(),
            false,
        ),
        (
            "127.0.0.1:5000/foo".into(),
            "127.0.0.1:5000/foo".into(),
            "127.0.0.1:5000/foo".into(),
            "127.0.0.1:5000",
            "http",
            "latest".into(),
            false,
        ),
        (
            "127.1.2.3/foo".into(),
            "127.1.2.3/foo".into(),
            "127.1.2.3/foo".into(),
            "127.1.2.3",
            "http",
            "latest".into(),
            false,
        ),
        (
            "10.0.0.1:5000/foo".into(),
            "10.0.0.1:5000/foo".into(),
            "10.0.0.1:5000/foo".into(),
            "10.0.0.1:5000",
            "https",
            "latest".into(),
            false,
        ),
        (
            "[::1]:5000/foo".into(),
            "[::1]:5000/foo".into(),
            "[::1]:5000/foo".into(),
            "[::1]:5000",
            "http",
            "latest".into(),
            false,
        ),
        (
            "[::2]/foo".into(),
            "[::2]/foo".into(),
            "[::2]/foo".into(),
            "[::2]",
            "https",
            "latest".into(),
            false,
        ),
        (
            "localhost.localdomain:5000/x".into(),
            "localhost.localdomain:5000/x".into(),
            "localhost.localdomain:5000/x".into(),
            "localhost.localdomain:5000",
            "https",
            "latest".into(),
            false,
        ),
        (
            "DOCKER.IO/alpine".into(),
            "DOCKER.IO/alpine".into(),
            "DOCKER.IO/alpine".into(),
            "DOCKER.IO",
            "https",
            "latest".into(),
            false,
        ),
    ];
    for (input, display, familiar, api_host, scheme, target, hub) in rows {
        let r: Reference = match input.parse() {
            Ok(r) => r,
            Err(e) => panic!("{input:?}: {e}"),
        };
        assert_eq!(r.to_string(), display, "Display of {input:?}");
        assert_eq!(r.familiar(), familiar, "familiar() of {input:?}");
        assert_eq!(r.api_host(), api_host, "api_host() of {input:?}");
        assert_eq!(r.default_scheme(), scheme, "default_scheme() of {input:?}");
        assert_eq!(
            r.manifest_target(),
            target,
            "manifest_target() of {input:?}"
        );
        assert_eq!(r.is_docker_hub(), hub, "is_docker_hub() of {input:?}");
    }
}

#[test]
fn with_digest_keeps_name_and_tag() {
    let d = format!("sha256:{DBCC}");
    let r: Reference = "alpine:3.20".parse().expect("valid");
    let pinned = r.with_digest(&d);
    assert_eq!(pinned.registry(), "docker.io");
    assert_eq!(pinned.repository(), "library/alpine");
    assert_eq!(pinned.tag(), Some("3.20"));
    assert_eq!(pinned.digest(), Some(d.as_str()));
    assert_eq!(pinned.manifest_target(), d);
    assert_eq!(
        pinned.to_string(),
        format!("docker.io/library/alpine:3.20@{d}")
    );
    assert_eq!(pinned.familiar(), format!("alpine:3.20@{d}"));
    // Replacing an existing digest.
    let r2: Reference = format!("ghcr.io/o/r@sha256:{H64}").parse().expect("valid");
    let repinned = r2.with_digest(&d);
    assert_eq!(repinned.digest(), Some(d.as_str()));
    assert_eq!(repinned.tag(), None);
    // Equality and hashing follow the parsed parts.
    let a: Reference = "docker.io/library/alpine".parse().expect("valid");
    let b: Reference = "index.docker.io/alpine".parse().expect("valid");
    assert_eq!(a, b);
    let set: std::collections::HashSet<Reference> = [a, b].into_iter().collect();
    assert_eq!(set.len(), 1);
}

/// The Display texts quoted in the brief, plus one per remaining variant.
#[test]
fn error_messages() {
    let cases = [
        ("", "the reference is empty"),
        (
            "Alpine",
            "uppercase letters are not allowed in a repository name: \"Alpine\" (use \"alpine\")",
        ),
        (
            "alpine@sha256:abc",
            "\"sha256:abc\" is not a valid digest: sha256 needs 64 hex characters (got 3)",
        ),
        (
            "al pine",
            "invalid character ' ' at position 3 of the reference",
        ),
        (" alpine", "the reference starts or ends with white space"),
    ];
    for (input, message) in cases {
        match input.parse::<Reference>() {
            Err(e) => assert_eq!(e.to_string(), message),
            Ok(r) => panic!("{input:?} parsed as {r}"),
        }
    }
    let long_tag = format!("alpine:{}", "t".repeat(129));
    let e = long_tag.parse::<Reference>().expect_err("too long");
    assert!(
        e.to_string()
            .ends_with("is too long (128 characters at most)")
    );
    let e = "a".repeat(300).parse::<Reference>().expect_err("too long");
    assert!(
        e.to_string()
            .starts_with("the repository name is too long (255 characters at most")
    );
    // std::error::Error is implemented.
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.source().is_none());
}
