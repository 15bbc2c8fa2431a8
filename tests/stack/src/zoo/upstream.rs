//! The stack's no-auth registry behind the zoo (127.0.0.1:5002): every manifest, blob, tag
//! list and catalog the emulators serve is read from it, bytes and digests unchanged.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use reqwest::Client;
use serde::Deserialize;

/// The response headers worth keeping from the stack registry (never its CORS headers:
/// the emulated registries send none).
const KEPT: [HeaderName; 7] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_RANGE,
    header::ACCEPT_RANGES,
    header::ETAG,
    HeaderName::from_static("docker-content-digest"),
    HeaderName::from_static("docker-distribution-api-version"),
];

/// A client of the stack registry.
#[derive(Debug, Clone)]
pub struct Upstream {
    base: String,
    http: Client,
}

/// One answer of the stack registry, body read.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Status.
    pub status: StatusCode,
    /// The kept headers.
    pub headers: HeaderMap,
    /// Body (empty for HEAD).
    pub body: Bytes,
}

impl Fetched {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The request headers passed on to the stack registry.
#[derive(Debug, Clone, Default)]
pub struct Forward {
    /// `Accept`, every value joined.
    pub accept: Option<String>,
    /// `Range`.
    pub range: Option<HeaderValue>,
}

impl Forward {
    /// `Accept` and `Range` of an incoming request.
    pub fn of(headers: &HeaderMap) -> Self {
        let accept: Vec<&str> = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Self {
            accept: (!accept.is_empty()).then(|| accept.join(", ")),
            range: headers.get(header::RANGE).cloned(),
        }
    }
}

impl Upstream {
    /// A client of the registry at `base` (`http://127.0.0.1:5002`).
    pub fn new(base: &str) -> anyhow::Result<Self> {
        // Harmless when already installed, needed when reqwest was built without a provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            http,
        })
    }

    /// Sends `method` to `path_and_query` with `forward`, and reads the answer.
    pub async fn fetch(
        &self,
        method: Method,
        path_and_query: &str,
        forward: &Forward,
    ) -> Result<Fetched, String> {
        let mut request = self
            .http
            .request(method, format!("{}{path_and_query}", self.base));
        if let Some(accept) = &forward.accept {
            request = request.header(header::ACCEPT, accept);
        }
        if let Some(range) = &forward.range {
            request = request.header(header::RANGE, range);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let mut headers = HeaderMap::new();
        for name in KEPT {
            if let Some(value) = response.headers().get(&name) {
                headers.insert(name, value.clone());
            }
        }
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        Ok(Fetched {
            status,
            headers,
            body,
        })
    }

    /// The seeded repositories (the stack registry's catalog).
    pub async fn repositories(&self) -> Result<Vec<String>, String> {
        #[derive(Deserialize)]
        struct Catalog {
            repositories: Vec<String>,
        }
        let fetched = self
            .fetch(Method::GET, "/v2/_catalog?n=1000", &Forward::default())
            .await?;
        match serde_json::from_slice::<Catalog>(&fetched.body) {
            Ok(catalog) if fetched.status == StatusCode::OK => Ok(catalog.repositories),
            _ => Err(format!("the stack catalog answered {}", fetched.status)),
        }
    }
}
