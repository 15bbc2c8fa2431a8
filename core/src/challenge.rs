//! `WWW-Authenticate` challenges (RFC 7235 §4.1, RFC 9110 §11.6.1).
//!
//! Grammar (RFC 9110 §11 and §5.6):
//!
//! ```text
//! WWW-Authenticate = #challenge
//! challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! auth-param       = token BWS "=" BWS ( token / quoted-string )
//! token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! ```
//!
//! Decisions where the specification leaves room:
//!
//! * Empty list elements (`, ,`) are skipped, as RFC 9110 §5.6.1 requires of
//!   recipients.
//! * A field (or set of fields) holding no challenge at all is an error
//!   ([`ChallengeError::Empty`]): a 401 response must carry at least one.
//! * A parameter name that occurs more than once in a challenge (which RFC
//!   9110 §11.2 forbids senders to do) keeps its first value; later ones are
//!   dropped, compared case-insensitively.
//! * Between the scheme and its parameters, spaces and horizontal tabs are
//!   both accepted.
//! * Non-ASCII text is accepted inside quoted strings (as `obs-text`) and is
//!   an error anywhere else.
//! * A parameter without a value (`realm=` followed by `,` or the end) is an
//!   error unless the whole item can be read as a token68 (`abc=`).

/// One challenge of a `WWW-Authenticate` header: a scheme followed by either
/// a token68 or a list of parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    scheme: String,
    params: Vec<(String, String)>,
    token68: Option<String>,
}

/// Why a `WWW-Authenticate` value could not be parsed.
///
/// Positions are 1-based character positions in the header field value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    /// The header holds no challenge (it is empty, blank or only commas).
    #[error("the WWW-Authenticate header holds no challenge")]
    Empty,
    /// A character that does not fit the grammar where it appears.
    #[error(
        "unexpected {found:?} at position {position} of the WWW-Authenticate header, expected {expected}"
    )]
    Unexpected {
        /// 1-based character position.
        position: usize,
        /// The character found.
        found: char,
        /// What the grammar expected there.
        expected: &'static str,
    },
    /// The value ended where more was required.
    #[error("the WWW-Authenticate header ends too early, expected {expected}")]
    UnexpectedEnd {
        /// What the grammar expected there.
        expected: &'static str,
    },
    /// A quoted string is not closed.
    #[error(
        "the quoted string opened at position {position} of the WWW-Authenticate header is not closed"
    )]
    UnterminatedQuote {
        /// 1-based character position of the opening quote.
        position: usize,
    },
    /// A control character inside a quoted string.
    #[error(
        "control character {found:?} at position {position} inside a quoted string of the WWW-Authenticate header"
    )]
    InvalidQuotedCharacter {
        /// 1-based character position.
        position: usize,
        /// The character found.
        found: char,
    },
    /// A non-ASCII character outside a quoted string.
    #[error(
        "non-ASCII character {found:?} at position {position} outside a quoted string of the WWW-Authenticate header"
    )]
    NonAscii {
        /// 1-based character position.
        position: usize,
        /// The character found.
        found: char,
    },
    /// A parameter has `=` but no value.
    #[error(
        "the parameter {name:?} has no value at position {position} of the WWW-Authenticate header"
    )]
    MissingValue {
        /// 1-based character position where the value should start.
        position: usize,
        /// The parameter name.
        name: String,
    },
}

impl Challenge {
    /// The auth scheme as written (`"Bearer"`); compare it with
    /// `eq_ignore_ascii_case`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Whether the scheme is `Bearer` (case-insensitive).
    pub fn is_bearer(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("bearer")
    }

    /// Whether the scheme is `Basic` (case-insensitive).
    pub fn is_basic(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("basic")
    }

    /// The value of the parameter `name` (matched case-insensitively),
    /// unquoted and unescaped.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// All parameters in order, names as written, values unquoted.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The token68 following the scheme (`Negotiate abc==`), if any.
    pub fn token68(&self) -> Option<&str> {
        self.token68.as_deref()
    }

    /// The `realm` parameter.
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    /// The `service` parameter (Docker token auth).
    pub fn service(&self) -> Option<&str> {
        self.param("service")
    }

    /// The `scope` parameter (Docker token auth).
    pub fn scope(&self) -> Option<&str> {
        self.param("scope")
    }

    /// The `error` parameter (RFC 6750 §3).
    pub fn error(&self) -> Option<&str> {
        self.param("error")
    }

    /// The `error_description` parameter (RFC 6750 §3).
    pub fn error_description(&self) -> Option<&str> {
        self.param("error_description")
    }
}

/// Parses one `WWW-Authenticate` field value, which may hold several
/// challenges.
pub fn parse(header_value: &str) -> Result<Vec<Challenge>, ChallengeError> {
    parse_all([header_value])
}

/// Parses several `WWW-Authenticate` field values (one per header line) and
/// returns all their challenges in order. Empty fields are allowed as long as
/// at least one challenge is found overall. Error positions refer to the
/// field in which the error is.
pub fn parse_all<'a>(
    fields: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Challenge>, ChallengeError> {
    let mut out = Vec::new();
    for field in fields {
        Parser::new(field).challenges(&mut out)?;
    }
    if out.is_empty() {
        return Err(ChallengeError::Empty);
    }
    Ok(out)
}

/// `tchar` of RFC 9110 §5.6.2.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// Characters of token68 before its `=` padding.
fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Self {
        Parser { s, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, pos: usize) -> Option<u8> {
        self.s.as_bytes().get(pos).copied()
    }

    fn char_position(&self, offset: usize) -> usize {
        self.s.get(..offset).map_or(0, |p| p.chars().count()) + 1
    }

    /// An error for whatever is at byte offset `at`.
    fn unexpected(&self, at: usize, expected: &'static str) -> ChallengeError {
        match self.s.get(at..).and_then(|rest| rest.chars().next()) {
            None => ChallengeError::UnexpectedEnd { expected },
            Some(c) if !c.is_ascii() => ChallengeError::NonAscii {
                position: self.char_position(at),
                found: c,
            },
            Some(c) => ChallengeError::Unexpected {
                position: self.char_position(at),
                found: c,
                expected,
            },
        }
    }

    fn skip_ows_from(&self, mut pos: usize) -> usize {
        while matches!(self.peek_at(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        pos
    }

    fn skip_ows(&mut self) {
        self.pos = self.skip_ows_from(self.pos);
    }

    /// End of the token starting at `pos` (== `pos` when there is none).
    fn token_end(&self, mut pos: usize) -> usize {
        while self.peek_at(pos).is_some_and(is_tchar) {
            pos += 1;
        }
        pos
    }

    /// Skips OWS and any number of empty list elements; returns whether a
    /// comma was seen.
    fn skip_separators(&mut self) -> bool {
        let mut comma = false;
        loop {
            self.skip_ows();
            if self.peek() == Some(b',') {
                comma = true;
                self.pos += 1;
            } else {
                return comma;
            }
        }
    }

    /// Parses every challenge of the field into `out`.
    fn challenges(&mut self, out: &mut Vec<Challenge>) -> Result<(), ChallengeError> {
        self.skip_separators();
        while self.pos < self.s.len() {
            let challenge = self.challenge()?;
            out.push(challenge);
            self.skip_ows();
            let at = self.pos;
            if !self.skip_separators() && self.pos < self.s.len() {
                return Err(self.unexpected(at, "',' between challenges"));
            }
        }
        Ok(())
    }

    /// Parses one challenge starting at an auth-scheme.
    fn challenge(&mut self) -> Result<Challenge, ChallengeError> {
        let start = self.pos;
        let end = self.token_end(start);
        if end == start {
            return Err(self.unexpected(start, "an auth-scheme"));
        }
        let mut challenge = Challenge {
            scheme: self.s[start..end].to_owned(),
            params: Vec::new(),
            token68: None,
        };
        self.pos = end;
        match self.peek() {
            None | Some(b',') => return Ok(challenge),
            Some(b' ' | b'\t') => {}
            Some(_) => return Err(self.unexpected(end, "a space after the auth-scheme")),
        }
        self.skip_ows();
        match self.peek() {
            None | Some(b',') => return Ok(challenge),
            _ => {}
        }

        // First item: auth-param or token68.
        if let Some(token68) = self.try_token68() {
            challenge.token68 = Some(token68);
            return Ok(challenge);
        }
        loop {
            let (name, value) = self.param()?;
            if !challenge
                .params
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&name))
            {
                challenge.params.push((name, value));
            }
            // After a parameter: end, or commas followed by another
            // parameter or a new challenge.
            self.skip_ows();
            let at = self.pos;
            if !self.skip_separators() {
                if self.pos < self.s.len() {
                    return Err(self.unexpected(at, "',' after a parameter"));
                }
                return Ok(challenge);
            }
            if self.pos >= self.s.len() || !self.at_param() {
                // Leave the separators for the caller, which expects them
                // between challenges.
                self.pos = at;
                return Ok(challenge);
            }
        }
    }

    /// Whether the input at the current position is `token BWS "="`, i.e. a
    /// parameter rather than a new challenge.
    fn at_param(&self) -> bool {
        let end = self.token_end(self.pos);
        end > self.pos && self.peek_at(self.skip_ows_from(end)) == Some(b'=')
    }

    /// Reads a token68 if the item at the current position is one (and not
    /// an auth-param); leaves the position unchanged otherwise.
    fn try_token68(&mut self) -> Option<String> {
        let start = self.pos;
        // An auth-param (`token BWS = BWS value`) wins when a value follows.
        let name_end = self.token_end(start);
        if name_end > start {
            let eq = self.skip_ows_from(name_end);
            if self.peek_at(eq) == Some(b'=') {
                let value = self.skip_ows_from(eq + 1);
                if matches!(self.peek_at(value), Some(b'"'))
                    || self.peek_at(value).is_some_and(is_tchar)
                {
                    return None;
                }
            }
        }
        let mut end = start;
        while self.peek_at(end).is_some_and(is_token68_char) {
            end += 1;
        }
        if end == start {
            return None;
        }
        while self.peek_at(end) == Some(b'=') {
            end += 1;
        }
        let after = self.skip_ows_from(end);
        if matches!(self.peek_at(after), None | Some(b',')) {
            self.pos = after;
            Some(self.s[start..end].to_owned())
        } else {
            None
        }
    }

    /// Parses `token BWS "=" BWS ( token / quoted-string )`.
    fn param(&mut self) -> Result<(String, String), ChallengeError> {
        let start = self.pos;
        let end = self.token_end(start);
        if end == start {
            return Err(self.unexpected(start, "a parameter name"));
        }
        let name = self.s[start..end].to_owned();
        self.pos = self.skip_ows_from(end);
        if self.peek() != Some(b'=') {
            return Err(self.unexpected(self.pos, "'=' after the parameter name"));
        }
        self.pos += 1;
        self.skip_ows();
        match self.peek() {
            Some(b'"') => {
                let value = self.quoted_string()?;
                Ok((name, value))
            }
            Some(b) if is_tchar(b) => {
                let vstart = self.pos;
                let vend = self.token_end(vstart);
                self.pos = vend;
                Ok((name, self.s[vstart..vend].to_owned()))
            }
            None | Some(b',') => Err(ChallengeError::MissingValue {
                position: self.char_position(self.pos),
                name,
            }),
            Some(_) => Err(self.unexpected(self.pos, "a token or a quoted string")),
        }
    }

    /// Parses a quoted string at the current position (which holds `"`),
    /// returning its unescaped content.
    fn quoted_string(&mut self) -> Result<String, ChallengeError> {
        let open = self.pos;
        let body = self.s.get(open + 1..).unwrap_or("");
        let mut value = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            let at = open + 1 + i;
            match c {
                '"' => {
                    self.pos = at + 1;
                    return Ok(value);
                }
                '\\' => match chars.next() {
                    Some((_, e)) if e == '\t' || !e.is_control() => value.push(e),
                    Some((j_bad, e)) => {
                        return Err(ChallengeError::InvalidQuotedCharacter {
                            position: self.char_position(open + 1 + j_bad),
                            found: e,
                        });
                    }
                    None => {
                        return Err(ChallengeError::UnterminatedQuote {
                            position: self.char_position(open),
                        });
                    }
                },
                c if c == '\t' || !c.is_control() => value.push(c),
                c => {
                    return Err(ChallengeError::InvalidQuotedCharacter {
                        position: self.char_position(at),
                        found: c,
                    });
                }
            }
        }
        Err(ChallengeError::UnterminatedQuote {
            position: self.char_position(open),
        })
    }
}
