//! The Files tab's page: the layer list, and for the layer (or merged filesystem) the address
//! names, its progress, verification, the listing (a directory tree, every entry by path or
//! size with a search, or the largest files), the opened file and the requests made.

use std::rc::Rc;

use regscope_core::trace::Exchange;
use regscope_layers::entry::EntryKind;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::entry_list::EntryList;
use super::file_view::FileView;
use super::layer_picker::LayerPicker;
use super::progress_view::ProgressView;
use super::verification_view::VerificationView;
use crate::components::trace_view::TraceView;
use crate::files::address::FilesAddress;
use crate::files::image_layers::ImageLayers;
use crate::files::listing::Listing;
use crate::files::rows::{self, Order, Row, ViewKind};
use crate::files::use_layer_stream::use_layer_stream;
use crate::files::use_open_file::use_open_file;
use crate::services::session::SharedSession;

/// Props of [`FilesPage`].
#[derive(Properties, PartialEq)]
pub struct FilesPageProps {
    /// The module's session.
    pub session: SharedSession,
    /// The image's layers.
    pub image: Rc<ImageLayers>,
    /// The exchanges that found them.
    pub trace: Vec<Exchange>,
    /// What the address bar names.
    pub address: FilesAddress,
    /// Goes to another address (`true`: a new history entry).
    pub on_address: Callback<(FilesAddress, bool)>,
}

/// The page.
#[component]
pub fn FilesPage(props: &FilesPageProps) -> Html {
    let image = &props.image;
    let address = &props.address;
    let selected: Vec<usize> = match address.layer.as_deref() {
        _ if address.is_merged() => (0..image.layers.len()).collect(),
        Some(digest) => image
            .layers
            .iter()
            .position(|l| l.digest == digest)
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    let stream = use_layer_stream(props.session.clone(), image.clone(), selected.clone());
    let view = use_state(ViewKind::default);
    let order = use_state(Order::default);
    let search = use_state(String::new);
    let merged = address.is_merged();
    let all_rows = {
        let listing = stream.listing.clone();
        use_memo((stream.version, selected.clone()), move |_| {
            listing_rows(&mut listing.borrow_mut(), merged)
        })
    };
    let path = address.path.clone().unwrap_or_default();
    let at = rows::find(&all_rows, &path).cloned();
    let file = at.as_ref().filter(|r| r.entry.kind == EntryKind::File);
    let dir = match (&at, path.is_empty()) {
        (_, true) => String::new(),
        (Some(r), _) if r.entry.kind == EntryKind::File => rows::parent(&path).to_string(),
        _ => path.clone(),
    };
    let shown = {
        let all_rows = all_rows.clone();
        let (view, order, search, dir) = (*view, *order, (*search).clone(), dir.clone());
        use_memo(
            (
                stream.version,
                view,
                order,
                search.clone(),
                dir.clone(),
                selected.clone(),
            ),
            move |_| match view {
                ViewKind::Tree => rows::children(&all_rows, &dir),
                ViewKind::Flat => rows::ordered(rows::matching(&all_rows, &search), order),
                ViewKind::Largest => rows::largest(&all_rows),
            },
        )
    };
    let file_layer = file.and_then(|r| image.layers.get(r.changed).cloned());
    let opened = use_open_file(
        props.session.clone(),
        image.reference.clone(),
        file_layer,
        file.map(|r| r.entry.path.clone()),
    );
    let on_choose = {
        let on_address = props.on_address.clone();
        Callback::from(move |layer: String| {
            on_address.emit((
                FilesAddress {
                    layer: Some(layer),
                    path: None,
                },
                true,
            ))
        })
    };
    let go_to = {
        let (on_address, layer) = (props.on_address.clone(), address.layer.clone());
        Callback::from(move |path: String| {
            let path = Some(path).filter(|p| !p.is_empty());
            on_address.emit((
                FilesAddress {
                    layer: layer.clone(),
                    path,
                },
                true,
            ))
        })
    };
    let on_open = {
        let go_to = go_to.clone();
        Callback::from(move |row: Row| go_to.emit(row.entry.path.clone()))
    };
    let close = {
        let (go_to, dir) = (go_to.clone(), dir.clone());
        Callback::from(move |()| go_to.emit(dir.clone()))
    };
    let listing = stream.listing.borrow();
    let mut trace = props.trace.clone();
    trace.extend(listing.trace.iter().cloned());
    trace.extend(opened.trace.iter().cloned());
    html! {
        <section class="card" data-testid="files">
            <h2>{"Files"}</h2>
            <LayerPicker layers={image.layers.clone()} chosen={address.layer.clone()} {on_choose} />
            if selected.is_empty() {
                <p class="hint" data-testid="files-choose">{
                    if address.layer.is_some() { "This image has no such layer: choose one above." }
                    else { "Choose a layer, or the merged filesystem, to list what is inside (its download streams; nothing is kept but the listing)." }
                }</p>
            } else {
                <ProgressView layers={listing.layers.clone()} on_cancel={stream.cancel.clone()} />
                <VerificationView layers={listing.layers.clone()} />
                { view_switch(&view, &order, &search) }
                if *view == ViewKind::Tree { { breadcrumb(&dir, &go_to) } }
                <EntryList rows={shown.clone()} full_paths={*view != ViewKind::Tree} {on_open} />
                <p class="small" data-testid="files-count">{ format!("{} shown of {} entries listed", shown.len(), listing_count(&listing)) }</p>
                if let Some(file) = file {
                    <FileView path={file.entry.path.clone()} opening={opened.opening.clone()} on_close={close} />
                }
            }
            <TraceView {trace} />
        </section>
    }
}

/// Every row of the listing (the merged view applies layers in order).
fn listing_rows(listing: &mut Listing, merged: bool) -> Vec<Row> {
    match listing.layers.as_slice() {
        [one] if !merged => rows::layer_rows(&one.entries, one.info.index),
        _ => crate::files::merged_rows::merged_rows(listing),
    }
}

fn listing_count(listing: &Listing) -> usize {
    listing.entry_count()
}

/// The tree / every entry / largest switch, the search box and the order.
fn view_switch(
    view: &UseStateHandle<ViewKind>,
    order: &UseStateHandle<Order>,
    search: &UseStateHandle<String>,
) -> Html {
    let pick = |kind: ViewKind| {
        let view = view.clone();
        Callback::from(move |_| view.set(kind))
    };
    let pressed = |kind: ViewKind| (**view == kind).to_string();
    let oninput = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            search.set(input.value());
        })
    };
    let flip = {
        let order = order.clone();
        Callback::from(move |_| {
            order.set(if *order == Order::Path {
                Order::Size
            } else {
                Order::Path
            })
        })
    };
    html! {
        <div role="toolbar" aria-label="Listing" style="display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0">
            <button type="button" data-testid="files-view-tree" aria-pressed={pressed(ViewKind::Tree)} onclick={pick(ViewKind::Tree)}>{"Tree"}</button>
            <button type="button" data-testid="files-view-flat" aria-pressed={pressed(ViewKind::Flat)} onclick={pick(ViewKind::Flat)}>{"Every entry"}</button>
            <button type="button" data-testid="files-view-largest" aria-pressed={pressed(ViewKind::Largest)} onclick={pick(ViewKind::Largest)}>{"Largest files"}</button>
            if **view == ViewKind::Flat {
                <input type="search" data-testid="files-search" aria-label="Search paths" placeholder="Search paths"
                    value={(**search).clone()} {oninput} />
                <button type="button" data-testid="files-order" onclick={flip}>{
                    if **order == Order::Path { "Sort by size" } else { "Sort by path" }
                }</button>
            }
        </div>
    }
}

/// `/ › etc › ssl`, each a way back up.
fn breadcrumb(dir: &str, go_to: &Callback<String>) -> Html {
    let link = |label: String, target: String| {
        let go_to = go_to.clone();
        html! { <button type="button" data-testid="files-crumb" onclick={Callback::from(move |_| go_to.emit(target.clone()))}
        style="background:none;border:0;padding:0;color:inherit;text-decoration:underline;cursor:pointer;font:inherit">{ label }</button> }
    };
    let mut parts = vec![link("/".into(), String::new())];
    let mut so_far = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        if !so_far.is_empty() {
            so_far.push('/');
        }
        so_far.push_str(part);
        parts.push(html! { {" › "} });
        parts.push(link(part.to_string(), so_far.clone()));
    }
    html! { <nav aria-label="Directory" data-testid="files-breadcrumb" data-dir={dir.to_string()}>{ for parts }</nav> }
}
