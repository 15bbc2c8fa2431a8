//! The one error type of the inspect flow, with a plain-words explanation for each case.
//!
//! It is `Clone + PartialEq` so the UI can hold it in state and pass it as a prop.

use crate::config::ConfigError;
use crate::digest::DigestError;
use crate::manifest::ManifestError;
use crate::reference::ReferenceError;
use crate::registry_error::{RateLimit, RegistryError};
use crate::transport::TransportError;

/// What was not found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// The repository (`NAME_UNKNOWN`).
    Repository,
    /// The tag or digest (`MANIFEST_UNKNOWN`).
    Manifest,
    /// A blob (`BLOB_UNKNOWN`).
    Blob,
}

/// Everything that can go wrong while inspecting an image.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The reference could not be parsed; nothing was sent.
    #[error("invalid reference: {0}")]
    Reference(#[from] ReferenceError),
    /// No HTTP answer (network, CORS, timeout, relay refusal).
    #[error("{source} ({url})")]
    Transport {
        /// The URL that was requested.
        url: String,
        /// What failed.
        source: TransportError,
    },
    /// The registry refused access (401) even after the token flow; `explanation` says why in words.
    #[error("unauthorized: {explanation}")]
    Unauthorized {
        /// The likely cause, in words.
        explanation: String,
        /// The last `WWW-Authenticate` value.
        challenge: Option<String>,
        /// The registry's error entries.
        errors: Vec<RegistryError>,
    },
    /// The token endpoint refused the request (e.g. wrong credentials).
    #[error("the token request was refused ({status}): {explanation}")]
    TokenRefused {
        /// The token endpoint's status.
        status: u16,
        /// What it said, in words.
        explanation: String,
    },
    /// The token endpoint answered something that is not a token.
    #[error("the token endpoint's answer is unusable: {0}")]
    BadToken(String),
    /// The registry answered 403 `DENIED`.
    #[error("access denied{}", listed(errors))]
    Denied {
        /// The registry's error entries.
        errors: Vec<RegistryError>,
    },
    /// 404: repository, manifest or blob unknown.
    #[error("{}", not_found(*missing, target))]
    NotFound {
        /// What is missing.
        missing: Missing,
        /// The tag or digest asked for.
        target: String,
        /// The registry's error entries.
        errors: Vec<RegistryError>,
    },
    /// 429 or `TOOMANYREQUESTS`.
    #[error("rate limited by the registry{}", rate_limit(limit))]
    RateLimited {
        /// Limit, remaining and Retry-After as the registry sent them.
        limit: RateLimit,
    },
    /// Any other non-success answer.
    #[error("the registry answered {status}{}", listed(errors))]
    Registry {
        /// HTTP status.
        status: u16,
        /// The registry's error entries (empty when the body was not the registry format).
        errors: Vec<RegistryError>,
    },
    /// The manifest could not be parsed.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The config blob could not be parsed.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A digest did not match, or could not be computed.
    #[error(transparent)]
    Digest(#[from] DigestError),
    /// The index has no entry for the platform asked for.
    #[error("the image has no {wanted} variant; it has: {}", available.join(", "))]
    PlatformNotFound {
        /// The platform asked for.
        wanted: String,
        /// The platforms the index offers.
        available: Vec<String>,
    },
}

/// `; entry; entry` for the registry's error entries.
fn listed(errors: &[RegistryError]) -> String {
    errors.iter().map(|e| format!("; {e}")).collect()
}

/// What is missing, in words, with the registry's code.
fn not_found(missing: Missing, target: &str) -> String {
    match missing {
        Missing::Repository => {
            "the repository does not exist on this registry (NAME_UNKNOWN)".to_string()
        }
        Missing::Manifest => {
            format!("no manifest for \"{target}\" in this repository (MANIFEST_UNKNOWN)")
        }
        Missing::Blob => format!("the blob {target} does not exist (BLOB_UNKNOWN)"),
    }
}

/// `; remaining: …; limit: …; retry after … s`, for what the registry said.
fn rate_limit(limit: &RateLimit) -> String {
    let mut out = String::new();
    if let Some(remaining) = &limit.remaining {
        out.push_str(&format!("; remaining: {remaining}"));
    }
    if let Some(l) = &limit.limit {
        out.push_str(&format!("; limit: {l}"));
    }
    if let Some(after) = &limit.retry_after {
        out.push_str(&format!("; retry after {after} s"));
    }
    out
}
