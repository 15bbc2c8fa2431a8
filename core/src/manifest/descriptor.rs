//! Content descriptors: what a manifest points to (media type, digest, size), with the
//! platform, annotations, URLs and artifact type an entry may carry.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Platform;
use crate::digest;
use crate::json_fields::{Fields, Problem};

/// Annotation BuildKit puts on attestation entries of an index (other tools use it for other
/// kinds of entries).
pub const REFERENCE_TYPE: &str = "vnd.docker.reference.type";
/// The [`REFERENCE_TYPE`] of an attestation entry.
pub const ATTESTATION_MANIFEST: &str = "attestation-manifest";
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

    /// Reads a descriptor object: `mediaType`, `digest` (of the OCI digest grammar) and `size`
    /// are required, the rest optional.
    pub(crate) fn read(value: &Value) -> Result<Descriptor, Problem> {
        let fields = Fields::of(value, "the descriptor")?;
        let descriptor = Descriptor {
            media_type: fields.required_text("mediaType")?,
            digest: fields.required_text("digest")?,
            size: fields
                .unsigned("size")?
                .ok_or_else(|| "`size` is missing".to_string())?,
            platform: fields.object("platform", Platform::read)?,
            annotations: fields.string_map("annotations")?,
            urls: fields.strings("urls")?,
            artifact_type: fields.string("artifactType")?,
        };
        if descriptor.media_type.is_empty() {
            return Err("`mediaType` is empty".into());
        }
        if !digest::is_well_formed(&descriptor.digest) {
            return Err(format!("\"{}\" is not a digest", descriptor.digest));
        }
        Ok(descriptor)
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

    /// The entry's `vnd.docker.reference.type` (BuildKit's `attestation-manifest`, or another
    /// type such as regclient's `builder`): what the entry is when it is not a platform.
    pub fn reference_type(&self) -> Option<&str> {
        self.annotation(REFERENCE_TYPE)
    }

    /// True for a BuildKit attestation entry: `vnd.docker.reference.type` is
    /// `attestation-manifest` (its platform, usually unknown/unknown, does not decide). It is
    /// not a platform of the image.
    pub fn is_attestation(&self) -> bool {
        self.reference_type() == Some(ATTESTATION_MANIFEST)
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const D: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    #[test]
    fn reads_a_full_entry() {
        let entry = json!({
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": D, "size": 7682,
            "platform": {"architecture": "arm", "os": "linux", "variant": "v7"},
            "annotations": {"a": "b"}, "urls": ["https://example.com/x"],
            "artifactType": "application/vnd.example", "unknown": [1, 2]
        });
        let d = Descriptor::read(&entry).unwrap();
        assert_eq!((d.digest(), d.size()), (D, 7682));
        assert_eq!(d.platform().unwrap().to_string(), "linux/arm/v7");
        assert_eq!(d.annotation("a"), Some("b"));
        assert_eq!(d.urls(), ["https://example.com/x"]);
        assert_eq!(d.artifact_type(), Some("application/vnd.example"));
    }

    #[test]
    fn refusals_name_the_field() {
        let cases = [
            (json!({"digest": D, "size": 1}), "`mediaType` is missing"),
            (
                json!({"mediaType": "", "digest": D, "size": 1}),
                "`mediaType` is empty",
            ),
            (json!({"mediaType": "m", "size": 1}), "`digest` is missing"),
            (json!({"mediaType": "m", "digest": D}), "`size` is missing"),
            (
                json!({"mediaType": "m", "digest": D, "size": -1}),
                "`size` is not a non-negative integer",
            ),
            (
                json!({"mediaType": "m", "digest": "sha256:", "size": 1}),
                "\"sha256:\" is not a digest",
            ),
            (
                json!({"mediaType": "m", "digest": D, "size": 1, "platform": 3}),
                "in `platform`: the platform is not an object",
            ),
            (
                json!({"mediaType": "m", "digest": D, "size": 1, "annotations": {"k": 1}}),
                "`annotations.k` is not a string",
            ),
            (json!(["m", D, 1]), "the descriptor is not an object"),
        ];
        for (value, expected) in cases {
            assert_eq!(
                Descriptor::read(&value),
                Err(expected.to_string()),
                "{value}"
            );
        }
    }
}
