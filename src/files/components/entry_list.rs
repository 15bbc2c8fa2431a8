//! The list of entries, virtualised: only the rows in view (and a few around them) are
//! rendered, so 20,000 entries cost the DOM a screenful. Rows have a fixed height; the list
//! keeps its scroll position and renders again on scroll.

use std::rc::Rc;

use regscope_layers::entry::EntryKind;
use regscope_layers::merged::LinkError;
use yew::prelude::*;

use crate::files::rows::{Row, Whiteout, name, whiteout};
use crate::format;

/// Height of one row, in CSS pixels.
const ROW_PX: u32 = 26;
/// Height of the list's viewport, in rows.
const VISIBLE_ROWS: u32 = 20;
/// Rows rendered beyond the viewport, above and below.
const OVERSCAN: u32 = 10;

/// Props of [`EntryList`].
#[derive(Properties, PartialEq)]
pub struct EntryListProps {
    /// The rows, in order.
    pub rows: Rc<Vec<Row>>,
    /// Show each row's whole path (a flat list) rather than its name (a directory).
    pub full_paths: bool,
    /// Opens a row (a directory's children, or a file).
    pub on_open: Callback<Row>,
}

/// The virtualised list.
#[component]
pub fn EntryList(props: &EntryListProps) -> Html {
    let scroll_top = use_state(|| 0u32);
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let element: web_sys::Element = e.target_unchecked_into();
            scroll_top.set(element.scroll_top().max(0) as u32);
        })
    };
    let count = props.rows.len() as u32;
    let first = (*scroll_top / ROW_PX).saturating_sub(OVERSCAN).min(count);
    let last = (*scroll_top / ROW_PX + VISIBLE_ROWS + OVERSCAN).min(count);
    let before = first * ROW_PX;
    let after = (count - last) * ROW_PX;
    let height = VISIBLE_ROWS * ROW_PX;
    html! {
        <div data-testid="files-list" data-count={count.to_string()} role="table" aria-rowcount={count.to_string()}
            style={format!("height:{height}px;overflow-y:auto;font-family:monospace;font-size:.85rem;border:1px solid #8884")}
            {onscroll}>
            <div style={format!("height:{before}px")}></div>
            { for props.rows[first as usize..last as usize].iter().enumerate().map(|(i, row)| {
                row_view(row, first as usize + i, props.full_paths, &props.on_open)
            }) }
            <div style={format!("height:{after}px")}></div>
        </div>
    }
}

fn row_view(row: &Row, index: usize, full_paths: bool, on_open: &Callback<Row>) -> Html {
    let entry = &row.entry;
    let shown = if full_paths || entry.unsafe_path {
        entry.path.clone()
    } else {
        name(&entry.path).to_string()
    };
    let onclick = {
        let (row, on_open) = (row.clone(), on_open.clone());
        Callback::from(move |_| on_open.emit(row.clone()))
    };
    let owner = format!(
        "{}:{}",
        entry
            .user_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| entry.uid.to_string()),
        entry
            .group_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| entry.gid.to_string()),
    );
    let layers = if row.added == row.changed {
        format!("L{}", row.added + 1)
    } else {
        format!("L{}→L{}", row.added + 1, row.changed + 1)
    };
    let link = entry.link_target.as_ref().map(|t| match entry.kind {
        EntryKind::HardLink => format!(" ⇒ {t}"),
        _ => format!(" → {t}"),
    });
    let removal = whiteout(row);
    // An unsafe name is never walked as directories; its file may be opened (it is read
    // from the layer by its name, never written anywhere).
    let openable = removal.is_none()
        && match entry.kind {
            EntryKind::File => true,
            EntryKind::Directory => !entry.unsafe_path,
            _ => false,
        };
    let label = if entry.kind == EntryKind::Directory && !full_paths {
        format!("{shown}/")
    } else {
        shown
    };
    html! {
        <div role="row" data-testid="files-row" data-path={entry.path.clone()} data-kind={removal.map_or(kind_name(entry.kind), whiteout_kind)}
            data-size={entry.size.to_string()} aria-rowindex={(index + 1).to_string()}
            style={format!("height:{ROW_PX}px;display:grid;grid-template-columns:7.5rem 7rem 6.5rem 5rem 1fr;gap:.5rem;align-items:center;white-space:nowrap")}>
            <span role="cell">{ removal.map_or_else(|| mode(entry.kind, entry.mode), |_| "whiteout".to_string()) }</span>
            <span role="cell" style="overflow:hidden;text-overflow:ellipsis">{ owner }</span>
            <span role="cell" style="text-align:right">{ if entry.kind == EntryKind::File { format::size(entry.size) } else { String::new() } }</span>
            <span role="cell" data-testid="files-row-layer" title="layer that added it → layer that last changed it">{ layers }</span>
            <span role="cell" style="overflow:hidden;text-overflow:ellipsis">
                if openable {
                    <button type="button" class="link" data-testid="files-open" {onclick}
                        style="background:none;border:0;padding:0;color:inherit;text-decoration:underline;cursor:pointer;font:inherit">{ label }</button>
                } else {
                    { label }
                }
                { link.unwrap_or_default() }
                if row.overwrote { <span data-testid="files-overwrote" title="replaces an earlier layer's entry">{" (overwrites)"}</span> }
                if entry.unsafe_path { <span data-testid="files-unsafe" title="an absolute or .. name: shown, never followed">{" (unsafe name)"}</span> }
                { removal.map(whiteout_words).unwrap_or_default() }
                { row.link_error.as_ref().map(link_words).unwrap_or_default() }
            </span>
        </div>
    }
}

/// What a whiteout row says it removes.
fn whiteout_words(removal: Whiteout<'_>) -> Html {
    let (kind, words) = match removal {
        Whiteout::Deletes(name) => (
            "delete",
            format!(" (whiteout: deletes {name} of the layers below)"),
        ),
        Whiteout::Opaque => (
            "opaque",
            " (opaque marker: hides this directory's entries of the layers below)".to_string(),
        ),
    };
    html! { <span data-testid="files-whiteout" data-whiteout={kind}>{ words }</span> }
}

fn whiteout_kind(removal: Whiteout<'_>) -> &'static str {
    match removal {
        Whiteout::Deletes(_) => "whiteout",
        Whiteout::Opaque => "opaque",
    }
}

/// Why a link does not resolve, short, with the whole reason on hover.
fn link_words(error: &LinkError) -> Html {
    let (kind, words) = match error {
        LinkError::Loop { .. } => ("loop", " (link loop: not followed)"),
        LinkError::EscapesRoot { .. } => ("escapes", " (points outside the root: not followed)"),
        LinkError::Dangling { .. } | LinkError::NotFound { .. } => ("dangling", " (dangling link)"),
        LinkError::BrokenHardLink { .. } => ("broken", " (broken hard link)"),
    };
    html! { <span data-testid="files-link-error" data-link-error={kind} title={error.to_string()}>{ words }</span> }
}

/// `ls -l`'s first column.
pub fn mode(kind: EntryKind, mode: u32) -> String {
    let first = match kind {
        EntryKind::Directory => 'd',
        EntryKind::Symlink => 'l',
        EntryKind::HardLink => 'h',
        EntryKind::CharDevice => 'c',
        EntryKind::BlockDevice => 'b',
        EntryKind::Fifo => 'p',
        EntryKind::File => '-',
        EntryKind::Other => '?',
    };
    let mut out = String::with_capacity(10);
    out.push(first);
    for (shift, special, set_char) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (mode >> shift) & 7;
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        let x = bits & 1 != 0;
        out.push(match (mode & special != 0, x) {
            (true, true) => set_char,
            (true, false) => set_char.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    out
}

fn kind_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::File => "file",
        EntryKind::Directory => "directory",
        EntryKind::Symlink => "symlink",
        EntryKind::HardLink => "hardlink",
        EntryKind::CharDevice => "char-device",
        EntryKind::BlockDevice => "block-device",
        EntryKind::Fifo => "fifo",
        EntryKind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_as_ls_writes_them() {
        assert_eq!(mode(EntryKind::Directory, 0o755), "drwxr-xr-x");
        assert_eq!(mode(EntryKind::File, 0o4755), "-rwsr-xr-x");
        assert_eq!(mode(EntryKind::Directory, 0o1777), "drwxrwxrwt");
        assert_eq!(mode(EntryKind::File, 0o2644), "-rw-r-Sr--");
        assert_eq!(mode(EntryKind::Symlink, 0o777), "lrwxrwxrwx");
    }
}
