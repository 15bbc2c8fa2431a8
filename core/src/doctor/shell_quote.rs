//! Quoting for the corrected commands: a word stays bare when the shell would read it back
//! unchanged, goes in single quotes otherwise, and in double quotes when it holds a variable
//! (`$TOKEN`, `${X}`, `$(…)`) that must still be expanded.

/// `word` quoted for a POSIX shell.
pub fn quote(word: &str) -> String {
    let bare = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b));
    if bare {
        return word.to_string();
    }
    if has_expansion(word) {
        let mut out = String::from("\"");
        for c in word.chars() {
            if matches!(c, '"' | '\\' | '`') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        return out;
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Whether `word` holds `$NAME`, `${…}` or `$(…)`.
fn has_expansion(word: &str) -> bool {
    word.as_bytes().windows(2).any(|pair| {
        pair[0] == b'$' && (pair[1].is_ascii_alphabetic() || matches!(pair[1], b'_' | b'{' | b'('))
    })
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn words_are_quoted_only_as_needed() {
        assert_eq!(quote("-sS"), "-sS");
        assert_eq!(quote("https://h.io/v2/"), "https://h.io/v2/");
        assert_eq!(quote("https://a/t?x=1&y=2"), "'https://a/t?x=1&y=2'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(
            quote("Authorization: Bearer $TOKEN"),
            "\"Authorization: Bearer $TOKEN\""
        );
        assert_eq!(quote("a\"$X`"), "\"a\\\"$X\\`\"");
    }
}
