//! Build history as Dockerfile-like steps: `/bin/sh -c #(nop) ENV A=b` reads `ENV A=b`,
//! `/bin/sh -c apk add x` reads `RUN apk add x`, BuildKit's steps stay as written; and the
//! schema 1 `v1Compatibility` entries read as steps.

use serde_json::Value;

/// The Dockerfile-like text of a history step's `created_by`.
pub fn dockerfile_step(created_by: &str) -> String {
    let text = created_by.trim();
    for shell in ["/bin/sh -c ", "/bin/bash -c ", "cmd /S /C "] {
        if let Some(rest) = text.strip_prefix(shell) {
            let rest = rest.trim_start();
            return match rest.strip_prefix("#(nop)") {
                Some(instruction) => instruction.trim().to_string(),
                None => format!("RUN {rest}"),
            };
        }
    }
    text.to_string()
}

/// What a schema 1 `v1Compatibility` entry says about its step: the command and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct V1Step {
    /// The Dockerfile-like command (`container_config.Cmd`), empty when unknown.
    pub command: String,
    /// `created`, as written.
    pub created: Option<String>,
    /// `throwaway` / empty-layer marker, when set.
    pub empty_layer: bool,
}

/// Reads one schema 1 `v1Compatibility` JSON string; what it lacks (or all of it, when it is
/// not JSON) is left empty.
pub fn v1_step(v1_compatibility: &str) -> V1Step {
    let Ok(value) = serde_json::from_slice::<Value>(v1_compatibility.as_bytes()) else {
        return V1Step::default();
    };
    let command = value["container_config"]["Cmd"]
        .as_array()
        .map(|parts| {
            let words: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            words.join(" ")
        })
        .unwrap_or_default();
    V1Step {
        command: dockerfile_step(&command),
        created: value["created"].as_str().map(str::to_string),
        empty_layer: value["throwaway"].as_bool().unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_like_a_dockerfile() {
        assert_eq!(dockerfile_step("/bin/sh -c #(nop)  ENV A=b"), "ENV A=b");
        assert_eq!(
            dockerfile_step("/bin/sh -c apk add --no-cache curl"),
            "RUN apk add --no-cache curl"
        );
        assert_eq!(
            dockerfile_step("RUN /bin/sh -c make # buildkit"),
            "RUN /bin/sh -c make # buildkit"
        );
        assert_eq!(dockerfile_step("ADD file:abc in / "), "ADD file:abc in /");
        assert_eq!(
            dockerfile_step("cmd /S /C powershell -Command x"),
            "RUN powershell -Command x"
        );
        assert_eq!(dockerfile_step(""), "");
    }

    #[test]
    fn v1_compatibility_entries_give_their_command() {
        let step = v1_step(
            r##"{"id":"x","created":"2024-01-01T00:00:00Z","container_config":{"Cmd":["/bin/sh","-c","#(nop) CMD [\"sh\"]"]},"throwaway":true}"##,
        );
        assert_eq!(step.command, "CMD [\"sh\"]");
        assert_eq!(step.created.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert!(step.empty_layer);
        let run = v1_step(r#"{"container_config":{"Cmd":["/bin/sh","-c","apk add x"]}}"#);
        assert_eq!(run.command, "RUN apk add x");
        assert!(!run.empty_layer);
    }

    #[test]
    fn odd_entries_are_empty_steps() {
        for odd in [
            "nope",
            "",
            "[]",
            "null",
            r#"{"container_config":{"Cmd":"sh"}}"#,
            r#"{"created":3,"throwaway":"yes"}"#,
        ] {
            assert_eq!(v1_step(odd), V1Step::default(), "{odd}");
        }
    }
}
