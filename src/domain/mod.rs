//! Pure domain logic: no I/O, no async, no terminal.

pub mod blocklist;
pub mod policy;
pub mod secret;
pub mod strength;
pub mod text;
pub mod username;
