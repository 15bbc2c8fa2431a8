//! What the core's and the relay's tests against the zoo share: where each real host name is
//! served (the zoo's address, or a capture server put in front of it), whether an exchange
//! carried `Authorization`, and the seeded row behind an emulated image. Test helpers: they
//! panic with the fix when the stack is not running.

use crate::facts::{self, Seeded, ZOO_HOSTS};

/// `http://ADDRESS` of the zoo's emulation of `host`; panics for a host the zoo does not emulate.
pub fn zoo_base(host: &str) -> String {
    format!(
        "http://{}",
        facts::zoo_address(host).unwrap_or_else(|| panic!("{host} is not a zoo host"))
    )
}

/// Every zoo host with the base URL its requests go to (`http://ADDRESS`, as
/// `regscope-stack facts --map-hosts` prints), `overrides` (host, base) replacing some.
pub fn zoo_bases(overrides: &[(&str, &str)]) -> Vec<(String, String)> {
    ZOO_HOSTS
        .iter()
        .map(|zoo| {
            let base = overrides
                .iter()
                .find(|(host, _)| host.eq_ignore_ascii_case(zoo.host))
                .map_or_else(
                    || format!("http://{}", zoo.address),
                    |(_, base)| base.to_string(),
                );
            (zoo.host.to_string(), base)
        })
        .collect()
}

/// True when request headers carry `Authorization`.
pub fn has_authorization(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("authorization"))
}

/// The row the stack seeded for `repository:tag`; panics with the fix when the stack is down.
pub fn seeded_row(repository: &str, tag: &str) -> Seeded {
    facts::seeded()
        .unwrap_or_else(|e| panic!("{e}. These tests need the registry stack and its zoo."))
        .into_iter()
        .find(|r| r.repository == repository && r.tag.as_deref() == Some(tag))
        .unwrap_or_else(|| panic!("{repository}:{tag} is not in seeded.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_one_host() {
        let bases = zoo_bases(&[("GHCR.io", "http://127.0.0.1:9")]);
        assert_eq!(bases.len(), ZOO_HOSTS.len());
        let base = |host: &str| {
            bases
                .iter()
                .find(|(h, _)| h == host)
                .map(|(_, b)| b.clone())
        };
        assert_eq!(base("ghcr.io").as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(base("quay.io"), Some(zoo_base("quay.io")));
        assert!(has_authorization(&[("Authorization".into(), "x".into())]));
        assert!(!has_authorization(&[("accept".into(), "x".into())]));
    }
}
