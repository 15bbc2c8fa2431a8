//! The public key form: a PEM key (ECDSA P-256 or RSA, as `cosign generate-key-pair` writes its
//! `.pub`) pasted to check cosign signatures and attestation envelopes against. It is read here
//! once, so a key that is not one is said at once; it never goes into the address bar.

use regscope_supply::cosign::PublicKey;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`KeyForm`].
#[derive(Properties, PartialEq)]
pub struct KeyFormProps {
    /// The algorithm of the key in use, when one is.
    pub applied: Option<&'static str>,
    /// A key to use (its PEM), or none to check without one.
    pub on_key: Callback<Option<String>>,
}

/// The key form.
#[component]
pub fn KeyForm(props: &KeyFormProps) -> Html {
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let onsubmit = {
        let (text, error, on_key) = (text.clone(), error.clone(), props.on_key.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match PublicKey::from_pem(text.trim()) {
                Ok(_) => {
                    error.set(None);
                    on_key.emit(Some(text.trim().to_string()));
                }
                Err(e) => error.set(Some(format!(
                    "This is not a public key the tab can use: {e}"
                ))),
            }
        })
    };
    let onclear = {
        let (text, error, on_key) = (text.clone(), error.clone(), props.on_key.clone());
        Callback::from(move |_| {
            text.set(String::new());
            error.set(None);
            on_key.emit(None);
        })
    };
    let status = match props.applied {
        Some(algorithm) => format!("Signatures are checked against the pasted {algorithm} key."),
        None => "No key given: signatures are not checked against a key (keyless and Notary signatures are still checked with their certificate's key).".to_string(),
    };
    html! {
        <form data-testid="supply-key-form" {onsubmit}>
            <label for="supply-key"><b>{"Public key (PEM) for cosign signatures and attestations"}</b></label>
            <textarea id="supply-key" data-testid="supply-key" rows="4" spellcheck="false"
                style="display:block;width:100%;font-family:monospace;font-size:.8rem"
                placeholder="-----BEGIN PUBLIC KEY-----" value={(*text).clone()} {oninput} />
            <p>
                <button type="submit" data-testid="supply-key-apply">{"Check with this key"}</button>{" "}
                <button type="button" data-testid="supply-key-clear" onclick={onclear}>{"Check without a key"}</button>
            </p>
            <p class="small" data-testid="supply-key-status" role="status">{ status }</p>
            if let Some(e) = &*error { <p class="bad" role="alert" data-testid="supply-key-error">{ e.clone() }</p> }
        </form>
    }
}
