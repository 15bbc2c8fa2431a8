//! regscope-stack as a library: the facts about the test stack (addresses, names, the seeded
//! references) that its scripts, the core's tests and the relay's tests share.

pub mod facts;
