//! A registry's catalog: its repositories fetched so far, a filter over them, "Load more"
//! while the registry announces a next page, and each repository linking to its tags.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::view_link::view_link;
use crate::route::Navigation;
use crate::services::fetched::Fetched;

use super::links;
use super::services::Catalog;

/// Props of [`CatalogView`].
#[derive(Properties)]
pub struct CatalogProps {
    /// The registry host, as in the view.
    pub host: AttrValue,
    /// The catalog fetched so far.
    pub catalog: Rc<Fetched<Catalog>>,
    /// Asks for the registry's next page.
    pub on_more: Callback<()>,
}

/// Compared by identity: each fetch makes a new list.
impl PartialEq for CatalogProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.catalog, &other.catalog)
            && self.host == other.host
            && self.on_more == other.on_more
    }
}

/// The catalog card.
#[component]
pub fn CatalogView(props: &CatalogProps) -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let filter = use_state(String::new);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    let catalog = &props.catalog.value;
    let needle = filter.trim().to_lowercase();
    let shown: Vec<&String> = catalog
        .repositories
        .iter()
        .filter(|r| needle.is_empty() || r.to_lowercase().contains(&needle))
        .collect();
    let more = catalog.next.is_some();
    let total = format!(
        "{}{}",
        catalog.repositories.len(),
        if more { "+" } else { "" }
    );
    html! {
        <section class="card browse" aria-labelledby="catalog-heading">
            <h2 id="catalog-heading" data-testid="catalog-heading">{ format!("Repositories of {} ({total})", props.host) }</h2>
            <p class="filter">
                <label for="catalog-filter">{"Filter "}</label>
                <input id="catalog-filter" type="search" data-testid="catalog-filter" value={(*filter).clone()}
                    {oninput} placeholder="part of a name" spellcheck="false" autocomplete="off" />
                <span class="hint" data-testid="catalog-count" aria-live="polite">
                    { format!(" {} of {} loaded shown", shown.len(), catalog.repositories.len()) }</span>
            </p>
            if catalog.repositories.is_empty() {
                <p class="hint" data-testid="catalog-empty">{"The registry lists no repository you may see."}</p>
            }
            <ul class="plain repolist" data-testid="catalog">
                { for shown.into_iter().map(|r| html! {
                    <li>{ view_link(links::repository_view(&navigation.query, &props.host, r), Some("repository"), None,
                        html! { <code>{ r.clone() }</code> }) }</li>
                }) }
            </ul>
            if more {
                <div class="pager">
                    <button type="button" data-testid="catalog-more" onclick={props.on_more.reform(|_| ())}>
                        {"Load more"}</button>
                    <span class="hint">{" The registry has more repositories."}</span>
                </div>
            }
        </section>
    }
}
