//! Realm tickets: the relay's proof that a registry's Bearer challenge named a token endpoint.
//! The relay hands one out with each relayed 401 ([`REALM_TICKET_HEADER`], one
//! `<realm> <ticket>` entry per realm named, comma-separated, the realm percent-encoded where
//! it holds `%`, a comma, whitespace, a control or a non-ASCII character); the page sends the
//! ticket back in the same header with its request to that realm, so that any relay sharing
//! the signing key (a fleet behind a load balancer) accepts it. The ticket is opaque to the
//! page.

use crate::recording::Recording;

/// Response header carrying `<realm> <ticket>` entries; request header carrying one ticket.
pub const REALM_TICKET_HEADER: &str = "x-regscope-realm-ticket";

/// Most tickets a page keeps (the oldest is forgotten first).
pub const MAX_KEPT_TICKETS: usize = 16;

/// The `<realm> <ticket>` entry for one realm, the realm percent-encoded where it holds a byte
/// the header cannot carry as is; `None` for an empty realm or a ticket that is not plain
/// visible ASCII without commas (the relay's tickets always are).
pub fn ticket_entry(realm: &str, ticket: &str) -> Option<String> {
    let plain = !ticket.is_empty() && ticket.bytes().all(|b| b.is_ascii_graphic() && b != b',');
    if realm.is_empty() || !plain {
        return None;
    }
    let mut entry = String::with_capacity(realm.len() + ticket.len() + 1);
    for b in realm.bytes() {
        if b.is_ascii_graphic() && b != b',' && b != b'%' {
            entry.push(char::from(b));
        } else {
            entry.push_str(&format!("%{b:02X}"));
        }
    }
    entry.push(' ');
    entry.push_str(ticket);
    Some(entry)
}

/// The realm of an entry, percent-decoded; `None` when an escape is broken or the bytes are
/// not UTF-8. Byte by byte, with no slicing of the text: the page's bundle carries it.
fn decode_realm(text: &str) -> Option<String> {
    let hex = |b: Option<u8>| char::from(b?).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let high = hex(bytes.next())?;
            let low = hex(bytes.next())?;
            out.push((high * 16 + low) as u8);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

/// The tickets a page holds, newest last.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RealmTickets {
    kept: Vec<(String, String)>,
}

impl RealmTickets {
    /// Keeps the entries of a [`REALM_TICKET_HEADER`] response value (malformed ones are skipped).
    pub fn learn(&mut self, value: &str) {
        for entry in value.split(',') {
            let Some((realm, ticket)) = entry.trim().split_once(' ') else {
                continue;
            };
            let Some(realm) = decode_realm(realm) else {
                continue;
            };
            if realm.is_empty() || ticket.is_empty() || ticket.contains(' ') {
                continue;
            }
            self.kept.retain(|(r, _)| *r != realm);
            if self.kept.len() >= MAX_KEPT_TICKETS {
                self.kept.remove(0);
            }
            self.kept.push((realm, ticket.to_string()));
        }
    }

    /// Keeps the tickets of every answer in `recording`: the exchanges a relay recorded while
    /// rendering a shared link carry, with each relayed 401, the tickets it would have handed
    /// the page, and the page replays those answers without seeing their headers otherwise.
    pub fn learn_recorded(&mut self, recording: &Recording) {
        for entry in &recording.entries {
            for (name, value) in &entry.response_headers {
                if name.eq_ignore_ascii_case(REALM_TICKET_HEADER) {
                    self.learn(value);
                }
            }
        }
    }

    /// The ticket for a request to `url`: that of the longest realm `url` starts with, followed
    /// by nothing, `?` or `&` (a token URL is its realm plus query parameters).
    pub fn for_url(&self, url: &str) -> Option<&str> {
        self.kept
            .iter()
            .filter(|(realm, _)| {
                url.strip_prefix(realm.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['?', '&']))
            })
            .max_by_key(|(realm, _)| realm.len())
            .map(|(_, ticket)| ticket.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realms_with_commas_whitespace_or_escapes_round_trip() {
        let realms = [
            "https://auth.example/to ken",
            "https://auth.example/a,b/token",
            "https://auth.example/t\tab",
            "https://auth.example/%2C already-escaped",
            "https://auth.example/jeton/é",
            "https://auth.example/plain",
        ];
        let header = realms
            .iter()
            .enumerate()
            .map(|(i, realm)| ticket_entry(realm, &format!("k{i}")).expect(realm))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            header.bytes().all(|b| b.is_ascii_graphic() || b == b' '),
            "{header}"
        );
        assert!(header.contains("https://auth.example/plain k5"), "{header}");
        let mut jar = RealmTickets::default();
        jar.learn(&header);
        for (i, realm) in realms.iter().enumerate() {
            let want = format!("k{i}");
            assert_eq!(
                jar.for_url(&format!("{realm}?service=s")),
                Some(want.as_str()),
                "{realm}"
            );
        }
        // A broken escape or bytes that are no UTF-8 are skipped, not guessed.
        let mut jar = RealmTickets::default();
        jar.learn("https://a/%zz k1, https://a/%FF k2, https://a/%4 k3");
        assert_eq!(jar, RealmTickets::default());
    }

    #[test]
    fn a_ticket_goes_to_its_realm_only() {
        let mut jar = RealmTickets::default();
        jar.learn("https://auth.example/token t1, https://auth.example/token/v2 t2, junk");
        assert_eq!(
            jar.for_url("https://auth.example/token?service=s&scope=x"),
            Some("t1")
        );
        assert_eq!(
            jar.for_url("https://auth.example/token/v2?service=s"),
            Some("t2")
        );
        assert_eq!(jar.for_url("https://auth.example/tokens"), None);
        assert_eq!(jar.for_url("https://other.example/token"), None);
        jar.learn("https://auth.example/token t3");
        assert_eq!(jar.for_url("https://auth.example/token"), Some("t3"));
    }

    #[test]
    fn a_recordings_tickets_are_learned_from_its_answers() {
        let request = crate::Request {
            method: crate::Method::Get,
            url: "http://r/v2/".into(),
            headers: Vec::new(),
        };
        let answer = |headers: Vec<(String, String)>| crate::Response {
            status: 401,
            headers,
            body: Vec::new(),
            path: "relay".into(),
        };
        let mut recording = Recording::default();
        recording.record(
            &request,
            &answer(vec![(
                "X-Regscope-Realm-Ticket".into(),
                "http://auth/token%20x t1".into(),
            )]),
        );
        recording.record(
            &request,
            &answer(vec![("www-authenticate".into(), "x".into())]),
        );
        let mut jar = RealmTickets::default();
        jar.learn_recorded(&recording);
        assert_eq!(jar.for_url("http://auth/token x?scope=s"), Some("t1"));
        assert_eq!(jar.for_url("http://auth/other"), None);
    }

    #[test]
    fn entries_refuse_unwritable_realms_and_the_jar_is_bounded() {
        assert_eq!(
            ticket_entry("https://a/t", "x.y"),
            Some("https://a/t x.y".into())
        );
        assert_eq!(ticket_entry("", "x"), None);
        assert_eq!(ticket_entry("https://a/t", "x,y"), None);
        assert_eq!(ticket_entry("https://a/t", "x y"), None);
        let mut jar = RealmTickets::default();
        for i in 0..(MAX_KEPT_TICKETS + 4) {
            jar.learn(&format!("https://r{i}/t k{i}"));
        }
        assert_eq!(jar.for_url("https://r0/t"), None);
        let last = MAX_KEPT_TICKETS + 3;
        assert_eq!(
            jar.for_url(&format!("https://r{last}/t")),
            Some(&*format!("k{last}"))
        );
    }
}
