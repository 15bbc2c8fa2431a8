//! Reading what a file comparison needs: the layers the alignment names (never the shared
//! bottom ones), each listed with content digests in the layer worker, one after the other,
//! with the requests they took and the bytes they moved.

use std::rc::Rc;

use regscope_core::trace::Exchange;
use regscope_layers::compare::{FileComparison, Listings, Mode, Overlay, compare_files};

use super::layer_worker::list_layer;
use super::services::{Compared, Side};
use crate::services::session::Session;

/// The layers read for a comparison.
pub struct ReadLayers {
    /// Their listings, by content.
    pub listings: Listings,
    /// The requests (token flow and the worker's GETs).
    pub trace: Vec<Exchange>,
    /// Blob bytes the GETs received.
    pub downloaded: u64,
}

impl ReadLayers {
    /// The two filesystems compared in `mode`. The shared bottom layers' listings (`base`, read
    /// only on request) resolve the paths one side alone changed; without them those stay
    /// unresolved. With nothing shared the whole images are compared.
    pub fn compare(
        &self,
        compared: &Compared,
        mode: Mode,
        base: Option<&ReadLayers>,
    ) -> Result<FileComparison, String> {
        let (old, new) = (&compared.old.layers, &compared.new.layers);
        let (a, b) = self
            .listings
            .uppers(&compared.layers, old, new)
            .map_err(|e| e.to_string())?;
        let shared = compared.layers.shared_base;
        let base = if shared == 0 {
            Some(Overlay::new())
        } else {
            base.and_then(|b| b.listings.overlay("old", old, 0..shared).ok())
        };
        Ok(compare_files(&a, &b, base.as_ref(), mode))
    }
}

/// The shared bottom layers (read from the old image), to resolve one-sided paths.
pub fn base_jobs(compared: &Compared) -> Vec<(&Side, usize)> {
    (0..compared.layers.shared_base)
        .map(|i| (&compared.old, i))
        .collect()
}

/// The layers to read: `(side, index)` for the old image's then the new one's.
pub fn jobs(compared: &Compared) -> Vec<(&Side, usize)> {
    let old = compared.layers.read_old.iter().map(|&i| (&compared.old, i));
    let new = compared.layers.read_new.iter().map(|&i| (&compared.new, i));
    old.chain(new).collect()
}

/// Reads every layer of `jobs` (from [`jobs`] or [`base_jobs`]), telling `progress` how many
/// are done; the first failure ends the reading (with the trace so far).
pub async fn read_layers(
    session: &Session,
    jobs: Vec<(&Side, usize)>,
    progress: impl Fn(usize),
) -> Result<Rc<ReadLayers>, (String, Vec<Exchange>)> {
    let mut read = ReadLayers {
        listings: Listings::new(),
        trace: Vec::new(),
        downloaded: 0,
    };
    for (done, (side, index)) in jobs.into_iter().enumerate() {
        progress(done);
        let layer = &side.layers[index];
        let reference = &side.inspection.image().reference;
        let run = list_layer(session, reference, layer).await;
        read.trace.extend(run.trace);
        read.downloaded += run.read;
        match run.result {
            Ok(listing) => read.listings.insert(layer, listing),
            Err(error) => {
                let words = format!(
                    "layer L{} of {} could not be read: {error}",
                    index + 1,
                    side.asked
                );
                return Err((words, read.trace));
            }
        }
    }
    Ok(Rc::new(read))
}
