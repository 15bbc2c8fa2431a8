//! The request doctor (`?tool=doctor`): reads what a person pasted (a reference, a pull line, a
//! Docker Hub page, a registry URL, curl commands, a token URL, a `WWW-Authenticate` value, a
//! registry error body), opens the image or registry it names, or says what is wrong with the
//! request and shows the corrected commands. The reading and the wording are the core's
//! ([`regscope_core::paste`], [`regscope_core::doctor`]); this module only renders them.
//!
//! Not in the main bundle: the `doctor` binary (`src/bin/doctor.rs`) builds it into a module of
//! its own that the main app loads when the view is first shown ([`crate::lazy`]). The pasted
//! text never goes into the address bar or to a server, since it may hold tokens and
//! passwords: the search box hands it over through this tab's session storage ([`crate::services::doctor_handoff`]).

pub mod destination;
pub mod diagnosis_view;
pub mod page;
pub mod root;

pub use root::{DoctorRoot, DoctorRootProps};
