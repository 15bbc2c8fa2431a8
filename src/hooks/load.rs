//! The state of anything the page loads (the inspection, a tab's list): nothing asked yet, on
//! its way, there, or failed. Every load belongs to a run; a result counts only while its run
//! is the load's current one, so an answer to an earlier question never replaces a later one.

use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use regscope_core::trace::Exchange;
use yew::Reducible;

use crate::services::fetched::{Failure, Fetched, Finished};

/// Names one run of a load. An inspection's run comes from [`next_run`]; a list takes the run
/// of the inspection it belongs to.
pub type Run = u64;

/// The last run number given out.
static LAST_RUN: AtomicU64 = AtomicU64::new(0);

/// A run number not given out before in this page.
pub fn next_run() -> Run {
    LAST_RUN.fetch_add(1, Ordering::Relaxed) + 1
}

/// Where a load is.
#[derive(Debug)]
pub enum Load<T> {
    /// Nothing asked (no image, or a tab not shown yet).
    Idle,
    /// Run `Run` is on its way.
    Loading(Run),
    /// Run `Run` brought this.
    Done(Run, Rc<Fetched<T>>),
    /// Run `Run` failed.
    Failed(Run, Rc<Failure>),
}

impl<T> Load<T> {
    /// The state `finished` leaves run `run` in.
    pub fn finished(run: Run, finished: Finished<T>) -> Load<T> {
        match finished {
            Ok(fetched) => Load::Done(run, Rc::new(fetched)),
            Err(failure) => Load::Failed(run, Rc::from(failure)),
        }
    }

    /// The run this state is about (none when idle).
    pub fn run(&self) -> Option<Run> {
        match self {
            Load::Idle => None,
            Load::Loading(run) | Load::Done(run, _) | Load::Failed(run, _) => Some(*run),
        }
    }

    /// The exchanges a finished run made (none while idle or loading).
    pub fn trace(&self) -> &[Exchange] {
        match self {
            Load::Done(_, fetched) => &fetched.trace,
            Load::Failed(_, failure) => &failure.trace,
            Load::Idle | Load::Loading(_) => &[],
        }
    }
}

/// A copy shares the fetched value.
impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Idle => Load::Idle,
            Load::Loading(run) => Load::Loading(*run),
            Load::Done(run, fetched) => Load::Done(*run, fetched.clone()),
            Load::Failed(run, failure) => Load::Failed(*run, failure.clone()),
        }
    }
}

/// Equal when in the same state of the same run with the same value (by identity: each fetch
/// makes a new one, and a deep comparison would only add code to the wasm bundle).
impl<T> PartialEq for Load<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Load::Idle, Load::Idle) => true,
            (Load::Loading(a), Load::Loading(b)) => a == b,
            (Load::Done(a, x), Load::Done(b, y)) => a == b && Rc::ptr_eq(x, y),
            (Load::Failed(a, x), Load::Failed(b, y)) => a == b && Rc::ptr_eq(x, y),
            _ => false,
        }
    }
}

/// What happens to a load.
pub enum Change<T> {
    /// Back to idle (nothing to load any more).
    Reset,
    /// Run `Run` starts.
    Start(Run),
    /// Run `Run` finished: kept only while it is still the load's run, dropped otherwise.
    Finish(Run, Finished<T>),
}

impl<T> Reducible for Load<T> {
    type Action = Change<T>;

    fn reduce(self: Rc<Self>, change: Change<T>) -> Rc<Self> {
        match change {
            Change::Reset if matches!(*self, Load::Idle) => self,
            Change::Reset => Rc::new(Load::Idle),
            Change::Start(run) => Rc::new(Load::Loading(run)),
            Change::Finish(run, finished) if self.run() == Some(run) => {
                Rc::new(Load::finished(run, finished))
            }
            // An answer to an earlier run: the load has moved on.
            Change::Finish(..) => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use regscope_core::Error;

    use super::*;

    fn done(value: &'static str) -> Finished<&'static str> {
        Ok(Fetched {
            value,
            trace: Vec::new(),
        })
    }

    fn reduce(load: Load<&'static str>, change: Change<&'static str>) -> Load<&'static str> {
        (*Rc::new(load).reduce(change)).clone()
    }

    #[test]
    fn a_result_counts_only_for_the_current_run() {
        let loading = reduce(Load::Idle, Change::Start(2));
        assert_eq!(loading, Load::Loading(2));
        let stale = reduce(loading.clone(), Change::Finish(1, done("old")));
        assert_eq!(stale, Load::Loading(2));
        let Load::Done(2, fetched) = reduce(loading, Change::Finish(2, done("new"))) else {
            panic!("run 2 finished");
        };
        assert_eq!(fetched.value, "new");
        let idle = reduce(Load::Idle, Change::Finish(3, done("late")));
        assert_eq!(idle, Load::Idle);
    }

    #[test]
    fn more_for_a_finished_run_replaces_it_and_a_failure_ends_it() {
        let first = Load::finished(4, done("first"));
        let Load::Done(4, more) = reduce(first.clone(), Change::Finish(4, done("more"))) else {
            panic!("more for run 4 replaces it");
        };
        assert_eq!(more.value, "more");
        let failed = reduce(
            first,
            Change::Finish(
                4,
                Err(Box::new(Failure {
                    error: Error::PlatformNotFound {
                        wanted: "x".into(),
                        available: Vec::new(),
                    },
                    reference: None,
                    existing_tags: None,
                    trace: Vec::new(),
                })),
            ),
        );
        assert!(matches!(failed, Load::Failed(4, _)));
        assert_eq!(failed.run(), Some(4));
        assert_eq!(reduce(failed, Change::Reset), Load::Idle);
    }
}
