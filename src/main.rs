//! Mounts the regscope app into the page's body. A page the relay rendered is taken over: the
//! app's own view replaces the server's markup, and its session replays the exchanges the
//! relay recorded (see [`regscope::prerender`]).

use regscope::App;
use regscope::prerender;

fn main() {
    prerender::keep_prefetched();
    prerender::remove_server_view();
    yew::Renderer::<App>::new().render();
}
