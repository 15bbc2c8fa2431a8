//! The views the browse pages link to, built from the view query so components never write
//! query strings themselves.

use crate::route::ViewQuery;

use super::services::PER_REQUEST;

/// The catalog of `host`, keeping the page size `n` of `from`.
pub fn catalog_view(from: &ViewQuery, host: &str) -> ViewQuery {
    ViewQuery {
        registry: Some(host.to_string()),
        n: from.n.clone(),
        ..ViewQuery::default()
    }
}

/// The tags of `repository` on `host`, keeping the page size `n` of `from`.
pub fn repository_view(from: &ViewQuery, host: &str, repository: &str) -> ViewQuery {
    ViewQuery {
        repository: Some(repository.trim().to_string()),
        ..catalog_view(from, host)
    }
}

/// The same tag list ordered by creation date (`by_date`) or by name.
pub fn sorted_view(from: &ViewQuery, by_date: bool) -> ViewQuery {
    ViewQuery {
        sort: by_date.then(|| "date".to_string()),
        ..from.clone()
    }
}

/// True when the view orders tags by creation date.
pub fn by_date(query: &ViewQuery) -> bool {
    query.sort.as_deref().map(str::trim) == Some("date")
}

/// The view of `tag` in `repository` on `host`.
pub fn tag_view(host: &str, repository: &str, tag: &str) -> ViewQuery {
    ViewQuery {
        image: Some(format!("{host}/{repository}:{tag}")),
        ..ViewQuery::default()
    }
}

/// Entries asked for per page: the view's `n` when it is a number from 1 to 1000, else
/// [`PER_REQUEST`].
pub fn page_size(query: &ViewQuery) -> u32 {
    query
        .n
        .as_deref()
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|n| (1..=1000).contains(n))
        .unwrap_or(PER_REQUEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browse_links_keep_the_page_size() {
        let from = ViewQuery::parse("registry=h:5000&n=3&sort=date");
        let to = repository_view(&from, "h:5000", "library/alpine");
        assert_eq!(
            to.to_query_string(),
            "registry=h:5000&repository=library/alpine&n=3"
        );
        assert!(by_date(&sorted_view(&to, true)));
        assert!(!by_date(&sorted_view(&to, false)));
        assert_eq!(page_size(&from), 3);
        for n in ["0", "x", "100000", "-1"] {
            let q = ViewQuery::parse(&format!("n={n}"));
            assert_eq!(page_size(&q), PER_REQUEST, "{n}");
        }
        assert_eq!(
            tag_view("h:5000", "a/b", "1.0").image.as_deref(),
            Some("h:5000/a/b:1.0")
        );
    }
}
