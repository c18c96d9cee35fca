//! Pure domain logic: no I/O, no async, no terminal.

pub mod account;
pub mod ad;
pub mod answers;
pub mod audit;
pub mod auth;
pub mod blocklist;
pub mod chain;
pub mod code;
pub mod desk;
pub mod directory;
pub mod expiry;
pub mod keys;
pub mod lang;
pub mod lockout;
pub mod named;
pub mod names;
pub mod phone;
pub mod policy;
pub mod questions;
pub mod recovery;
pub mod secret;
pub mod strength;
pub mod targets;
pub mod temp_password;
pub mod text;
pub mod username;
