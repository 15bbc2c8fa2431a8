//! Mounts the regscope app into the page's body.

fn main() {
    yew::Renderer::<regscope::App>::new().render();
}
