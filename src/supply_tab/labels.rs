//! The words the tab uses for what the engine found: where an artifact was found, what kind it
//! is, an SBOM's format, and every comparison as one [`Check`] (a statement's subjects too), so
//! that one component renders every outcome the same way.

use regscope_supply::Check;
use regscope_supply::gather::{ArtifactKind, Found};
use regscope_supply::sbom::Format;
use regscope_supply::statement::SubjectMatch;

/// Where an artifact was found, in words; `subject` is the manifest it is attached to (the
/// referrers tag is named after it).
pub fn found_words(found: &Found, subject: &str) -> String {
    match found {
        Found::AttestationManifest => {
            "an attestation manifest entry of the index (BuildKit)".into()
        }
        Found::ReferrersApi => "the registry's referrers API".into(),
        Found::ReferrersTag => format!(
            "the referrers tag {} (the registry has no referrers API)",
            subject.replace(':', "-")
        ),
        Found::CosignTag(tag) => format!("the cosign tag {tag}"),
    }
}

/// Where an artifact was found, as the `data-found` attribute tests read.
pub fn found_slug(found: &Found) -> &'static str {
    match found {
        Found::AttestationManifest => "attestation-manifest",
        Found::ReferrersApi => "referrers-api",
        Found::ReferrersTag => "referrers-tag",
        Found::CosignTag(_) => "cosign-tag",
    }
}

/// An artifact kind: its heading and its `data-kind` attribute.
pub fn kind_words(kind: ArtifactKind) -> (&'static str, &'static str) {
    match kind {
        ArtifactKind::CosignSignature => ("Cosign signature", "cosign-signature"),
        ArtifactKind::Attestation => ("Attestation", "attestation"),
        ArtifactKind::CosignSbom => ("Cosign SBOM", "cosign-sbom"),
        ArtifactKind::BuildKitAttestation => ("BuildKit attestation", "buildkit-attestation"),
        ArtifactKind::NotarySignature => ("Notary v2 signature", "notary-signature"),
        ArtifactKind::Other => ("Other artifact", "other"),
    }
}

/// An SBOM format and version (`SPDX-2.3`, `CycloneDX 1.5`).
pub fn format_words(format: &Format) -> String {
    match format {
        Format::Spdx(version) => version.clone(),
        Format::CycloneDx(version) => format!("CycloneDX {version}"),
    }
}

/// A check's outcome as the `data-state` attribute tests read.
pub fn check_slug(check: &Check) -> &'static str {
    match check {
        Check::Verified(_) => "verified",
        Check::Invalid(_) => "invalid",
        Check::NotChecked(_) => "not-checked",
    }
}

/// A statement's subjects against the manifest `subject`, as a check.
pub fn subject_check(found: &SubjectMatch, subject: &str) -> Check {
    match found {
        SubjectMatch::Match => Check::Verified(format!("a subject's sha256 digest is {subject}")),
        SubjectMatch::Mismatch(digests) => Check::Invalid(format!(
            "the statement is about {}, not this manifest ({subject})",
            if digests.is_empty() {
                "no sha256 digest".to_string()
            } else {
                digests.join(", ")
            }
        )),
        SubjectMatch::NotChecked(why) => Check::NotChecked(why.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_read_as_checks() {
        let m = "sha256:aa";
        assert_eq!(
            check_slug(&subject_check(&SubjectMatch::Match, m)),
            "verified"
        );
        let mismatch = subject_check(&SubjectMatch::Mismatch(vec!["sha256:bb".into()]), m);
        assert_eq!(check_slug(&mismatch), "invalid");
        assert!(mismatch.reason().contains("sha256:bb"));
        let not = subject_check(&SubjectMatch::NotChecked("no digest".into()), m);
        assert_eq!(not, Check::NotChecked("no digest".into()));
    }

    #[test]
    fn the_referrers_tag_is_named_after_the_subject() {
        assert_eq!(
            found_words(&Found::ReferrersTag, "sha256:ab"),
            "the referrers tag sha256-ab (the registry has no referrers API)"
        );
        assert_eq!(found_slug(&Found::CosignTag("x.sig".into())), "cosign-tag");
        assert_eq!(
            format_words(&Format::CycloneDx("1.5".into())),
            "CycloneDX 1.5"
        );
    }
}
