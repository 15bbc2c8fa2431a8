//! A pasted registry error body: `{"errors":[{"code":…,"message":…,"detail":…}]}`.

use crate::registry_error::{RegistryError, parse_errors};

/// The errors of a pasted JSON body: `None` when the text is not JSON-looking,
/// `Some(Err(reason))` when it is JSON but not a registry error body.
pub(crate) fn read(text: &str) -> Option<Result<Vec<RegistryError>, String>> {
    if !text.starts_with('{') {
        return None;
    }
    let errors = parse_errors(text.as_bytes());
    if !errors.is_empty() {
        return Some(Ok(errors));
    }
    let reason = match serde_json::from_str::<serde_json::Value>(text) {
        Err(e) => format!("this starts like JSON but is not valid JSON: {e}"),
        Ok(value) if value.get("token").is_some() || value.get("access_token").is_some() => {
            "this is a token response: send its token as `Authorization: Bearer TOKEN` to the registry, or paste the curl command that failed".to_string()
        }
        Ok(_) => "this JSON has no `errors` list, so it is not a registry error body".to_string(),
    };
    Some(Err(reason))
}
