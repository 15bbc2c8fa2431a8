//! The page's registry session: one core client (so tokens are cached across views) and the
//! credentials the user entered, per registry.

use std::cell::RefCell;
use std::rc::Rc;

use regscope_core::{Client, Credentials};
use serde_json::{Value, json};

use crate::fetch_transport::{FetchTransport, now_ms, relay_base};
use crate::services::storage::{self, Store};

const CREDENTIALS_KEY: &str = "regscope.credentials.";

/// The session every view shares.
pub type SharedSession = Rc<Session>;

/// The client and who is signed in where.
pub struct Session {
    /// The registry client.
    pub client: Client<FetchTransport>,
    /// (API host, username) of the credentials entered.
    users: RefCell<Vec<(String, String)>>,
    /// API hosts whose stored credentials were already looked for.
    restored: RefCell<Vec<String>>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    /// A new session: direct mode where registries allow it, else the relay.
    pub fn new() -> Session {
        Session {
            client: Client::new(FetchTransport::new(relay_base()), now_ms),
            users: RefCell::default(),
            restored: RefCell::default(),
        }
    }

    /// The username used for `api_host`, when credentials were entered for it.
    pub fn user(&self, api_host: &str) -> Option<String> {
        self.restore(api_host);
        self.users
            .borrow()
            .iter()
            .find(|(host, _)| host == api_host)
            .map(|(_, user)| user.clone())
    }

    /// Uses `credentials` for `api_host` only (its token endpoint or Basic challenge), kept in
    /// memory; also in `sessionStorage` when `remember` is set (any stored copy is removed otherwise).
    pub fn sign_in(&self, api_host: &str, credentials: Credentials, remember: bool) {
        let key = format!("{CREDENTIALS_KEY}{api_host}");
        if remember {
            let saved =
                json!({ "username": credentials.username, "password": credentials.password });
            storage::set(
                Store::Session,
                &key,
                &serde_json::to_string(&saved).unwrap_or_default(),
            );
        } else {
            storage::remove(Store::Session, &key);
        }
        self.set_user(api_host, Some(&credentials.username));
        self.client.set_credentials(api_host, Some(credentials));
    }

    /// Forgets the credentials of `api_host` (memory and `sessionStorage`).
    pub fn sign_out(&self, api_host: &str) {
        storage::remove(Store::Session, &format!("{CREDENTIALS_KEY}{api_host}"));
        self.set_user(api_host, None);
        self.client.set_credentials(api_host, None);
    }

    fn set_user(&self, api_host: &str, user: Option<&str>) {
        let mut users = self.users.borrow_mut();
        users.retain(|(host, _)| host != api_host);
        if let Some(user) = user {
            users.push((api_host.to_string(), user.to_string()));
        }
    }

    /// Loads credentials this tab remembered for `api_host`, once.
    pub fn restore(&self, api_host: &str) {
        {
            let mut restored = self.restored.borrow_mut();
            if restored.iter().any(|h| h == api_host) {
                return;
            }
            restored.push(api_host.to_string());
        }
        let Some(text) = storage::get(Store::Session, &format!("{CREDENTIALS_KEY}{api_host}"))
        else {
            return;
        };
        let Ok(saved) = serde_json::from_slice::<Value>(text.as_bytes()) else {
            return;
        };
        let (Some(username), Some(password)) =
            (saved["username"].as_str(), saved["password"].as_str())
        else {
            return;
        };
        self.set_user(api_host, Some(username));
        self.client.set_credentials(
            api_host,
            Some(Credentials {
                username: username.to_string(),
                password: password.to_string(),
            }),
        );
    }
}
