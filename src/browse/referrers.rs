//! The registry I/O of an image's referrers (signatures, SBOMs, attestations that name its
//! manifests as subject), with the exchanges it took, and what kind of artifact each one is.

use regscope_core::referrers::Referrer;
use regscope_core::{Client, Reference, Transport};

use crate::services::fetched::Finished;
use crate::services::session::Session;

use super::services::packed;

/// Referrers per subject digest, in the order the subjects were asked for.
pub type ReferrerLists = Vec<(String, Vec<Referrer>)>;

/// The referrers of each manifest in `subjects` (digests) of `reference`'s repository, with
/// the session's client (and the credentials this tab remembered for the registry).
pub async fn referrers(
    session: &Session,
    reference: &Reference,
    subjects: Vec<String>,
) -> Finished<ReferrerLists> {
    session.restore(reference.api_host());
    referrers_with(&session.client, reference, subjects).await
}

/// The referrers of each manifest in `subjects`, in order, with `client` (on the server that
/// renders a shared link too).
pub async fn referrers_with<T: Transport>(
    client: &Client<T>,
    reference: &Reference,
    subjects: Vec<String>,
) -> Finished<ReferrerLists> {
    let mut all = Vec::new();
    for subject in subjects {
        match client.list_referrers(reference, &subject).await {
            Ok(found) => all.push((subject, found)),
            Err(e) => return packed(client, reference, Vec::new(), Err(e)),
        }
    }
    packed(client, reference, Vec::new(), Ok(all))
}

/// What kind of artifact an artifact (or media) type names, in words: a signature, an SBOM,
/// an attestation, or `None` for anything else.
pub fn kind(artifact_type: &str) -> Option<&'static str> {
    let t = artifact_type.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["sbom", "spdx", "cyclonedx", "syft"]) {
        Some("SBOM")
    } else if has(&[
        "in-toto",
        "intoto",
        "att.",
        "attestation",
        "provenance",
        "slsa",
    ]) {
        Some("attestation")
    } else if has(&["sig.", "signature", "notary", "cosign.simplesigning"]) {
        Some("signature")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_kinds_in_words() {
        for (t, want) in [
            (
                "application/vnd.dev.cosign.artifact.sig.v1+json",
                Some("signature"),
            ),
            ("application/vnd.cncf.notary.signature", Some("signature")),
            (
                "application/vnd.dev.cosign.artifact.sbom.v1+json",
                Some("SBOM"),
            ),
            ("application/spdx+json", Some("SBOM")),
            (
                "application/vnd.dev.cosign.artifact.att.v1+json",
                Some("attestation"),
            ),
            ("application/vnd.in-toto+json", Some("attestation")),
            ("application/vnd.oci.image.manifest.v1+json", None),
        ] {
            assert_eq!(kind(t), want, "{t}");
        }
    }
}
