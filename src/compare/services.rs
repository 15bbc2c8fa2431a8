//! The comparison's I/O: both images inspected with one client (manifests and configs only:
//! no layer is read here), then compared by the engines (the core's config diff, the layers'
//! alignment by digest and diff_id).

use regscope_core::compare::{ConfigDiff, compare_configs};
use regscope_core::config::ImageConfig;
use regscope_core::{Client, Inspection, Transport};
use regscope_layers::compare::{LayerAlignment, LayerRef, align_layers, layer_refs};

use crate::services::fetched::{Fetched, Finished};
use crate::services::inspect;

/// One side of a comparison: the reference as written in the link, and its inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The reference as given (`image=` or `compare=`).
    pub asked: String,
    /// What the flow found (for an index, the platform chosen by default).
    pub inspection: Inspection,
    /// Its layers with the config's diff_ids beside them.
    pub layers: Vec<LayerRef>,
}

impl Side {
    fn of(asked: &str, inspection: Inspection) -> Side {
        let empty = ImageConfig::default();
        let config = inspection.config.as_ref().unwrap_or(&empty);
        let layers = layer_refs(&inspection.image().manifest, config);
        Side {
            asked: asked.trim().to_string(),
            inspection,
            layers,
        }
    }

    /// The image manifest compared, pinned by digest.
    pub fn pinned(&self) -> String {
        self.inspection.image().reference.to_string()
    }

    /// The image manifest's digest.
    pub fn digest(&self) -> &str {
        &self.inspection.image().digest
    }

    /// The config compared (empty for an image without one, e.g. schema 1).
    pub fn config(&self) -> ImageConfig {
        self.inspection.config.clone().unwrap_or_default()
    }

    /// Blob bytes of all its layers.
    pub fn layer_bytes(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }
}

/// Two images compared: `old` is the link's `image`, `new` its `compare`.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The link's `image`.
    pub old: Side,
    /// The link's `compare`.
    pub new: Side,
    /// The configs compared section by section, history aligned step by step.
    pub config: ConfigDiff,
    /// The layers aligned by digest, then by content.
    pub layers: LayerAlignment,
}

impl Compared {
    /// Compares two inspected images.
    pub fn new(old: Side, new: Side) -> Compared {
        let config = compare_configs(&old.config(), &new.config());
        let layers = align_layers(&old.layers, &new.layers);
        Compared {
            old,
            new,
            config,
            layers,
        }
    }
}

/// Inspects `old` then `new` with `client` and compares them; the first that fails is the
/// failure shown (its reference names which). The trace holds both flows' exchanges.
pub async fn compare_with<T: Transport>(
    client: &Client<T>,
    old: &str,
    new: &str,
) -> Finished<Compared> {
    let first = inspect::inspect_with(client, old, None).await;
    let second = inspect::inspect_with(client, new, None).await;
    let (a, b) = match (first, second) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(mut failure), Ok(other)) => {
            failure.trace.extend(other.trace);
            return Err(failure);
        }
        (Err(mut failure), Err(other)) => {
            failure.trace.extend(other.trace);
            return Err(failure);
        }
        (Ok(a), Err(mut failure)) => {
            let mut trace = a.trace;
            trace.append(&mut failure.trace);
            failure.trace = trace;
            return Err(failure);
        }
    };
    let mut trace = a.trace;
    trace.extend(b.trace);
    let value = Compared::new(Side::of(old, a.value), Side::of(new, b.value));
    Ok(Fetched { value, trace })
}
