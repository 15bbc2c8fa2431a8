//! The few browser objects the local module reads, bound by hand (the web-sys feature list
//! of the app stays as it is): `Blob`/`File` (`slice`, `arrayBuffer`, `size`, `name`,
//! `webkitRelativePath`), the entries of a dropped directory (`webkitGetAsEntry()`'s
//! `FileSystemEntry`, its reader and `file()`), and the `Response` constructor.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A browser `Blob` (a `File` is one).
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub type Blob;
    /// `blob.slice(start, end)`: a view of those bytes, nothing read.
    #[wasm_bindgen(method)]
    pub fn slice(this: &Blob, start: f64, end: f64) -> Blob;
    /// `blob.arrayBuffer()`.
    #[wasm_bindgen(method, js_name = arrayBuffer)]
    pub fn array_buffer(this: &Blob) -> js_sys::Promise;
    /// `blob.size`.
    #[wasm_bindgen(method, getter)]
    pub fn size(this: &Blob) -> f64;

    /// A browser `File`.
    #[wasm_bindgen(extends = Blob, extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub type File;
    /// `file.name`.
    #[wasm_bindgen(method, getter)]
    pub fn name(this: &File) -> String;
    /// `file.webkitRelativePath` (set for files picked with `webkitdirectory`).
    #[wasm_bindgen(method, getter, js_name = webkitRelativePath)]
    pub fn relative_path(this: &File) -> Option<String>;

    /// A `FileSystemEntry` (a file or a directory of a drop).
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub type Entry;
    /// `entry.isDirectory` (undefined on other objects).
    #[wasm_bindgen(method, getter, js_name = isDirectory)]
    pub fn is_directory(this: &Entry) -> Option<bool>;
    /// `entry.name`.
    #[wasm_bindgen(method, getter, js_name = name)]
    pub fn entry_name(this: &Entry) -> String;
    /// `directoryEntry.createReader()`.
    #[wasm_bindgen(method, js_name = createReader)]
    pub fn create_reader(this: &Entry) -> DirectoryReader;
    /// `fileEntry.file(ok, err)`.
    #[wasm_bindgen(method, js_name = file)]
    pub fn file_of(this: &Entry, ok: &js_sys::Function, err: &js_sys::Function);

    /// A `FileSystemDirectoryReader`.
    #[derive(Debug, Clone)]
    pub type DirectoryReader;
    /// `reader.readEntries(ok, err)`: the next batch (empty at the end).
    #[wasm_bindgen(method, js_name = readEntries)]
    pub fn read_entries(this: &DirectoryReader, ok: &js_sys::Function, err: &js_sys::Function);

    /// A fetch `Response`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub type Response;
    /// `new Response(body, init)`.
    #[wasm_bindgen(constructor)]
    pub fn new(body: &JsValue, init: &JsValue) -> Response;
}

/// An exception or rejection as words.
pub fn words(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    js_sys::Reflect::get(value, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
