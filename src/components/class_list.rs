//! A `class` attribute from parts, as yew's `classes!` builds it (each part split on white
//! space, duplicates and empty parts left out, in order), without `Classes`: its set type adds
//! kilobytes to the wasm bundle.

use yew::AttrValue;

/// The class names in `parts`, space-separated; `None` (no attribute) when there are none.
pub fn class_list(parts: &[&str]) -> Option<AttrValue> {
    let mut names: Vec<&str> = Vec::new();
    for name in parts.iter().flat_map(|part| part.split_whitespace()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| AttrValue::from(names.join(" ")))
}

#[cfg(test)]
mod tests {
    use yew::html::{Classes, IntoPropValue};

    use super::*;

    #[test]
    fn builds_what_classes_builds() {
        let cases: [&[&str]; 7] = [
            &[],
            &[""],
            &["card"],
            &["card", "error", "danger"],
            &["badge", ""],
            &["tab", " active  x ", "tab"],
            &["a b", "b c", "a"],
        ];
        for parts in cases {
            let classes: Classes = parts.iter().map(|p| p.to_string()).collect();
            let expected: Option<AttrValue> = classes.into_prop_value();
            assert_eq!(class_list(parts), expected, "{parts:?}");
        }
    }
}
