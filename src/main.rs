//! Mounts the regscope app into the page's body. A page the relay rendered is taken over: the
//! recording of the relay's exchanges goes to the app's root (its session replays them), and
//! the app's own view replaces the server's markup (see [`regscope::prerender`]).

use regscope::prerender;
use regscope::{App, AppProps};

fn main() {
    let recording = prerender::take_recording();
    prerender::remove_server_view();
    yew::Renderer::<App>::with_props(AppProps { recording }).render();
}
