//! A box for a repository name on a registry, for registries that do not list theirs (or
//! to go straight to one): Enter opens the repository's tags.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::route::Navigation;

use super::links;

/// Props of [`RepositoryForm`].
#[derive(Properties, PartialEq)]
pub struct RepositoryFormProps {
    /// The registry host.
    pub host: AttrValue,
}

/// The repository box.
#[component]
pub fn RepositoryForm(props: &RepositoryFormProps) -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let input = use_node_ref();
    let onsubmit = {
        let (input, host) = (input.clone(), props.host.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(element) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let name = element.value();
            if name.trim().is_empty() {
                return;
            }
            let to = links::repository_view(&navigation.query, &host, &name);
            navigation.go.emit(to);
        })
    };
    html! {
        <form class="search repository-form" role="search" aria-label="Repository" {onsubmit}>
            <label for="repository-name">{ format!("Repository on {} ", props.host) }</label>
            <input ref={input} id="repository-name" type="text" name="repository" data-testid="repository-input"
                placeholder="library/alpine" spellcheck="false" autocomplete="off" autocapitalize="off" />
            <button type="submit" data-testid="repository-go">{"Show tags"}</button>
        </form>
    }
}
