//! Decoding of an `Authorization: Basic` header into a user and password.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// What the `Authorization` header of a token request says.
#[derive(Debug, PartialEq, Eq)]
pub enum Credentials {
    /// No header, or a scheme other than Basic (ignored: the caller stays anonymous).
    None,
    /// A well-formed Basic header.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
    /// A Basic header that does not decode to `user:password`.
    Malformed,
}

/// Reads the `Authorization` header value, if any.
pub fn parse(header: Option<&str>) -> Credentials {
    let Some(value) = header else {
        return Credentials::None;
    };
    let Some((scheme, encoded)) = value.trim().split_once(' ') else {
        return Credentials::None;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Credentials::None;
    }
    let Ok(bytes) = STANDARD.decode(encoded.trim()) else {
        return Credentials::Malformed;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Credentials::Malformed;
    };
    match text.split_once(':') {
        Some((user, password)) => Credentials::Basic {
            user: user.to_owned(),
            password: password.to_owned(),
        },
        None => Credentials::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_basic() {
        assert_eq!(
            parse(Some("Basic YWxpY2U6d29uZGVybGFuZA==")),
            Credentials::Basic {
                user: "alice".into(),
                password: "wonderland".into()
            }
        );
        assert_eq!(parse(Some("Basic !!!")), Credentials::Malformed);
        assert_eq!(parse(Some("Bearer abc")), Credentials::None);
        assert_eq!(parse(None), Credentials::None);
    }
}
