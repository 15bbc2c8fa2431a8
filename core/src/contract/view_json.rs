//! A shared link's view as JSON, for machines: what `GET /?image=…` answers with
//! `Accept: application/json` or `&format=json` instead of the page. Defined once here, so the
//! relay writes it and a Rust client reads it with the same types.
//!
//! The shape is versioned by [`ViewJson::schema`] ([`VIEW_JSON_SCHEMA`]): fields may be added
//! within a version, never renamed or removed.

use serde::{Deserialize, Serialize};

use super::error_words::error_words;
use super::view_json_error::{error_kind, error_status};
use crate::Reference;
use crate::error::Error;
use crate::inspect::Inspection;
use crate::manifest::Descriptor;
use crate::view_outcome::ViewOutcome;

/// The version of the JSON shape this crate writes.
pub const VIEW_JSON_SCHEMA: u32 = 1;

/// The `format` parameter value that asks a shared link for JSON.
pub const JSON_FORMAT: &str = "json";

/// A view: the reference, then the image or the error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewJson {
    /// The shape's version ([`VIEW_JSON_SCHEMA`]).
    pub schema: u32,
    /// The reference as given and as resolved.
    pub reference: ReferenceJson,
    /// The image, when the view has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageJson>,
    /// Why there is no image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
}

/// The reference of a view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceJson {
    /// The text of the link's `image` parameter.
    pub given: String,
    /// The reference parsed, with registry and repository in full
    /// (`docker.io/library/alpine:latest`); absent when it does not parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// The reference pinned to the top digest (`repo:tag@sha256:…`, the tag kept when there
    /// is one), when the manifest was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
}

/// The image a reference names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageJson {
    /// The digest of the manifest the reference names (an index or an image manifest).
    pub digest: String,
    /// Its media type.
    pub media_type: String,
    /// For an index: each entry, platforms and typed entries (attestations, …) alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<EntryJson>,
    /// The image manifest shown: the chosen platform's for an index, else the top one.
    pub manifest: ManifestJson,
}

/// What an index entry is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryRole {
    /// A platform of the image.
    Platform,
    /// A BuildKit attestation (`vnd.docker.reference.type: attestation-manifest`).
    Attestation,
    /// An entry of another `vnd.docker.reference.type`.
    Other,
}

/// One entry of an index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryJson {
    /// What the entry is.
    pub role: EntryRole,
    /// Its platform, `os/arch[/variant]`, when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The manifest's digest.
    pub digest: String,
    /// The manifest's media type.
    pub media_type: String,
    /// The manifest's size in bytes.
    pub size: u64,
    /// The `vnd.docker.reference.type` of a typed entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_type: Option<String>,
    /// For an attestation: the digest of the manifest it attests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attests: Option<String>,
}

/// The image manifest shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestJson {
    /// Its digest.
    pub digest: String,
    /// Its media type.
    pub media_type: String,
    /// The platform chosen from the index, when the reference names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The config's descriptor (none for schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<BlobJson>,
    /// The layers, in order.
    pub layers: Vec<BlobJson>,
}

/// A blob's descriptor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobJson {
    /// Its digest.
    pub digest: String,
    /// Its media type.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Why a view has no image: the page's kind for the error, and the same words as the page's
/// error card (title, explanation, hint: [`super::error_words`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorJson {
    /// The error's kind, as the page names it (`manifest-unknown`, `unauthorized`, …).
    pub kind: String,
    /// The error in the core's terse words (its `Display`).
    pub message: String,
    /// The headline the page shows.
    pub title: String,
    /// What happened, as the page says it.
    pub explanation: String,
    /// What to do about it, as the page says it (when it says anything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The HTTP status the answer carries.
    pub status: u16,
    /// For an unknown tag: the tags the repository has, when the registry listed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_tags: Option<Vec<String>>,
    /// For a platform the index lacks: the platforms it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_platforms: Option<Vec<String>>,
}

impl ViewJson {
    /// The JSON of the view of `given` (the link's `image` text) that ended in `outcome`.
    pub fn from_outcome(given: &str, outcome: &ViewOutcome) -> ViewJson {
        let resolved = outcome.reference.as_ref().map(ToString::to_string);
        let (image, error, pinned) = match &outcome.result {
            Ok(inspection) => (
                Some(image_json(inspection)),
                None,
                Some(inspection.top.reference.to_string()),
            ),
            Err(e) => (
                None,
                Some(ErrorJson::new(
                    e,
                    outcome.reference.as_ref(),
                    outcome.existing_tags.clone(),
                )),
                None,
            ),
        };
        ViewJson {
            schema: VIEW_JSON_SCHEMA,
            reference: ReferenceJson {
                given: given.to_string(),
                resolved,
                pinned,
            },
            image,
            error,
        }
    }

    /// A view that failed before any flow ran or without an error of the core (`kind`,
    /// `title`, `message`, `status` given; the message is the explanation too).
    pub fn failed(given: &str, kind: &str, title: &str, message: &str, status: u16) -> ViewJson {
        ViewJson {
            schema: VIEW_JSON_SCHEMA,
            reference: ReferenceJson {
                given: given.to_string(),
                resolved: None,
                pinned: None,
            },
            image: None,
            error: Some(ErrorJson {
                kind: kind.to_string(),
                message: message.to_string(),
                title: title.to_string(),
                explanation: message.to_string(),
                hint: None,
                status,
                existing_tags: None,
                available_platforms: None,
            }),
        }
    }

    /// The HTTP status of this view: its error's, else 200.
    pub fn status(&self) -> u16 {
        self.error.as_ref().map_or(200, |e| e.status)
    }
}

impl ErrorJson {
    /// The JSON of `error`, met while inspecting `reference` (when it parsed), with the tags
    /// that exist when the tag did not.
    pub fn new(
        error: &Error,
        reference: Option<&Reference>,
        existing_tags: Option<Vec<String>>,
    ) -> ErrorJson {
        let words = error_words(error, reference);
        let available_platforms = match error {
            Error::PlatformNotFound { available, .. } if !available.is_empty() => {
                Some(available.clone())
            }
            _ => None,
        };
        ErrorJson {
            kind: error_kind(error).to_string(),
            message: error.to_string(),
            title: words.title.to_string(),
            explanation: words.explanation,
            hint: words.hint,
            status: error_status(error),
            existing_tags,
            available_platforms,
        }
    }
}

fn image_json(inspection: &Inspection) -> ImageJson {
    let top = &inspection.top;
    let image = inspection.image();
    let entries = top.manifest.manifests().iter().map(entry_json).collect();
    ImageJson {
        digest: top.digest.clone(),
        media_type: top.manifest.media_type().to_string(),
        entries,
        manifest: ManifestJson {
            digest: image.digest.clone(),
            media_type: image.manifest.media_type().to_string(),
            platform: inspection
                .chosen
                .as_ref()
                .and_then(|d| d.platform().map(ToString::to_string)),
            config: image
                .manifest
                .config()
                .filter(|c| !c.digest().is_empty())
                .map(blob_json),
            layers: image.manifest.layers().iter().map(blob_json).collect(),
        },
    }
}

fn entry_json(entry: &Descriptor) -> EntryJson {
    let role = match entry.reference_type() {
        None => EntryRole::Platform,
        Some(_) if entry.is_attestation() => EntryRole::Attestation,
        Some(_) => EntryRole::Other,
    };
    EntryJson {
        role,
        platform: entry.platform().map(ToString::to_string),
        digest: entry.digest().to_string(),
        media_type: entry.media_type().to_string(),
        size: entry.size(),
        reference_type: entry.reference_type().map(str::to_string),
        attests: entry.attests().map(str::to_string),
    }
}

fn blob_json(descriptor: &Descriptor) -> BlobJson {
    BlobJson {
        digest: descriptor.digest().to_string(),
        media_type: descriptor.media_type().to_string(),
        size: descriptor.size(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_view_round_trips_with_its_status() {
        let view = ViewJson::failed("x", "overloaded", "The relay is busy", "busy", 503);
        assert_eq!(view.status(), 503);
        let text = serde_json::to_string(&view).expect("serializes");
        assert!(text.starts_with("{\"schema\":1,"), "{text}");
        assert!(!text.contains("\"image\""), "absent fields are left out");
        let back: ViewJson = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, view);
    }

    #[test]
    fn an_invalid_reference_is_a_400_without_a_resolution() {
        let outcome = ViewOutcome {
            reference: None,
            result: Err(Error::from(
                "UPPER".parse::<crate::Reference>().unwrap_err(),
            )),
            existing_tags: None,
            trace: Vec::new(),
        };
        let view = ViewJson::from_outcome("UPPER", &outcome);
        let error = view.error.as_ref().expect("an error");
        assert_eq!(error.kind, "invalid-reference");
        assert_eq!(view.status(), 400);
        assert!(error.message.starts_with("invalid reference"), "{error:?}");
        assert_eq!(view.reference.resolved, None);
        assert_eq!(view.reference.given, "UPPER");
    }

    #[test]
    fn entry_roles_are_lower_case_words() {
        let text = serde_json::to_string(&[
            EntryRole::Platform,
            EntryRole::Attestation,
            EntryRole::Other,
        ])
        .expect("serializes");
        assert_eq!(text, "[\"platform\",\"attestation\",\"other\"]");
    }
}
