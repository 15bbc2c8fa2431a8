//! Scopes of the Docker token protocol as token requests carry them: `TYPE:NAME:ACTIONS`
//! (`repository:library/alpine:pull,push`, `registry:catalog:*`, a `TYPE(CLASS)` keeps its
//! type), several to a `scope` value separated by spaces, and bare scopes without `:` (ECR
//! Public's challenge asks for `aws`).

/// One requested scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Resource type (`repository`, `registry`; a `(class)` suffix is dropped), or the whole
    /// text of a bare scope.
    pub kind: String,
    /// Resource name (may itself contain `:`, as `host:5000/x`); empty for a bare scope.
    pub name: String,
    /// Requested actions; empty for a bare scope.
    pub actions: Vec<String>,
}

impl Scope {
    /// Parses one scope; `None` for an empty text, or a `TYPE:NAME:ACTIONS` scope without a
    /// type, a name or actions.
    pub fn parse(text: &str) -> Option<Scope> {
        let Some((kind, rest)) = text.split_once(':') else {
            return (!text.is_empty()).then(|| Scope {
                kind: text.to_owned(),
                name: String::new(),
                actions: Vec::new(),
            });
        };
        let (name, actions) = rest.rsplit_once(':')?;
        let kind = kind.split_once('(').map_or(kind, |(base, _)| base);
        let actions: Vec<String> = actions
            .split(',')
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        if kind.is_empty() || name.is_empty() || actions.is_empty() {
            return None;
        }
        Some(Scope {
            kind: kind.to_owned(),
            name: name.to_owned(),
            actions,
        })
    }

    /// True for a bare scope (no name, no actions), such as `aws`.
    pub fn is_bare(&self) -> bool {
        self.name.is_empty()
    }
}

/// Every scope in `scope` query values (repeated, or space-separated in one value);
/// malformed `TYPE:NAME:ACTIONS` scopes are skipped, as token servers do.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Scope> {
    values
        .into_iter()
        .flat_map(str::split_whitespace)
        .filter_map(Scope::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind, name and actions of a parsed scope.
    type Parts<'a> = (&'a str, &'a str, &'a [&'a str]);

    #[test]
    fn scopes_parse_or_are_skipped() {
        // text → (kind, name, actions), or None
        let cases: [(&str, Option<Parts<'_>>); 9] = [
            (
                "repository:library/alpine:pull,push",
                Some(("repository", "library/alpine", &["pull", "push"])),
            ),
            (
                "repository(plugin):host:5000/x:pull",
                Some(("repository", "host:5000/x", &["pull"])),
            ),
            ("registry:catalog:*", Some(("registry", "catalog", &["*"]))),
            ("aws", Some(("aws", "", &[]))),
            ("repository:x:pull,,", Some(("repository", "x", &["pull"]))),
            ("", None),
            ("repository::pull", None),
            ("repository:x:", None),
            (":x:pull", None),
        ];
        for (text, expected) in cases {
            let parsed = Scope::parse(text);
            let got = parsed.as_ref().map(|s| {
                let actions: Vec<&str> = s.actions.iter().map(String::as_str).collect();
                (s.kind.as_str(), s.name.as_str(), actions)
            });
            let expected = expected.map(|(k, n, a)| (k, n, a.to_vec()));
            assert_eq!(got, expected, "{text:?}");
        }
        assert!(Scope::parse("aws").unwrap().is_bare());
        assert!(!Scope::parse("registry:catalog:*").unwrap().is_bare());
    }

    #[test]
    fn values_hold_several_scopes() {
        let all = parse_all([
            "repository:library/alpine:pull registry:catalog:*",
            "aws",
            "repository::pull",
        ]);
        let kinds: Vec<&str> = all.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["repository", "registry", "aws"]);
    }
}
