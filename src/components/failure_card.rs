//! The error card of a fetch that failed, in the words of [`error_view`].

use yew::Html;

use crate::components::error_view::error_view;
use crate::services::fetched::Failure;

/// The error card of `failure`.
pub fn failure_card(failure: &Failure) -> Html {
    error_view(
        &failure.error,
        failure.reference.as_ref(),
        failure.existing_tags.as_deref(),
    )
}
