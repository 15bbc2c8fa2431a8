//! The local module's one piece of page: a card under the page's header saying which file is
//! being read, what it held (with a link to each image, the address-bar reference under
//! `file.invalid`) and that nothing was uploaded, or why it could not be opened. Plain DOM (the
//! module renders nothing else), links followed inside the app.

use crate::route::ViewQuery;
use crate::services::navigation;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element};

use super::shelf::Opened;

const PANEL_ID: &str = "regscope-local";

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// A new card in the panel (what it held before is removed).
fn panel() -> Option<Element> {
    let frame = frame()?;
    frame.set_inner_html("");
    let card = document()?.create_element("section").ok()?;
    frame.append_child(&card).ok()?;
    Some(card)
}

/// The panel: a landmark under the page's header, created (with its link handler) on first use.
fn frame() -> Option<Element> {
    let document = document()?;
    if let Some(existing) = document.get_element_by_id(PANEL_ID) {
        return Some(existing);
    }
    let panel = document.create_element("aside").ok()?;
    panel.set_id(PANEL_ID);
    let _ = panel.set_attribute("data-testid", "local-panel");
    let _ = panel.set_attribute("aria-label", "Image file");
    let _ = panel.set_attribute(
        "style",
        "max-width: 77.5rem; margin: 1rem auto 0; box-sizing: border-box",
    );
    let body = document.body()?;
    let after_header = document
        .query_selector("body > header")
        .ok()
        .flatten()
        .and_then(|h| h.next_sibling());
    let _ = body.insert_before(&panel, after_header.as_ref());
    let follow = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("a[data-local-reference]").ok().flatten());
        if let Some(reference) = link.and_then(|l| l.get_attribute("data-local-reference")) {
            event.prevent_default();
            wasm_bindgen_futures::spawn_local(async move { show_image(&reference).await });
        }
    });
    let _ = panel.add_event_listener_with_callback("click", follow.as_ref().unchecked_ref());
    follow.forget();
    Some(panel)
}

/// Opens the view of `reference` in the app (a history entry, no page load). When the page
/// already shows it (the file dropped again on its "not open" card), the start page goes
/// between, so that the app runs the view again.
pub async fn show_image(reference: &str) {
    let query = ViewQuery {
        image: Some(reference.to_string()),
        ..ViewQuery::default()
    };
    if navigation::current().image == query.image {
        navigation::replace(&ViewQuery::default());
        // The app renders the start page before the view comes back.
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
    }
    navigation::push_and_announce(query);
}

fn add(parent: &Element, tag: &str, text: &str) -> Option<Element> {
    let element = document()?.create_element(tag).ok()?;
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    parent.append_child(&element).ok()?;
    Some(element)
}

/// "Reading NAME…".
pub fn reading(name: &str) {
    if let Some(panel) = panel() {
        panel.set_class_name("card");
        let _ = panel.set_attribute("role", "status");
        add(
            &panel,
            "p",
            &format!("Reading {name}… (in this tab: nothing is uploaded)"),
        );
    }
}

/// Why `name` could not be opened.
pub fn failed(name: &str, why: &str) {
    if let Some(panel) = panel() {
        panel.set_class_name("card error");
        let _ = panel.set_attribute("role", "alert");
        let _ = panel.set_attribute("data-testid", "local-error");
        add(&panel, "h2", &format!("{name} could not be opened"));
        add(&panel, "p", &format!("{why}."));
        hint(
            &panel,
            "p",
            "Drop a docker save tarball (docker save IMAGE -o FILE.tar), an OCI image layout folder or its tar.",
        );
    }
}

/// What `opened` holds, with a link to each image; `ms` the time it took.
pub fn opened(opened: &Opened, ms: f64, reads: u32) {
    let Some(panel) = panel() else { return };
    panel.set_class_name("card");
    let _ = panel.set_attribute("role", "status");
    add(&panel, "h2", &format!("Image file {}", opened.file_name));
    hint(
        &panel,
        "p",
        &format!(
            "{} read in this tab in {ms:.0} ms ({reads} reads of its JSON and tar headers; layers are not read): nothing was uploaded. \
             A link to these views works only where this file is dropped again.",
            capitalised(opened.kind_words())
        ),
    );
    if opened.names.iter().any(|n| n.synthesised)
        && let Some(note) = add(
            &panel,
            "p",
            "Its manifest is synthesised: a legacy docker save holds none, so the app writes one from manifest.json and the config, whose layers are the uncompressed layer.tar files named by their diff_ids.",
        )
    {
        let _ = note.set_attribute("data-testid", "local-synthesised");
    }
    let Some(list) = add(&panel, "ul", "") else {
        return;
    };
    list.set_class_name("plain");
    for name in &opened.names {
        let Some(item) = add(&list, "li", "") else {
            continue;
        };
        let reference = name.reference();
        if let Some(link) = add(&item, "a", "") {
            let _ = link.set_attribute("href", &format!("?image={reference}"));
            let _ = link.set_attribute("data-local-reference", &reference);
            let _ = link.set_attribute("data-testid", "local-reference");
            add(&link, "code", &reference);
        }
        if let Some(archive) = &name.archive_name {
            hint(&item, "span", &format!(" (named {archive} in the archive)"));
        }
    }
}

/// [`add`], in the muted `hint` style.
fn hint(parent: &Element, tag: &str, text: &str) {
    if let Some(element) = add(parent, tag, text) {
        element.set_class_name("hint");
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
