//! The package table: counts per ecosystem, sorting by a column and searching, over indices
//! so a 10,000-package SBOM is sorted and searched without copying packages. The search text
//! is built on the first search, not when the SBOM is read (reading stays one short task in a
//! page; the search pays for it once).

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::Package;

/// A column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Package name.
    Name,
    /// Version.
    Version,
    /// Type.
    Kind,
    /// Ecosystem.
    Ecosystem,
    /// Package URL.
    Purl,
    /// Licence.
    Licence,
}

/// Packages with a lower-cased search text per package, built once, on the first search.
#[derive(Clone, Debug)]
pub struct PackageTable {
    packages: Vec<Package>,
    haystacks: OnceCell<Vec<String>>,
}

/// Tables are equal when their packages are (whether a search has run yet does not count).
impl PartialEq for PackageTable {
    fn eq(&self, other: &Self) -> bool {
        self.packages == other.packages
    }
}

impl Eq for PackageTable {}

impl PackageTable {
    /// A table of `packages`.
    pub fn new(packages: Vec<Package>) -> Self {
        PackageTable {
            packages,
            haystacks: OnceCell::new(),
        }
    }

    /// The lower-cased search text of each package, built on first use.
    fn haystacks(&self) -> &[String] {
        self.haystacks.get_or_init(|| {
            self.packages
                .iter()
                .map(|p| {
                    format!(
                        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
                        p.name, p.version, p.ecosystem, p.purl, p.licence
                    )
                    .to_lowercase()
                })
                .collect()
        })
    }

    /// The packages, in document order.
    pub fn packages(&self) -> &[Package] {
        &self.packages
    }

    /// How many packages per ecosystem, by ecosystem name.
    pub fn ecosystem_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for p in &self.packages {
            *counts.entry(p.ecosystem.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Indices of the packages whose name, version, ecosystem, purl or licence contains
    /// `query` (case-insensitive; every package when the query is blank), in document order.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return (0..self.packages.len()).collect();
        }
        self.haystacks()
            .iter()
            .enumerate()
            .filter(|(_, h)| h.contains(&query))
            .map(|(i, _)| i)
            .collect()
    }

    /// `rows` (indices into [`Self::packages`]) sorted by `column`, then by name and version;
    /// ascending unless `descending`. Stable: equal rows keep their order.
    pub fn sort(&self, rows: &mut [usize], column: Column, descending: bool) {
        fn key(p: &Package, column: Column) -> &str {
            match column {
                Column::Name => &p.name,
                Column::Version => &p.version,
                Column::Kind => &p.kind,
                Column::Ecosystem => &p.ecosystem,
                Column::Purl => &p.purl,
                Column::Licence => &p.licence,
            }
        }
        rows.sort_by(|&a, &b| {
            let (pa, pb) = (&self.packages[a], &self.packages[b]);
            let first = if column == Column::Version {
                compare_versions(&pa.version, &pb.version)
            } else {
                key(pa, column).cmp(key(pb, column))
            };
            let order = first
                .then_with(|| pa.name.cmp(&pb.name))
                .then_with(|| pa.version.cmp(&pb.version));
            if descending { order.reverse() } else { order }
        });
    }

    /// The package at `index`, if any.
    pub fn get(&self, index: usize) -> Option<&Package> {
        self.packages.get(index)
    }
}

/// Compares versions by their numeric parts where both have one (`1.10` after `1.9`).
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<String> {
        v.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_string)
            .collect()
    };
    for (x, y) in parts(a).iter().zip(parts(b).iter()) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            _ => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, ecosystem: &str) -> Package {
        Package {
            name: name.into(),
            ecosystem: ecosystem.into(),
            ..Package::default()
        }
    }

    #[test]
    fn counts_search_and_sort() {
        let table = PackageTable::new(vec![
            package("zlib", "apk"),
            package("Express", "npm"),
            package("busybox", "apk"),
        ]);
        assert_eq!(table.ecosystem_counts().get("apk"), Some(&2));
        assert_eq!(table.search("EXPR"), vec![1]);
        let mut rows = table.search("");
        table.sort(&mut rows, Column::Name, false);
        assert_eq!(rows, vec![1, 2, 0]);
        table.sort(&mut rows, Column::Ecosystem, true);
        assert_eq!(rows, vec![1, 0, 2]);
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
    }

    #[test]
    fn the_search_text_is_built_on_the_first_search_and_does_not_count_in_equality() {
        let packages = vec![package("zlib", "apk"), package("Express", "npm")];
        let table = PackageTable::new(packages.clone());
        assert_eq!(table.search("  "), vec![0, 1]);
        assert!(table.haystacks.get().is_none());
        assert_eq!(table.search("APK"), vec![0]);
        assert!(table.haystacks.get().is_some());
        assert_eq!(table, PackageTable::new(packages));
    }
}
