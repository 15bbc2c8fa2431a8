//! The corrected commands as copyable shell text: a token request whose output goes to
//! `TOKEN`, then the registry request with the token, the Accept header and the flags it
//! needs. Every word is quoted with [`quote`].

use super::shell_quote::quote;
use crate::media_types::{DOCKER_LIST, DOCKER_SCHEMA2, OCI_INDEX, OCI_MANIFEST};
use crate::token::TokenRequest;
use crate::url_text::percent_encode;

/// The manifest types a manifest request accepts, most preferred first: both indexes and both
/// image manifests (schema 1 left out: it is only there for very old images).
pub const MANIFEST_TYPES: [&str; 4] = [OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_SCHEMA2];

/// The variable the corrected commands keep the token in.
pub const TOKEN_VARIABLE: &str = "TOKEN";

/// The `Accept` header of a manifest request.
pub fn manifest_accept_header() -> String {
    format!("Accept: {}", MANIFEST_TYPES.join(", "))
}

/// A token request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TokenStep {
    pub realm: String,
    pub service: Option<String>,
    pub scopes: Vec<String>,
    /// `-u` for the token endpoint, as written by the user.
    pub user: Option<String>,
}

impl TokenStep {
    /// The token URL: realm, service and scopes, percent-encoded.
    pub fn url(&self) -> String {
        let mut url = TokenRequest {
            realm: self.realm.clone(),
            service: self.service.clone(),
            scope: self.scopes.first().cloned(),
        }
        .url();
        for scope in self.scopes.iter().skip(1) {
            url.push_str("&scope=");
            url.push_str(&percent_encode(scope));
        }
        url
    }

    /// `TOKEN=$(curl -sS … 'URL' | jq -r .token)`.
    pub fn render(&self) -> String {
        let mut words = vec!["curl".to_string(), "-sS".to_string()];
        if let Some(user) = &self.user {
            words.push("-u".into());
            words.push(quote(user));
        }
        words.push(quote(&self.url()));
        format!("{TOKEN_VARIABLE}=$({} | jq -r .token)", words.join(" "))
    }
}

/// How the registry request authenticates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RequestAuth {
    /// Nothing sent.
    None,
    /// `Authorization: Bearer $TOKEN` from the token step.
    Bearer,
    /// An `Authorization` header kept as the user wrote it.
    Header(String),
    /// `-u`, already a shell word.
    UserWord(String),
}

/// A registry request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RequestStep {
    pub url: String,
    pub head: bool,
    /// `-X` for methods other than GET and HEAD.
    pub method: Option<String>,
    pub follow: bool,
    pub accept_manifests: bool,
    pub auth: RequestAuth,
    pub include: bool,
    pub verbose: bool,
    pub output: Option<String>,
}

impl RequestStep {
    /// A plain GET of `url`.
    pub fn get(url: String) -> RequestStep {
        RequestStep {
            url,
            head: false,
            method: None,
            follow: false,
            accept_manifests: false,
            auth: RequestAuth::None,
            include: false,
            verbose: false,
            output: None,
        }
    }

    /// `curl -sS …flags… 'URL'`.
    pub fn render(&self) -> String {
        let mut words = vec!["curl".to_string(), "-sS".to_string()];
        let mut flag = |on: bool, f: &str| {
            if on {
                words.push(f.to_string());
            }
        };
        flag(self.head, "-I");
        flag(self.follow, "-L");
        flag(self.include && !self.head, "-i");
        flag(self.verbose, "-v");
        if let Some(method) = &self.method {
            words.push("-X".into());
            words.push(quote(method));
        }
        match &self.auth {
            RequestAuth::None => {}
            RequestAuth::Bearer => {
                words.push("-H".into());
                words.push(quote(&format!("Authorization: Bearer ${TOKEN_VARIABLE}")));
            }
            RequestAuth::Header(value) => {
                words.push("-H".into());
                words.push(quote(&format!("Authorization: {value}")));
            }
            RequestAuth::UserWord(word) => {
                words.push("-u".into());
                words.push(word.clone());
            }
        }
        if self.accept_manifests {
            words.push("-H".into());
            words.push(quote(&manifest_accept_header()));
        }
        if let Some(output) = &self.output {
            words.push("-o".into());
            words.push(quote(output));
        }
        words.push(quote(&self.url));
        words.join(" ")
    }
}

/// Lines of a script, each kept once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Script {
    lines: Vec<String>,
}

impl Script {
    pub fn push(&mut self, line: String) {
        if !self.lines.contains(&line) {
            self.lines.push(line);
        }
    }

    /// The script, one command per line; `None` when empty.
    pub fn text(self) -> Option<String> {
        (!self.lines.is_empty()).then(|| self.lines.join("\n"))
    }
}
