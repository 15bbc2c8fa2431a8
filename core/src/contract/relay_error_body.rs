//! The body of a relay error: `{"relay_error":{"kind":"…","message":"…"}}`, the kind as in
//! the error header and a sentence for a person.

use serde_json::{Value, json};

use super::RelayErrorKind;

/// What the page shows when a relay error body gives no sentence.
pub const NO_REASON: &str = "the relay gave no reason";

/// A relay error as its JSON body carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayErrorBody {
    /// The kind (also in the `x-regscope-relay-error` header).
    pub kind: RelayErrorKind,
    /// Why, for a person.
    pub message: String,
}

impl RelayErrorBody {
    /// A body of `kind` saying `message`.
    pub fn new(kind: RelayErrorKind, message: impl Into<String>) -> Self {
        RelayErrorBody {
            kind,
            message: message.into(),
        }
    }

    /// The JSON text: `{"relay_error":{"kind":"…","message":"…"}}`.
    pub fn to_json(&self) -> String {
        json!({"relay_error": {"kind": self.kind.as_str(), "message": self.message}}).to_string()
    }

    /// Reads a body; `None` when it is not that JSON shape or its kind is unknown to this
    /// version (see [`RelayErrorBody::message_of`] for the sentence alone).
    pub fn parse(body: &[u8]) -> Option<RelayErrorBody> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let error = value.get("relay_error")?;
        Some(RelayErrorBody {
            kind: RelayErrorKind::parse(error.get("kind")?.as_str()?)?,
            message: error.get("message")?.as_str()?.to_string(),
        })
    }

    /// The sentence of a relay error body whatever its kind (a newer relay may send kinds this
    /// version does not know), or [`NO_REASON`] when the body has none.
    pub fn message_of(body: &[u8]) -> String {
        serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| Some(v.get("relay_error")?.get("message")?.as_str()?.to_string()))
            .unwrap_or_else(|| NO_REASON.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_through_json() {
        for kind in RelayErrorKind::ALL {
            let body = RelayErrorBody::new(kind, "the host \"x\" </script> is refused\n");
            assert_eq!(RelayErrorBody::parse(body.to_json().as_bytes()), Some(body));
        }
    }

    #[test]
    fn the_wire_format_is_kept() {
        let body = RelayErrorBody::new(RelayErrorKind::RefusedPath, "no");
        assert_eq!(
            body.to_json(),
            r#"{"relay_error":{"kind":"refused-path","message":"no"}}"#
        );
    }

    #[test]
    fn unknown_kinds_still_give_their_sentence() {
        let newer = br#"{"relay_error":{"kind":"quota-exceeded","message":"try tomorrow"}}"#;
        assert_eq!(RelayErrorBody::parse(newer), None);
        assert_eq!(RelayErrorBody::message_of(newer), "try tomorrow");
        let odd = br#"{"relay_error":{"kind":7,"message":"m"}}"#;
        assert_eq!(RelayErrorBody::parse(odd), None);
        assert_eq!(RelayErrorBody::message_of(odd), "m");
    }

    #[test]
    fn other_bodies_have_no_reason() {
        for body in [
            &b""[..],
            b"<html>502</html>",
            b"[]",
            b"{\"relay_error\":null}",
            b"{\"relay_error\":{\"kind\":\"too-large\",\"message\":3}}",
            b"\xff\xfe",
        ] {
            assert_eq!(RelayErrorBody::parse(body), None);
            assert_eq!(RelayErrorBody::message_of(body), NO_REASON);
        }
    }
}
