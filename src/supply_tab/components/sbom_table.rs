//! An SBOM's package table: counts per ecosystem, a search over name, version, ecosystem, purl
//! and licence, sorting by any column (document order until one is picked: sorting 10,000 rows
//! is not spent before it is asked for), and the rows virtualised (only those in view, and a few
//! around them, are in the DOM), so a 10,000-package SBOM costs a screenful of elements.

use std::rc::Rc;

use regscope_supply::decode::Content;
use regscope_supply::gather::Gathered;
use regscope_supply::sbom::{Column, Format, PackageTable, SbomError};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::supply_tab::labels::format_words;
use crate::supply_tab::use_gathered::Shared;

/// Height of one row, in CSS pixels.
const ROW_PX: u32 = 26;
/// Height of the list's viewport, in rows.
const VISIBLE_ROWS: u32 = 16;
/// Rows rendered beyond the viewport, above and below.
const OVERSCAN: u32 = 8;

/// The columns: header, `data-` name, and the column sorted by it.
const COLUMNS: [(&str, &str, Column); 6] = [
    ("Name", "name", Column::Name),
    ("Version", "version", Column::Version),
    ("Type", "type", Column::Kind),
    ("Ecosystem", "ecosystem", Column::Ecosystem),
    ("purl", "purl", Column::Purl),
    ("Licence", "licence", Column::Licence),
];

/// The grid the header and the rows share.
const GRID: &str = "display:grid;grid-template-columns:minmax(8rem,1.4fr) minmax(5rem,.8fr) 5rem 5.5rem minmax(10rem,2fr) minmax(6rem,1fr);gap:.5rem;align-items:center;white-space:nowrap";

/// The SBOM of layer `layer` of artifact `artifact`: an attested predicate or a bare document.
pub fn sbom_at(
    gathered: &Gathered,
    artifact: usize,
    layer: usize,
) -> Option<&Result<(Format, PackageTable), SbomError>> {
    let layer = gathered
        .artifacts
        .get(artifact)?
        .layers
        .as_ref()
        .ok()?
        .get(layer)?;
    match layer.content.as_ref().ok()? {
        Content::Attestation(a) => a.sbom.as_ref(),
        Content::Sbom(sbom) => Some(sbom),
        _ => None,
    }
}

/// Props of [`SbomTable`].
#[derive(Properties, PartialEq)]
pub struct SbomTableProps {
    /// Everything gathered.
    pub gathered: Shared<Gathered>,
    /// The artifact holding the SBOM.
    pub artifact: usize,
    /// Its layer holding the SBOM.
    pub layer: usize,
}

/// The package table of one SBOM.
#[component]
pub fn SbomTable(props: &SbomTableProps) -> Html {
    let query = use_state(String::new);
    let sort = use_state(|| None::<(Column, bool)>);
    let scroll_top = use_state(|| 0u32);
    let rows: Rc<Vec<usize>> = use_memo(
        (
            props.gathered.clone(),
            props.artifact,
            props.layer,
            (*query).clone(),
            *sort,
        ),
        |(gathered, artifact, layer, query, sort)| match sbom_at(&gathered.0, *artifact, *layer) {
            Some(Ok((_, table))) => {
                let mut rows = table.search(query);
                if let Some((column, descending)) = sort {
                    table.sort(&mut rows, *column, *descending);
                }
                rows
            }
            _ => Vec::new(),
        },
    );
    let counts = use_memo(
        (props.gathered.clone(), props.artifact, props.layer),
        |(gathered, artifact, layer)| match sbom_at(&gathered.0, *artifact, *layer) {
            Some(Ok((_, table))) => table.ecosystem_counts(),
            _ => Default::default(),
        },
    );
    let (format, table) = match sbom_at(&props.gathered.0, props.artifact, props.layer) {
        Some(Ok((format, table))) => (format, table),
        Some(Err(e)) => {
            return html! { <p class="bad" role="alert" data-testid="supply-sbom-error">{ format!("The SBOM could not be read: {e}") }</p> };
        }
        None => return Html::default(),
    };
    let oninput = {
        let (query, scroll_top) = (query.clone(), scroll_top.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
            scroll_top.set(0);
        })
    };
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let element: web_sys::Element = e.target_unchecked_into();
            scroll_top.set(element.scroll_top().max(0) as u32);
        })
    };
    let total = table.packages().len();
    let count = rows.len() as u32;
    let first = (*scroll_top / ROW_PX).saturating_sub(OVERSCAN).min(count);
    let last = (*scroll_top / ROW_PX + VISIBLE_ROWS + OVERSCAN).min(count);
    let sorted = *sort;
    let header = COLUMNS.iter().map(|&(label, name, by)| {
        let aria = match sorted {
            Some((column, false)) if column == by => "ascending",
            Some((column, true)) if column == by => "descending",
            _ => "none",
        };
        let onclick = {
            let sort = sort.clone();
            let descending = aria == "ascending";
            Callback::from(move |_| sort.set(Some((by, descending))))
        };
        html! {
            <span role="columnheader" aria-sort={aria}>
                <button type="button" class="link" data-testid={format!("supply-sbom-sort-{name}")} {onclick}>
                    { label }{ match aria { "ascending" => " ▲", "descending" => " ▼", _ => "" } }
                </button>
            </span>
        }
    });
    html! {
        <div data-testid="supply-sbom" data-format={format_words(format)} data-total={total.to_string()}>
            <p><b>{ format!("SBOM: {}, {} packages", format_words(format), total) }</b></p>
            <ul class="plain" data-testid="supply-ecosystems" style="display:flex;flex-wrap:wrap;gap:.25rem 1rem">
                { for counts.iter().map(|(ecosystem, n)| html! {
                    <li data-testid="supply-ecosystem" data-ecosystem={ecosystem.clone()} data-count={n.to_string()}>
                        <code>{ ecosystem.clone() }</code>{ format!(" {n}") }</li>
                }) }
            </ul>
            <label>{"Search packages "}
                <input type="search" data-testid="supply-sbom-search" value={(*query).clone()} {oninput}
                    placeholder="name, version, ecosystem, purl or licence" /></label>
            <span class="muted small" data-testid="supply-sbom-shown" role="status">{ format!(" {count} of {total} shown") }</span>
            <div role="table" aria-label="Packages" aria-rowcount={count.to_string()} data-testid="supply-sbom-list" data-count={count.to_string()}
                style={format!("height:{}px;overflow:auto;font-size:.85rem;border:1px solid #8884;margin-top:.5rem", (VISIBLE_ROWS + 1) * ROW_PX)}
                {onscroll}>
                <div role="row" style={format!("{GRID};height:{ROW_PX}px;position:sticky;top:0;background:Canvas;font-weight:bold")}>
                    { for header }
                </div>
                <div style={format!("height:{}px", first * ROW_PX)}></div>
                { for rows[first as usize..last as usize].iter().enumerate().filter_map(|(i, &index)| {
                    let p = table.get(index)?;
                    Some(html! {
                        <div role="row" data-testid="supply-sbom-row" aria-rowindex={(first as usize + i + 2).to_string()}
                            data-name={p.name.clone()} data-version={p.version.clone()} data-ecosystem={p.ecosystem.clone()}
                            style={format!("{GRID};height:{ROW_PX}px")}>
                            { for [&p.name, &p.version, &p.kind, &p.ecosystem, &p.purl, &p.licence].into_iter().map(|v| html! {
                                <span role="cell" style="overflow:hidden;text-overflow:ellipsis" title={v.clone()}>{ v.clone() }</span>
                            }) }
                        </div>
                    })
                }) }
                <div style={format!("height:{}px", (count - last) * ROW_PX)}></div>
            </div>
        </div>
    }
}
