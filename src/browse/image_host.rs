//! What the main app gives the browse module for one image's lists (the Tags and Referrers
//! tabs): the image's resolved reference and the manifests whose referrers are listed, written
//! as `data-` attributes of the host element ([`crate::lazy::lazy_image_view`]), so the module
//! does not resolve the image again.

use regscope_core::Reference;

/// The host's data, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageHost {
    /// The image's resolved reference (`data-reference`).
    pub reference: Option<String>,
    /// Manifest digests, space-separated (`data-subjects`).
    pub subjects: Option<String>,
}

impl ImageHost {
    /// The image's reference, when the host names one that parses.
    pub fn reference(&self) -> Option<Reference> {
        self.reference.as_deref()?.trim().parse().ok()
    }

    /// The manifests whose referrers are listed (digests), in order.
    pub fn subjects(&self) -> Vec<String> {
        self.subjects
            .as_deref()
            .unwrap_or_default()
            .split_ascii_whitespace()
            .filter(|d| d.contains(':'))
            .map(str::to_string)
            .collect()
    }

    /// The tag the image was opened by (`latest` when the reference names neither tag nor
    /// digest; `None` for a digest).
    pub fn tag(&self) -> Option<String> {
        let reference = self.reference()?;
        match (reference.tag(), reference.digest()) {
            (Some(tag), _) => Some(tag.to_string()),
            (None, None) => Some("latest".to_string()),
            (None, Some(_)) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_data_reads_back() {
        let host = ImageHost {
            reference: Some("127.0.0.1:5000/many/tags:v1.2.3".into()),
            subjects: Some(" sha256:aa  sha256:bb nonsense".into()),
        };
        assert_eq!(
            host.reference()
                .map(|r| r.repository().to_string())
                .as_deref(),
            Some("many/tags")
        );
        assert_eq!(host.subjects(), ["sha256:aa", "sha256:bb"]);
        assert_eq!(host.tag().as_deref(), Some("v1.2.3"));
        let pinned = ImageHost {
            reference: Some(format!("h:5000/a/b@sha256:{}", "a".repeat(64))),
            subjects: None,
        };
        assert_eq!(pinned.tag(), None);
        assert!(pinned.subjects().is_empty());
        assert_eq!(ImageHost::default().reference(), None);
        let bare = ImageHost {
            reference: Some("h:5000/a/b".into()),
            subjects: None,
        };
        assert_eq!(bare.tag().as_deref(), Some("latest"));
    }
}
