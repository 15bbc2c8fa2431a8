//! CycloneDX JSON 1.4–1.6 components (nested ones included, to a bounded depth): name,
//! version, type, purl and licences (ids, names or an expression).

use serde::Deserialize;
use serde_json::Value;

use super::{Package, SbomError, ecosystem_of};

/// Deepest component nesting read.
const MAX_DEPTH: usize = 16;

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    components: Vec<Component>,
}

#[derive(Deserialize)]
struct Component {
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    purl: String,
    #[serde(default)]
    licenses: Vec<LicenceChoice>,
    #[serde(default)]
    components: Vec<Value>,
}

#[derive(Deserialize)]
struct LicenceChoice {
    #[serde(default)]
    license: Option<Licence>,
    #[serde(default)]
    expression: Option<String>,
}

#[derive(Deserialize)]
struct Licence {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// The components of a CycloneDX JSON document, depth first.
pub fn packages(document: &Value) -> Result<Vec<Package>, SbomError> {
    let document =
        Document::deserialize(document).map_err(|e| SbomError::Malformed(e.to_string()))?;
    let mut out = Vec::with_capacity(document.components.len());
    for component in document.components {
        push(component, 0, &mut out)?;
    }
    Ok(out)
}

fn push(component: Component, depth: usize, out: &mut Vec<Package>) -> Result<(), SbomError> {
    let licence = component
        .licenses
        .iter()
        .filter_map(|choice| {
            choice.expression.clone().or_else(|| {
                choice
                    .license
                    .as_ref()
                    .and_then(|l| l.id.clone().or_else(|| l.name.clone()))
            })
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    out.push(Package {
        ecosystem: ecosystem_of(&component.purl),
        name: component.name,
        version: component.version,
        kind: component.kind,
        purl: component.purl,
        licence,
    });
    if depth < MAX_DEPTH {
        for child in component.components {
            let child =
                Component::deserialize(&child).map_err(|e| SbomError::Malformed(e.to_string()))?;
            push(child, depth + 1, out)?;
        }
    }
    Ok(())
}
