//! The configs compared section by section: one row per section (the same ones marked so),
//! environment variables and labels by key, ports and volumes as sets.

use regscope_core::compare::{ConfigDiff, KeyChangeKind, KeyedDiff, SetDiff, ValueDiff};
use yew::prelude::*;

/// A value as a row shows it (`—` for none).
fn text_of(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "—".into())
}

/// A command list as JSON (how a Dockerfile's exec form writes it).
fn list_text(list: &[String]) -> String {
    if list.is_empty() {
        return "—".into();
    }
    serde_json::to_string(list).unwrap_or_default()
}

fn row(section: &'static str, same: bool, old: Html, new: Html) -> Html {
    html! {
        <tr data-testid="config-row" data-section={section} data-same={same.to_string()} class={if same { "muted" } else { "" }}>
            <th scope="row">{ section }</th>
            <td>{ if same { html! { <span class="badge">{"same"}</span> } } else { html! { <strong>{"differs"}</strong> } } }</td>
            <td><code>{ old }</code></td>
            <td><code>{ new }</code></td>
        </tr>
    }
}

fn value_row(section: &'static str, diff: &ValueDiff<Option<String>>) -> Html {
    row(
        section,
        diff.same,
        text_of(&diff.old).into(),
        text_of(&diff.new).into(),
    )
}

fn list_row(section: &'static str, diff: &ValueDiff<Vec<String>>) -> Html {
    row(
        section,
        diff.same,
        list_text(&diff.old).into(),
        list_text(&diff.new).into(),
    )
}

fn keyed_row(section: &'static str, diff: &KeyedDiff) -> Html {
    let side = |old: bool| -> Html {
        let items = diff.changes.iter().filter_map(|c| {
            let value = if old { &c.old } else { &c.new };
            let mark = match (c.kind, old) {
                (KeyChangeKind::Removed, true) => "− ",
                (KeyChangeKind::Added, false) => "+ ",
                (KeyChangeKind::Changed, _) => "~ ",
                _ => return None,
            };
            Some(html! { <div data-testid="config-key" data-key={c.key.clone()}>{ format!("{mark}{}={}", c.key, value.clone().unwrap_or_default()) }</div> })
        });
        html! { <>{ for items }</> }
    };
    let unchanged =
        html! { <span class="muted small">{ format!(" ({} the same)", diff.unchanged) }</span> };
    row(
        section,
        diff.same,
        html! { <>{ side(true) }{ unchanged.clone() }</> },
        html! { <>{ side(false) }{ unchanged }</> },
    )
}

fn set_row(section: &'static str, diff: &SetDiff) -> Html {
    let old: Vec<String> = diff
        .removed
        .iter()
        .map(|n| format!("− {n}"))
        .chain(diff.kept.iter().cloned())
        .collect();
    let new: Vec<String> = diff
        .added
        .iter()
        .map(|n| format!("+ {n}"))
        .chain(diff.kept.iter().cloned())
        .collect();
    let join = |list: Vec<String>| {
        if list.is_empty() {
            "—".to_string()
        } else {
            list.join(", ")
        }
    };
    row(section, diff.same, join(old).into(), join(new).into())
}

/// The config card.
pub fn config_view(diff: &ConfigDiff) -> Html {
    let platform = |p: &regscope_core::compare::PlatformView| match &p.variant {
        Some(v) => format!("{}/{}/{v}", p.os, p.architecture),
        None => format!("{}/{}", p.os, p.architecture),
    };
    let summary = if diff.same {
        "The configs are the same."
    } else if diff.same_ignoring_times {
        "The configs differ only in times."
    } else {
        "The configs differ."
    };
    html! {
        <section class="card" data-testid="compare-config">
            <h2>{"Config"}</h2>
            <p data-testid="config-summary">{ summary }</p>
            <table>
                <thead><tr><th>{"Section"}</th><th></th><th>{"A"}</th><th>{"B"}</th></tr></thead>
                <tbody>
                    { list_row("entrypoint", &diff.entrypoint) }
                    { list_row("cmd", &diff.cmd) }
                    { keyed_row("env", &diff.env) }
                    { value_row("user", &diff.user) }
                    { value_row("workdir", &diff.working_dir) }
                    { set_row("ports", &diff.exposed_ports) }
                    { set_row("volumes", &diff.volumes) }
                    { keyed_row("labels", &diff.labels) }
                    { value_row("stop signal", &diff.stop_signal) }
                    { row("platform", diff.platform.same, platform(&diff.platform.old).into(), platform(&diff.platform.new).into()) }
                    { value_row("created", &diff.created) }
                    { value_row("author", &diff.author) }
                </tbody>
            </table>
        </section>
    }
}
