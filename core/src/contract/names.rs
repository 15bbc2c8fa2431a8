//! The names the app and the relay agree on: response headers, the relay's route, the ids of
//! the elements of a page rendered on the server, and the `<meta>` that names a relay.

use crate::url_text::percent_encode;

/// Marks a response as an error of the relay itself (not an answer relayed from upstream);
/// its value is a [`RelayErrorKind`](super::RelayErrorKind) name.
pub const RELAY_ERROR_HEADER: &str = "x-regscope-relay-error";

/// Marks a response relayed from upstream; the page takes an answer without it (a static
/// host's 404 or index page) as "no relay here".
pub const RELAY_HEADER: &str = "x-regscope-relay";

/// The value the relay gives [`RELAY_HEADER`].
pub const RELAY_HEADER_VALUE: &str = "relayed";

/// The error kind the app gives a request for an image read from a file (a registry under
/// `.invalid`) that this tab has not open: after a reload, or a link opened elsewhere. The
/// message names the file to drop again; no relay sends it.
pub const LOCAL_FILE_KIND: &str = "local-file";

/// The relay's route: `GET {RELAY_PATH}?url=<percent-encoded target>`.
pub const RELAY_PATH: &str = "/relay";

/// The `id` of the element holding the view the relay rendered on the server.
pub const SERVER_VIEW_ID: &str = "regscope-server-view";

/// The `id` of the `<script type="application/json">` holding the exchanges the relay made
/// while it rendered the view.
pub const PREFETCH_ID: &str = "regscope-prefetch";

/// The `name` of the `<meta>` whose `content` is the base URL of the relay, for the app hosted
/// as static files on another origin: `<meta name="regscope-relay" content="https://relay.example">`.
pub const RELAY_META_NAME: &str = "regscope-relay";

/// The URL that relays `target` through the relay at `base` (`""` for the page's own origin;
/// no trailing `/`).
pub fn relay_url(base: &str, target: &str) -> String {
    format!("{base}{RELAY_PATH}?url={}", percent_encode(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls_carry_the_whole_target_encoded() {
        assert_eq!(
            relay_url("", "http://127.0.0.1:5000/v2/a/manifests/b?x=1&y"),
            "/relay?url=http%3A%2F%2F127.0.0.1%3A5000%2Fv2%2Fa%2Fmanifests%2Fb%3Fx%3D1%26y"
        );
        assert_eq!(
            relay_url("https://relay.example", "https://r/v2/"),
            "https://relay.example/relay?url=https%3A%2F%2Fr%2Fv2%2F"
        );
    }
}
