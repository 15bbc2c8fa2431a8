//! The doctor's answer on the page: what was understood, each finding (errors first) and the
//! corrected commands with a copy button.

use regscope_core::doctor::{Diagnosis, Severity};
use yew::prelude::*;

use crate::components::copy_button::copy_button;

/// Renders `diagnosis`.
pub fn diagnosis_view(diagnosis: &Diagnosis) -> Html {
    let facts = diagnosis.understood.facts();
    html! {
        <div class="doctor-diagnosis" data-testid="doctor-diagnosis">
            <h3 data-testid="doctor-title">{ &diagnosis.title }</h3>
            if !facts.is_empty() {
                <dl class="fields doctor-understood" data-testid="doctor-understood">
                    { for facts.into_iter().map(|(label, value)| html! {
                        <><dt>{ label }</dt><dd><code>{ value }</code></dd></>
                    }) }
                </dl>
            }
            if !diagnosis.findings.is_empty() {
                <ul class="doctor-findings">
                    { for diagnosis.findings.iter().map(|finding| html! {
                        <li class={classes!("doctor-finding", severity_class(finding.severity))}
                            data-testid="doctor-finding"
                            data-kind={format!("{:?}", finding.kind)}>
                            <strong>{ severity_word(finding.severity) }{ ": " }{ &finding.title }</strong>
                            <p>{ &finding.explanation }</p>
                        </li>
                    }) }
                </ul>
            }
            if let Some(commands) = &diagnosis.commands {
                <section class="doctor-commands" aria-label="Commands">
                    <h3>{ diagnosis.commands_title.clone().unwrap_or_else(|| "Commands".into()) }</h3>
                    <pre data-testid="doctor-commands"><code>{ commands }</code></pre>
                    { copy_button(commands.clone(), "commands") }
                </section>
            }
        </div>
    }
}

/// The CSS class of a severity.
fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "severity-error",
        Severity::Warning => "severity-warning",
        Severity::Info => "severity-info",
    }
}

/// The word shown before a finding's title (the colour is not the only sign of its weight).
fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    }
}
