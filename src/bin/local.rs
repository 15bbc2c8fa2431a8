//! Local images as a module of their own (see `regscope::local_image`): loaded by the page's
//! loader (`lazy.js`) when a file or folder is dropped or picked (`open`), and when the app's
//! transport asks for the reserved registry `file.invalid` (`answer`). Nothing here sends a
//! network request: answers come from the files the browser holds.

use std::cell::RefCell;

use js_sys::{Array, Object, Promise, Reflect};
use regscope::local_image::js::{Blob, Entry, File, Response};
use regscope::local_image::panel;
use regscope::local_image::read::{open_directory, open_tar, walk};
use regscope::local_image::shelf::{Answer, Opened, Shelf};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// The files opened in this tab and, for each, the browser's file handles (a tar is one file;
/// a folder is its files in the order its `FileMap` numbers them).
#[derive(Default)]
struct Opens {
    shelf: Shelf,
    blobs: Vec<Vec<Blob>>,
}

thread_local! {
    static OPENS: RefCell<Opens> = RefCell::default();
}

/// What was dropped or picked, grouped: one tar, or one folder's files.
enum Group {
    Tar(File),
    Folder(String, Vec<(String, File)>),
}

/// Reads what was dropped or picked (`items`: `File`s, or a drop's directory entries), shows
/// what each held, and opens the view of the first image of the last one read.
#[wasm_bindgen]
pub fn open(items: Array) -> Promise {
    future_to_promise(async move {
        let mut groups: Vec<Group> = Vec::new();
        for item in items.iter() {
            if Reflect::get(&item, &"isDirectory".into())
                .ok()
                .and_then(|v| v.as_bool())
                == Some(true)
            {
                let entry: Entry = item.unchecked_into();
                let name = entry.entry_name();
                panel::reading(&name);
                match walk(&entry).await {
                    Ok(files) => groups.push(Group::Folder(name, files)),
                    Err(why) => panel::failed(&name, &why),
                }
                continue;
            }
            let Ok(file) = item.dyn_into::<Object>() else {
                continue;
            };
            let file: File = file.unchecked_into();
            match file.relative_path().filter(|p| p.contains('/')) {
                Some(path) => {
                    let folder = path.split('/').next().unwrap_or_default().to_string();
                    match groups.iter_mut().find_map(|g| match g {
                        Group::Folder(name, files) if *name == folder => Some(files),
                        _ => None,
                    }) {
                        Some(files) => files.push((path, file)),
                        None => groups.push(Group::Folder(folder, vec![(path, file)])),
                    }
                }
                None => groups.push(Group::Tar(file)),
            }
        }
        let mut first = None;
        for group in groups {
            let started = js_sys::Date::now();
            let (name, read, blobs) = match group {
                Group::Tar(file) => {
                    let name = file.name();
                    panel::reading(&name);
                    let blob: Blob = file.unchecked_into();
                    (name, open_tar(&blob).await, vec![blob])
                }
                Group::Folder(name, files) => {
                    panel::reading(&name);
                    let read = open_directory(&files).await;
                    let blobs = files.into_iter().map(|(_, f)| f.unchecked_into()).collect();
                    (name, read, blobs)
                }
            };
            match read {
                Ok((image, reads)) => {
                    let opened = Opened::new(&name, image);
                    if opened.names.is_empty() {
                        panel::failed(&name, "it holds no image");
                        continue;
                    }
                    panel::opened(&opened, js_sys::Date::now() - started, reads);
                    first = Some(opened.names[0].reference());
                    OPENS.with(|o| {
                        let mut o = o.borrow_mut();
                        let index = o.shelf.put(opened);
                        if index < o.blobs.len() {
                            o.blobs[index] = blobs;
                        } else {
                            o.blobs.push(blobs);
                        }
                    });
                }
                Err(why) => panel::failed(&name, &why),
            }
        }
        if let Some(reference) = first {
            panel::show_image(&reference).await;
        }
        Ok(JsValue::UNDEFINED)
    })
}

/// Answers the app's request `method` (`GET`, `HEAD`) for `url` (under `file.invalid`) with a
/// fetch `Response`, or rejects with the words to show when no open file has that name;
/// `BLOB` resolves to the layer's bytes as a `Blob` (for the Files tab's worker, which reads
/// it as it reads a fetch body), or `null`.
#[wasm_bindgen]
pub fn answer(url: String, method: String) -> Promise {
    future_to_promise(async move {
        let (answer, blob) = OPENS.with(|o| {
            let o = o.borrow();
            let answer = o.shelf.answer(&url);
            let blob = match &answer {
                Answer::Stored { from, location, .. } => o
                    .blobs
                    .get(*from)
                    .and_then(|b| b.get(location.file))
                    .map(|b| b.slice(location.range.start as f64, location.range.end as f64)),
                _ => None,
            };
            (answer, blob)
        });
        if method == "BLOB" {
            return Ok(blob.map_or(JsValue::NULL, JsValue::from));
        }
        let (status, content_type, digest, length, body) = match answer {
            Answer::NotOpen(words) => return Err(words.into()),
            Answer::Bytes {
                status,
                content_type,
                digest,
                body,
                ..
            } => {
                let length = body.len() as u64;
                let bytes: JsValue = js_sys::Uint8Array::from(body.as_slice()).into();
                (status, content_type, digest, length, bytes)
            }
            Answer::Stored {
                content_type,
                digest,
                location,
                ..
            } => match blob {
                Some(blob) => (
                    200,
                    content_type,
                    Some(digest),
                    location.range.len(),
                    blob.into(),
                ),
                None => return Err(format!("the bytes of {digest} are not held").into()),
            },
        };
        let headers = Array::new();
        let header = |name: &str, value: &str| {
            headers.push(&Array::of2(&name.into(), &value.into()));
        };
        header("content-type", &content_type);
        header("content-length", &length.to_string());
        if let Some(digest) = &digest {
            header("docker-content-digest", digest);
        }
        let init = Object::new();
        Reflect::set(&init, &"status".into(), &status.into())?;
        Reflect::set(&init, &"headers".into(), &headers)?;
        let body = if method == "HEAD" {
            JsValue::NULL
        } else {
            body
        };
        Ok(Response::new(&body, &init).into())
    })
}

/// Nothing runs at load: the loader calls [`open`] and [`answer`].
fn main() {}
