//! in-toto statements (v0.1 and v1): the subjects and their digests checked against the
//! inspected manifest, the predicate type and the predicate.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The `_type` of an in-toto v0.1 statement.
pub const STATEMENT_V01: &str = "https://in-toto.io/Statement/v0.1";
/// The `_type` of an in-toto v1 statement.
pub const STATEMENT_V1: &str = "https://in-toto.io/Statement/v1";

/// Why a statement could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    /// Not JSON of a statement's shape.
    #[error("not an in-toto statement: {0}")]
    Malformed(String),
    /// A `_type` this reader does not know.
    #[error("unknown in-toto statement type {0:?}")]
    UnknownType(String),
}

/// The statement version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementVersion {
    /// `https://in-toto.io/Statement/v0.1`.
    V01,
    /// `https://in-toto.io/Statement/v1`.
    V1,
}

/// One subject: a name and its digests by algorithm.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Subject {
    /// The subject's name (often a purl).
    #[serde(default)]
    pub name: String,
    /// Digests by algorithm (`sha256` → hex).
    #[serde(default)]
    pub digest: BTreeMap<String, String>,
}

/// A parsed statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The statement version.
    pub version: StatementVersion,
    /// `predicateType`.
    pub predicate_type: String,
    /// The subjects.
    pub subjects: Vec<Subject>,
    /// The predicate, as JSON.
    pub predicate: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawStatement {
    #[serde(rename = "_type")]
    kind: String,
    #[serde(default)]
    predicate_type: String,
    #[serde(default)]
    subject: Vec<Subject>,
    #[serde(default)]
    predicate: Value,
}

/// How the statement's subjects compare with the inspected manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubjectMatch {
    /// A subject's sha256 equals the manifest's digest.
    Match,
    /// No subject's sha256 equals it (the digests found are listed).
    Mismatch(Vec<String>),
    /// Not compared (no manifest digest given, or no sha256 subject).
    NotChecked(String),
}

impl Statement {
    /// Parses a statement's JSON bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self, StatementError> {
        let raw: RawStatement =
            serde_json::from_slice(bytes).map_err(|e| StatementError::Malformed(e.to_string()))?;
        let version = match raw.kind.as_str() {
            STATEMENT_V01 => StatementVersion::V01,
            STATEMENT_V1 => StatementVersion::V1,
            _ => return Err(StatementError::UnknownType(raw.kind)),
        };
        Ok(Statement {
            version,
            predicate_type: raw.predicate_type,
            subjects: raw.subject,
            predicate: raw.predicate,
        })
    }

    /// Compares the subjects' sha256 digests with `manifest_digest` (`sha256:<hex>`).
    pub fn subject_match(&self, manifest_digest: Option<&str>) -> SubjectMatch {
        let Some(wanted) = manifest_digest else {
            return SubjectMatch::NotChecked("no manifest digest to compare with".into());
        };
        let Some(wanted_hex) = wanted.strip_prefix("sha256:") else {
            return SubjectMatch::NotChecked(format!("{wanted} is not a sha256 digest"));
        };
        let found: Vec<String> = self
            .subjects
            .iter()
            .filter_map(|s| s.digest.get("sha256"))
            .map(|hex| format!("sha256:{hex}"))
            .collect();
        if found.is_empty() {
            return SubjectMatch::NotChecked("no subject has a sha256 digest".into());
        }
        if self.subjects.iter().any(|s| {
            s.digest
                .get("sha256")
                .is_some_and(|h| h.eq_ignore_ascii_case(wanted_hex))
        }) {
            SubjectMatch::Match
        } else {
            SubjectMatch::Mismatch(found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_match_or_not() {
        let text = br#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"p",
            "subject":[{"name":"a","digest":{"sha256":"ab"}}],"predicate":{}}"#;
        let statement = Statement::parse(text).expect("parses");
        assert_eq!(statement.version, StatementVersion::V1);
        assert_eq!(
            statement.subject_match(Some("sha256:ab")),
            SubjectMatch::Match
        );
        assert_eq!(
            statement.subject_match(Some("sha256:cd")),
            SubjectMatch::Mismatch(vec!["sha256:ab".into()])
        );
        assert!(matches!(
            statement.subject_match(None),
            SubjectMatch::NotChecked(_)
        ));
        assert_eq!(
            Statement::parse(br#"{"_type":"x"}"#),
            Err(StatementError::UnknownType("x".into()))
        );
    }
}
