//! The request doctor's page: a text area for the paste, and below it either the view the paste
//! names (a link; opened at once when the search box handed the text over) or the diagnosis.

use regscope_core::doctor;
use regscope_core::paste::{self, Pasted};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::destination::destination;
use super::diagnosis_view::diagnosis_view;
use crate::components::view_link::view_link;
use crate::services::doctor_handoff as handoff;
use crate::services::{navigation, plain_http_marks};

/// The request doctor.
#[component]
pub fn DoctorPage() -> Html {
    let handed = use_memo((), |_| handoff::take());
    let text = use_state(|| handed.0.clone());
    let pasted = use_memo((*text).clone(), |text| paste::interpret(text));
    use_effect_with(pasted.clone(), |pasted| {
        if let Some(host) = plain_http_host(pasted) {
            plain_http_marks::mark(host);
        }
    });
    {
        // A text the search box handed over that names a view: go there, in place of this one.
        let target = handed.1.then(|| destination(&pasted)).flatten();
        use_effect_with((), move |_| {
            if let Some(target) = target {
                navigation::replace(&target);
            }
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let value = area.value();
            handoff::keep(&value);
            text.set(value);
        })
    };
    html! {
        <section class="card doctor" aria-labelledby="doctor-heading" data-testid="doctor">
            <h2 id="doctor-heading">{ "Request doctor" }</h2>
            <p class="hint">
                { "Paste an image reference, a docker pull line, a Docker Hub page, a registry API URL, curl commands, a token URL, a WWW-Authenticate value or a registry error. The text stays in this tab: it is not put in the address bar or sent anywhere." }
            </p>
            <label for="doctor-input">{ "What you pasted" }</label>
            <textarea id="doctor-input" data-testid="doctor-input" rows="6" spellcheck="false"
                value={(*text).clone()} {oninput} />
            { answer(&text, &pasted) }
        </section>
    }
}

/// What the paste is, and the doctor's answer to it.
fn answer(text: &str, pasted: &Pasted) -> Html {
    if text.trim().is_empty() {
        return Html::default();
    }
    let open = destination(pasted).map(|to| {
        html! {
            <p data-testid="doctor-destination">
                { pasted.summary() }{ ". " }
                { view_link(to, Some("doctor-open"), None, html! { "Open it" }) }
            </p>
        }
    });
    let diagnosed = match pasted {
        Pasted::Image(_) | Pasted::Registry(_) => None,
        Pasted::Unknown { reason } => Some(html! {
            <p class="doctor-unknown" data-testid="doctor-unknown">{ reason }</p>
        }),
        _ => Some(diagnosis_view(&doctor::diagnose(pasted))),
    };
    html! { <div aria-live="polite">{ open }{ diagnosed }</div> }
}

/// The host a pasted `http://` registry address or API URL names (to be reached over plain
/// http in this tab).
fn plain_http_host(pasted: &Pasted) -> Option<&str> {
    match pasted {
        Pasted::Registry(address) if address.plain_http => Some(&address.host),
        Pasted::ApiUrl(api) if api.plain_http => Some(&api.host),
        _ => None,
    }
}
