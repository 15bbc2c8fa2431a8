//! The one error type of the inspect flow, with a plain-words explanation for each case.
//!
//! It is `Clone + PartialEq` so the UI can hold it in state and pass it as a prop.

use std::fmt;

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The reference could not be parsed; nothing was sent.
    Reference(ReferenceError),
    /// No HTTP answer (network, CORS, timeout, relay refusal).
    Transport {
        /// The URL that was requested.
        url: String,
        /// What failed.
        source: TransportError,
    },
    /// The registry refused access (401) even after the token flow; `explanation` says why in words.
    Unauthorized {
        /// The likely cause, in words.
        explanation: String,
        /// The last `WWW-Authenticate` value.
        challenge: Option<String>,
        /// The registry's error entries.
        errors: Vec<RegistryError>,
    },
    /// The token endpoint refused the request (e.g. wrong credentials).
    TokenRefused {
        /// The token endpoint's status.
        status: u16,
        /// What it said, in words.
        explanation: String,
    },
    /// The token endpoint answered something that is not a token.
    BadToken(String),
    /// The registry answered 403 `DENIED`.
    Denied {
        /// The registry's error entries.
        errors: Vec<RegistryError>,
    },
    /// 404: repository, manifest or blob unknown.
    NotFound {
        /// What is missing.
        missing: Missing,
        /// The tag or digest asked for.
        target: String,
        /// The registry's error entries.
        errors: Vec<RegistryError>,
    },
    /// 429 or `TOOMANYREQUESTS`.
    RateLimited {
        /// Limit, remaining and Retry-After as the registry sent them.
        limit: RateLimit,
    },
    /// Any other non-success answer.
    Registry {
        /// HTTP status.
        status: u16,
        /// The registry's error entries (empty when the body was not the registry format).
        errors: Vec<RegistryError>,
    },
    /// The manifest could not be parsed.
    Manifest(ManifestError),
    /// The config blob could not be parsed.
    Config(ConfigError),
    /// A digest did not match, or could not be computed.
    Digest(DigestError),
    /// The index has no entry for the platform asked for.
    PlatformNotFound {
        /// The platform asked for.
        wanted: String,
        /// The platforms the index offers.
        available: Vec<String>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Reference(e) => write!(f, "invalid reference: {e}"),
            Error::Transport { url, source } => write!(f, "{source} ({url})"),
            Error::Unauthorized { explanation, .. } => write!(f, "unauthorized: {explanation}"),
            Error::TokenRefused {
                status,
                explanation,
            } => write!(f, "the token request was refused ({status}): {explanation}"),
            Error::BadToken(why) => write!(f, "the token endpoint's answer is unusable: {why}"),
            Error::Denied { errors } => {
                f.write_str("access denied")?;
                write_errors(f, errors)
            }
            Error::NotFound {
                missing, target, ..
            } => match missing {
                Missing::Repository => {
                    f.write_str("the repository does not exist on this registry (NAME_UNKNOWN)")
                }
                Missing::Manifest => write!(
                    f,
                    "no manifest for \"{target}\" in this repository (MANIFEST_UNKNOWN)"
                ),
                Missing::Blob => write!(f, "the blob {target} does not exist (BLOB_UNKNOWN)"),
            },
            Error::RateLimited { limit } => {
                f.write_str("rate limited by the registry")?;
                if let Some(remaining) = &limit.remaining {
                    write!(f, "; remaining: {remaining}")?;
                }
                if let Some(l) = &limit.limit {
                    write!(f, "; limit: {l}")?;
                }
                if let Some(after) = &limit.retry_after {
                    write!(f, "; retry after {after} s")?;
                }
                Ok(())
            }
            Error::Registry { status, errors } => {
                write!(f, "the registry answered {status}")?;
                write_errors(f, errors)
            }
            Error::Manifest(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
            Error::Digest(e) => e.fmt(f),
            Error::PlatformNotFound { wanted, available } => write!(
                f,
                "the image has no {wanted} variant; it has: {}",
                available.join(", ")
            ),
        }
    }
}

fn write_errors(f: &mut fmt::Formatter<'_>, errors: &[RegistryError]) -> fmt::Result {
    for e in errors {
        write!(f, "; {e}")?;
    }
    Ok(())
}

impl std::error::Error for Error {}

impl From<ReferenceError> for Error {
    fn from(e: ReferenceError) -> Self {
        Error::Reference(e)
    }
}

impl From<ManifestError> for Error {
    fn from(e: ManifestError) -> Self {
        Error::Manifest(e)
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<DigestError> for Error {
    fn from(e: DigestError) -> Self {
        Error::Digest(e)
    }
}
