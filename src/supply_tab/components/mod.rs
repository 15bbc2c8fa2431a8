//! The Supply chain tab's widgets: they only render what the engine found.

pub mod artifact_card;
pub mod certificate_view;
pub mod check_line;
pub mod key_form;
pub mod layer_view;
pub mod provenance_view;
pub mod sbom_table;
