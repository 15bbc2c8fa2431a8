//! The one place errors are shown, in words: what happened, why it probably happened, and what
//! to do next. Every [`Error`] the page meets ends here; the words are the core's
//! ([`error_words`]), the same a shared link answered as JSON carries.

use regscope_core::contract::error_words;
use regscope_core::registry_error::RegistryError;
use regscope_core::{Error, Reference};
use yew::prelude::*;

use crate::components::class_list::class_list;
use crate::components::view_link::view_link;
use crate::links;

/// True when credentials could change the outcome (the page then offers the credentials form).
pub fn needs_credentials(error: &Error) -> bool {
    matches!(
        error,
        Error::Unauthorized { .. } | Error::TokenRefused { .. } | Error::Denied { .. }
    )
}

/// The error card for `error`, met while inspecting `reference` (when it parsed); for an
/// unknown tag, `existing_tags` are the tags that do exist, when the registry listed them.
pub fn error_view(
    error: &Error,
    reference: Option<&Reference>,
    existing_tags: Option<&[String]>,
) -> Html {
    let words = error_words(error, reference);
    let danger = matches!(error, Error::Digest(_));
    let registry_errors: &[RegistryError] = match error {
        Error::Unauthorized { errors, .. }
        | Error::Denied { errors }
        | Error::NotFound { errors, .. }
        | Error::Registry { errors, .. } => errors,
        _ => &[],
    };
    let challenge = match error {
        Error::Unauthorized { challenge, .. } => challenge.clone(),
        _ => None,
    };
    html! {
        <section class={class_list(&["card", "error", if danger { "danger" } else { "" }])} role="alert"
            data-testid="error" data-kind={words.kind}>
            <h2>{ words.title }</h2>
            <p data-testid="error-message">{ words.explanation }</p>
            if let Some(hint) = words.hint { <p class="hint" data-testid="error-hint">{ hint }</p> }
            if let Some(challenge) = challenge {
                <p class="small">{"The registry's challenge: "}<code data-testid="error-challenge">{ challenge }</code></p>
            }
            if !registry_errors.is_empty() {
                <ul class="plain small">{ for registry_errors.iter().map(|e| html! {
                    <li data-testid="registry-error"><code>{ e.to_string() }</code></li>
                }) }</ul>
            }
            { tags(reference, existing_tags) }
            { platforms(error, reference) }
        </section>
    }
}

fn tags(reference: Option<&Reference>, existing_tags: Option<&[String]>) -> Html {
    let (Some(tags), Some(reference)) = (existing_tags, reference) else {
        return html! {};
    };
    if tags.is_empty() {
        return html! { <p class="small">{"The repository has no tags."}</p> };
    }
    html! {
        <div class="small">
            <p>{ format!("Tags that exist in this repository ({}):", tags.len()) }</p>
            <ul class="taglist" data-testid="existing-tags">
                { for tags.iter().map(|t| html! {
                    <li>{ view_link(links::tag_view(reference, t), Some("existing-tag"), None, t.clone().into()) }</li>
                }) }
            </ul>
        </div>
    }
}

fn platforms(error: &Error, reference: Option<&Reference>) -> Html {
    let (Error::PlatformNotFound { available, .. }, Some(reference)) = (error, reference) else {
        return html! {};
    };
    if available.is_empty() {
        return html! {};
    }
    html! {
        <p class="small">{"It has: "}
            { for available.iter().map(|p| html! {
                <>
                    { view_link(crate::route::ViewQuery { image: Some(reference.to_string()), platform: Some(p.clone()), ..Default::default() }, None, None, p.clone().into()) }{" "}
                </>
            }) }
        </p>
    }
}
