//! Why a document is not a manifest this client understands.

use std::fmt;

/// Why a document was refused as a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestError {
    /// The bytes are not JSON.
    NotJson(String),
    /// The JSON is not an object.
    NotAnObject,
    /// The Content-Type is not a manifest type (e.g. `text/html` from a proxy's error page).
    NotAManifestType(String),
    /// `schemaVersion` is missing or not 1 or 2.
    UnknownSchemaVersion(String),
    /// The Content-Type and the document's `mediaType` disagree.
    MediaTypeConflict {
        /// The Content-Type sent.
        content_type: String,
        /// The `mediaType` written in the document.
        declared: String,
    },
    /// A required field is missing or has the wrong type.
    Invalid(String),
    /// A schema 1 `signatures` entry is malformed.
    BadSignature(String),
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::NotJson(e) => write!(f, "the manifest is not valid JSON: {e}"),
            ManifestError::NotAnObject => f.write_str("the manifest is JSON but not an object"),
            ManifestError::NotAManifestType(t) => {
                write!(
                    f,
                    "the registry answered with \"{t}\", which is not a manifest type"
                )
            }
            ManifestError::UnknownSchemaVersion(v) => {
                write!(f, "unknown schemaVersion {v}: expected 1 or 2")
            }
            ManifestError::MediaTypeConflict {
                content_type,
                declared,
            } => write!(
                f,
                "the Content-Type says {content_type} but the document says mediaType {declared}"
            ),
            ManifestError::Invalid(why) => write!(f, "invalid manifest: {why}"),
            ManifestError::BadSignature(why) => {
                write!(f, "malformed schema 1 signature: {why}")
            }
        }
    }
}

impl std::error::Error for ManifestError {}
