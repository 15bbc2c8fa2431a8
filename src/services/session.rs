//! The page's registry session: one core client (so tokens are cached across views) and the
//! credentials the user entered, per registry. The browser's root makes it, with the
//! exchanges the relay recorded for a page it rendered: those answer first, then the network.

use std::cell::RefCell;
use std::rc::Rc;

use regscope_core::recording::{Recording, Replay};
use regscope_core::{Client, Credentials};
use serde_json::{Value, json};

use crate::fetch_transport::{FetchTransport, plain_http_hosts, relay_base};
use crate::services::clock::now_ms;
use crate::services::page_credentials;
use crate::services::storage::{self, Store};

const CREDENTIALS_KEY: &str = "regscope.credentials.";

/// The session every view shares.
pub type SharedSession = Rc<Session>;

/// The client and who is signed in where.
pub struct Session {
    /// The registry client: the recording first, then fetch.
    pub client: Client<Replay<FetchTransport>>,
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

impl Session {
    /// A new session that answers the requests `recording` holds from it (once each), and
    /// sends the others directly where registries allow it, else through the relay.
    pub fn new(recording: Recording) -> Session {
        let transport = Replay::new(
            FetchTransport::new(relay_base(), plain_http_hosts()).with_tickets_of(&recording),
            recording,
        );
        Session {
            client: Client::new(transport, now_ms),
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
    /// the page's memory (for the views of this page: [`page_credentials`]); also in
    /// `sessionStorage` when `remember` is set (any stored copy is removed otherwise).
    pub fn sign_in(&self, api_host: &str, credentials: Credentials, remember: bool) {
        page_credentials::put(api_host, Some(&credentials));
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

    /// How many requests went to the network so far (replayed answers are not counted).
    pub fn sent(&self) -> u64 {
        self.client.transport().inner().sent()
    }

    /// Forgets the credentials of `api_host` (memory, the page's and `sessionStorage`).
    pub fn sign_out(&self, api_host: &str) {
        page_credentials::put(api_host, None);
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

    /// Takes the credentials entered for `api_host` elsewhere in this page (another view's
    /// module), else those this tab remembered (looked for once).
    pub fn restore(&self, api_host: &str) {
        if self.users.borrow().iter().any(|(host, _)| host == api_host) {
            return;
        }
        if let Some(credentials) = page_credentials::get(api_host) {
            self.set_user(api_host, Some(&credentials.username));
            self.client.set_credentials(api_host, Some(credentials));
            return;
        }
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
