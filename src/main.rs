//! Mounts the regscope app into the page's body. A page the relay rendered is taken over: the
//! app runs the view's flow against the exchanges the relay recorded, then replaces the
//! server's markup with its own in the same task.

use std::rc::Rc;

use regscope::components::app::{App, AppProps};
use regscope::prerender::{self, Start};
use regscope::services::{inspect, navigation, session::Session};

fn main() {
    let query = navigation::current();
    let prefetched = prerender::take_prefetched();
    let (Some(recording), Some(image)) = (prefetched, query.image.clone()) else {
        prerender::remove_server_view();
        yew::Renderer::<App>::new().render();
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let session = Rc::new(Session::new());
        session.client.transport().replay(recording);
        let outcome = inspect::inspect(&session, &image, query.platform.as_deref()).await;
        prerender::remove_server_view();
        let start = Start {
            query,
            session,
            outcome: Rc::new(outcome),
        };
        yew::Renderer::<App>::with_props(AppProps { start: Some(start) }).render();
    });
}
