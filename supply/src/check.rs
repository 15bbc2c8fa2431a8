//! The outcome of one check: verified, invalid or not checked, always with the reason.

/// What one check found. Only a check that ran and passed is [`Check::Verified`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The check ran and passed; the text says what was established.
    Verified(String),
    /// The check ran and failed; the text says what did not hold.
    Invalid(String),
    /// The check did not run; the text says why (no key given, nothing to compare with…).
    NotChecked(String),
}

impl Check {
    /// Whether the check ran and passed.
    pub fn is_verified(&self) -> bool {
        matches!(self, Check::Verified(_))
    }

    /// Whether the check ran and failed.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Check::Invalid(_))
    }

    /// The label the user sees: `verified`, `invalid` or `not checked`.
    pub fn label(&self) -> &'static str {
        match self {
            Check::Verified(_) => "verified",
            Check::Invalid(_) => "invalid",
            Check::NotChecked(_) => "not checked",
        }
    }

    /// The reason given with the outcome.
    pub fn reason(&self) -> &str {
        match self {
            Check::Verified(r) | Check::Invalid(r) | Check::NotChecked(r) => r,
        }
    }
}
