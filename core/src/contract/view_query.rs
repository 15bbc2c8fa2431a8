//! The view a page's query string names (`?image=…&platform=…&tab=…`): read by the app from
//! the address bar and by the relay to render a shared link on the server, written into every
//! link. A parameter is one line of the list at the bottom of this file.

use crate::url_text::{encode_query_value, query_pairs};

/// Declares [`ViewQuery`] from the list of its parameters: each is an `Option<String>` field
/// named as the parameter is in the query string.
macro_rules! view_query_parameters {
    ($($(#[doc = $doc:expr])+ $name:ident,)+) => {
        /// The parameters of a view, each one absent (`None`) or a non-blank text, as written
        /// in the query string (decoded, not trimmed). Which tab a `tab` text names is the
        /// app's business: the contract keeps it a text.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
        pub struct ViewQuery {
            $($(#[doc = $doc])+ pub $name: Option<String>,)+
        }

        impl ViewQuery {
            /// The parameter names, in the order [`ViewQuery::to_query_string`] writes them.
            pub const NAMES: &[&str] = &[$(stringify!($name)),+];

            /// The field of the parameter `name`; `None` for a name that is not a parameter.
            fn field_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)+
                    _ => None,
                }
            }

            /// Each parameter's name and value, in [`ViewQuery::NAMES`] order.
            fn each(&self, mut visit: impl FnMut(&'static str, Option<&str>)) {
                $(visit(stringify!($name), self.$name.as_deref());)+
            }
        }
    };
}

impl ViewQuery {
    /// Reads a query string (with or without its leading `?`) as a browser's `URLSearchParams`
    /// does: `+` and `%XY` decoded (an invalid escape stays as written), the first value of a
    /// repeated parameter wins, other names are ignored; a blank value (empty or white space
    /// only) is no value.
    pub fn parse(query: &str) -> ViewQuery {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut view = ViewQuery::default();
        for (name, value) in query_pairs(query) {
            if let Some(field) = view.field_mut(&name)
                && field.is_none()
            {
                *field = Some(value);
            }
        }
        for name in Self::NAMES {
            if let Some(field) = view.field_mut(name)
                && field.as_deref().is_some_and(|v| v.trim().is_empty())
            {
                *field = None;
            }
        }
        view
    }

    /// The query string (without `?`) of this view: `name=value` for each parameter with a
    /// non-blank value, in [`ViewQuery::NAMES`] order, joined by `&`; values percent-encoded but
    /// for `/`, `:` and `@`, which stay readable. [`ViewQuery::parse`] reads it back.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        self.each(|name, value| {
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(name);
                out.push('=');
                out.push_str(&encode_query_value(value));
            }
        });
        out
    }
}

view_query_parameters! {
    /// The image reference in Docker syntax, e.g. `alpine` or `host:5000/repo@sha256:…`.
    image,
    /// The platform to show when the reference names an index, `os/arch[/variant]`.
    platform,
    /// The tab shown, by name (the app's overview when absent or unknown).
    tab,
    /// A registry host to browse (`?registry=127.0.0.1:5000`): its catalog, or with
    /// `repository` one repository's tags.
    registry,
    /// A repository of `registry` whose tags are listed, e.g. `library/alpine`.
    repository,
    /// How a tag list is ordered: `date` (newest first) or by name when absent.
    sort,
    /// How many entries a browsed list asks the registry for per page (`n`; 100 when absent).
    n,
    /// A tool page instead of a view: `doctor`, the request doctor (what a pasted text is,
    /// and what is wrong with a pasted request).
    tool,
    /// A second image compared with `image` (`?image=A&compare=B`): any reference, in any
    /// repository or registry; the comparison view instead of the image's.
    compare,
    /// `json` asks a shared link for the view as JSON ([`ViewJson`](super::ViewJson)) instead
    /// of the page; the app ignores it.
    format,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(image: Option<&str>, platform: Option<&str>, tab: Option<&str>) -> ViewQuery {
        ViewQuery {
            image: image.map(str::to_string),
            platform: platform.map(str::to_string),
            tab: tab.map(str::to_string),
            ..ViewQuery::default()
        }
    }

    #[test]
    fn reads_the_view_like_the_browser() {
        let parsed = ViewQuery::parse("image=alpine%3A3.20&tab=config&image=other&x=1");
        assert_eq!(parsed, view(Some("alpine:3.20"), None, Some("config")));
        assert_eq!(
            ViewQuery::parse("?image=a+b&platform=linux%2Farm64%2Fv8"),
            view(Some("a b"), Some("linux/arm64/v8"), None)
        );
        assert_eq!(ViewQuery::parse(""), ViewQuery::default());
        assert_eq!(ViewQuery::parse("?"), ViewQuery::default());
    }

    #[test]
    fn blank_values_are_no_values_and_the_first_still_wins() {
        assert_eq!(ViewQuery::parse("image=%20%20").image, None);
        assert_eq!(ViewQuery::parse("image=++&tab=").image, None);
        assert_eq!(ViewQuery::parse("image=&image=alpine").image, None);
        assert_eq!(ViewQuery::parse("image").image, None);
        // Values are not trimmed: the reference parser says what is wrong with them.
        assert_eq!(
            ViewQuery::parse("image=+alpine").image.as_deref(),
            Some(" alpine")
        );
    }

    #[test]
    fn writes_only_the_parameters_it_has() {
        assert_eq!(ViewQuery::default().to_query_string(), "");
        let query = view(Some("127.0.0.1:5000/a/b@sha256:00"), None, Some("json"));
        assert_eq!(
            query.to_query_string(),
            "image=127.0.0.1:5000/a/b@sha256:00&tab=json"
        );
        assert_eq!(
            view(Some(" "), None, Some("trace")).to_query_string(),
            "tab=trace"
        );
    }

    #[test]
    fn views_round_trip_through_their_query_string() {
        let texts = [
            "alpine",
            "ghcr.io/org/app:1.2",
            "a b+c&d=e#f%g?h",
            "é/ü:@ \u{1F600}",
            "100%",
            "\u{0}\n\t",
        ];
        for image in texts {
            for platform in [None, Some("linux/arm64/v8"), Some("x&y")] {
                for tab in [None, Some("config"), Some(" tags ")] {
                    let query = view(Some(image), platform, tab);
                    let text = query.to_query_string();
                    assert_eq!(ViewQuery::parse(&text), query, "{text}");
                    assert_eq!(ViewQuery::parse(&format!("?{text}")), query, "{text}");
                }
            }
        }
    }

    #[test]
    fn hostile_query_strings_do_not_panic() {
        let huge = format!("image={}&tab={}", "%41".repeat(100_000), "é".repeat(50_000));
        let parsed = ViewQuery::parse(&huge);
        assert_eq!(parsed.image.as_deref().map(str::len), Some(100_000));
        assert_eq!(
            parsed.tab.as_deref().map(|t| t.chars().count()),
            Some(50_000)
        );
        for hostile in [
            "image=%",
            "image=%4",
            "image=%%%",
            "image=%FF%FE",
            "image=%C3",
            "&&&=&=%=",
            "image==alpine",
            "%69mage=encoded-name",
            "IMAGE=upper",
            "image=a&image=b&image=c&platform=p&platform=q",
        ] {
            let parsed = ViewQuery::parse(hostile);
            let again = ViewQuery::parse(&parsed.to_query_string());
            assert_eq!(again, parsed, "{hostile}");
        }
        assert_eq!(ViewQuery::parse("image=%").image.as_deref(), Some("%"));
        assert_eq!(
            ViewQuery::parse("image=%FF").image.as_deref(),
            Some("\u{FFFD}")
        );
        assert_eq!(
            ViewQuery::parse("image==alpine").image.as_deref(),
            Some("=alpine")
        );
        assert_eq!(ViewQuery::parse("%69mage=x").image.as_deref(), Some("x"));
        assert_eq!(ViewQuery::parse("IMAGE=x").image, None);
        let repeated = ViewQuery::parse("image=a&image=b&platform=p&platform=q");
        assert_eq!(repeated, view(Some("a"), Some("p"), None));
    }

    #[test]
    fn browse_views_round_trip() {
        let query = ViewQuery::parse("registry=127.0.0.1:5000&repository=library/alpine&sort=date");
        assert_eq!(query.registry.as_deref(), Some("127.0.0.1:5000"));
        assert_eq!(query.repository.as_deref(), Some("library/alpine"));
        assert_eq!(query.sort.as_deref(), Some("date"));
        assert_eq!(
            query.to_query_string(),
            "registry=127.0.0.1:5000&repository=library/alpine&sort=date"
        );
    }

    #[test]
    fn comparison_links_round_trip() {
        let text = "image=127.0.0.1:5000/a@sha256:01&compare=ghcr.io/org/b:1.2";
        let query = ViewQuery::parse(text);
        assert_eq!(query.image.as_deref(), Some("127.0.0.1:5000/a@sha256:01"));
        assert_eq!(query.compare.as_deref(), Some("ghcr.io/org/b:1.2"));
        assert_eq!(query.to_query_string(), text);
    }

    #[test]
    fn names_follow_the_declaration() {
        assert_eq!(
            ViewQuery::NAMES,
            [
                "image",
                "platform",
                "tab",
                "registry",
                "repository",
                "sort",
                "n",
                "tool",
                "compare",
                "format"
            ]
        );
    }
}
