//! Shell words, split the way a POSIX shell splits a pasted command line: single and double
//! quotes, backslash escapes, backslash-newline continuations, the separators `&&`, `||`, `;`,
//! `|`, `&` and newlines, comments, and `$(…)` / backquote substitutions (whose commands come
//! first, marked with the variable they are assigned to). Variables (`$TOKEN`, `${TOKEN}`) are
//! never expanded: they stay in the words as text.

/// Nesting depth of `$(…)` substitutions read before the input is refused.
const MAX_DEPTH: usize = 8;

/// One simple command: its words after quote removal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCommand {
    /// The words, quotes removed, variables kept as written.
    pub words: Vec<String>,
    /// `NAME` when the command runs inside `NAME=$(…)`: its output is assigned to `NAME`.
    pub assigned_to: Option<String>,
}

/// Why a pasted text cannot be split into shell words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShellError {
    /// A quote is opened and never closed.
    #[error("the {quote} quote opened at character {position} is never closed")]
    UnterminatedQuote {
        /// The quote character.
        quote: char,
        /// 1-based character position of the opening quote.
        position: usize,
    },
    /// A `$(` or backquote substitution is never closed.
    #[error("the command substitution opened at character {position} is never closed")]
    UnterminatedSubstitution {
        /// 1-based character position of the `$(` or backquote.
        position: usize,
    },
    /// Substitutions are nested too deeply to be a real command.
    #[error("command substitutions are nested more than {MAX_DEPTH} deep")]
    TooDeep,
}

/// Splits `text` into simple commands, in the order a shell runs them.
pub fn split_commands(text: &str) -> Result<Vec<ShellCommand>, ShellError> {
    let chars: Vec<char> = text.chars().collect();
    Lexer {
        chars: &chars,
        offset: 0,
    }
    .commands(0)
}

/// `(NAME, value)` when `word` is a variable assignment `NAME=value`.
pub fn split_assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    is_name(name).then_some((name, value))
}

/// Whether `name` is a shell variable name: a letter or `_`, then letters, digits or `_`.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The variable a word consists of (`$TOKEN` or `${TOKEN}`), if it is only that.
pub fn variable_name(word: &str) -> Option<&str> {
    let rest = word.strip_prefix('$')?;
    let name = rest
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(rest);
    is_name(name).then_some(name)
}

struct Lexer<'a> {
    chars: &'a [char],
    /// Position of `chars[0]` in the whole input, for error positions.
    offset: usize,
}

/// The command being read: finished words, the word in progress, substitutions seen.
#[derive(Default)]
struct Pending {
    words: Vec<String>,
    word: Option<String>,
    substitutions: Vec<ShellCommand>,
}

impl Pending {
    fn push(&mut self, c: char) {
        self.word.get_or_insert_with(String::new).push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.word.get_or_insert_with(String::new).push_str(s);
    }

    fn end_word(&mut self) {
        if let Some(word) = self.word.take() {
            self.words.push(word);
        }
    }

    fn end_command(&mut self, out: &mut Vec<ShellCommand>) {
        self.end_word();
        out.append(&mut self.substitutions);
        if !self.words.is_empty() {
            out.push(ShellCommand {
                words: std::mem::take(&mut self.words),
                assigned_to: None,
            });
        }
    }

    /// The variable a substitution starting now is assigned to (`NAME=` or `export NAME=`).
    fn assignment_target(&self) -> Option<String> {
        let word = self.word.as_deref()?;
        let name = word.strip_suffix('=')?;
        let words_before_ok = self.words.is_empty() || self.words == ["export"];
        (words_before_ok && is_name(name)).then(|| name.to_string())
    }
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn position(&self, i: usize) -> usize {
        self.offset + i + 1
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    fn commands(&self, depth: usize) -> Result<Vec<ShellCommand>, ShellError> {
        if depth > MAX_DEPTH {
            return Err(ShellError::TooDeep);
        }
        let mut out = Vec::new();
        let mut pending = Pending::default();
        let mut i = 0;
        while let Some(c) = self.at(i) {
            match c {
                ' ' | '\t' | '\r' => {
                    pending.end_word();
                    i += 1;
                }
                '\n' | ';' | '&' | '|' | '(' | ')' => {
                    pending.end_command(&mut out);
                    i += 1;
                }
                '#' if pending.word.is_none() => {
                    while self.at(i).is_some_and(|c| c != '\n') {
                        i += 1;
                    }
                }
                '\\' => match self.at(i + 1) {
                    Some('\n') => i += 2,
                    Some('\r') if self.at(i + 2) == Some('\n') => i += 3,
                    Some(next) => {
                        pending.push(next);
                        i += 2;
                    }
                    None => i += 1,
                },
                '\'' => {
                    let close = (i + 1..self.chars.len())
                        .find(|&j| self.chars[j] == '\'')
                        .ok_or(ShellError::UnterminatedQuote {
                            quote: '\'',
                            position: self.position(i),
                        })?;
                    pending.push_str(&self.text(i + 1, close));
                    i = close + 1;
                }
                '"' => i = self.double_quoted(i, &mut pending, depth)?,
                '$' if self.at(i + 1) == Some('(') => {
                    i = self.substitution(i, i + 1, &mut pending, depth)?;
                }
                '`' => i = self.substitution(i, i, &mut pending, depth)?,
                other => {
                    pending.push(other);
                    i += 1;
                }
            }
        }
        pending.end_command(&mut out);
        Ok(out)
    }

    /// Reads a double-quoted string opening at `open`; returns the index after it.
    fn double_quoted(
        &self,
        open: usize,
        pending: &mut Pending,
        depth: usize,
    ) -> Result<usize, ShellError> {
        pending.push_str("");
        let mut i = open + 1;
        loop {
            match self.at(i) {
                None => {
                    return Err(ShellError::UnterminatedQuote {
                        quote: '"',
                        position: self.position(open),
                    });
                }
                Some('"') => return Ok(i + 1),
                Some('\\') => match self.at(i + 1) {
                    Some('\n') => i += 2,
                    Some(next @ ('$' | '`' | '"' | '\\')) => {
                        pending.push(next);
                        i += 2;
                    }
                    _ => {
                        pending.push('\\');
                        i += 1;
                    }
                },
                Some('$') if self.at(i + 1) == Some('(') => {
                    i = self.substitution(i, i + 1, pending, depth)?;
                }
                Some('`') => i = self.substitution(i, i, pending, depth)?,
                Some(c) => {
                    pending.push(c);
                    i += 1;
                }
            }
        }
    }

    /// Reads a substitution: `$(…)` when `open` is its `(`, a backquoted one when `open` is
    /// its backquote. Its commands go before the current one; its text stays in the word.
    fn substitution(
        &self,
        start: usize,
        open: usize,
        pending: &mut Pending,
        depth: usize,
    ) -> Result<usize, ShellError> {
        let close = if self.chars[open] == '`' {
            (open + 1..self.chars.len()).find(|&j| self.chars[j] == '`')
        } else {
            self.matching_paren(open)
        }
        .ok_or(ShellError::UnterminatedSubstitution {
            position: self.position(start),
        })?;
        let inner = Lexer {
            chars: &self.chars[open + 1..close],
            offset: self.offset + open + 1,
        };
        let target = pending.assignment_target();
        let mut commands = inner.commands(depth + 1)?;
        for command in &mut commands {
            if command.assigned_to.is_none() {
                command.assigned_to.clone_from(&target);
            }
        }
        pending.substitutions.append(&mut commands);
        pending.push_str(&self.text(start, close + 1));
        Ok(close + 1)
    }

    /// The index of the `)` closing the `(` at `open`, skipping quoted text.
    fn matching_paren(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut i = open;
        while let Some(c) = self.at(i) {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                '\\' => i += 1,
                '\'' => i = (i + 1..self.chars.len()).find(|&j| self.chars[j] == '\'')?,
                '"' => {
                    i += 1;
                    while let Some(q) = self.at(i) {
                        match q {
                            '\\' => i += 1,
                            '"' => break,
                            _ => {}
                        }
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        split_commands(text)
            .unwrap()
            .into_iter()
            .map(|c| c.words)
            .collect()
    }

    #[test]
    fn quotes_escapes_and_continuations() {
        assert_eq!(
            words("curl -H 'A: b c' \"x \\\"y\\\" $T\" a\\ b \\\n  -s"),
            [["curl", "-H", "A: b c", "x \"y\" $T", "a b", "-s"]]
        );
    }

    #[test]
    fn separators_split_commands() {
        assert_eq!(
            words("a 1 && b; c | d\ne # comment\n"),
            [vec!["a", "1"], vec!["b"], vec!["c"], vec!["d"], vec!["e"]]
        );
    }

    #[test]
    fn substitutions_run_first_and_know_their_variable() {
        let commands = split_commands("TOKEN=$(curl -s 'u' | jq -r .token) && curl x").unwrap();
        let summary: Vec<_> = commands
            .iter()
            .map(|c| (c.words.join(" "), c.assigned_to.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                ("curl -s u".to_string(), Some("TOKEN".to_string())),
                ("jq -r .token".to_string(), Some("TOKEN".to_string())),
                ("TOKEN=$(curl -s 'u' | jq -r .token)".to_string(), None),
                ("curl x".to_string(), None),
            ]
        );
    }

    #[test]
    fn unclosed_quotes_and_substitutions_are_errors() {
        assert_eq!(
            split_commands("curl 'abc"),
            Err(ShellError::UnterminatedQuote {
                quote: '\'',
                position: 6
            })
        );
        assert_eq!(
            split_commands("X=$(curl"),
            Err(ShellError::UnterminatedSubstitution { position: 3 })
        );
        assert_eq!(
            split_commands(&"$(".repeat(20)),
            Err(ShellError::UnterminatedSubstitution { position: 1 })
        );
    }

    #[test]
    fn variables_are_named() {
        assert_eq!(variable_name("$TOKEN"), Some("TOKEN"));
        assert_eq!(variable_name("${T_1}"), Some("T_1"));
        assert_eq!(variable_name("$1"), None);
        assert_eq!(split_assignment("A=b=c"), Some(("A", "b=c")));
        assert_eq!(split_assignment("-H=x"), None);
    }
}
