//! How an image read from a dropped file is named in the address bar: a reference under the
//! reserved registry `file.invalid` (RFC 2606 keeps `.invalid` from ever resolving), whose
//! first path component names the file, e.g. `file.invalid/alpine-3.20.tar/alpine:3.20`.
//! Names are made to fit Docker's reference grammar (lower-case path components joined by
//! `.`, `_`, `__` or dashes; tags of word characters, `.` and `-`).

use regscope_layers::local::image::LocalReference;

/// The registry host of images read from files.
pub const LOCAL_HOST: &str = "file.invalid";

/// One reference of an opened file, as the app names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalName {
    /// The API repository: the file's slug, then the archive's repository path, if any.
    pub repository: String,
    /// The tag, when the archive names one; `None` for an untagged image (named by digest).
    pub tag: Option<String>,
    /// The manifest (or index) digest.
    pub digest: String,
    /// The name the archive records (`example.com/app:1.0`, `1.0`), if any.
    pub archive_name: Option<String>,
    /// True when the manifest was synthesised (a legacy `docker save`).
    pub synthesised: bool,
}

impl LocalName {
    /// The reference to inspect: `file.invalid/<repository>:<tag>` or `…@<digest>`.
    pub fn reference(&self) -> String {
        match &self.tag {
            Some(tag) => format!("{LOCAL_HOST}/{}:{tag}", self.repository),
            None => format!("{LOCAL_HOST}/{}@{}", self.repository, self.digest),
        }
    }
}

/// A file or directory name as one repository path component: lower case, characters outside
/// `[a-z0-9._-]` replaced by `-`, separators between alphanumerics as the grammar allows
/// (`image` when nothing is left).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if !run.is_empty() && !out.is_empty() {
                let ok = matches!(run.as_str(), "." | "_" | "__") || run.chars().all(|c| c == '-');
                out.push_str(if ok { &run } else { "-" });
            }
            run.clear();
            out.push(c);
        } else {
            run.push(if matches!(c, '.' | '_' | '-') { c } else { '-' });
        }
    }
    if out.is_empty() { "image".into() } else { out }
}

/// A tag as the grammar allows it (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`): other characters
/// become `-`, a leading `.` or `-` gets a `_` before it.
fn tag_of(text: &str) -> String {
    let mut tag: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        tag.insert(0, '_');
    }
    tag.truncate(128);
    tag
}

/// Splits an archive's name into repository path and tag: `example.com/app:1.0` →
/// (`example.com/app`, `1.0`), `app` with a slash-free, colon-free name being a tag alone
/// (an OCI `ref.name` such as `1.0`) → (`None`, `1.0`); a digest part is dropped.
fn split_name(name: &str) -> (Option<String>, Option<String>) {
    let name = name.split('@').next().unwrap_or_default();
    if name.is_empty() {
        return (None, None);
    }
    if !name.contains(['/', ':']) {
        return (None, Some(name.to_string()));
    }
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[last_slash..].rfind(':') {
        Some(colon) => {
            let at = last_slash + colon;
            (
                Some(name[..at].to_string()),
                Some(name[at + 1..].to_string()),
            )
        }
        None => (Some(name.to_string()), Some("latest".into())),
    }
}

/// The names of `references` (an archive's, in its order) for the file slugged `slug`. Two
/// archive names that come out the same keep the first; an untagged image is named by digest.
pub fn names(slug: &str, references: &[LocalReference]) -> Vec<LocalName> {
    let mut out: Vec<LocalName> = Vec::new();
    for r in references {
        let (repository, tag) = r.name.as_deref().map(split_name).unwrap_or((None, None));
        let mut path = slug.to_string();
        for part in repository.iter().flat_map(|r| r.split('/')) {
            path.push('/');
            path.push_str(&self::slug(part));
        }
        let name = LocalName {
            repository: path,
            tag: tag.map(|t| tag_of(&t)),
            digest: r.digest.clone(),
            archive_name: r.name.clone(),
            synthesised: r.synthesised_manifest,
        };
        let taken = out.iter().any(|n| {
            n.repository == name.repository
                && n.tag == name.tag
                && (n.tag.is_some() || n.digest == name.digest)
        });
        if !taken {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fit_the_reference_grammar() {
        for (name, want) in [
            ("alpine.tar", "alpine.tar"),
            ("Alpine 3.20.tar", "alpine-3.20.tar"),
            ("my__image..tar", "my__image-tar"),
            ("--x--", "x"),
            ("a---b", "a---b"),
            ("ünïcode.tar", "n-code.tar"),
            ("...", "image"),
            ("", "image"),
        ] {
            assert_eq!(slug(name), want, "{name}");
            let parsed: Result<regscope_core::Reference, _> =
                format!("{LOCAL_HOST}/{}:1", slug(name)).parse();
            assert!(parsed.is_ok(), "{name} → {}", slug(name));
        }
    }

    #[test]
    fn archive_names_become_references() {
        let r = |name: Option<&str>, digest: &str| LocalReference {
            name: name.map(str::to_string),
            digest: digest.into(),
            media_type: String::new(),
            synthesised_manifest: false,
        };
        let got = names(
            "app.tar",
            &[
                r(Some("example.com/app:1.0"), "sha256:a"),
                r(Some("localhost:5000/Team/App:v2"), "sha256:b"),
                r(Some("1.0"), "sha256:c"),
                r(Some("alpine"), "sha256:d"),
                r(None, "sha256:e"),
                r(Some("example.com/app:1.0"), "sha256:f"),
                r(Some("x/y@sha256:0"), "sha256:g"),
            ],
        );
        let refs: Vec<String> = got.iter().map(LocalName::reference).collect();
        assert_eq!(
            refs,
            [
                "file.invalid/app.tar/example.com/app:1.0",
                "file.invalid/app.tar/localhost-5000/team/app:v2",
                "file.invalid/app.tar:1.0",
                "file.invalid/app.tar:alpine",
                "file.invalid/app.tar@sha256:e",
                "file.invalid/app.tar/x/y:latest",
            ]
        );
        for r in &refs[..4] {
            assert!(r.parse::<regscope_core::Reference>().is_ok(), "{r}");
        }
    }
}
