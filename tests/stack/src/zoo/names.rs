//! Mapping each emulated registry's repository names onto the seeded repositories of the
//! stack (Docker Hub `library/alpine`, GHCR `regscope/alpine`, k8s `…/images/pause`, …).

/// Who may pull an emulated repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Anyone, with whatever anonymous flow the registry has.
    Public,
    /// Only a signed-in user of that registry.
    Private,
}

/// One repository of an emulated registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repo {
    /// The name on the emulated registry.
    pub name: &'static str,
    /// The seeded repository that holds its content.
    pub seeded: &'static str,
    /// Who may pull it.
    pub visibility: Visibility,
    /// A fault mode, not any real registry's behaviour: blob GETs ignore `Range` and answer
    /// 200 with the whole blob and no `Accept-Ranges`, as some proxies and static servers do.
    pub ignores_range: bool,
}

/// A public repository `name` backed by `seeded`.
pub const fn public(name: &'static str, seeded: &'static str) -> Repo {
    Repo {
        name,
        seeded,
        visibility: Visibility::Public,
        ignores_range: false,
    }
}

/// A public repository `name` backed by `seeded` whose blob GETs ignore `Range`.
pub const fn ignoring_range(name: &'static str, seeded: &'static str) -> Repo {
    Repo {
        name,
        seeded,
        visibility: Visibility::Public,
        ignores_range: true,
    }
}

/// A private repository `name` backed by `seeded`.
pub const fn private(name: &'static str, seeded: &'static str) -> Repo {
    Repo {
        name,
        seeded,
        visibility: Visibility::Private,
        ignores_range: false,
    }
}

impl Repo {
    /// True when a caller (signed in or not) may see and pull it.
    pub fn visible_to(&self, signed_in: bool) -> bool {
        signed_in || self.visibility == Visibility::Public
    }
}

/// The repository called `name` in `repos`.
pub fn find<'a>(repos: &'a [Repo], name: &str) -> Option<&'a Repo> {
    repos.iter().find(|repo| repo.name == name)
}

/// The emulated names a caller may list, for the seeded repositories that exist, sorted.
pub fn listed(repos: &[Repo], seeded_present: &[String], signed_in: bool) -> Vec<String> {
    let mut names: Vec<String> = repos
        .iter()
        .filter(|repo| repo.visible_to(signed_in))
        .filter(|repo| seeded_present.iter().any(|s| s == repo.seeded))
        .map(|repo| repo.name.to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPOS: [Repo; 3] = [
        public("library/alpine", "library/alpine"),
        private("regscope/private", "private/app"),
        public("regscope/gone", "not/seeded"),
    ];

    #[test]
    fn finds_names_and_maps_to_seeded() {
        assert_eq!(
            find(&REPOS, "regscope/private").map(|r| r.seeded),
            Some("private/app")
        );
        assert_eq!(find(&REPOS, "alpine"), None);
        assert!(REPOS[0].visible_to(false));
        assert!(!REPOS[1].visible_to(false));
        assert!(REPOS[1].visible_to(true));
    }

    #[test]
    fn lists_visible_seeded_names_sorted() {
        let present = vec!["private/app".to_owned(), "library/alpine".to_owned()];
        assert_eq!(listed(&REPOS, &present, false), ["library/alpine"]);
        assert_eq!(
            listed(&REPOS, &present, true),
            ["library/alpine", "regscope/private"]
        );
    }
}
