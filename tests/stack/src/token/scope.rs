//! The token server's scopes: the core's parser (`regscope_core::token::scope`), without the
//! bare scopes the token server has no use for (only ECR Public's emulation asks for one).

pub use regscope_core::token::scope::Scope;

/// Every `TYPE:NAME:ACTIONS` scope in the `scope` query values; malformed and bare scopes
/// are skipped.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Scope> {
    regscope_core::token::scope::parse_all(values)
        .into_iter()
        .filter(|scope| !scope.is_bare())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_space_separated_and_skips_garbage_and_bare_scopes() {
        let all = parse_all([
            "repository:a:pull registry:catalog:*",
            "nonsense",
            "x::pull",
        ]);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].name, "catalog");
    }
}
