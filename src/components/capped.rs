//! Long tables and lists show their first rows and a button for the rest, so a 1,000-entry
//! index or a 1,000-step history renders quickly and the page stays responsive. Rows are
//! built up front (cheap) but only the shown ones are mounted (the costly part).

use yew::prelude::*;

/// Rows shown before the user asks for all of them.
pub const FIRST_ROWS: usize = 100;

/// Props of [`Capped`].
#[derive(Properties, PartialEq)]
pub struct CappedProps {
    /// Every row (`<tr>` or `<li>`), in order.
    pub rows: Vec<Html>,
    /// For a table body: the number of columns the button row spans. `None` for a list.
    #[prop_or_default]
    pub colspan: Option<usize>,
}

/// The first [`FIRST_ROWS`] rows, then a "show all" button row.
#[component]
pub fn Capped(props: &CappedProps) -> Html {
    let expanded = use_state(|| false);
    let total = props.rows.len();
    let shown = if *expanded {
        total
    } else {
        total.min(FIRST_ROWS)
    };
    let rest = total - shown;
    let onclick = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(true))
    };
    let button = html! {
        <button type="button" class="show-all" data-testid="show-all" {onclick}>
            { format!("Show all {total} ({rest} more)") }
        </button>
    };
    html! {
        <>
            { for props.rows.iter().take(shown).cloned() }
            if rest > 0 {
                if let Some(colspan) = props.colspan {
                    <tr class="show-all-row"><td colspan={colspan.to_string()}>{ button }</td></tr>
                } else {
                    <li class="show-all-row">{ button }</li>
                }
            }
        </>
    }
}
