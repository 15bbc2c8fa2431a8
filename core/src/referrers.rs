//! Referrers of a manifest (signatures, SBOMs, attestations): the OCI 1.1 referrers API, its
//! `sha256-<hex>` tag fallback for registries without the API, and cosign's `.sig`/`.att`/
//! `.sbom` tags.

use crate::client::Client;
use crate::endpoints;
use crate::error::{Error, Missing};
use crate::inspect::check_status;
use crate::manifest::{Descriptor, Manifest};
use crate::media_types;
use crate::rate_limit::PullQuota;
use crate::reference::Reference;
use crate::transport::{Request, Transport};

/// cosign's tag suffixes and the artifact type each stands for.
pub const COSIGN_TAGS: [(&str, &str); 3] = [
    ("sig", "application/vnd.dev.cosign.artifact.sig.v1+json"),
    ("att", "application/vnd.dev.cosign.artifact.att.v1+json"),
    ("sbom", "application/vnd.dev.cosign.artifact.sbom.v1+json"),
];

/// How a referrer was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FoundBy {
    /// Listed by the registry's referrers API.
    Api,
    /// Listed in the index tagged `sha256-<hex>` (the OCI 1.1 fallback).
    TagSchema,
    /// Tagged with cosign's convention, e.g. `sha256-<hex>.sig`.
    CosignTag(String),
}

/// One manifest that refers to the subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referrer {
    /// Its descriptor (with `artifactType` and annotations when the source gives them).
    pub descriptor: Descriptor,
    /// Where it was found.
    pub found_by: FoundBy,
}

impl<T: Transport> Client<T> {
    /// Lists the referrers of the manifest `digest` in `reference`'s repository.
    ///
    /// Asks the referrers API first; when the registry has none (404, 400, 405), reads the
    /// `sha256-<hex>` fallback tag. cosign's tags are checked with HEAD requests (HEADs do not
    /// count against Docker Hub's pull limit).
    pub async fn list_referrers(
        &self,
        reference: &Reference,
        digest: &str,
    ) -> Result<Vec<Referrer>, Error> {
        let mut found = self.referrers_api_or_tag(reference, digest).await?;
        let Some(tag_base) = endpoints::referrers_tag(digest) else {
            return Ok(found);
        };
        for (suffix, artifact_type) in COSIGN_TAGS {
            let tag = format!("{tag_base}.{suffix}");
            if let Some(mut descriptor) = self.head_manifest(reference, &tag).await? {
                descriptor.artifact_type = Some(artifact_type.to_string());
                if !found
                    .iter()
                    .any(|r| r.descriptor.digest() == descriptor.digest())
                {
                    found.push(Referrer {
                        descriptor,
                        found_by: FoundBy::CosignTag(tag),
                    });
                }
            }
        }
        Ok(found)
    }

    async fn referrers_api_or_tag(
        &self,
        reference: &Reference,
        digest: &str,
    ) -> Result<Vec<Referrer>, Error> {
        let request = Request::get(endpoints::referrers(self.plain_http(), reference, digest))
            .header("Accept", media_types::OCI_INDEX);
        let response = self
            .send_authorized(reference, request, "referrers")
            .await?;
        let api_supported = response.is_success()
            && media_types::essence(response.header("content-type").unwrap_or(""))
                == media_types::OCI_INDEX;
        if api_supported {
            let index = Manifest::parse(media_types::OCI_INDEX, &response.body)?;
            return Ok(as_referrers(&index, FoundBy::Api));
        }
        if !matches!(response.status, 404 | 400 | 405) && !response.is_success() {
            check_status(response, digest, Missing::Manifest)?;
        }
        let Some(tag) = endpoints::referrers_tag(digest) else {
            return Ok(Vec::new());
        };
        match self.fetch_manifest(reference, &tag).await {
            Ok(fallback) if fallback.manifest.kind().is_index() => {
                Ok(as_referrers(&fallback.manifest, FoundBy::TagSchema))
            }
            Ok(_) => Ok(Vec::new()),
            Err(Error::NotFound { .. }) => Ok(Vec::new()),
            Err(other) => Err(other),
        }
    }

    /// HEADs a manifest: its descriptor (type, digest, size) when it exists, `None` on 404.
    pub async fn head_manifest(
        &self,
        reference: &Reference,
        target: &str,
    ) -> Result<Option<Descriptor>, Error> {
        Ok(self.head_manifest_quota(reference, target).await?.0)
    }

    /// [`Self::head_manifest`], with the pull quota the answer announced (Docker Hub sends it
    /// on HEAD too, which it does not count as a pull).
    pub async fn head_manifest_quota(
        &self,
        reference: &Reference,
        target: &str,
    ) -> Result<(Option<Descriptor>, Option<PullQuota>), Error> {
        let request = Request::head(endpoints::manifest(self.plain_http(), reference, target))
            .header("Accept", media_types::manifest_accept_header());
        let response = self
            .send_authorized(reference, request, "manifest HEAD")
            .await?;
        if response.status == 404 {
            return Ok((None, None));
        }
        let response = check_status(response, target, Missing::Manifest)?;
        let digest = response.header("docker-content-digest").unwrap_or("");
        let media_type = media_types::essence(response.header("content-type").unwrap_or(""));
        let size = response
            .header("content-length")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let quota = PullQuota::from_response(&response);
        Ok((Some(Descriptor::new(&media_type, digest, size)), quota))
    }
}

fn as_referrers(index: &Manifest, found_by: FoundBy) -> Vec<Referrer> {
    index
        .manifests()
        .iter()
        .map(|descriptor| Referrer {
            descriptor: descriptor.clone(),
            found_by: found_by.clone(),
        })
        .collect()
}
