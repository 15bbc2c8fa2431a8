//! The credentials form of one registry: username and password (or token), used only for that
//! registry; kept in memory, and in `sessionStorage` only when "remember" is ticked. The
//! session is the one the root provides; without one (a page rendered on the server) the form
//! shows nobody signed in and submits nothing until the app has taken the page over.

use regscope_core::Credentials;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::class_list::class_list;
use crate::hooks::use_session::use_session;

/// Props of [`CredentialsForm`].
#[derive(Properties, PartialEq)]
pub struct CredentialsProps {
    /// The registry's API host, as in `Reference::api_host`.
    pub api_host: AttrValue,
    /// Shown unfolded (after an authorization error).
    #[prop_or_default]
    pub open: bool,
    /// Called after credentials were set or forgotten (the page reloads the view).
    pub on_change: Callback<()>,
}

/// The form, or who is signed in with a "forget" button.
#[component]
pub fn CredentialsForm(props: &CredentialsProps) -> Html {
    let username = use_node_ref();
    let password = use_node_ref();
    let remember = use_node_ref();
    let session = use_session();
    let host = props.api_host.to_string();
    let signed_in = session
        .as_ref()
        .and_then(|s| Some((s.clone(), s.user(&host)?)));
    if let Some((session, user)) = signed_in {
        let onclick = {
            let on_change = props.on_change.clone();
            let host = host.clone();
            Callback::from(move |_| {
                session.sign_out(&host);
                on_change.emit(());
            })
        };
        return html! {
            <p class="signed-in small" data-testid="signed-in">
                { format!("Using the credentials of \"{user}\" for {host}. ") }
                <button type="button" class="link" data-testid="sign-out" {onclick}>{"Forget them"}</button>
            </p>
        };
    }
    let onsubmit = {
        let (username, password, remember) = (username.clone(), password.clone(), remember.clone());
        let on_change = props.on_change.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(session) = &session else {
                return;
            };
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let keep = remember
                .cast::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            let credentials = Credentials {
                username: value(&username).trim().to_string(),
                password: value(&password),
            };
            if credentials.username.is_empty() {
                return;
            }
            session.sign_in(&host, credentials, keep);
            on_change.emit(());
        })
    };
    html! {
        <details class={class_list(&["credentials", if props.open { "card" } else { "" }])} open={props.open} data-testid="credentials">
            <summary>{ format!("Credentials for {}", props.api_host) }</summary>
            <form {onsubmit} autocomplete="off">
                <p class="hint small">{ format!("Sent only to {}'s token endpoint or Basic challenge. Kept in this page's memory; never put in a link.", props.api_host) }</p>
                <label>{"Username "}<input ref={username} type="text" name="username" data-testid="cred-username" autocomplete="username" /></label>
                <label>{"Password or token "}<input ref={password} type="password" name="password" data-testid="cred-password" autocomplete="current-password" /></label>
                <label class="small"><input ref={remember} type="checkbox" data-testid="cred-remember" />{" Remember for this tab (sessionStorage)"}</label>
                <button type="submit" data-testid="cred-submit">{"Use these credentials"}</button>
            </form>
        </details>
    }
}
