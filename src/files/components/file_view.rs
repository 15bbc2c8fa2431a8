//! One opened file: text (its first MiB), a hex dump for binaries, a preview for images, and a
//! download of the bytes read. Says how many bytes the opening moved (none from the cache).

use yew::prelude::*;

use crate::files::file_cache::OpenedFile;
use crate::files::rows::name;
use crate::files::use_open_file::Opening;
use crate::format;

/// Text shown at most.
const TEXT_BYTES: usize = 1 << 20;
/// Bytes shown as hex at most.
const HEX_BYTES: usize = 16 << 10;

/// Props of [`FileView`].
#[derive(Properties, PartialEq)]
pub struct FileViewProps {
    /// The file's path in the layer.
    pub path: String,
    /// Where opening it stands.
    pub opening: Opening,
    /// Closes it.
    pub on_close: Callback<()>,
}

/// The opened file's card.
#[component]
pub fn FileView(props: &FileViewProps) -> Html {
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let body = match &props.opening {
        Opening::Idle => Html::default(),
        Opening::Loading => {
            html! { <p role="status" data-testid="files-file-loading">{"Reading the layer up to this file…"}</p> }
        }
        Opening::Failed(e) => {
            html! { <p role="alert" data-testid="files-file-error">{ e.clone() }</p> }
        }
        Opening::Opened { file, cached } => opened(&props.path, file, *cached),
    };
    html! {
        <section class="card" data-testid="files-file" aria-label={format!("File {}", props.path)}>
            <h3 style="margin-top:0"><code data-testid="files-file-path">{ format!("/{}", props.path) }</code>
                {" "}<button type="button" data-testid="files-file-close" onclick={close}>{"Close"}</button></h3>
            { body }
        </section>
    }
}

fn opened(path: &str, file: &OpenedFile, cached: bool) -> Html {
    let bytes = file.bytes.as_slice();
    let moved = if cached {
        "opened before in this page: no bytes moved".to_string()
    } else {
        format!("{} of the layer read to reach it", format::size(file.moved))
    };
    let kept = if file.truncated {
        format!(" (the first {} kept)", format::size(bytes.len() as u64))
    } else {
        String::new()
    };
    let download = {
        let (bytes, file_name) = (file.bytes.clone(), name(path).to_string());
        Callback::from(move |_| download_bytes(&bytes, &file_name))
    };
    let content = match image_type(path) {
        Some(mime) if !file.truncated => html! {
            <img data-testid="files-image" alt={format!("{} (preview)", name(path))} style="max-width:100%;max-height:24rem"
                src={format!("data:{mime};base64,{}", regscope_core::base64_codec::encode_standard(bytes))} />
        },
        _ => match text_of(bytes) {
            Some(text) => html! {
                <pre data-testid="files-text" style="max-height:32rem;overflow:auto;white-space:pre-wrap">{ text }</pre>
            },
            None => html! {
                <pre data-testid="files-hex" style="max-height:32rem;overflow:auto">{ hex_dump(&bytes[..bytes.len().min(HEX_BYTES)]) }</pre>
            },
        },
    };
    html! {
        <>
            <p class="small" data-testid="files-file-info" data-cached={cached.to_string()} data-moved={if cached { "0".to_string() } else { file.moved.to_string() }}>
                { format!("{}{kept}; {moved}. ", format::size(file.total)) }
                <button type="button" data-testid="files-download" onclick={download}>{ format!("Download {}", name(path)) }</button>
            </p>
            if let Some(checks) = &file.checks {
                <p class="small" data-testid="files-file-checks" data-result={checks.chunk_state()}
                    data-file-result={file_result(&checks.file)}>{ checks.words() }</p>
            }
            { content }
        </>
    }
}

/// `matched`, `mismatch` or `not-checked`.
fn file_result(check: &regscope_layers::lazy::check::DigestCheck) -> &'static str {
    use regscope_layers::lazy::check::DigestCheck;
    match check {
        DigestCheck::Matched { .. } => "matched",
        DigestCheck::Mismatch { .. } => "mismatch",
        DigestCheck::NotChecked { .. } => "not-checked",
    }
}

/// The image type a name suggests, for the preview.
fn image_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        _ => return None,
    })
}

/// The first MiB as text, when it reads as text (UTF-8, no NUL; a character cut at the end is
/// dropped).
pub fn text_of(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(TEXT_BYTES)];
    if head.contains(&0) {
        return None;
    }
    match std::str::from_utf8(head) {
        Ok(text) => Some(text.to_string()),
        Err(e) if e.error_len().is_none() && head.len() - e.valid_up_to() < 4 => {
            Some(String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned())
        }
        Err(_) => None,
    }
}

/// `offset  hex bytes  |ascii|`, 16 bytes a line.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 + 16);
    for (line, chunk) in bytes.chunks(16).enumerate() {
        out.push_str(&format!("{:08x}  ", line * 16));
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => out.push_str(&format!("{b:02x} ")),
                None => out.push_str("   "),
            }
        }
        out.push('|');
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        }));
        out.push_str("|\n");
    }
    out
}

/// Offers `bytes` as a download named `file_name`.
fn download_bytes(bytes: &[u8], file_name: &str) {
    use wasm_bindgen::JsCast;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(anchor) = anchor {
        let _ = anchor.set_attribute("href", &url);
        let _ = anchor.set_attribute("download", file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_hex() {
        assert_eq!(text_of(b"hello\n").as_deref(), Some("hello\n"));
        assert_eq!(text_of(b"a\0b"), None);
        // A character cut by the cap is dropped, not a reason to call it binary.
        assert_eq!(text_of(&"é".as_bytes()[..1]).as_deref(), Some(""));
        assert_eq!(text_of(&[0xff, 0xfe, b'a']), None);
        // Three bytes, then thirteen empty columns of three characters.
        assert_eq!(
            hex_dump(b"ABC"),
            format!("00000000  41 42 43 {}|ABC|\n", " ".repeat(13 * 3))
        );
        assert_eq!(hex_dump(&[0u8; 17]).lines().count(), 2);
        assert_eq!(image_type("usr/share/icon.PNG"), Some("image/png"));
        assert_eq!(image_type("etc/passwd"), None);
    }
}
