//! The file comparison, on request: the layers that differ are read in the layer worker (the
//! shared bottom ones never), then the two filesystems are compared (semantic, or strict on a
//! toggle) with totals; one text file's unified diff on click; the whole comparison exported
//! as JSON; and every request with the bytes it moved.

use std::rc::Rc;

use regscope_core::trace::Exchange;
use regscope_layers::compare::{
    Aspect, Comparison, FileChange, FileChangeKind, FileComparison, ImageSide,
    MAX_DIFF_INPUT_BYTES, Mode, TextDiff, Version, text_diff,
};
use yew::prelude::*;

use super::files_read::{ReadLayers, base_jobs, jobs, read_layers};
use super::layer_worker::open_file;
use super::services::{Compared, Side};
use crate::format;
use crate::hooks::use_session::use_session;

/// Props of [`FilesCompare`].
#[derive(Properties, Clone)]
pub struct FilesCompareProps {
    /// The comparison.
    pub compared: Rc<Compared>,
}

impl PartialEq for FilesCompareProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.compared, &other.compared)
    }
}

/// Where the reading is.
#[derive(Clone)]
enum Reading {
    Idle,
    Running(usize),
    /// The upper layers read; the shared ones too when asked for.
    Read(Rc<ReadLayers>, Option<Rc<ReadLayers>>),
    /// The shared layers being read (how many done), the upper ones read already.
    Resolving(usize),
    Failed(String, Rc<Vec<Exchange>>),
}

/// The file comparison card.
#[component]
pub fn FilesCompare(props: &FilesCompareProps) -> Html {
    let compared = props.compared.clone();
    let session = use_session();
    let reading = use_state(|| Reading::Idle);
    let strict = use_state(|| false);
    let diff = use_state(|| None::<(String, Result<TextDiff, String>)>);
    let total_jobs = jobs(&compared).len();
    let start = {
        let (reading, compared, session) = (reading.clone(), compared.clone(), session.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(session) = session.clone() else {
                return;
            };
            let (reading, compared) = (reading.clone(), compared.clone());
            reading.set(Reading::Running(0));
            wasm_bindgen_futures::spawn_local(async move {
                let progress = |done| reading.set(Reading::Running(done));
                match read_layers(&session, jobs(&compared), progress).await {
                    Ok(read) => reading.set(Reading::Read(read, None)),
                    Err((words, trace)) => reading.set(Reading::Failed(words, Rc::new(trace))),
                }
            });
        })
    };
    let body = match &*reading {
        Reading::Idle => html! {
            <p>
                <button type="button" data-testid="compare-files" onclick={start} disabled={session.is_none()}>{"Compare the files"}</button>
                { format!(" reads {total_jobs} layers ({}) in a worker; the shared bottom layers are not downloaded.", format::size(compared.layers.bytes_to_read)) }
            </p>
        },
        Reading::Running(done) => html! {
            <p role="status" data-testid="files-reading">{ format!("Reading layer {} of {total_jobs}…", done + 1) }</p>
        },
        Reading::Failed(words, trace) => html! {
            <>
                <p role="alert" data-testid="files-error">{ words.clone() }</p>
                { trace_rows(trace) }
            </>
        },
        Reading::Resolving(done) => html! {
            <p role="status" data-testid="files-reading">{ format!("Reading shared layer {} of {}…", done + 1, compared.layers.shared_base) }</p>
        },
        Reading::Read(read, base) => {
            let mode = if *strict {
                Mode::Strict
            } else {
                Mode::Semantic
            };
            let resolve = {
                let (reading, compared, session, read) = (
                    reading.clone(),
                    compared.clone(),
                    session.clone(),
                    read.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    let Some(session) = session.clone() else {
                        return;
                    };
                    let (reading, compared, read) =
                        (reading.clone(), compared.clone(), read.clone());
                    reading.set(Reading::Resolving(0));
                    wasm_bindgen_futures::spawn_local(async move {
                        let progress = |done| reading.set(Reading::Resolving(done));
                        match read_layers(&session, base_jobs(&compared), progress).await {
                            Ok(base) => reading.set(Reading::Read(read.clone(), Some(base))),
                            Err((words, trace)) => {
                                reading.set(Reading::Failed(words, Rc::new(trace)))
                            }
                        }
                    });
                })
            };
            match read.compare(&compared, mode, base.as_deref()) {
                Ok(files) => read_view(
                    &compared,
                    read,
                    base.as_deref(),
                    files,
                    &strict,
                    &diff,
                    session.clone(),
                    resolve,
                ),
                Err(words) => html! { <p role="alert" data-testid="files-error">{ words }</p> },
            }
        }
    };
    html! {
        <section class="card" data-testid="compare-files-card">
            <h2>{"Files"}</h2>
            { body }
        </section>
    }
}

/// What the read layers show: the verdict, the toggle, the totals, the changes, the diff,
/// the export and the requests.
#[allow(clippy::too_many_arguments)]
fn read_view(
    compared: &Rc<Compared>,
    read: &Rc<ReadLayers>,
    base: Option<&ReadLayers>,
    files: FileComparison,
    strict: &UseStateHandle<bool>,
    diff: &UseStateHandle<Option<(String, Result<TextDiff, String>)>>,
    session: Option<crate::services::session::SharedSession>,
    resolve: Callback<MouseEvent>,
) -> Html {
    let side = |s: &Side| ImageSide {
        reference: s.asked.clone(),
        manifest_digest: s.digest().to_string(),
    };
    let comparison = Comparison::new(
        side(&compared.old),
        side(&compared.new),
        compared.config.clone(),
        compared.layers.clone(),
        Some(files.clone()),
    );
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&comparison.to_json())
    );
    let toggle = {
        let (strict, diff) = (strict.clone(), diff.clone());
        Callback::from(move |_: Event| {
            strict.set(!*strict);
            diff.set(None);
        })
    };
    let t = &files.totals;
    let verdict = if comparison.same_content {
        "Same content: no file differs."
    } else if files.same {
        "No file differs, but the configs do."
    } else {
        "The files differ."
    };
    let open = |change: &FileChange| -> Html {
        let (Some(old), Some(new)) = (&change.old, &change.new) else {
            return html! {};
        };
        if change.kind != FileChangeKind::Modified
            || !change
                .aspects
                .iter()
                .any(|a| matches!(a, Aspect::Content | Aspect::Size))
        {
            return html! {};
        }
        let (compared, diff, session) = (compared.clone(), diff.clone(), session.clone());
        let (path, old_layer, new_layer) = (change.path.clone(), old.layer, new.layer);
        let (old_digest, new_digest) = (old.digest.clone(), new.digest.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let Some(session) = session.clone() else {
                return;
            };
            let (compared, diff, path) = (compared.clone(), diff.clone(), path.clone());
            let (old_digest, new_digest) = (old_digest.clone(), new_digest.clone());
            diff.set(Some((path.clone(), Err("Reading both versions…".into()))));
            wasm_bindgen_futures::spawn_local(async move {
                let cap = MAX_DIFF_INPUT_BYTES as u64 + 1;
                let a = open_file(
                    &session,
                    &compared.old.inspection.image().reference,
                    &compared.old.layers[old_layer],
                    &path,
                    cap,
                )
                .await;
                let b = open_file(
                    &session,
                    &compared.new.inspection.image().reference,
                    &compared.new.layers[new_layer],
                    &path,
                    cap,
                )
                .await;
                let result = match (a.result, b.result) {
                    (Ok((x, xs)), Ok((y, ys))) => Ok(text_diff(
                        &path,
                        Version {
                            bytes: &x,
                            size: xs,
                            digest: old_digest.as_deref(),
                        },
                        Version {
                            bytes: &y,
                            size: ys,
                            digest: new_digest.as_deref(),
                        },
                    )),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
                diff.set(Some((path, result)));
            });
        });
        html! { <button type="button" data-testid="diff-button" {onclick}>{"diff"}</button> }
    };
    html! {
        <>
            <p data-testid="content-verdict" data-same-content={comparison.same_content.to_string()}><strong>{ verdict }</strong></p>
            <label><input type="checkbox" data-testid="strict-toggle" checked={**strict} onchange={toggle} />
                {" Strict: modification times count"}</label>
            <p data-testid="files-totals" data-added={t.added.to_string()} data-removed={t.removed.to_string()}
               data-modified={t.modified.to_string()} data-unresolved={t.unresolved.to_string()}>
                { format!("{} added ({}), {} removed ({}), {} modified ({:+} B)", t.added, format::size(t.added_bytes), t.removed, format::size(t.removed_bytes), t.modified, t.modified_delta_bytes) }
                if t.unresolved > 0 {
                    { format!("; {} changed by one side over the shared layers, which were not read ", t.unresolved) }
                    <button type="button" data-testid="resolve-shared" onclick={resolve}>
                        { format!("Read the {} shared layers too ({})", compared.layers.shared_base, format::size(shared_bytes(compared))) }
                    </button>
                }
                if files.truncated { {"; only the first changes are listed"} }
            </p>
            if !files.changes.is_empty() {
                <table>
                    <thead><tr><th>{"Path"}</th><th>{"Change"}</th><th>{"What differs"}</th><th class="num">{"A"}</th><th class="num">{"B"}</th><th></th></tr></thead>
                    <tbody>
                    { for files.changes.iter().map(|change| {
                        let aspects: Vec<&str> = change.aspects.iter().map(|a| aspect_name(*a)).collect();
                        html! {
                            <tr data-testid="file-change" data-path={change.path.clone()} data-kind={kind_name(change.kind)} data-aspects={aspects.join(" ")}>
                                <td><code>{ change.path.clone() }</code></td>
                                <td>{ kind_name(change.kind) }</td>
                                <td>{ aspects.join(", ") }</td>
                                <td class="num">{ change.old.as_ref().map(|s| format::size(s.size)).unwrap_or_default() }</td>
                                <td class="num">{ change.new.as_ref().map(|s| format::size(s.size)).unwrap_or_default() }</td>
                                <td>{ open(change) }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
            if let Some((path, result)) = &**diff {
                { diff_view(path, result) }
            }
            <p><a data-testid="export-json" {href} download="comparison.json">{"Export the comparison as JSON"}</a></p>
            { requests(read, base, compared) }
        </>
    }
}

fn kind_name(kind: FileChangeKind) -> &'static str {
    match kind {
        FileChangeKind::Added => "added",
        FileChangeKind::Removed => "removed",
        FileChangeKind::Modified => "modified",
        FileChangeKind::Unresolved => "unresolved",
    }
}

fn aspect_name(aspect: Aspect) -> &'static str {
    match aspect {
        Aspect::Kind => "kind",
        Aspect::Size => "size",
        Aspect::Mode => "mode",
        Aspect::Owner => "owner",
        Aspect::LinkTarget => "link",
        Aspect::Content => "content",
        Aspect::Mtime => "mtime",
    }
}

/// One file's diff, or why there is none.
fn diff_view(path: &str, result: &Result<TextDiff, String>) -> Html {
    let text = match result {
        Ok(TextDiff::Unified { diff, truncated }) => {
            format!("{diff}{}", if *truncated { "\n(cut)" } else { "" })
        }
        Ok(TextDiff::Binary {
            old_size, new_size, ..
        }) => {
            format!("Binary files differ ({old_size} B → {new_size} B).")
        }
        Ok(TextDiff::TooLarge {
            old_size, new_size, ..
        }) => {
            format!("Too large to diff here ({old_size} B → {new_size} B).")
        }
        Err(words) => words.clone(),
    };
    html! {
        <figure>
            <figcaption>{ format!("Diff of {path}") }</figcaption>
            <pre data-testid="text-diff" data-path={path.to_string()}>{ text }</pre>
        </figure>
    }
}

/// Blob bytes of the shared bottom layers.
fn shared_bytes(compared: &Compared) -> u64 {
    compared.old.layers[..compared.layers.shared_base]
        .iter()
        .map(|l| l.size)
        .sum()
}

/// The requests the reading made (the worker's GETs with their bytes), and the shared bottom
/// layers, never requested unless asked for (`base`).
fn requests(read: &ReadLayers, base: Option<&ReadLayers>, compared: &Compared) -> Html {
    let downloaded = read.downloaded + base.map_or(0, |b| b.downloaded);
    let shared = match base {
        Some(_) => &[][..],
        None => &compared.old.layers[..compared.layers.shared_base],
    };
    html! {
        <>
            <h3>{"Requests"}</h3>
            <p data-testid="files-downloaded" data-bytes={downloaded.to_string()}>
                { format!("Downloaded {} ({downloaded} B) of layers; both images' layers hold {}.", format::size(downloaded), format::size(compared.old.layer_bytes() + compared.new.layer_bytes())) }
            </p>
            <table>
                <thead><tr><th>{"Request"}</th><th>{"Status"}</th><th class="num">{"Bytes"}</th></tr></thead>
                <tbody>
                { trace_body(&read.trace) }
                { trace_body(base.map_or(&[][..], |b| &b.trace)) }
                { for shared.iter().map(|l| html! {
                    <tr data-testid="files-request" data-method="none" data-purpose="shared-layer" data-url={l.digest.clone()} data-bytes="0">
                        <td>{ format!("shared layer {}: not requested", format::short_digest(&l.digest)) }</td>
                        <td>{"—"}</td>
                        <td class="num">{"0"}</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </>
    }
}

/// The requests of a reading that failed.
fn trace_rows(trace: &[Exchange]) -> Html {
    html! { <table><tbody>{ trace_body(trace) }</tbody></table> }
}

/// One row per request, with the bytes it moved.
fn trace_body(trace: &[Exchange]) -> Html {
    html! {
        { for trace.iter().map(|e| html! {
            <tr data-testid="files-request" data-method={e.method.clone()} data-purpose={e.purpose.clone()} data-url={e.url.clone()} data-bytes={e.body_bytes.to_string()}>
                <td><code>{ format!("{} {}", e.method, e.url) }</code></td>
                <td>{ e.status.map(|s| s.to_string()).unwrap_or_else(|| e.error.clone().unwrap_or_default()) }</td>
                <td class="num">{ e.body_bytes }</td>
            </tr>
        }) }
    }
}
