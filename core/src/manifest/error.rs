//! Why a document is not a manifest this client understands.

/// Why a document was refused as a manifest.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// The bytes are not JSON.
    #[error("the manifest is not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object.
    #[error("the manifest is JSON but not an object")]
    NotAnObject,
    /// The Content-Type is not a manifest type (e.g. `text/html` from a proxy's error page).
    #[error("the registry answered with \"{0}\", which is not a manifest type")]
    NotAManifestType(String),
    /// `schemaVersion` is missing or not 1 or 2.
    #[error("unknown schemaVersion {0}: expected 1 or 2")]
    UnknownSchemaVersion(String),
    /// The Content-Type and the document's `mediaType` disagree.
    #[error("the Content-Type says {content_type} but the document says mediaType {declared}")]
    MediaTypeConflict {
        /// The Content-Type sent.
        content_type: String,
        /// The `mediaType` written in the document.
        declared: String,
    },
    /// A required field is missing or has the wrong type.
    #[error("invalid manifest: {0}")]
    Invalid(String),
    /// A schema 1 `signatures` entry is malformed.
    #[error("malformed schema 1 signature: {0}")]
    BadSignature(String),
}
