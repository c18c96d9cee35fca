//! Password self-service kiosk: the library holds everything; `main.rs` only dispatches.
//!
//! Layers (arrows point down only): `app → flow, ui, service`; `ui → flow → domain`;
//! `service → store, crypto, domain`. Nothing in `domain` or `flow` does I/O.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod flow;
pub mod i18n;
pub mod notify;
pub mod random;
pub mod service;
pub mod store;
pub mod ui;
