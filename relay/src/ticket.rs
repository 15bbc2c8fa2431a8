//! Realm tickets: an HMAC-SHA256 signature, under a key the relay replicas share, binding the
//! registry origin whose challenge named a token realm, the realm's scheme, host, port and path,
//! and an expiry. Any replica holding the key accepts the token request that carries it, so a
//! fleet behind a load balancer needs no shared memory. Several keys may be configured for
//! rotation: the first signs, every one verifies. Without a key, a random one is drawn at
//! start (a single relay, as before).
//!
//! Ticket text: `1.<expiry unix seconds>.<base64url origin>.<base64url signature>`.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::hmac;
use url::Url;

/// How long a ticket stays valid after the challenge that named its realm.
pub const TICKET_TTL: Duration = Duration::from_secs(60 * 60);
/// Shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;
const VERSION: &str = "1";

/// Where the keys come from (`--realm-key-file`, `REGSCOPE_REALM_KEY`); empty: a random key.
#[derive(Clone, Default)]
pub struct RealmKeyConfig {
    /// Keys given inline, first signs.
    pub inline: Vec<String>,
    /// A file of keys, one a line (blank lines and `#` comments skipped); its keys come first.
    pub file: Option<PathBuf>,
}

impl std::fmt::Debug for RealmKeyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealmKeyConfig")
            .field("inline", &format_args!("[{} redacted]", self.inline.len()))
            .field("file", &self.file)
            .finish()
    }
}

/// Why a ticket was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketRefusal {
    /// Not a ticket this relay could read.
    Malformed,
    /// Past its expiry.
    Expired,
    /// No key of this relay signed it for this URL.
    BadSignature,
}

impl TicketRefusal {
    /// The sentence a refused page is shown.
    pub fn message(self) -> &'static str {
        match self {
            TicketRefusal::Malformed => {
                "the realm ticket sent with this token request is malformed"
            }
            TicketRefusal::Expired => {
                "the realm ticket sent with this token request has expired; ask the registry again"
            }
            TicketRefusal::BadSignature => {
                "the realm ticket sent with this token request was not signed by this relay for this URL: it names another realm, was altered, or the relay replicas do not share a --realm-key-file"
            }
        }
    }
}

/// The signing and verifying keys.
pub struct RealmKeys {
    keys: Vec<hmac::Key>,
    ttl: Duration,
}

impl std::fmt::Debug for RealmKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RealmKeys({} keys)", self.keys.len())
    }
}

impl Default for RealmKeys {
    fn default() -> Self {
        Self::random()
    }
}

impl RealmKeys {
    /// A random key of this process alone.
    pub fn random() -> Self {
        let rng = ring::rand::SystemRandom::new();
        let key = hmac::Key::generate(hmac::HMAC_SHA256, &rng)
            .unwrap_or_else(|_| hmac::Key::new(hmac::HMAC_SHA256, &fallback_seed()));
        Self {
            keys: vec![key],
            ttl: TICKET_TTL,
        }
    }

    /// These keys, the first signing; an empty list gives [`RealmKeys::random`].
    pub fn new<K: AsRef<[u8]>>(keys: &[K]) -> Self {
        if keys.is_empty() {
            return Self::random();
        }
        Self {
            keys: keys
                .iter()
                .map(|k| hmac::Key::new(hmac::HMAC_SHA256, k.as_ref()))
                .collect(),
            ttl: TICKET_TTL,
        }
    }

    /// The keys `config` names (reading its file); an error names a missing file or a key
    /// shorter than [`MIN_KEY_BYTES`].
    pub fn load(config: &RealmKeyConfig) -> Result<Self, String> {
        let mut keys: Vec<String> = Vec::new();
        if let Some(path) = &config.file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--realm-key-file {}: {e}", path.display()))?;
            keys.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string),
            );
            if keys.is_empty() {
                return Err(format!("--realm-key-file {}: no key in it", path.display()));
            }
        }
        keys.extend(
            config
                .inline
                .iter()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty()),
        );
        if let Some(short) = keys.iter().position(|k| k.len() < MIN_KEY_BYTES) {
            return Err(format!(
                "realm key {} is shorter than {MIN_KEY_BYTES} bytes",
                short + 1
            ));
        }
        Ok(Self::new(&keys))
    }

    /// The same keys with tickets valid for `ttl`.
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// A ticket for `realm` (an absolute http(s) URL) named by the registry at `origin`;
    /// `None` for a realm that is not one.
    pub fn issue(&self, origin: &str, realm: &str) -> Option<String> {
        let realm = realm_key(&Url::parse(realm).ok()?)?;
        let expiry = unix_now().saturating_add(self.ttl.as_secs());
        let tag = hmac::sign(&self.keys[0], &message(origin, &realm, expiry));
        Some(format!(
            "{VERSION}.{expiry}.{}.{}",
            URL_SAFE_NO_PAD.encode(origin),
            URL_SAFE_NO_PAD.encode(tag.as_ref())
        ))
    }

    /// Checks `ticket` for a request to `url`; returns the registry origin that named the realm.
    pub fn verify(&self, ticket: &str, url: &Url) -> Result<String, TicketRefusal> {
        let mut parts = ticket.trim().split('.');
        let (Some(VERSION), Some(expiry), Some(origin), Some(tag), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(TicketRefusal::Malformed);
        };
        let expiry: u64 = expiry.parse().map_err(|_| TicketRefusal::Malformed)?;
        let origin = URL_SAFE_NO_PAD
            .decode(origin)
            .ok()
            .and_then(|o| String::from_utf8(o).ok())
            .ok_or(TicketRefusal::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TicketRefusal::Malformed)?;
        let realm = realm_key(url).ok_or(TicketRefusal::BadSignature)?;
        let signed = message(&origin, &realm, expiry);
        if !self
            .keys
            .iter()
            .any(|key| hmac::verify(key, &signed, &tag).is_ok())
        {
            return Err(TicketRefusal::BadSignature);
        }
        if unix_now() >= expiry {
            return Err(TicketRefusal::Expired);
        }
        Ok(origin)
    }
}

/// `scheme://host:port/path` of an http(s) URL: what a ticket binds.
pub fn realm_key(url: &Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    Some(format!(
        "{}://{}:{}{}",
        url.scheme(),
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?,
        url.path()
    ))
}

fn message(origin: &str, realm: &str, expiry: u64) -> Vec<u8> {
    format!("regscope-realm-ticket\n{VERSION}\n{origin}\n{realm}\n{expiry}").into_bytes()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A last-resort seed when the system's random source fails: time and addresses, good enough
/// for a key no other process shares.
fn fallback_seed() -> Vec<u8> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let local = 0u8;
    format!("{nanos}:{}:{:p}", std::process::id(), &local).into_bytes()
}

#[cfg(test)]
mod tests;
