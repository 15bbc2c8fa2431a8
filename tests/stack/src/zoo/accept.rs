//! Google's registries compare `Accept` entries literally: an entry with parameters such as
//! `;q=0.5` never equals a media type, so a manifest is served only when its exact media type
//! appears as a whole entry.

/// The entries of every `Accept` value, trimmed, parameters kept.
pub fn entries<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    values
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
}

/// True when `media_type` is literally one of `entries` (or nothing was asked for).
pub fn literally_accepts(entries: &[String], media_type: &str) -> bool {
    entries.is_empty() || entries.iter().any(|entry| entry == media_type)
}

/// The 404 message Google's registry gives when no entry matches literally.
pub fn refusal_message(reference: &str, media_type: &str, entries: &[String]) -> String {
    let what = if reference.contains(':') {
        "digest"
    } else {
        "tag"
    };
    format!(
        "Manifest with {what} '{reference}' has media type '{media_type}', but client accepts '{}'.",
        entries.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = "application/vnd.docker.distribution.manifest.v2+json";

    #[test]
    fn parameters_defeat_the_match() {
        let with_q = entries([&*format!("{V2}; q=0.5, application/json; q=0.4")]);
        assert_eq!(with_q.len(), 2);
        assert!(!literally_accepts(&with_q, V2));
        let plain = entries([V2, "application/vnd.oci.image.index.v1+json"]);
        assert!(literally_accepts(&plain, V2));
        assert!(literally_accepts(&[], V2));
        assert_eq!(
            refusal_message("latest", V2, &entries(["a;q=0.5"])),
            format!(
                "Manifest with tag 'latest' has media type '{V2}', but client accepts 'a;q=0.5'."
            )
        );
    }
}
