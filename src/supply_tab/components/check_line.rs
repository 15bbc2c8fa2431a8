//! One check in words: what was checked, its outcome (verified, invalid or not checked) and
//! the reason the engine gave. Every outcome on the tab is rendered here.

use regscope_supply::Check;
use yew::prelude::*;

use crate::supply_tab::labels::check_slug;

/// The line for `check` of `what`, marked `data-testid="supply-check-{which}"` and
/// `data-state` (`verified`, `invalid`, `not-checked`).
pub fn check_line(which: &str, what: &str, check: &Check) -> Html {
    let class = match check {
        Check::Verified(_) => "status ok",
        Check::Invalid(_) => "status bad",
        Check::NotChecked(_) => "status warn",
    };
    html! {
        <li data-testid={format!("supply-check-{which}")} data-state={check_slug(check)}>
            { format!("{what}: ") }<span class={class}>{ check.label() }</span>
            <span class="muted">{ format!(" — {}", check.reason()) }</span>
        </li>
    }
}
