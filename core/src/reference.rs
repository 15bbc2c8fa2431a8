//! Image references with Docker's exact semantics.
//!
//! [`Reference`] parses what a user types after `docker pull` the way
//! `docker pull` does, that is the way distribution/reference's
//! `ParseNormalizedNamed` does:
//!
//! * the first path component is the registry host when it contains a `.` or
//!   a `:`, is `localhost`, or contains an upper-case letter; otherwise the
//!   registry is Docker Hub (`docker.io`);
//! * `index.docker.io` is folded into `docker.io`;
//! * one-component names on Docker Hub get the `library/` prefix;
//! * path components follow `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`;
//! * tags follow `[\w][\w.-]{0,127}`;
//! * digests are `algorithm:hex`, and only the registered algorithms
//!   `sha256`, `sha384` and `sha512` are accepted (as go-digest does with
//!   those hashes imported);
//! * a reference may carry both a tag and a digest (`name:tag@digest`); both
//!   are kept;
//! * a bare 64-character lower-case hexadecimal string is rejected because it
//!   would be ambiguous with an image ID.
//!
//! The tag written by the user is kept as written: no implicit `latest` is
//! added (see [`Reference::manifest_target`] for that).
//!
//! Every failure is reported with a specific [`ReferenceError`] variant whose
//! `Display` explains the problem in plain words.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::contract::PlainHttpHosts;

/// Docker Hub's canonical registry name.
const DOCKER_HUB: &str = "docker.io";
/// Docker Hub's legacy registry name, folded into [`DOCKER_HUB`].
const DOCKER_HUB_LEGACY: &str = "index.docker.io";
/// The host Docker Hub's registry API is served from.
const DOCKER_HUB_API: &str = "registry-1.docker.io";
/// Namespace of Docker Hub's official images.
const OFFICIAL_PREFIX: &str = "library/";
/// Maximum length of the repository path (distribution/reference
/// `RepositoryNameTotalLengthMax`).
const MAX_REPOSITORY_LEN: usize = 255;
/// Maximum length of a tag.
const MAX_TAG_LEN: usize = 128;

/// A parsed image reference: registry, repository, and optionally the tag
/// and the digest that were written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    registry: String,
    repository: String,
    tag: Option<String>,
    digest: Option<String>,
}

/// Why a string is not a valid image reference.
///
/// Positions are 1-based character positions in the input as written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// The input is empty.
    #[error("the reference is empty")]
    Empty,
    /// The input starts or ends with white space.
    #[error("the reference starts or ends with white space")]
    SurroundingWhitespace,
    /// The input is a 64-character hexadecimal string, which Docker reserves
    /// for image IDs.
    #[error("a 64-character hexadecimal string is an image ID, not a repository name")]
    HexIdentifier,
    /// The input is a digest alone (`sha256:…`) without a repository name.
    ///
    /// Docker would read it as the repository `library/sha256` with a
    /// 64-character tag; this almost always means a name was forgotten, so
    /// it is rejected.
    #[error(
        "a digest alone is not an image reference: write the repository name before it, as in name@sha256:…"
    )]
    DigestWithoutName,
    /// A character that is not allowed where it appears.
    #[error("invalid character {character:?} at position {position} of the reference")]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Its 1-based character position in the input.
        position: usize,
    },
    /// The repository name contains upper-case letters.
    #[error("uppercase letters are not allowed in a repository name: {name:?} (use {:?})", name.to_ascii_lowercase())]
    Uppercase {
        /// The repository name as written.
        name: String,
    },
    /// A path component is empty (`a//b`, `a/`, `/a`).
    #[error(
        "empty path component at position {position} (two '/' in a row, or a '/' at the start or end)"
    )]
    EmptyComponent {
        /// 1-based character position where the empty component is.
        position: usize,
    },
    /// The reference names a registry but no repository (`example.com/`,
    /// `:tag`, `@sha256:…`).
    #[error("the repository name is missing")]
    MissingRepository,
    /// A path component starts with a separator (`.`, `_` or `-`).
    #[error("the path component {component:?} must start with a lowercase letter or digit")]
    LeadingSeparator {
        /// The path component.
        component: String,
    },
    /// A path component ends with a separator (`.`, `_` or `-`).
    #[error("the path component {component:?} must end with a lowercase letter or digit")]
    TrailingSeparator {
        /// The path component.
        component: String,
    },
    /// A path component contains a run of separators other than `.`, `_`,
    /// `__` or dashes (`a..b`, `a_.b`, `a___b`, `a-.b`).
    #[error(
        "consecutive separators {separator:?} in the path component {component:?} (use one '.', one or two '_', or one or more '-')"
    )]
    ConsecutiveSeparators {
        /// The path component.
        component: String,
        /// The separator run that is not allowed.
        separator: String,
    },
    /// The repository path is longer than 255 characters.
    #[error(
        "the repository name is too long ({MAX_REPOSITORY_LEN} characters at most, got {length})"
    )]
    NameTooLong {
        /// The length of the repository path (including `library/` when it
        /// was added).
        length: usize,
    },
    /// The registry host is not a valid host name.
    #[error(
        "{host:?} is not a valid registry host (letters, digits and '-' separated by '.', no '-' at the start or end of a label)"
    )]
    InvalidHost {
        /// The host as written.
        host: String,
    },
    /// The registry port is not a number.
    #[error("the port of the registry {registry:?} must be a number")]
    InvalidPort {
        /// The registry (`host:port`) as written.
        registry: String,
    },
    /// The registry is a bracketed IPv6 literal that is not valid.
    #[error(
        "{registry:?} is not a valid IPv6 registry address (hexadecimal digits and ':' inside brackets, optionally followed by :port)"
    )]
    InvalidIpv6 {
        /// The registry as written.
        registry: String,
    },
    /// A `:` was written but no tag follows it.
    #[error("the tag after ':' is empty")]
    EmptyTag,
    /// The tag starts with `.` or `-`.
    #[error("the tag {tag:?} must start with a letter, digit or '_'")]
    InvalidTagStart {
        /// The tag as written.
        tag: String,
    },
    /// The tag is longer than 128 characters.
    #[error("the tag {tag:?} is too long ({MAX_TAG_LEN} characters at most)")]
    TagTooLong {
        /// The tag as written.
        tag: String,
    },
    /// The digest is not of the form `algorithm:hex`.
    #[error(
        "{digest:?} is not a valid digest: expected algorithm:hex, such as sha256:<64 hex characters>"
    )]
    InvalidDigestFormat {
        /// The digest as written.
        digest: String,
    },
    /// The digest's encoded part is not lower-case hexadecimal.
    #[error("{digest:?} is not a valid digest: the part after ':' must be lowercase hexadecimal")]
    InvalidDigestHex {
        /// The digest as written.
        digest: String,
    },
    /// The digest's encoded part does not have the length its algorithm
    /// requires.
    #[error(
        "{digest:?} is not a valid digest: {algorithm} needs {expected} hex characters (got {actual})"
    )]
    InvalidDigestLength {
        /// The digest as written.
        digest: String,
        /// The algorithm (`sha256`, `sha384`, `sha512`).
        algorithm: String,
        /// The number of hexadecimal characters the algorithm requires.
        expected: usize,
        /// The number of characters written.
        actual: usize,
    },
    /// The digest is well formed but its algorithm is not registered.
    #[error("the digest algorithm {algorithm:?} is not supported (use sha256, sha384 or sha512)")]
    UnsupportedDigestAlgorithm {
        /// The algorithm as written.
        algorithm: String,
    },
}

impl FromStr for Reference {
    type Err = ReferenceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl Reference {
    /// The registry, as `host` or `host:port`; `"docker.io"` for Docker Hub
    /// (`index.docker.io` is folded into `docker.io`).
    pub fn registry(&self) -> &str {
        &self.registry
    }

    /// The repository path, such as `"library/alpine"`.
    pub fn repository(&self) -> &str {
        &self.repository
    }

    /// The tag written in the input, or `None` when none was written.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest written in the input (`"sha256:…"`), if any.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// The `host[:port]` the registry API is served at:
    /// `"registry-1.docker.io"` for Docker Hub, otherwise [`Self::registry`].
    pub fn api_host(&self) -> &str {
        if self.is_docker_hub() {
            DOCKER_HUB_API
        } else {
            &self.registry
        }
    }

    /// Whether the reference points at Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// What to ask the manifest endpoint for: the digest if one was written,
    /// else the tag, else `"latest"`.
    pub fn manifest_target(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }

    /// The same name with `digest` set (the tag, if any, is kept).
    ///
    /// The digest is not validated; pass a digest received from the registry
    /// or computed locally.
    pub fn with_digest(&self, digest: &str) -> Reference {
        Reference {
            digest: Some(digest.to_owned()),
            ..self.clone()
        }
    }

    /// Docker's short ("familiar") form: `docker.io/` and `library/` are
    /// dropped for Docker Hub, the tag and digest are shown as written
    /// (`"alpine:3.20"`, `"user/app"`, `"ghcr.io/o/r@sha256:…"`).
    ///
    /// Unlike Docker, `library/` is kept in the two cases where the short
    /// form would not parse back to the same reference: a 64-character hex
    /// name (`"library/<64 hex>"`) and `"library/sha256:<64 hex>"`.
    pub fn familiar(&self) -> String {
        let mut out = String::new();
        if !self.is_docker_hub() {
            out.push_str(&self.registry);
            out.push('/');
            out.push_str(&self.repository);
            self.push_suffix(&mut out);
            return out;
        }
        match self.repository.strip_prefix(OFFICIAL_PREFIX) {
            Some(rest) if !rest.contains('/') => out.push_str(rest),
            _ => out.push_str(&self.repository),
        }
        self.push_suffix(&mut out);
        // Keep `library/` when the short form would not parse back (a bare
        // 64-hex name, or `sha256:<hex>` read as name:tag).
        if is_hex_identifier(&out) || is_bare_digest(&out) {
            out.insert_str(0, OFFICIAL_PREFIX);
        }
        // Keep `docker.io/` when the path's first component would be read as a
        // registry (`docker.io/a.b/c` written `a.b/c` names the registry `a.b`).
        if let Some((first, _)) = out.split_once('/')
            && (first == "localhost" || first.contains(['.', ':']))
        {
            out.insert_str(0, "docker.io/");
        }
        out
    }

    /// The URL scheme Docker would use by default: `"http"` for `localhost`,
    /// `127.0.0.0/8` and `[::1]` (treated as insecure registries), otherwise
    /// `"https"`.
    pub fn default_scheme(&self) -> &'static str {
        self.scheme(&PlainHttpHosts::default())
    }

    /// The URL scheme for this registry given the registries known to speak plain http
    /// (the relay's `--insecure-registry` list, see [`PlainHttpHosts`]): `"http"` for those
    /// and for loopback registries, otherwise `"https"`.
    pub fn scheme(&self, plain_http: &PlainHttpHosts) -> &'static str {
        if is_loopback_registry(&self.registry) || plain_http.contains(self.api_host()) {
            "http"
        } else {
            "https"
        }
    }

    fn push_suffix(&self, out: &mut String) {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
    }
}

/// Full normalized form: `registry/repository[:tag][@digest]`, such as
/// `"docker.io/library/alpine:latest"`. No tag is added when none was written.
impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(self.registry.len() + self.repository.len() + 1);
        out.push_str(&self.registry);
        out.push('/');
        out.push_str(&self.repository);
        self.push_suffix(&mut out);
        f.write_str(&out)
    }
}

/// Whether a `host[:port]` is `localhost`, in `127.0.0.0/8` or `[::1]`.
fn is_loopback_registry(registry: &str) -> bool {
    if let Some(rest) = registry.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((addr, _)) => addr.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback()),
            None => false,
        };
    }
    let host = registry.split_once(':').map_or(registry, |(h, _)| h);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// 1-based character position of byte offset `offset` in `s`.
fn char_position(s: &str, offset: usize) -> usize {
    s.get(..offset).map_or(0, |p| p.chars().count()) + 1
}

fn parse(s: &str) -> Result<Reference, ReferenceError> {
    if s.is_empty() {
        return Err(ReferenceError::Empty);
    }
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return Err(ReferenceError::SurroundingWhitespace);
    }
    if is_hex_identifier(s) {
        return Err(ReferenceError::HexIdentifier);
    }

    if is_bare_digest(s) {
        return Err(ReferenceError::DigestWithoutName);
    }

    // splitDockerDomain: decide whether the first component is a registry.
    let (registry, rest, rest_offset) = match s.split_once('/') {
        None => (DOCKER_HUB.to_owned(), s, 0),
        Some((first, rest)) => {
            let is_host = first == "localhost"
                || first == DOCKER_HUB_LEGACY
                || first.contains(['.', ':'])
                || first.chars().any(char::is_uppercase);
            if is_host {
                validate_registry(s, first)?;
                let registry = if first == DOCKER_HUB_LEGACY {
                    DOCKER_HUB
                } else {
                    first
                };
                (registry.to_owned(), rest, first.len() + 1)
            } else {
                (DOCKER_HUB.to_owned(), s, 0)
            }
        }
    };

    // name[:tag][@digest]; path components contain neither ':' nor '@'.
    let (name_and_tag, digest) = match rest.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (rest, None),
    };
    let (path, tag, tag_offset) = match name_and_tag.split_once(':') {
        Some((p, t)) => (p, Some(t), rest_offset + p.len() + 1),
        None => (name_and_tag, None, 0),
    };

    if path.is_empty() {
        return Err(ReferenceError::MissingRepository);
    }
    validate_path(s, path, rest_offset)?;

    let repository = if registry == DOCKER_HUB && !path.contains('/') {
        format!("{OFFICIAL_PREFIX}{path}")
    } else {
        path.to_owned()
    };
    if repository.len() > MAX_REPOSITORY_LEN {
        return Err(ReferenceError::NameTooLong {
            length: repository.len(),
        });
    }

    if let Some(tag) = tag {
        validate_tag(s, tag, tag_offset)?;
    }
    if let Some(digest) = digest {
        validate_digest(digest)?;
    }

    Ok(Reference {
        registry,
        repository,
        tag: tag.map(str::to_owned),
        digest: digest.map(str::to_owned),
    })
}

/// Validates `host[:port]` per distribution's `domainAndPort`.
fn validate_registry(input: &str, registry: &str) -> Result<(), ReferenceError> {
    let port = if let Some(inner) = registry.strip_prefix('[') {
        let Some((addr, after)) = inner.split_once(']') else {
            return Err(ReferenceError::InvalidIpv6 {
                registry: registry.to_owned(),
            });
        };
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err(ReferenceError::InvalidIpv6 {
                registry: registry.to_owned(),
            });
        }
        if after.is_empty() {
            None
        } else if let Some(port) = after.strip_prefix(':') {
            Some(port)
        } else {
            return Err(ReferenceError::InvalidIpv6 {
                registry: registry.to_owned(),
            });
        }
    } else {
        let (host, port) = match registry.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (registry, None),
        };
        for (offset, c) in host.char_indices() {
            if !(c.is_ascii_alphanumeric() || c == '-' || c == '.') {
                return Err(ReferenceError::InvalidCharacter {
                    character: c,
                    position: char_position(input, offset),
                });
            }
        }
        let labels_ok = !host.is_empty()
            && host
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if !labels_ok {
            return Err(ReferenceError::InvalidHost {
                host: host.to_owned(),
            });
        }
        port
    };
    match port {
        Some(p) if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) => {
            Err(ReferenceError::InvalidPort {
                registry: registry.to_owned(),
            })
        }
        _ => Ok(()),
    }
}

/// Validates a repository path; `offset` is the byte offset of `path` in
/// `input`.
fn validate_path(input: &str, path: &str, offset: usize) -> Result<(), ReferenceError> {
    let mut start = offset;
    for component in path.split('/') {
        if component.is_empty() {
            return Err(ReferenceError::EmptyComponent {
                position: char_position(input, start),
            });
        }
        for (i, c) in component.char_indices() {
            if c.is_ascii_uppercase() {
                return Err(ReferenceError::Uppercase {
                    name: path.to_owned(),
                });
            }
            if !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
                return Err(ReferenceError::InvalidCharacter {
                    character: c,
                    position: char_position(input, start + i),
                });
            }
        }
        validate_separators(component)?;
        start += component.len() + 1;
    }
    Ok(())
}

/// Checks `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*` on a component whose
/// characters are already known to be `[a-z0-9._-]`.
fn validate_separators(component: &str) -> Result<(), ReferenceError> {
    let is_sep = |b: u8| matches!(b, b'.' | b'_' | b'-');
    let bytes = component.as_bytes();
    if bytes.first().is_some_and(|&b| is_sep(b)) {
        return Err(ReferenceError::LeadingSeparator {
            component: component.to_owned(),
        });
    }
    if bytes.last().is_some_and(|&b| is_sep(b)) {
        return Err(ReferenceError::TrailingSeparator {
            component: component.to_owned(),
        });
    }
    for run in component.split(|c: char| c.is_ascii_alphanumeric()) {
        let ok = run.is_empty()
            || run == "."
            || run == "_"
            || run == "__"
            || run.bytes().all(|b| b == b'-');
        if !ok {
            return Err(ReferenceError::ConsecutiveSeparators {
                component: component.to_owned(),
                separator: run.to_owned(),
            });
        }
    }
    Ok(())
}

/// Checks `[\w][\w.-]{0,127}`; `offset` is the byte offset of `tag` in
/// `input`.
fn validate_tag(input: &str, tag: &str, offset: usize) -> Result<(), ReferenceError> {
    if tag.is_empty() {
        return Err(ReferenceError::EmptyTag);
    }
    for (i, c) in tag.char_indices() {
        if !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return Err(ReferenceError::InvalidCharacter {
                character: c,
                position: char_position(input, offset + i),
            });
        }
    }
    if tag.starts_with(['.', '-']) {
        return Err(ReferenceError::InvalidTagStart {
            tag: tag.to_owned(),
        });
    }
    if tag.len() > MAX_TAG_LEN {
        return Err(ReferenceError::TagTooLong {
            tag: tag.to_owned(),
        });
    }
    Ok(())
}

/// Validates a digest as go-digest's `Parse` does with sha256, sha384 and
/// sha512 registered, after distribution's reference grammar.
fn validate_digest(digest: &str) -> Result<(), ReferenceError> {
    let format_err = || ReferenceError::InvalidDigestFormat {
        digest: digest.to_owned(),
    };
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return Err(format_err());
    };
    if algorithm.is_empty() || encoded.is_empty() {
        return Err(format_err());
    }
    let expected = match algorithm {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    };
    match expected {
        Some(expected) => {
            if !encoded
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                return Err(ReferenceError::InvalidDigestHex {
                    digest: digest.to_owned(),
                });
            }
            if encoded.len() != expected {
                return Err(ReferenceError::InvalidDigestLength {
                    digest: digest.to_owned(),
                    algorithm: algorithm.to_owned(),
                    expected,
                    actual: encoded.len(),
                });
            }
            Ok(())
        }
        None => {
            if !is_digest_algorithm(algorithm)
                || encoded.len() < 32
                || !encoded.bytes().all(|b| b.is_ascii_hexdigit())
            {
                return Err(format_err());
            }
            Err(ReferenceError::UnsupportedDigestAlgorithm {
                algorithm: algorithm.to_owned(),
            })
        }
    }
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*`
fn is_digest_algorithm(algorithm: &str) -> bool {
    algorithm.split(['-', '_', '+', '.']).all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether `s` is 64 lower-case hexadecimal characters (an image ID).
fn is_hex_identifier(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether `s` is `algorithm:hex` for a registered algorithm with exactly the
/// right number of lower-case hex characters (a digest written without a
/// name).
fn is_bare_digest(s: &str) -> bool {
    let Some((algorithm, encoded)) = s.split_once(':') else {
        return false;
    };
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    encoded.len() == expected
        && encoded
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
