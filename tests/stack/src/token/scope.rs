//! Parsing of Docker token `scope` parameters (`TYPE:NAME:ACTIONS`).

/// One requested scope, e.g. `repository:library/alpine:pull,push`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Resource type, e.g. `repository` or `registry` (a `(class)` suffix is dropped).
    pub kind: String,
    /// Resource name, e.g. `library/alpine` (may itself contain `:` for host:port names).
    pub name: String,
    /// Requested actions, e.g. `["pull", "push"]`.
    pub actions: Vec<String>,
}

/// Parses every scope in the `scope` query values; values may hold several
/// space-separated scopes. Malformed scopes are skipped, as token servers usually do.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Scope> {
    values
        .into_iter()
        .flat_map(str::split_whitespace)
        .filter_map(parse)
        .collect()
}

/// Parses one scope; `None` when it lacks a type, a name or actions.
pub fn parse(text: &str) -> Option<Scope> {
    let (kind, rest) = text.split_once(':')?;
    let (name, actions) = rest.rsplit_once(':')?;
    let kind = kind.split_once('(').map_or(kind, |(base, _)| base);
    if kind.is_empty() || name.is_empty() {
        return None;
    }
    let actions: Vec<String> = actions
        .split(',')
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    if actions.is_empty() {
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
    fn parses_repository_scopes() {
        let s = parse("repository:library/alpine:pull,push").expect("scope");
        assert_eq!(s.kind, "repository");
        assert_eq!(s.name, "library/alpine");
        assert_eq!(s.actions, ["pull", "push"]);
        let s = parse("repository(plugin):host:5000/x:pull").expect("scope");
        assert_eq!(
            (s.kind.as_str(), s.name.as_str()),
            ("repository", "host:5000/x")
        );
    }

    #[test]
    fn splits_space_separated_and_skips_garbage() {
        let all = parse_all([
            "repository:a:pull registry:catalog:*",
            "nonsense",
            "x::pull",
        ]);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].name, "catalog");
    }
}
