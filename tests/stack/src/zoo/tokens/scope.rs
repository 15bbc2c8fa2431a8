//! Scopes of the Docker token protocol (`TYPE:NAME:ACTIONS`), as token requests carry them.

/// One requested scope, e.g. `repository:library/alpine:pull`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Resource type (`repository`, `registry`, or ECR Public's bare `aws`).
    pub kind: String,
    /// Resource name (empty for a bare scope such as `aws`).
    pub name: String,
    /// Requested actions.
    pub actions: Vec<String>,
}

/// Every scope in the `scope` query values (repeated, or space-separated in one value).
/// A value without `:` is kept as a bare scope (ECR Public asks for `aws`); malformed
/// `TYPE:NAME:ACTIONS` scopes are skipped.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Scope> {
    values
        .into_iter()
        .flat_map(str::split_whitespace)
        .filter_map(parse)
        .collect()
}

/// Parses one scope.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_repository_registry_and_bare_scopes() {
        let all = parse_all([
            "repository:library/alpine:pull,push registry:catalog:*",
            "aws",
            "repository::pull",
            "repository:x:",
        ]);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].name, "library/alpine");
        assert_eq!(all[0].actions, ["pull", "push"]);
        assert_eq!(
            (all[1].kind.as_str(), all[1].name.as_str()),
            ("registry", "catalog")
        );
        assert_eq!(all[2].kind, "aws");
        assert!(all[2].name.is_empty() && all[2].actions.is_empty());
    }
}
