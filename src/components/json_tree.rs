//! A JSON document pretty-printed (keys in the registry's order) and highlighted, where every
//! digest is a link: manifests to their view, configs to their document, layers to the overview.
//! All registry text is rendered as text nodes, never as markup.

use regscope_core::Reference;
use serde_json::Value;
use yew::prelude::*;

use crate::components::view_link::ViewLink;
use crate::links::{self, DigestKind};
use crate::route::{Tab, ViewQuery, ViewTab};

/// The document `bytes` (exactly as received from `reference`'s repository) highlighted in a
/// `<pre data-testid={testid}>`; digests of layers link to the overview of `here`. The raw
/// text when it is not JSON.
pub fn json_tree(
    bytes: &[u8],
    reference: &Reference,
    here: &ViewQuery,
    testid: &'static str,
) -> Html {
    let Some(value) = regscope_core::document::json_tree(bytes) else {
        return html! { <pre class="json" data-testid={testid}>{ String::from_utf8_lossy(bytes).into_owned() }</pre> };
    };
    let mut out = Out::default();
    let writer = Writer { reference, here };
    writer.value(&value, "", None, 0, &mut out);
    html! { <pre class="json" data-testid={testid}>{ for out.finish() }</pre> }
}

/// The nodes of the tree; punctuation and indentation between highlighted tokens are merged
/// into one text node (for each key of an object: three nodes instead of five).
#[derive(Default)]
struct Out {
    nodes: Vec<Html>,
    text: String,
}

impl Out {
    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn node(&mut self, node: Html) {
        if !self.text.is_empty() {
            self.nodes.push(Html::from(std::mem::take(&mut self.text)));
        }
        self.nodes.push(node);
    }

    fn finish(mut self) -> Vec<Html> {
        if !self.text.is_empty() {
            self.nodes.push(Html::from(self.text));
        }
        self.nodes
    }
}

struct Writer<'a> {
    reference: &'a Reference,
    here: &'a ViewQuery,
}

impl Writer<'_> {
    fn value(
        &self,
        value: &Value,
        key: &str,
        media_type: Option<&str>,
        depth: usize,
        out: &mut Out,
    ) {
        match value {
            Value::Object(map) if map.is_empty() => out.text("{}"),
            Value::Array(items) if items.is_empty() => out.text("[]"),
            Value::Object(map) => {
                let inner_type = map.get("mediaType").and_then(Value::as_str);
                out.text("{\n");
                let last = map.len() - 1;
                for (i, (k, v)) in map.iter().enumerate() {
                    out.text(&indent(depth + 1));
                    out.node(html! { <span class="k">{ quoted(k) }</span> });
                    out.text(": ");
                    // Annotations name digests of manifests; other maps inherit nothing.
                    self.value(v, k, inner_type, depth + 1, out);
                    out.text(if i == last { "\n" } else { ",\n" });
                }
                out.text(&format!("{}}}", indent(depth)));
            }
            Value::Array(items) => {
                out.text("[\n");
                let last = items.len() - 1;
                for (i, v) in items.iter().enumerate() {
                    out.text(&indent(depth + 1));
                    self.value(v, key, media_type, depth + 1, out);
                    out.text(if i == last { "\n" } else { ",\n" });
                }
                out.text(&format!("{}]", indent(depth)));
            }
            Value::String(s) if regscope_core::digest::is_digest(s) => {
                out.node(self.digest(s, key, media_type))
            }
            Value::String(s) => out.node(html! { <span class="s">{ quoted(s) }</span> }),
            Value::Number(n) => out.node(html! { <span class="n">{ n.to_string() }</span> }),
            Value::Bool(b) => out.node(html! { <span class="b">{ b.to_string() }</span> }),
            Value::Null => out.node(html! { <span class="b">{"null"}</span> }),
        }
    }

    fn digest(&self, digest: &str, key: &str, media_type: Option<&str>) -> Html {
        let text = quoted(digest);
        let reference = self.reference;
        if key == "diff_ids" {
            // Digests of uncompressed layers: no registry object has them.
            return html! { <span class="s" title="diff_id: not an object in the registry">{ text }</span> };
        }
        match links::digest_kind(media_type, key) {
            DigestKind::Manifest => html! {
                <ViewLink to={links::digest_view(reference, digest)} class="digest" testid="json-digest-link"
                    title="Open this manifest">{ text }</ViewLink>
            },
            DigestKind::Config => {
                html! { <ViewLink to={self.here.with_tab(Tab::Config)} class="digest" testid="json-digest-link"
                title="Open the config">{ text }</ViewLink> }
            }
            DigestKind::Blob => {
                html! { <ViewLink to={self.here.with_tab(Tab::Overview)} class="digest" testid="json-digest-link"
                title="See this layer in the overview">{ text }</ViewLink> }
            }
        }
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
