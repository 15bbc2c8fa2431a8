//! What makes one emulated registry itself: its host, repositories, how it authorizes, where
//! its blobs come from, how it pages lists, and its smaller quirks. The shared request
//! handling (`serve`) reads a `Profile`; each registry module defines one.

use axum::response::Response;

use super::credentials::Credentials;
use super::names::Repo;
use super::paging::Paging;
use super::tokens::claims::Need;
use super::tokens::codec::TokenStyle;

/// One emulated registry.
#[derive(Debug)]
pub struct Profile {
    /// The real host name (`registry-1.docker.io`).
    pub host: &'static str,
    /// `https`, or `http` for a LAN install reached over plain http (Harbor).
    pub scheme: &'static str,
    /// Its repositories and the seeded ones behind them.
    pub repos: &'static [Repo],
    /// How requests are authorized.
    pub gate: Gate,
    /// Where blob bytes come from.
    pub blobs: Blobs,
    /// How `tags/list` pages.
    pub tags: Paging,
    /// How `_catalog` lists.
    pub catalog: Catalog,
    /// Smaller behaviours.
    pub quirks: Quirks,
}

impl Profile {
    /// `scheme://host`, as the registry names itself in links and redirects.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }
}

/// A refusal, ready to send (boxed: a response is large and refusals are the rare path).
pub type Refused = Box<Response>;

/// Who made a request, once admitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// The signed-in user, `None` for anonymous.
    pub user: Option<String>,
    /// A system administrator (Harbor's catalog needs one).
    pub admin: bool,
}

impl Caller {
    /// A signed-in user.
    pub fn user(name: &str) -> Self {
        Self {
            user: Some(name.to_owned()),
            admin: false,
        }
    }

    /// True for a signed-in caller.
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }
}

/// How a registry authorizes requests.
#[derive(Debug)]
pub enum Gate {
    /// No auth at all (MCR).
    Open,
    /// Docker token auth: a Bearer challenge naming a token endpoint.
    Bearer(BearerGate),
    /// HTTP Basic on every request (ECR): the function admits or refuses.
    Basic(fn(&Credentials) -> Result<Caller, Refused>),
}

/// A token-auth registry's rules.
#[derive(Debug)]
pub struct BearerGate {
    /// The `service` (token audience) it accepts.
    pub service: &'static str,
    /// The issuer of the tokens it accepts.
    pub issuer: &'static str,
    /// How its tokens look.
    pub style: TokenStyle,
    /// Public repositories answer without any token (Quay, Artifact Registry, Harbor).
    pub anonymous_public: bool,
    /// A credential accepted as a Bearer token as it is (Artifact Registry takes a Google
    /// OAuth access token directly): the value and the user it stands for.
    pub direct_bearer: Option<(&'static str, &'static str)>,
    /// Basic credentials accepted on the registry itself (Harbor 2): who they are.
    pub registry_basic: Option<fn(&str, &str) -> Option<Caller>>,
    /// A HEAD without `Authorization` is always challenged (Harbor).
    pub head_needs_authorization: bool,
    /// `_catalog` answers without a token (Quay lists per caller).
    pub catalog_open: bool,
    /// A token with `registry:catalog:*` admits `_catalog` (false for Harbor 2, which lists
    /// the catalog for Basic-authenticated administrators only).
    pub catalog_by_token: bool,
    /// The refusal: status, challenge and body, in this registry's shape.
    pub deny: fn(&Denial<'_>) -> Response,
}

/// A refused request, for a registry's `deny`.
#[derive(Debug, Clone, Copy)]
pub struct Denial<'a> {
    /// The registry.
    pub profile: &'a Profile,
    /// What the request needed.
    pub need: Need<'a>,
    /// `invalid_token` or `insufficient_scope` when a token was refused.
    pub error: Option<&'static str>,
    /// The request had an `Authorization` header.
    pub had_authorization: bool,
    /// The request was a HEAD.
    pub head: bool,
}

/// Where blob bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blobs {
    /// Served by the registry itself.
    Direct,
    /// GET answers 307 to Docker Hub's CDN host.
    DockerHubCdn,
    /// GET answers 302 to Quay's CDN host.
    QuayCdn,
    /// Served by the registry, but a HEAD is always refused with 401 (ECR Public).
    HeadRefused,
}

/// How `_catalog` lists, once admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Catalog {
    /// Paging.
    pub paging: Paging,
    /// Anonymous callers see the public repositories (false: an empty list, as on Quay
    /// without its public catalog feature).
    pub anonymous_sees_public: bool,
}

/// How a missing manifest is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingManifest {
    /// The stack registry's own body (distribution's).
    Upstream,
    /// Docker Hub: `"detail":"unknown tag=TAG"`.
    DockerHub,
    /// Quay: `"detail":{}`.
    Quay,
    /// ACR: a message naming the media type the `Accept` header left out.
    Acr,
}

/// Smaller behaviours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirks {
    /// Docker Hub's pull rate limit headers and counting.
    pub rate_limit: bool,
    /// Google's literal `Accept` matching.
    pub literal_accept: bool,
    /// `/v2` answers 301 to `/v2/` (nginx in front of Harbor).
    pub v2_moved: bool,
    /// A `Set-Cookie: sid=…` on every answer (Harbor's core).
    pub session_cookie: bool,
    /// The body of an admitted `/v2/` (`{}`, or Quay's `true`).
    pub base_body: &'static str,
    /// How a missing manifest is reported.
    pub missing_manifest: MissingManifest,
}

/// The quirks of a plain distribution-like registry.
pub const PLAIN: Quirks = Quirks {
    rate_limit: false,
    literal_accept: false,
    v2_moved: false,
    session_cookie: false,
    base_body: "{}",
    missing_manifest: MissingManifest::Upstream,
};
