//! The Files tab's components: one each, rendering only (state is in the module's hooks).

pub mod entry_list;
pub mod file_view;
pub mod files_page;
pub mod layer_picker;
pub mod progress_view;
pub mod verification_view;
