//! The one place errors are shown, in words.

use regscope_core::Error;
use yew::prelude::*;

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct ErrorProps {
    /// The error.
    pub error: Error,
}

/// The error card.
#[component]
pub fn ErrorView(props: &ErrorProps) -> Html {
    let title = match &props.error {
        Error::Reference(_) => "Invalid reference",
        Error::Transport { .. } => "The registry could not be reached",
        Error::Unauthorized { .. } | Error::TokenRefused { .. } | Error::BadToken(_) => {
            "Unauthorized"
        }
        Error::Denied { .. } => "Access denied",
        Error::NotFound { .. } => "Not found",
        Error::RateLimited { .. } => "Rate limited",
        Error::Digest(_) => "Digest mismatch",
        Error::PlatformNotFound { .. } => "No such platform",
        Error::Registry { .. } | Error::Manifest(_) | Error::Config(_) => {
            "The registry's answer is unusable"
        }
    };
    html! {
        <section class="card error" role="alert" data-testid="error">
            <h2>{ title }</h2>
            <p data-testid="error-message">{ props.error.to_string() }</p>
        </section>
    }
}
