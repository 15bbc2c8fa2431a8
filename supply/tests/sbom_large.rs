//! Large SBOMs stay fast: 10,000 and 50,000 packages in SPDX and CycloneDX JSON read into the
//! package table, searched and sorted, with the times printed (run with `--nocapture`).

use std::time::{Duration, Instant};

use regscope_supply::sbom::{self, Column, PackageTable};
use serde_json::{Value, json};

const ECOSYSTEMS: [&str; 4] = ["apk", "npm", "pypi", "golang"];

fn cyclonedx(count: usize) -> Vec<u8> {
    let components: Vec<Value> = (0..count)
        .map(|n| {
            let kind = ECOSYSTEMS[n % 4];
            json!({"type": "library", "name": format!("pkg-{n:05}"), "version": format!("1.{}.{}", n / 100, n % 100),
                "purl": format!("pkg:{kind}/pkg-{n:05}@1"), "licenses": [{"license": {"id": "MIT"}}]})
        })
        .collect();
    serde_json::to_vec(
        &json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": components}),
    )
    .expect("json")
}

fn spdx(count: usize) -> Vec<u8> {
    let packages: Vec<Value> = (0..count)
        .map(|n| {
            let kind = ECOSYSTEMS[n % 4];
            json!({"name": format!("pkg-{n:05}"), "SPDXID": format!("SPDXRef-{n}"), "versionInfo": "1.0",
                "licenseConcluded": "NOASSERTION", "licenseDeclared": "Apache-2.0",
                "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                    "referenceLocator": format!("pkg:{kind}/pkg-{n:05}@1.0")}]})
        })
        .collect();
    serde_json::to_vec(&json!({"spdxVersion": "SPDX-2.2", "packages": packages})).expect("json")
}

/// Reads, searches and sorts `bytes`; returns (read, search, sort) times.
fn measure(bytes: &[u8], count: usize) -> (Duration, Duration, Duration) {
    let started = Instant::now();
    let value: Value = serde_json::from_slice(bytes).expect("json");
    let table = PackageTable::new(sbom::parse(&value).expect("sbom").packages);
    let read = started.elapsed();
    assert_eq!(table.packages().len(), count);
    assert_eq!(table.ecosystem_counts().get("npm"), Some(&(count / 4)));
    let started = Instant::now();
    let mut rows = table.search("PKG-0");
    let search = started.elapsed();
    assert_eq!(rows.len(), count.min(10_000));
    let started = Instant::now();
    table.sort(&mut rows, Column::Name, true);
    let sort = started.elapsed();
    assert_eq!(
        table.packages()[rows[0]].name,
        format!("pkg-{:05}", count.min(10_000) - 1)
    );
    (read, search, sort)
}

#[test]
fn large_sboms_read_search_and_sort_quickly() {
    for count in [10_000, 50_000] {
        for (format, bytes) in [("CycloneDX", cyclonedx(count)), ("SPDX", spdx(count))] {
            let (read, search, sort) = measure(&bytes, count);
            eprintln!(
                "{format} {count} packages ({} KB): read {read:?}, search {search:?}, sort {sort:?}",
                bytes.len() / 1024
            );
            // Generous bounds (a debug build on a loaded machine); the numbers are printed.
            assert!(read < Duration::from_secs(20), "{read:?}");
            assert!(search < Duration::from_secs(2), "{search:?}");
            assert!(sort < Duration::from_secs(2), "{sort:?}");
        }
    }
}
