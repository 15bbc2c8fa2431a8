//! Every document of the view, raw: the manifest named, the platform manifest, the config blob.

use regscope_core::Inspection;
use yew::prelude::*;

use crate::components::copy_button::copy_button;
use crate::components::json_tree::json_tree;
use crate::format;
use crate::links;
use crate::route::ViewQuery;

/// One document to show.
struct Document<'a> {
    title: &'static str,
    digest: &'a str,
    media_type: &'a str,
    bytes: &'a [u8],
    testid: &'static str,
}

/// The JSON tab of `inspection`, shown in the view `query`.
pub fn json_view(inspection: &Inspection, query: &ViewQuery) -> Html {
    let mut documents = vec![Document {
        title: if inspection.top.manifest.kind().is_index() {
            "Index"
        } else {
            "Manifest"
        },
        digest: &inspection.top.digest,
        media_type: &inspection.top.content_type,
        bytes: &inspection.top.bytes,
        testid: "manifest-json",
    }];
    if let Some(platform) = &inspection.platform {
        documents.push(Document {
            title: "Platform manifest",
            digest: &platform.digest,
            media_type: &platform.content_type,
            bytes: &platform.bytes,
            testid: "manifest-json",
        });
    }
    if let Some(blob) = &inspection.config_blob {
        documents.push(Document {
            title: "Config",
            digest: &blob.digest,
            media_type: &blob.content_type,
            bytes: &blob.bytes,
            testid: "config-json",
        });
    }
    html! {
        <>
        { for documents.iter().map(|d| html! {
            <section class="card" id={links::anchor(d.digest)} data-testid="json-document">
                <h2>{ d.title }{" "}<code class="muted small">{ d.digest }</code>{" "}{ copy_button(d.digest.to_string(), "digest") }</h2>
                <p class="muted small">{ format!("{} · {} ({} bytes as received)", d.media_type, format::size(d.bytes.len() as u64), d.bytes.len()) }</p>
                { json_tree(d.bytes, &inspection.reference, query, d.testid) }
            </section>
        }) }
        </>
    }
}
