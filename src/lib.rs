//! Password self-service kiosk: the library holds everything; `main.rs` only dispatches.
//!
//! Layers (arrows point down only; `tests/layers.rs` checks them): `app → flow, ui,
//! service`; `ui → flow → domain`; `service → store, crypto, notify, domain`; `config`,
//! `store`, `i18n` → `domain`. Nothing in `domain` or `flow` does I/O, and `domain` names
//! no other module of the crate. Time and randomness come in through `clock` and `random`.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod directory;
pub mod domain;
pub mod flow;
pub mod i18n;
pub mod keyfile;
pub mod notify;
pub mod private_fs;
pub mod random;
pub mod service;
pub mod store;
pub mod ui;
