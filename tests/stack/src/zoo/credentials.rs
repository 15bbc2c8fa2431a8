//! What a request's `Authorization` header carries.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The credentials of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No `Authorization` header.
    None,
    /// `Basic` with a user and password.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
    /// `Bearer` with a token.
    Bearer(String),
    /// Anything else: another scheme, or a Basic value that does not decode.
    Unreadable,
}

impl Credentials {
    /// Reads the `Authorization` header value, if any.
    pub fn parse(header: Option<&str>) -> Self {
        let Some(value) = header else {
            return Self::None;
        };
        let Some((scheme, rest)) = value.trim().split_once(' ') else {
            return Self::Unreadable;
        };
        let rest = rest.trim();
        if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
            return Self::Bearer(rest.to_owned());
        }
        if !scheme.eq_ignore_ascii_case("basic") {
            return Self::Unreadable;
        }
        let decoded = STANDARD
            .decode(rest)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match decoded.as_deref().and_then(|text| text.split_once(':')) {
            Some((user, password)) => Self::Basic {
                user: user.to_owned(),
                password: password.to_owned(),
            },
            None => Self::Unreadable,
        }
    }

    /// Reads the `Authorization` header of `headers`.
    pub fn of(headers: &axum::http::HeaderMap) -> Self {
        Self::parse(
            headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok()),
        )
    }

    /// True when the request carried an `Authorization` header at all.
    pub fn present(&self) -> bool {
        *self != Self::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_basic_bearer_and_garbage() {
        assert_eq!(
            Credentials::parse(Some("Basic QVdTOnNlY3JldDp3aXRoOmNvbG9ucw==")),
            Credentials::Basic {
                user: "AWS".into(),
                password: "secret:with:colons".into()
            }
        );
        assert_eq!(
            Credentials::parse(Some("bearer abc.def")),
            Credentials::Bearer("abc.def".into())
        );
        assert_eq!(Credentials::parse(None), Credentials::None);
        assert_eq!(
            Credentials::parse(Some("Basic !!")),
            Credentials::Unreadable
        );
        assert_eq!(
            Credentials::parse(Some("Digest x")),
            Credentials::Unreadable
        );
        assert_eq!(Credentials::parse(Some("Bearer")), Credentials::Unreadable);
        assert!(Credentials::Unreadable.present());
    }
}
