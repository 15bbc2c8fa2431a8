//! The platform an image runs on (`os/architecture[/variant]`): read from an index entry,
//! parsed from text, and matched against the platform asked for.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::json_fields::{Fields, Problem};

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

    /// Reads an index entry's `platform` object; every field may be missing.
    pub(crate) fn read(value: &Value) -> Result<Platform, Problem> {
        let fields = Fields::of(value, "the platform")?;
        Ok(Platform {
            architecture: fields.text("architecture")?,
            os: fields.text("os")?,
            variant: fields.string("variant")?,
            os_version: fields.string("os.version")?,
            os_features: fields.strings("os.features")?,
        })
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

    /// The OS features (`os.features`, Windows images).
    pub fn os_features(&self) -> &[String] {
        &self.os_features
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
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a platform: write os/architecture or os/architecture/variant, e.g. linux/arm64/v8"
)]
pub struct PlatformParseError(pub String);

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
    use serde_json::json;

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

    #[test]
    fn reads_every_field_and_names_the_wrong_one() {
        let windows = json!({"architecture": "amd64", "os": "windows",
            "os.version": "10.0.17763.1", "os.features": ["win32k"], "other": 1});
        let platform = Platform::read(&windows).unwrap();
        assert_eq!(platform.to_string(), "windows/amd64");
        assert_eq!(platform.os_version(), Some("10.0.17763.1"));
        assert_eq!(platform.os_features(), ["win32k"]);
        assert_eq!(
            Platform::read(&json!({})).unwrap(),
            Platform::new("", "", None)
        );
        assert_eq!(
            Platform::read(&json!({"os": "linux", "variant": 8})),
            Err("`variant` is not a string".into())
        );
        assert_eq!(
            Platform::read(&json!("linux/amd64")),
            Err("the platform is not an object".into())
        );
    }
}
