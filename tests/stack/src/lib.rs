//! regscope-stack as a library: the facts about the test stack (addresses, names, the seeded
//! references) that its scripts, the core's tests and the relay's tests share, and the test
//! helpers both test suites use against it (capture servers, the zoo's host map).

pub mod capture;
pub mod facts;
pub mod native_transport;
pub mod zoo_map;
