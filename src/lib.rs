//! Noren, a consent banner compiled to WebAssembly.
//!
//! The crate has two halves:
//! - a pure core with no browser dependency, compiled and unit-tested natively:
//!   [`json`] (the config's JSON tree), [`config`] (model and validation), [`consent`] (the
//!   state and its rules), [`codec`] (the storage cookie's value), [`cookie_rules`] (which
//!   cookies to delete, where), [`text`] (languages and wording);
//! - `shell` (wasm32 only): the thin layer that reads the page, renders the notice, runs held
//!   tags and exposes `window.noren` through the loader (`src/loader.js`).

pub mod codec;
pub mod config;
pub mod consent;
pub mod cookie_rules;
pub mod json;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod shell;
