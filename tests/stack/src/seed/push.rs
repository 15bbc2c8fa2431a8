//! Pushing blobs and manifests to a registry without auth over the HTTP API.

use anyhow::{Context, Result, bail};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Client, StatusCode, Url};

use super::blob::Blob;
use super::manifest::Manifest;

/// A registry endpoint.
#[derive(Debug, Clone)]
pub struct Registry {
    base: Url,
    http: Client,
}

impl Registry {
    /// A client for the registry at `base` (e.g. `http://127.0.0.1:5090`).
    pub fn new(base: &str) -> Result<Self> {
        let base = Url::parse(base).with_context(|| format!("registry URL {base}"))?;
        // Harmless when already installed, needed when reqwest was built without a provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = Client::builder().build().context("building HTTP client")?;
        Ok(Self { base, http })
    }

    /// `base` + `path`.
    fn url(&self, path: &str) -> Result<Url> {
        self.base
            .join(path)
            .with_context(|| format!("joining {path} to {}", self.base))
    }

    /// Uploads `blob` to `repository` unless it is already there; true when uploaded.
    pub async fn ensure_blob(&self, repository: &str, blob: &Blob) -> Result<bool> {
        let head = self
            .http
            .head(self.url(&format!("/v2/{repository}/blobs/{}", blob.digest))?)
            .send()
            .await
            .context("HEAD blob")?;
        if head.status() == StatusCode::OK {
            return Ok(false);
        }
        let start = self
            .http
            .post(self.url(&format!("/v2/{repository}/blobs/uploads/"))?)
            .send()
            .await
            .context("starting a blob upload")?;
        if start.status() != StatusCode::ACCEPTED {
            bail!("POST upload for {repository} answered {}", start.status());
        }
        let location = start
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .context("upload answer without Location")?;
        let mut url = self.url(location)?;
        url.query_pairs_mut().append_pair("digest", &blob.digest);
        let put = self
            .http
            .put(url)
            .header(CONTENT_TYPE, "application/octet-stream")
            .body(blob.bytes.clone())
            .send()
            .await
            .context("PUT blob")?;
        if put.status() != StatusCode::CREATED {
            let status = put.status();
            let body = put.text().await.unwrap_or_default();
            bail!(
                "PUT blob {} to {repository} answered {status}: {body}",
                blob.digest
            );
        }
        Ok(true)
    }

    /// Puts `manifest` under `reference` and checks the digest the registry reports.
    pub async fn put_manifest(
        &self,
        repository: &str,
        reference: &str,
        manifest: &Manifest,
    ) -> Result<()> {
        let response = self
            .http
            .put(self.url(&format!("/v2/{repository}/manifests/{reference}"))?)
            .header(CONTENT_TYPE, &manifest.media_type)
            .body(manifest.bytes.clone())
            .send()
            .await
            .context("PUT manifest")?;
        let status = response.status();
        let reported = digest_header(&response);
        if status != StatusCode::CREATED {
            let body = response.text().await.unwrap_or_default();
            bail!("PUT manifest {repository}:{reference} answered {status}: {body}");
        }
        check_digest(repository, reference, manifest, reported.as_deref())
    }

    /// HEADs `reference` with the manifest's media type and checks the digest.
    pub async fn verify_manifest(
        &self,
        repository: &str,
        reference: &str,
        manifest: &Manifest,
    ) -> Result<()> {
        let response = self
            .http
            .head(self.url(&format!("/v2/{repository}/manifests/{reference}"))?)
            .header(ACCEPT, &manifest.media_type)
            .send()
            .await
            .context("HEAD manifest")?;
        if response.status() != StatusCode::OK {
            bail!(
                "HEAD manifest {repository}:{reference} answered {}",
                response.status()
            );
        }
        check_digest(
            repository,
            reference,
            manifest,
            digest_header(&response).as_deref(),
        )
    }
}

/// The `Docker-Content-Digest` header of a response.
fn digest_header(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("docker-content-digest")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Fails when the registry's digest differs from the computed one.
fn check_digest(
    repository: &str,
    reference: &str,
    manifest: &Manifest,
    reported: Option<&str>,
) -> Result<()> {
    match reported {
        Some(digest) if digest == manifest.digest => Ok(()),
        Some(digest) => bail!(
            "{repository}:{reference}: registry reports {digest}, computed {}",
            manifest.digest
        ),
        None => bail!("{repository}:{reference}: no Docker-Content-Digest in the answer"),
    }
}
