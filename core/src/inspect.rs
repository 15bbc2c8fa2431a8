//! The inspect flow: manifest (with the full Accept list) → platform manifest → config blob,
//! each verified against its digest.

use crate::client::Client;
use crate::config::ImageConfig;
use crate::digest;
use crate::endpoints;
use crate::error::{Error, Missing};
use crate::manifest::{Descriptor, Manifest, Platform};
use crate::media_types;
use crate::object_cache::CachedObject;
use crate::rate_limit::PullQuota;
use crate::reference::Reference;
use crate::registry_error::{RateLimit, parse_errors};
use crate::transport::{Request, Response, Transport};

/// A manifest as received: its digest (verified), media type, exact bytes and parsed form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedManifest {
    /// The reference pinned to this manifest's digest.
    pub reference: Reference,
    /// The registry digest (`sha256:…`), verified against the bytes.
    pub digest: String,
    /// The Content-Type the registry sent.
    pub content_type: String,
    /// The body exactly as received.
    pub bytes: Vec<u8>,
    /// The parsed manifest.
    pub manifest: Manifest,
    /// The pull quota the answer announced (Docker Hub); `None` when it came from the cache.
    pub pull_quota: Option<PullQuota>,
}

/// A blob as received, verified against its digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedBlob {
    /// The digest asked for (and verified).
    pub digest: String,
    /// The Content-Type the registry sent.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Everything the inspector shows about one reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The reference as asked.
    pub reference: Reference,
    /// The manifest the reference names (an index, a list, or an image manifest).
    pub top: FetchedManifest,
    /// For an index: the entry chosen for the platform.
    pub chosen: Option<Descriptor>,
    /// For an index: the chosen platform's manifest.
    pub platform: Option<FetchedManifest>,
    /// The config blob of the image manifest (none for schema 1).
    pub config_blob: Option<FetchedBlob>,
    /// The parsed config.
    pub config: Option<ImageConfig>,
}

impl Inspection {
    /// The image manifest shown: the chosen platform's, or the top one when it is not an index.
    pub fn image(&self) -> &FetchedManifest {
        self.platform.as_ref().unwrap_or(&self.top)
    }

    /// The pull quota the registry announced last in this flow (Docker Hub's `ratelimit-*`).
    pub fn pull_quota(&self) -> Option<&PullQuota> {
        self.platform
            .as_ref()
            .and_then(|p| p.pull_quota.as_ref())
            .or(self.top.pull_quota.as_ref())
    }
}

impl<T: Transport> Client<T> {
    /// Runs the whole flow for `reference`, choosing `platform` (default linux/amd64, else the
    /// first) when the reference names an index.
    pub async fn inspect(
        &self,
        reference: &Reference,
        platform: Option<&Platform>,
    ) -> Result<Inspection, Error> {
        let top = self
            .fetch_manifest(reference, reference.manifest_target())
            .await?;
        let (chosen, platform_manifest) = if top.manifest.kind().is_index() {
            let chosen = top
                .manifest
                .choose_platform(platform)
                .cloned()
                .ok_or_else(|| Error::PlatformNotFound {
                    wanted: platform.map_or_else(|| "any".to_string(), ToString::to_string),
                    available: top
                        .manifest
                        .platforms()
                        .filter_map(|d| d.platform().map(ToString::to_string))
                        .collect(),
                })?;
            let fetched = self.fetch_manifest(reference, chosen.digest()).await?;
            (Some(chosen), Some(fetched))
        } else {
            (None, None)
        };
        let image = platform_manifest.as_ref().unwrap_or(&top);
        let (config_blob, config) = match image.manifest.config() {
            Some(descriptor) if !descriptor.digest().is_empty() => {
                let blob = self
                    .fetch_blob(reference, descriptor.digest(), "config")
                    .await?;
                let config = ImageConfig::parse(&blob.bytes)?;
                (Some(blob), Some(config))
            }
            _ => (None, None),
        };
        Ok(Inspection {
            reference: reference.clone(),
            top,
            chosen,
            platform: platform_manifest,
            config_blob,
            config,
        })
    }

    /// GETs a manifest by tag or digest with the complete Accept list, verifies its digest
    /// (against the digest asked for and against `Docker-Content-Digest`), and parses it.
    pub async fn fetch_manifest(
        &self,
        reference: &Reference,
        target: &str,
    ) -> Result<FetchedManifest, Error> {
        let host = reference.api_host();
        let by_digest = target.contains(':');
        if by_digest && let Some(kept) = self.cached_object(host, target) {
            return kept_manifest(reference, target, kept, None);
        }
        // A tag seen before in this session: a HEAD (which registries do not count as a
        // pull) tells whether it still points at the object already held.
        if !by_digest && self.known_tag_digest(reference, target).is_some() {
            let (head, quota) = self.head_manifest_quota(reference, target).await?;
            if let Some(digest) = head.as_ref().map(|d| d.digest())
                && let Some(kept) = self.cached_object(host, digest)
            {
                let digest = digest.to_string();
                return kept_manifest(reference, &digest, kept, quota);
            }
        }
        let request = Request::get(endpoints::manifest(self.plain_http(), reference, target))
            .header("Accept", media_types::manifest_accept_header());
        let response = self.send_authorized(reference, request, "manifest").await?;
        let response = check_status(response, target, Missing::Manifest)?;
        let content_type = response.header("content-type").unwrap_or("").to_string();
        if by_digest {
            digest::verify(target, &content_type, &response.body)?;
        }
        let announced = response.header("docker-content-digest").map(str::to_string);
        if let Some(announced) = &announced {
            digest::verify(announced, &content_type, &response.body)?;
        }
        let digest = match (by_digest, announced) {
            (true, _) => target.to_string(),
            (false, Some(announced)) => announced,
            (false, None) => digest::registry_digest(&content_type, &response.body)?,
        };
        let manifest = Manifest::parse(&content_type, &response.body)?;
        if !by_digest {
            self.remember_tag(reference, target, &digest);
        }
        self.keep_object(
            host,
            &digest,
            CachedObject {
                content_type: content_type.clone(),
                bytes: response.body.clone(),
            },
        );
        Ok(FetchedManifest {
            reference: reference.with_digest(&digest),
            digest,
            content_type,
            pull_quota: PullQuota::from_response(&response),
            bytes: response.body,
            manifest,
        })
    }

    /// GETs a blob and verifies it against its digest.
    pub async fn fetch_blob(
        &self,
        reference: &Reference,
        digest: &str,
        purpose: &str,
    ) -> Result<FetchedBlob, Error> {
        let host = reference.api_host();
        if let Some(kept) = self.cached_object(host, digest) {
            return Ok(FetchedBlob {
                digest: digest.to_string(),
                content_type: kept.content_type,
                bytes: kept.bytes,
            });
        }
        let request = Request::get(endpoints::blob(self.plain_http(), reference, digest));
        let response = self.send_authorized(reference, request, purpose).await?;
        let response = check_status(response, digest, Missing::Blob)?;
        digest::verify(digest, "", &response.body)?;
        let content_type = response.header("content-type").unwrap_or("").to_string();
        self.keep_object(
            host,
            digest,
            CachedObject {
                content_type: content_type.clone(),
                bytes: response.body.clone(),
            },
        );
        Ok(FetchedBlob {
            digest: digest.to_string(),
            content_type,
            bytes: response.body,
        })
    }
}

/// A manifest from the session's object cache (its bytes were verified when received), with
/// the pull quota of the HEAD that confirmed it, if any.
fn kept_manifest(
    reference: &Reference,
    digest: &str,
    kept: CachedObject,
    pull_quota: Option<PullQuota>,
) -> Result<FetchedManifest, Error> {
    let manifest = Manifest::parse(&kept.content_type, &kept.bytes)?;
    Ok(FetchedManifest {
        reference: reference.with_digest(digest),
        digest: digest.to_string(),
        content_type: kept.content_type,
        bytes: kept.bytes,
        manifest,
        pull_quota,
    })
}

/// Turns a non-success answer into the matching [`Error`].
pub fn check_status(response: Response, target: &str, missing: Missing) -> Result<Response, Error> {
    if response.is_success() {
        return Ok(response);
    }
    let errors = parse_errors(&response.body);
    let has = |code: &str| errors.iter().any(|e| e.code == code);
    let status = response.status;
    if status == 429 || has("TOOMANYREQUESTS") {
        return Err(Error::RateLimited {
            limit: RateLimit::from_response(&response).unwrap_or_default(),
        });
    }
    match status {
        404 => {
            let missing = if has("NAME_UNKNOWN") {
                Missing::Repository
            } else if has("BLOB_UNKNOWN") {
                Missing::Blob
            } else if has("MANIFEST_UNKNOWN") {
                Missing::Manifest
            } else {
                missing
            };
            Err(Error::NotFound {
                missing,
                target: target.to_string(),
                errors,
            })
        }
        403 => Err(Error::Denied { errors }),
        _ => Err(Error::Registry { status, errors }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Missing;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            path: "direct".into(),
        }
    }

    #[test]
    fn success_passes_through() {
        assert!(check_status(answer(200, &[], "{}"), "t", Missing::Manifest).is_ok());
    }

    #[test]
    fn rate_limits_carry_the_registry_headers() {
        let response = answer(
            429,
            &[
                ("ratelimit-limit", "100;w=21600"),
                ("ratelimit-remaining", "0;w=21600"),
                ("retry-after", "60"),
            ],
            r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}"#,
        );
        match check_status(response, "latest", Missing::Manifest).unwrap_err() {
            Error::RateLimited { limit } => {
                assert_eq!(limit.remaining.as_deref(), Some("0;w=21600"));
                assert_eq!(limit.retry_after.as_deref(), Some("60"));
                let text = Error::RateLimited { limit }.to_string();
                assert!(
                    text.contains("remaining: 0;w=21600") && text.contains("retry after 60 s"),
                    "{text}"
                );
            }
            other => panic!("{other}"),
        }
        // TOOMANYREQUESTS under another status is a rate limit too.
        let response = answer(503, &[], r#"{"errors":[{"code":"TOOMANYREQUESTS"}]}"#);
        assert!(matches!(
            check_status(response, "t", Missing::Manifest),
            Err(Error::RateLimited { .. })
        ));
    }

    #[test]
    fn not_found_is_told_by_its_code() {
        let cases = [
            (
                r#"{"errors":[{"code":"NAME_UNKNOWN"}]}"#,
                Missing::Blob,
                Missing::Repository,
            ),
            (
                r#"{"errors":[{"code":"BLOB_UNKNOWN"}]}"#,
                Missing::Manifest,
                Missing::Blob,
            ),
            (
                r#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#,
                Missing::Blob,
                Missing::Manifest,
            ),
            ("<html>not found</html>", Missing::Blob, Missing::Blob),
        ];
        for (body, default, expected) in cases {
            match check_status(answer(404, &[], body), "x", default).unwrap_err() {
                Error::NotFound { missing, .. } => assert_eq!(missing, expected, "{body}"),
                other => panic!("{other}"),
            }
        }
    }

    #[test]
    fn denied_and_other_statuses() {
        let denied = answer(
            403,
            &[],
            r#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#,
        );
        match check_status(denied, "x", Missing::Manifest).unwrap_err() {
            Error::Denied { errors } => assert_eq!(errors[0].code, "DENIED"),
            other => panic!("{other}"),
        }
        match check_status(answer(502, &[], "bad gateway"), "x", Missing::Manifest).unwrap_err() {
            Error::Registry { status, errors } => {
                assert_eq!(status, 502);
                assert!(errors.is_empty());
            }
            other => panic!("{other}"),
        }
    }
}
