//! The contract between the app and the relay: the names both use (headers, page element ids,
//! the relay's route), realm tickets, the relay's error kinds and error body, how a redirect
//! walk is reported, the view a page's query string names, and that view as JSON for machines.
//! Plain Rust: the app (in the browser) and the relay (on the server) read the same definitions.

mod error_words;
mod names;
mod plain_http;
mod realm_ticket;
mod redirects;
mod relay_error_body;
mod relay_error_kind;
mod view_json;
mod view_json_error;
mod view_query;

pub use error_words::{ErrorWords, error_words};
pub use names::{
    LOCAL_FILE_KIND, PREFETCH_ID, RELAY_ERROR_HEADER, RELAY_HEADER, RELAY_HEADER_VALUE,
    RELAY_META_NAME, RELAY_PATH, SERVER_VIEW_ID, relay_url,
};
pub use plain_http::{INSECURE_META_NAME, PlainHttpHosts};
pub use realm_ticket::{MAX_KEPT_TICKETS, REALM_TICKET_HEADER, RealmTickets, ticket_entry};
pub use redirects::{
    FINAL_URL_HEADER, HOPS_HEADER, Hop, MAX_REDIRECTS, format_hops, is_redirect, is_walk_header,
    parse_hops, set_final_url, set_walk,
};
pub use relay_error_body::{NO_REASON, RelayErrorBody};
pub use relay_error_kind::{RelayErrorKind, UnknownRelayErrorKind};
pub use view_json::{
    BlobJson, EntryJson, EntryRole, ErrorJson, ImageJson, JSON_FORMAT, ManifestJson, ReferenceJson,
    VIEW_JSON_SCHEMA, ViewJson,
};
pub use view_json_error::{error_kind, error_status};
pub use view_query::ViewQuery;
