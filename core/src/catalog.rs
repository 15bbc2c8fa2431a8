//! The registry's catalog of repositories, page by page (`n`, `last`, `Link` pagination).
//! It needs the `registry:catalog:*` scope; Docker Hub has no catalog.

use serde::Deserialize;

use crate::client::Client;
use crate::endpoints;
use crate::error::{Error, Missing};
use crate::inspect::check_status;
use crate::listing::{next_page, parse_page};
use crate::reference::Reference;
use crate::transport::{Request, Transport};

/// The token scope the catalog needs.
pub const CATALOG_SCOPE: &str = "registry:catalog:*";

/// One page of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogPage {
    /// Repository names on this page.
    pub repositories: Vec<String>,
    /// The next page's URL, from the `Link` header.
    pub next: Option<String>,
}

impl<T: Transport> Client<T> {
    /// Lists one page of the catalog of `reference`'s registry.
    pub async fn list_catalog(
        &self,
        reference: &Reference,
        n: Option<u32>,
        last: Option<&str>,
    ) -> Result<CatalogPage, Error> {
        self.catalog_page(
            reference,
            endpoints::catalog(self.plain_http(), reference, n, last),
        )
        .await
    }

    /// Fetches the catalog page at `url` (a `next` from a previous page).
    pub async fn catalog_page(
        &self,
        reference: &Reference,
        url: String,
    ) -> Result<CatalogPage, Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            repositories: Option<Vec<String>>,
        }
        let request = Request::get(url.clone()).header("Accept", "application/json");
        let response = self
            .send_scoped(reference, CATALOG_SCOPE, request, "catalog")
            .await?;
        let response = check_status(response, "_catalog", Missing::Repository)?;
        let raw: Raw = parse_page(&response, "catalog")?;
        let next = next_page(&url, &response);
        Ok(CatalogPage {
            repositories: raw.repositories.unwrap_or_default(),
            next,
        })
    }
}

/// The registry host `text` names when it names a registry alone rather than an image:
/// `https://host`, `http://host:5000/`, `host:5000/`, `host.example/` (a scheme or a trailing
/// slash says so: `host:5000` alone is an image `host` with tag `5000`). Lowercased.
pub fn bare_registry(text: &str) -> Option<String> {
    let text = text.trim();
    let (rest, scheme) = match text.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (rest, true),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (rest, true),
        Some(_) => return None,
        None => (text, false),
    };
    let host = rest.trim_end_matches('/');
    let slash = host.len() < rest.len();
    (scheme || slash).then(|| registry_host(host)).flatten()
}

/// `host` lowercased when it can name a registry: a host name or address with an optional
/// port, holding a `.` or a `:`, or `localhost` (a single word is a Docker Hub repository).
pub fn registry_host(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b);
    let named = host.contains('.') || host.contains(':') || host == "localhost";
    let valid = named
        && host.bytes().all(allowed)
        && !host.starts_with(['.', '-', ':'])
        && host.len() <= 255;
    valid.then_some(host)
}

/// The reference the catalog of the registry at `host` is requested with (its API host,
/// scheme and credentials are the registry's; the repository part is not used); `None` when
/// `host` cannot name a registry (see [`registry_host`]).
pub fn registry_reference(host: &str) -> Option<Reference> {
    format!("{}/catalog", registry_host(host)?).parse().ok()
}

/// Why the registry of `reference` shows no catalog, in words, when `error` (the answer to
/// its first catalog page) says it offers none rather than that credentials are missing:
/// Docker Hub and GitHub's registry never list theirs (they answer 401 to everyone); others
/// say `UNSUPPORTED`, 404 or 405. `None`: the error is to be shown as it is.
pub fn catalog_unavailable(reference: &Reference, error: &Error) -> Option<String> {
    if matches!(error, Error::Transport { .. } | Error::RateLimited { .. }) {
        return None;
    }
    let known = if reference.is_docker_hub() {
        Some("Docker Hub")
    } else if reference.api_host() == "ghcr.io" {
        Some("GitHub Container Registry")
    } else {
        None
    };
    if let Some(name) = known {
        return Some(format!(
            "{name} does not list its repositories: it offers no catalog (`/v2/_catalog`) to \
             anyone, signed in or not. Type the name of a repository to see its tags."
        ));
    }
    let unsupported = match error {
        Error::NotFound { .. } => true,
        Error::Registry { status, errors } => {
            matches!(status, 404 | 405 | 501) || errors.iter().any(|e| e.code == "UNSUPPORTED")
        }
        Error::Denied { errors } => errors.iter().any(|e| e.code == "UNSUPPORTED"),
        _ => false,
    };
    unsupported.then(|| {
        format!(
            "{} does not offer its catalog (`/v2/_catalog` is not supported there). Type the \
             name of a repository to see its tags.",
            reference.registry()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_hosts_need_a_scheme_or_a_slash() {
        for (text, host) in [
            ("https://ghcr.io", "ghcr.io"),
            ("http://127.0.0.1:5000/", "127.0.0.1:5000"),
            ("127.0.0.1:5000/", "127.0.0.1:5000"),
            (" Quay.IO/ ", "quay.io"),
            ("localhost:5000//", "localhost:5000"),
        ] {
            assert_eq!(bare_registry(text).as_deref(), Some(host), "{text}");
        }
        for text in [
            "alpine",
            "host:5000",
            "quay.io/org/app",
            "ftp://x.example",
            "https://",
            "/",
            "https://x.example/repo",
            "alpine/",
            "https://bad host.example",
        ] {
            assert_eq!(bare_registry(text), None, "{text}");
        }
    }

    #[test]
    fn registry_references_use_the_registry_api_host() {
        let hub = registry_reference("docker.io").expect("docker.io");
        assert_eq!(hub.api_host(), "registry-1.docker.io");
        let local = registry_reference("127.0.0.1:5000").expect("local");
        assert_eq!(local.api_host(), "127.0.0.1:5000");
        assert!(registry_reference("alpine").is_none());
        assert!(registry_reference("").is_none());
        assert!(registry_reference(&"a.".repeat(400)).is_none());
    }

    #[test]
    fn unavailable_catalogs_are_told_from_missing_credentials() {
        let unauthorized = Error::Unauthorized {
            explanation: "x".into(),
            challenge: None,
            errors: Vec::new(),
        };
        let hub = registry_reference("docker.io").unwrap();
        assert!(catalog_unavailable(&hub, &unauthorized).is_some());
        let ghcr = registry_reference("ghcr.io").unwrap();
        assert!(catalog_unavailable(&ghcr, &unauthorized).is_some());
        let other = registry_reference("registry.example").unwrap();
        assert_eq!(catalog_unavailable(&other, &unauthorized), None);
        let unsupported = Error::Registry {
            status: 400,
            errors: vec![crate::registry_error::RegistryError {
                code: "UNSUPPORTED".into(),
                message: "m".into(),
                detail: None,
            }],
        };
        assert!(catalog_unavailable(&other, &unsupported).is_some());
        let missing = Error::Registry {
            status: 404,
            errors: Vec::new(),
        };
        assert!(catalog_unavailable(&other, &missing).is_some());
    }
}
