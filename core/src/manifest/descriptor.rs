//! Content descriptors (media type, digest, size, platform, annotations) and platforms.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Annotation BuildKit puts on attestation entries of an index.
pub const REFERENCE_TYPE: &str = "vnd.docker.reference.type";
/// Annotation naming the digest of the image an attestation entry attests.
pub const REFERENCE_DIGEST: &str = "vnd.docker.reference.digest";

/// A pointer to content: what it is, its digest and size, and optional platform and annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Descriptor {
    pub(crate) media_type: String,
    pub(crate) digest: String,
    pub(crate) size: u64,
    pub(crate) platform: Option<Platform>,
    pub(crate) annotations: BTreeMap<String, String>,
    pub(crate) urls: Vec<String>,
    pub(crate) artifact_type: Option<String>,
}

impl Descriptor {
    /// A descriptor with only media type, digest and size.
    pub fn new(media_type: &str, digest: &str, size: u64) -> Self {
        Descriptor {
            media_type: media_type.to_string(),
            digest: digest.to_string(),
            size,
            platform: None,
            annotations: BTreeMap::new(),
            urls: Vec::new(),
            artifact_type: None,
        }
    }

    /// The media type of the content it points to.
    pub fn media_type(&self) -> &str {
        &self.media_type
    }

    /// The digest of the content, `algorithm:hex`.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The size of the content in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The platform, for entries of an index or list.
    pub fn platform(&self) -> Option<&Platform> {
        self.platform.as_ref()
    }

    /// All annotations.
    pub fn annotations(&self) -> &BTreeMap<String, String> {
        &self.annotations
    }

    /// One annotation.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }

    /// URLs the content may also be fetched from (foreign layers).
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// The artifact type of the manifest it points to (OCI 1.1 index entries and referrers).
    pub fn artifact_type(&self) -> Option<&str> {
        self.artifact_type.as_deref()
    }

    /// True for a BuildKit attestation entry: platform unknown/unknown and
    /// `vnd.docker.reference.type` = `attestation-manifest`. It is not a platform of the image.
    pub fn is_attestation(&self) -> bool {
        self.annotation(REFERENCE_TYPE) == Some("attestation-manifest")
            || (self.annotation(REFERENCE_DIGEST).is_some()
                && self
                    .platform
                    .as_ref()
                    .is_some_and(|p| p.os == "unknown" && p.architecture == "unknown"))
    }

    /// The digest of the image an attestation entry attests.
    pub fn attests(&self) -> Option<&str> {
        if self.is_attestation() {
            self.annotation(REFERENCE_DIGEST)
        } else {
            None
        }
    }
}

/// The platform an image runs on: os, architecture and optional variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Platform {
    pub(crate) architecture: String,
    pub(crate) os: String,
    pub(crate) variant: Option<String>,
    pub(crate) os_version: Option<String>,
    pub(crate) os_features: Vec<String>,
}

impl Platform {
    /// A platform from its parts.
    pub fn new(os: &str, architecture: &str, variant: Option<&str>) -> Self {
        Platform {
            architecture: architecture.to_string(),
            os: os.to_string(),
            variant: variant.map(str::to_string),
            os_version: None,
            os_features: Vec::new(),
        }
    }

    /// The operating system, e.g. `linux`.
    pub fn os(&self) -> &str {
        &self.os
    }

    /// The CPU architecture, e.g. `amd64`.
    pub fn architecture(&self) -> &str {
        &self.architecture
    }

    /// The CPU variant, e.g. `v8`.
    pub fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }

    /// The OS version (Windows images).
    pub fn os_version(&self) -> Option<&str> {
        self.os_version.as_deref()
    }

    /// True when `wanted` names this platform. A wanted platform without variant matches any
    /// variant; `arm64` without variant also matches `v8`, as containerd does.
    pub fn matches(&self, wanted: &Platform) -> bool {
        self.os == wanted.os
            && self.architecture == wanted.architecture
            && match (wanted.variant(), self.variant()) {
                (None, _) => true,
                (Some(w), Some(s)) => w == s,
                (Some(w), None) => self.architecture == "arm64" && w == "v8",
            }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

/// Why a platform string (`os/arch[/variant]`) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformParseError(pub String);

impl fmt::Display for PlatformParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a platform: write os/architecture or os/architecture/variant, e.g. linux/arm64/v8",
            self.0
        )
    }
}

impl std::error::Error for PlatformParseError {}

impl FromStr for Platform {
    type Err = PlatformParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split('/').collect();
        let valid_part = |p: &&str| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        };
        if !(2..=3).contains(&parts.len()) || !parts.iter().all(valid_part) {
            return Err(PlatformParseError(s.to_string()));
        }
        Ok(Platform::new(parts[0], parts[1], parts.get(2).copied()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_round_trips_through_text() {
        for text in ["linux/amd64", "linux/arm64/v8", "windows/amd64"] {
            assert_eq!(text.parse::<Platform>().unwrap().to_string(), text);
        }
        for bad in ["", "linux", "linux/", "a/b/c/d", "linux/amd 64", "/amd64"] {
            assert!(bad.parse::<Platform>().is_err(), "{bad}");
        }
    }

    #[test]
    fn arm64_without_variant_matches_v8() {
        let image = Platform::new("linux", "arm64", None);
        assert!(image.matches(&"linux/arm64/v8".parse().unwrap()));
        assert!(image.matches(&"linux/arm64".parse().unwrap()));
        let v7 = Platform::new("linux", "arm", Some("v7"));
        assert!(!v7.matches(&"linux/arm/v6".parse().unwrap()));
    }
}
