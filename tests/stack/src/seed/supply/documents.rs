//! The predicates: SPDX 2.2/2.3 and CycloneDX 1.5 SBOMs (of any size, packages spread over
//! four ecosystems) and SLSA provenance v0.2 and v1, all with fixed values.

use serde_json::{Value, json};

/// The SPDX predicate type.
pub const SPDX: &str = "https://spdx.dev/Document";
/// The CycloneDX predicate type.
pub const CYCLONEDX: &str = "https://cyclonedx.org/bom";
/// SLSA provenance v0.2.
pub const SLSA_V02: &str = "https://slsa.dev/provenance/v0.2";
/// SLSA provenance v1.
pub const SLSA_V1: &str = "https://slsa.dev/provenance/v1";
/// The source repository the provenance names.
pub const SOURCE_REPO: &str = "https://example.invalid/regscope/supply-demo";
/// The source commit the provenance names.
pub const SOURCE_COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

/// Package `n`: (name, version, purl type, licence).
fn package(n: usize) -> (String, String, &'static str, &'static str) {
    let (kind, licence) = match n % 4 {
        0 => ("apk", "MIT"),
        1 => ("npm", "Apache-2.0"),
        2 => ("pypi", "BSD-3-Clause"),
        _ => ("golang", "MPL-2.0"),
    };
    (
        format!("pkg-{n:05}"),
        format!("1.{}.{}", n / 100, n % 100),
        kind,
        licence,
    )
}

fn purl(kind: &str, name: &str, version: &str) -> String {
    format!("pkg:{kind}/{name}@{version}")
}

/// An SPDX document (`SPDX-2.2` or `SPDX-2.3`) of `count` packages.
pub fn spdx(version: &str, name: &str, count: usize) -> Value {
    let packages: Vec<Value> = (0..count)
        .map(|n| {
            let (name, version, kind, licence) = package(n);
            json!({
                "name": name,
                "SPDXID": format!("SPDXRef-Package-{n}"),
                "versionInfo": version,
                "downloadLocation": "NOASSERTION",
                "licenseConcluded": licence,
                "licenseDeclared": licence,
                "externalRefs": [{
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": purl(kind, &name, &version),
                }],
            })
        })
        .collect();
    json!({
        "spdxVersion": version,
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": name,
        "documentNamespace": format!("https://example.invalid/spdx/{name}"),
        "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: regscope-stack"]},
        "packages": packages,
    })
}

/// A CycloneDX 1.5 document of `count` library components.
pub fn cyclonedx(count: usize) -> Value {
    let components: Vec<Value> = (0..count)
        .map(|n| {
            let (name, version, kind, licence) = package(n);
            json!({
                "type": "library",
                "name": name,
                "version": version,
                "purl": purl(kind, &name, &version),
                "licenses": [{"license": {"id": licence}}],
            })
        })
        .collect();
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {"timestamp": "2024-01-01T00:00:00Z"},
        "components": components,
    })
}

/// SLSA provenance v0.2.
pub fn slsa_v02() -> Value {
    json!({
        "builder": {"id": "https://example.invalid/builders/regscope-test@v1"},
        "buildType": "https://example.invalid/build-types/dockerfile@v1",
        "invocation": {
            "configSource": {
                "uri": format!("git+{SOURCE_REPO}@refs/heads/main"),
                "digest": {"sha1": SOURCE_COMMIT},
                "entryPoint": "Dockerfile",
            },
            "parameters": {"target": "release", "build-arg": {"VERSION": "1.0"}},
        },
        "materials": [
            {"uri": format!("git+{SOURCE_REPO}@refs/heads/main"), "digest": {"sha1": SOURCE_COMMIT}},
            {"uri": "pkg:docker/alpine@3.20", "digest": {"sha256": "00".repeat(32)}},
        ],
    })
}

/// SLSA provenance v1.
pub fn slsa_v1() -> Value {
    json!({
        "buildDefinition": {
            "buildType": "https://example.invalid/build-types/workflow@v1",
            "externalParameters": {
                "workflow": {"repository": SOURCE_REPO, "ref": "refs/heads/main", "path": ".ci/release.yml"},
            },
            "internalParameters": {"runner": "test"},
            "resolvedDependencies": [
                {"uri": format!("git+{SOURCE_REPO}@refs/heads/main"), "digest": {"gitCommit": SOURCE_COMMIT}},
            ],
        },
        "runDetails": {
            "builder": {"id": "https://example.invalid/builders/regscope-workflow@v1"},
            "metadata": {"invocationId": "run-1", "startedOn": "2024-01-01T00:00:00Z"},
        },
    })
}
