//! A finding of the request doctor: its kind (for code and tests), how bad it is, and its
//! wording (for people).

/// What a finding is about. Tests and the app compare kinds; the wording is in [`Finding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// A Docker Hub official image named without `library/` (in a scope or an API path).
    MissingLibraryPrefix,
    /// A token request to Docker Hub with a `service` other than `registry.docker.io`.
    WrongService,
    /// A token request to Docker Hub sent elsewhere than `https://auth.docker.io/token`.
    WrongRealm,
    /// A token request without any `scope`.
    MissingScope,
    /// A `scope` that is not `type:name:actions`.
    MalformedScope,
    /// The token sent grants another repository than the one requested.
    TokenScopeMismatch,
    /// The registry said `insufficient_scope`.
    InsufficientScope,
    /// The registry said `invalid_token` (expired, or for another service).
    InvalidToken,
    /// A manifest request without an `Accept` header.
    MissingAccept,
    /// A manifest request whose `Accept` leaves out manifest types.
    IncompleteAccept,
    /// `/v2` without its trailing slash.
    MissingTrailingSlash,
    /// A tag where the endpoint needs a digest (`/blobs/<tag>`, `/referrers/<tag>`).
    TagWhereDigestNeeded,
    /// A blob GET without `-L`: the registry's redirect to storage is not followed.
    BlobWithoutLocation,
    /// `curl -X HEAD` instead of `curl -I`.
    HeadWithRequestOption,
    /// `Authorization: Bearer` sent to the token endpoint.
    BearerSentToRealm,
    /// No token sent to a registry that asks for one.
    MissingToken,
    /// An `Authorization` header that is not `Bearer …` on a token registry.
    AuthorizationNotBearer,
    /// `-u user:password` (Basic) sent to a registry that wants a Bearer token.
    CredentialsSentToRegistry,
    /// Amazon ECR: Basic credentials `AWS` and the ECR password are needed.
    EcrBasicAuth,
    /// A Basic challenge (not ECR): credentials go to the registry itself.
    BasicChallenge,
    /// A challenge of another scheme than Bearer or Basic.
    OtherChallenge,
    /// A Bearer challenge without a scope (the answer to `/v2/`).
    ChallengeWithoutScope,
    /// `UNAUTHORIZED`: no token, or one the registry does not take.
    Unauthorized,
    /// `DENIED`: the credentials do not give access.
    Denied,
    /// `MANIFEST_UNKNOWN`.
    ManifestUnknown,
    /// `NAME_UNKNOWN`.
    NameUnknown,
    /// `TOOMANYREQUESTS`: a rate limit.
    TooManyRequests,
    /// Another registry error code.
    RegistryError,
    /// A curl command whose URL is not a registry or token URL.
    NotARegistryUrl,
    /// Nothing that the doctor reads.
    NotUnderstood,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The request fails because of it.
    Error,
    /// The request may fail or return something else than meant.
    Warning,
    /// Worth knowing.
    Info,
}

/// One thing the doctor found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
    /// How bad it is.
    pub severity: Severity,
    /// A short title.
    pub title: String,
    /// Why it fails and what the registry answers, in sentences.
    pub explanation: String,
}

impl Finding {
    /// A finding of `kind`.
    pub fn new(
        kind: FindingKind,
        severity: Severity,
        title: impl Into<String>,
        explanation: impl Into<String>,
    ) -> Finding {
        Finding {
            kind,
            severity,
            title: title.into(),
            explanation: explanation.into(),
        }
    }
}
