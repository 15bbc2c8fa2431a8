//! Pasted curl commands, read together: the curl commands in order, and the variables set to
//! plain text along the way (`TOKEN=eyJ…`), so a later `$TOKEN` can be looked at.

use super::curl::{CurlCommand, is_curl};
use super::shell::{ShellCommand, split_assignment};

/// The curl commands of a paste, and the plain variables it sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurlSession {
    /// Every curl command, in the order the shell runs them.
    pub commands: Vec<CurlCommand>,
    /// `NAME=value` assignments whose value is plain text (no substitution), in order.
    pub variables: Vec<(String, String)>,
}

impl CurlSession {
    /// The session of shell commands; `None` when none of them is curl.
    pub fn from_commands(commands: &[ShellCommand]) -> Option<CurlSession> {
        let mut session = CurlSession {
            commands: Vec::new(),
            variables: Vec::new(),
        };
        for command in commands {
            let mut words = command.words.as_slice();
            while let [first, rest @ ..] = words {
                if first == "export" || first == "$" || first == "sudo" {
                    words = rest;
                    continue;
                }
                match split_assignment(first) {
                    Some((name, value)) => {
                        if !value.contains("$(") && !value.contains('`') {
                            session
                                .variables
                                .push((name.to_string(), value.to_string()));
                        }
                        words = rest;
                    }
                    None => break,
                }
            }
            if let [program, args @ ..] = words
                && is_curl(program)
            {
                let mut curl = CurlCommand::from_args(args);
                curl.assigned_to.clone_from(&command.assigned_to);
                session.commands.push(curl);
            }
        }
        (!session.commands.is_empty()).then_some(session)
    }

    /// The plain value last assigned to `name` in the session.
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
