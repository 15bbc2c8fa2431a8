//! The tabs of a view, one file each and one line each in the list below; the page shows the
//! active tab's body through it, and the tab bar and links name tabs by it. A new tab is a new
//! file here (with its `SPEC`) and its line in the list.

#[macro_use]
mod tab;

pub use tab::{TabSpec, TabView};

tabs! {
    Overview => overview,
    Config => config,
    Json => json,
    Tags => tags,
    Referrers => referrers,
    Files => files,
    Supply => supply,
    Trace => trace,
}
