//! "Paste anything": what a text pasted into the search box is. An image reference, a pull
//! command, a Docker Hub page, a registry API URL, a registry address, curl commands, a token
//! URL, a `WWW-Authenticate` value or a registry error body; anything else is
//! [`Pasted::Unknown`] with the reason in words. See [`interpret`].

mod api_url;
mod challenge_text;
mod curl;
mod error_body;
mod hub_page;
mod image;
mod pull;
mod session;
pub mod shell;
mod target;
mod token_url;
mod url_parts;

pub use api_url::{ApiUrl, RequestKind};
pub use curl::{CurlCommand, Header};
pub use image::{ImageSource, PastedImage};
pub use session::CurlSession;
pub use target::UrlTarget;
pub use token_url::{Scope, TokenUrl};

use crate::challenge::Challenge;
use crate::reference::Reference;
use crate::registry_error::RegistryError;
use url_parts::UrlParts;

/// A registry named by its address, to browse its catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryAddress {
    /// `host[:port]`, lower-cased.
    pub host: String,
    /// The registry's name: `docker.io` for Docker Hub's API hosts, else the host.
    pub registry: String,
    /// Whether the address says `http://`.
    pub plain_http: bool,
    /// The API path written after the host (`/v2/` or `/v2`), when one was.
    pub api_path: Option<String>,
}

/// What a pasted text is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pasted {
    /// An image: a reference, a pull line, or a Docker Hub page.
    Image(PastedImage),
    /// A registry address (`https://ghcr.io`, `harbor.local:5000/`, `host/v2/`).
    Registry(RegistryAddress),
    /// A registry API URL other than the base.
    ApiUrl(ApiUrl),
    /// One or more curl commands.
    Curl(CurlSession),
    /// A token endpoint URL.
    TokenUrl(TokenUrl),
    /// A `WWW-Authenticate` value.
    Challenge(Vec<Challenge>),
    /// A registry error body.
    ErrorBody(Vec<RegistryError>),
    /// Nothing the tool reads, and why.
    Unknown {
        /// Why the text was not understood, in words.
        reason: String,
    },
}

impl Pasted {
    /// What was understood, in a few words, for a heading.
    pub fn summary(&self) -> String {
        match self {
            Pasted::Image(image) => match &image.platform {
                Some(platform) => format!("Image {} for {platform}", image.reference),
                None => format!("Image {}", image.reference),
            },
            Pasted::Registry(registry) => format!("Registry {}", registry.registry),
            Pasted::ApiUrl(api) => match &api.repository {
                Some(repository) => format!(
                    "Registry API: {} for {repository} on {}",
                    api.kind, api.registry
                ),
                None => format!("Registry API: {} on {}", api.kind, api.registry),
            },
            Pasted::Curl(session) => match session.commands.len() {
                1 => "A curl command".to_string(),
                n => format!("{n} curl commands"),
            },
            Pasted::TokenUrl(token) => format!("Token request to {}", token.realm),
            Pasted::Challenge(challenges) => {
                let schemes: Vec<&str> = challenges.iter().map(Challenge::scheme).collect();
                format!("WWW-Authenticate challenge ({})", schemes.join(", "))
            }
            Pasted::ErrorBody(errors) => {
                let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
                format!("Registry error {}", codes.join(", "))
            }
            Pasted::Unknown { .. } => "Not understood".to_string(),
        }
    }
}

/// What `text` is, white space around it ignored. Never fails: what cannot be read is
/// [`Pasted::Unknown`] with the reason.
pub fn interpret(text: &str) -> Pasted {
    let text = text.trim();
    if text.is_empty() {
        return unknown("nothing was pasted".to_string());
    }
    if let Some(read) = error_body::read(text) {
        return read.map_or_else(unknown, Pasted::ErrorBody);
    }
    if let Some(read) = challenge_text::read(text) {
        return read.map_or_else(unknown, Pasted::Challenge);
    }
    if let Some(pasted) = command(text) {
        return pasted;
    }
    if let Some(parts) = UrlParts::parse(text)
        && let Some(pasted) = url(text, &parts)
    {
        return pasted;
    }
    match text.parse::<Reference>() {
        Ok(reference) => Pasted::Image(PastedImage::typed(reference)),
        Err(e) => unknown(format!(
            "this is not an image reference ({e}), nor a registry or Docker Hub URL, a pull or curl command, a WWW-Authenticate value or a registry error body"
        )),
    }
}

/// The `host[:port]` of an http(s) URL, lower-cased.
pub(crate) fn url_host(url: &str) -> Option<String> {
    UrlParts::parse(url).map(|parts| parts.host)
}

fn unknown(reason: String) -> Pasted {
    Pasted::Unknown { reason }
}

/// Curl commands or a pull line; `None` when the text is not a command of either.
fn command(text: &str) -> Option<Pasted> {
    if !text.contains(char::is_whitespace) {
        return None;
    }
    let first = text.split_whitespace().next().unwrap_or("");
    let names_tool = ["curl", "docker", "podman", "nerdctl", "sudo", "$"].contains(&first)
        || first.contains("=$(")
        || text.contains("curl ");
    let commands = match shell::split_commands(text) {
        Ok(commands) => commands,
        Err(e) if names_tool => {
            return Some(unknown(format!("the pasted command cannot be read: {e}")));
        }
        Err(_) => return None,
    };
    if let Some(session) = CurlSession::from_commands(&commands) {
        return Some(Pasted::Curl(session));
    }
    let read = pull::read(&commands.first()?.words)?;
    Some(read.map_or_else(unknown, Pasted::Image))
}

/// A URL's meaning; `None` when it is no URL form (then it may be a reference).
fn url(text: &str, parts: &UrlParts) -> Option<Pasted> {
    if let Some(read) = hub_page::read(parts) {
        return Some(read.map_or_else(unknown, Pasted::Image));
    }
    match UrlTarget::classify(text) {
        UrlTarget::Token(token) => return Some(Pasted::TokenUrl(token)),
        UrlTarget::Api(api) if api.kind == RequestKind::Base => {
            return Some(Pasted::Registry(RegistryAddress {
                host: api.host,
                registry: api.registry,
                plain_http: api.plain_http,
                api_path: Some(api.path),
            }));
        }
        UrlTarget::Api(api) => return Some(Pasted::ApiUrl(api)),
        UrlTarget::Other(_) => {}
    }
    if parts.path.starts_with("/v2/") || parts.path == "/v2" {
        return Some(unknown(format!(
            "{} is a registry API path, but not one of its endpoints (/v2/, /v2/_catalog, /v2/NAME/manifests/REFERENCE, /v2/NAME/blobs/DIGEST, /v2/NAME/tags/list, /v2/NAME/referrers/DIGEST)",
            parts.path
        )));
    }
    let address_only = parts.path == "/" || (parts.scheme.is_some() && parts.path.is_empty());
    if address_only {
        let api = DOCKER_HUB_API_HOSTS.contains(&parts.host.as_str());
        return Some(Pasted::Registry(RegistryAddress {
            host: parts.host.clone(),
            registry: if api {
                "docker.io".into()
            } else {
                parts.host.clone()
            },
            plain_http: parts.plain_http(),
            api_path: None,
        }));
    }
    let scheme = parts.scheme.as_deref()?;
    // A browser URL of an image (`https://ghcr.io/org/app:1.2`): read host and path.
    let name = format!("{}{}", parts.host, parts.path.trim_end_matches('/'));
    Some(match name.parse::<Reference>() {
        Ok(reference) if reference.registry() == parts.host => {
            Pasted::Image(PastedImage::typed(reference))
        }
        _ => unknown(format!(
            "this {scheme} URL is neither a registry API URL (/v2/…), a token URL, a registry address nor a Docker Hub page"
        )),
    })
}

use api_url::DOCKER_HUB_API_HOSTS;
