//! The build histories aligned step by step: each row the old and the new step, same, changed,
//! added or removed, and whether only the step's date differs.

use regscope_core::compare::{HistoryDiff, StepChange, StepView};
use yew::prelude::*;

fn step(view: &Option<StepView>) -> Html {
    let Some(view) = view else {
        return html! { <td class="muted">{"—"}</td> };
    };
    let text = view
        .created_by
        .as_deref()
        .map(regscope_core::config::dockerfile_step)
        .unwrap_or_default();
    html! {
        <td>
            <code class="step">{ text }</code>
            if view.empty_layer { {" "}<span class="badge">{"no layer"}</span> }
            if let Some(at) = &view.created { <div class="muted small">{ at.clone() }</div> }
        </td>
    }
}

fn change_name(change: StepChange) -> &'static str {
    match change {
        StepChange::Same => "same",
        StepChange::Changed => "changed",
        StepChange::Added => "added",
        StepChange::Removed => "removed",
    }
}

/// The history card.
pub fn history_view(diff: &HistoryDiff) -> Html {
    let summary = if diff.same {
        "Every step is the same."
    } else if diff.same_ignoring_times {
        "Every step is the same apart from its date."
    } else {
        "The histories differ."
    };
    let (old_rest, new_rest) = diff.steps_not_aligned;
    html! {
        <section class="card" data-testid="compare-history">
            <h2>{ format!("History ({} aligned steps)", diff.steps.len()) }</h2>
            <p data-testid="history-summary">{ summary }</p>
            <table>
                <thead><tr><th>{"Step"}</th><th>{"A"}</th><th>{"B"}</th></tr></thead>
                <tbody>
                { for diff.steps.iter().map(|pair| {
                    let name = change_name(pair.change);
                    html! {
                        <tr data-testid="history-row" data-change={name} class={if pair.change == StepChange::Same { "muted" } else { "" }}>
                            <td>{ name }if pair.time_differs { <div class="badge" data-testid="date-differs">{"date differs"}</div> }</td>
                            { step(&pair.old) }
                            { step(&pair.new) }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            if old_rest + new_rest > 0 {
                <p class="hint">{ format!("Not aligned: {old_rest} later steps of A and {new_rest} of B.") }</p>
            }
        </section>
    }
}
