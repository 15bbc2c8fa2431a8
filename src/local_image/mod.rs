//! Local images: a `docker save` tarball, an OCI layout folder or its tar, dropped on the page
//! or picked on the start page, read in the browser (never uploaded) and shown with the
//! ordinary views. The module (`src/bin/local.rs`) reads the file ([`read`]), names its images
//! under the reserved registry `file.invalid` ([`naming`]) and answers the app's registry
//! requests for that host from it ([`shelf`]); [`panel`] says what was read.

pub mod js;
pub mod naming;
pub mod panel;
pub mod read;
pub mod shelf;
