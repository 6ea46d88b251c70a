//! Noren, a consent banner compiled to WebAssembly.
//!
//! The crate has two halves:
//! - a pure core with no browser dependency, compiled and unit-tested natively:
//!   [`json`] (the config's JSON tree), [`config`] (model and validation), [`consent`] (the
//!   state and its rules), [`codec`] (the storage cookie's value), [`cookie_rules`] (which
//!   cookies to delete, where), [`csp`] (the policy of the browser-enforced barrier), [`text`] (languages and wording), [`markup`], [`notice`] and
//!   [`disclosure`] (the interface's HTML, config text always escaped), [`record`] (proof of consent);
//! - `shell` (wasm32 only): the thin layer that reads the page, renders the notice, runs held
//!   tags and exposes `window.noren` through the loader (`src/loader/`).
//!
//! The wasm module is `no_std`: the standard library's panic and formatting machinery would
//! add tens of kilobytes that every visitor downloads. The core therefore uses `alloc` only,
//! through [`prelude`], and formats numbers with [`decimal`].

#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

/// The `alloc` items the standard prelude would give, for the `no_std` wasm build.
pub mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod config;
pub mod consent;
#[cfg(not(target_arch = "wasm32"))]
pub mod csp;
pub mod decimal;
pub mod iab;
pub mod ids;
pub mod json;
pub mod render;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod shell;
