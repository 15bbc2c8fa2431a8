//! SLSA provenance (v0.2 and v1) summarised: builder, build type, source repository and
//! commit, entry point, parameters and materials.

use serde_json::Value;

/// The predicate type of SLSA provenance v0.2.
pub const SLSA_V02: &str = "https://slsa.dev/provenance/v0.2";
/// The predicate type of SLSA provenance v1.
pub const SLSA_V1: &str = "https://slsa.dev/provenance/v1";

/// One material (v0.2) or resolved dependency (v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Material {
    /// Its URI.
    pub uri: String,
    /// Its digests, `algorithm:value`, sorted.
    pub digests: Vec<String>,
}

/// What a provenance predicate says, in one shape for both versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// `v0.2` or `v1`.
    pub slsa_version: &'static str,
    /// The builder's id.
    pub builder: Option<String>,
    /// The build type.
    pub build_type: Option<String>,
    /// The source repository.
    pub source_repository: Option<String>,
    /// The source commit.
    pub source_commit: Option<String>,
    /// The entry point (a workflow path, a Dockerfile…).
    pub entry_point: Option<String>,
    /// The build parameters as `name=value` (JSON values for non-strings), sorted.
    pub parameters: Vec<(String, String)>,
    /// The materials.
    pub materials: Vec<Material>,
}

/// Summarises `predicate` when `predicate_type` is SLSA provenance v0.2 or v1.
pub fn summarise(predicate_type: &str, predicate: &Value) -> Option<Provenance> {
    match predicate_type {
        SLSA_V02 => Some(v02(predicate)),
        SLSA_V1 => Some(v1(predicate)),
        _ => None,
    }
}

fn text(value: &Value, path: &[&str]) -> Option<String> {
    let mut at = value;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str().map(str::to_string)
}

fn digests(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = value
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}:{v}")))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn commit_of(value: Option<&Value>) -> Option<String> {
    let map = value?.as_object()?;
    ["gitCommit", "sha1", "sha256"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

fn materials(list: Option<&Value>) -> Vec<Material> {
    list.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|m| Material {
                    uri: text(m, &["uri"]).unwrap_or_default(),
                    digests: digests(m.get("digest")),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn parameters(value: Option<&Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    flatten("", value.unwrap_or(&Value::Null), &mut out);
    out.sort();
    out
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, out);
            }
        }
        Value::Null if prefix.is_empty() => {}
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

fn strip_git(uri: String) -> String {
    let uri = uri.strip_prefix("git+").map(str::to_string).unwrap_or(uri);
    match uri.split_once('@') {
        Some((repo, _)) if repo.contains("://") => repo.to_string(),
        _ => uri,
    }
}

fn v02(p: &Value) -> Provenance {
    let source = p.pointer("/invocation/configSource");
    Provenance {
        slsa_version: "v0.2",
        builder: text(p, &["builder", "id"]),
        build_type: text(p, &["buildType"]),
        source_repository: source.and_then(|s| text(s, &["uri"])).map(strip_git),
        source_commit: commit_of(source.and_then(|s| s.get("digest"))),
        entry_point: source.and_then(|s| text(s, &["entryPoint"])),
        parameters: parameters(p.pointer("/invocation/parameters")),
        materials: materials(p.get("materials")),
    }
}

fn v1(p: &Value) -> Provenance {
    let external = p.pointer("/buildDefinition/externalParameters");
    let dependencies = materials(p.pointer("/buildDefinition/resolvedDependencies"));
    let workflow = external.and_then(|e| e.get("workflow"));
    let config_source = external.and_then(|e| e.get("configSource"));
    let source_dependency = p
        .pointer("/buildDefinition/resolvedDependencies")
        .and_then(Value::as_array)
        .and_then(|deps| {
            deps.iter()
                .find(|d| text(d, &["uri"]).is_some_and(|u| u.starts_with("git+")))
        });
    let source_repository = workflow
        .and_then(|w| text(w, &["repository"]))
        .or_else(|| config_source.and_then(|c| text(c, &["uri"])))
        .or_else(|| source_dependency.and_then(|d| text(d, &["uri"])))
        .map(strip_git);
    let source_commit = commit_of(source_dependency.and_then(|d| d.get("digest")))
        .or_else(|| commit_of(config_source.and_then(|c| c.get("digest"))));
    let entry_point = workflow
        .and_then(|w| text(w, &["path"]))
        .or_else(|| config_source.and_then(|c| text(c, &["path"])))
        .or_else(|| external.and_then(|e| text(e, &["entryPoint"])));
    Provenance {
        slsa_version: "v1",
        builder: text(p, &["runDetails", "builder", "id"]),
        build_type: text(p, &["buildDefinition", "buildType"]),
        source_repository,
        source_commit,
        entry_point,
        parameters: parameters(external),
        materials: dependencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_predicates_are_not_provenance() {
        assert_eq!(summarise("https://spdx.dev/Document", &Value::Null), None);
    }

    #[test]
    fn v1_reads_the_workflow_and_dependencies() {
        let p: Value = serde_json::from_str(
            r#"{"buildDefinition":{"buildType":"bt","externalParameters":{"workflow":
            {"repository":"https://git.test/r","path":".ci/build.yml","ref":"refs/heads/main"}},
            "resolvedDependencies":[{"uri":"git+https://git.test/r@refs/heads/main",
            "digest":{"gitCommit":"abc"}}]},"runDetails":{"builder":{"id":"b"}}}"#,
        )
        .expect("json");
        let s = summarise(SLSA_V1, &p).expect("provenance");
        assert_eq!(s.builder.as_deref(), Some("b"));
        assert_eq!(s.source_repository.as_deref(), Some("https://git.test/r"));
        assert_eq!(s.source_commit.as_deref(), Some("abc"));
        assert_eq!(s.entry_point.as_deref(), Some(".ci/build.yml"));
        assert_eq!(s.parameters.len(), 3);
        assert_eq!(s.materials[0].digests, vec!["gitCommit:abc".to_string()]);
    }
}
