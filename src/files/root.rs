//! The Files module's root in the browser: its own registry session (credentials entered in
//! the page serve it too), the image's layers read once, and the tab's part of the address bar
//! followed (back and forward included).

use std::rc::Rc;

use regscope_core::Reference;
use regscope_core::recording::Recording;
use regscope_core::trace::Exchange;
use yew::prelude::*;

use super::address::FilesAddress;
use super::components::files_page::FilesPage;
use super::image_layers::{ImageLayers, image_layers};
use crate::components::trace_view::TraceView;
use crate::services::navigation::PopListener;
use crate::services::session::{Session, SharedSession};

/// Props of [`FilesRoot`].
#[derive(Properties, PartialEq)]
pub struct FilesRootProps {
    /// The image manifest (pinned by digest) as the host names it (`data-reference`).
    pub reference: Option<String>,
}

/// How reading the image's layers stands.
#[derive(Clone, PartialEq)]
enum Layers {
    Loading,
    Ready(Rc<ImageLayers>, Vec<Exchange>),
    Failed(String, Vec<Exchange>),
}

/// The root of the Files tab.
#[component]
pub fn FilesRoot(props: &FilesRootProps) -> Html {
    let session: SharedSession = use_memo((), |_| Session::new(Recording::default()));
    let address = use_state(FilesAddress::current);
    {
        let address = address.clone();
        use_effect_with((), move |_| {
            let listener = PopListener::new(move || address.set(FilesAddress::current()));
            move || drop(listener)
        });
    }
    let layers = use_state(|| Layers::Loading);
    {
        let (layers, session) = (layers.clone(), session.clone());
        use_effect_with(props.reference.clone(), move |reference| {
            let reference = reference
                .as_deref()
                .and_then(|r| r.trim().parse::<Reference>().ok());
            match reference {
                None => layers.set(Layers::Failed("the tab names no image".into(), Vec::new())),
                Some(reference) => wasm_bindgen_futures::spawn_local(async move {
                    let (result, trace) = image_layers(&session, &reference).await;
                    layers.set(match result {
                        Ok(image) => Layers::Ready(Rc::new(image), trace),
                        Err(e) => Layers::Failed(e, trace),
                    });
                }),
            }
        });
    }
    let on_address = {
        let address = address.clone();
        Callback::from(move |(next, push): (FilesAddress, bool)| {
            next.write(push);
            address.set(next);
        })
    };
    match &*layers {
        Layers::Loading => html! {
            <p class="hint" role="status" data-testid="files-loading">{"Reading the image's layers…"}</p>
        },
        Layers::Failed(e, trace) => html! {
            <section class="card error" role="alert" data-testid="files-error">
                <h2>{"The image's layers could not be read"}</h2>
                <p>{ e.clone() }</p>
                <TraceView trace={trace.clone()} />
            </section>
        },
        Layers::Ready(image, trace) => html! {
            <FilesPage session={session.clone()} image={image.clone()} trace={trace.clone()}
                address={(*address).clone()} {on_address} />
        },
    }
}
