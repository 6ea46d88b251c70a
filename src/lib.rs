//! Noren, a consent banner compiled to WebAssembly.
//!
//! # Crate map
//! A pure core with no browser dependency, compiled and unit-tested natively, and a thin shell.
//! Imports go one way (tests/module_graph.rs fails on a cycle): the shell uses the core; in
//! the core, `config` uses only `json`, `text`, `decimal`, `ids`, and the other folders use it.
//!
//! - [`json`]: the config's JSON tree, and [`json::JsonWriter`], the one way the core writes JSON.
//! - [`text`]: languages, localized config text, the built-in wording.
//! - [`decimal`]: numbers as text without `core::fmt`. [`ids`]: small sorted id sets.
//! - [`config`]: the site's config. [`config`] itself holds the model and its whole vocabulary
//!   (the TCF settings, the Consent Mode types, the GPP state sections); [`config::check`] the
//!   validators and [`config::Issue`]; [`config::read`] the readers; [`config::iab`] the
//!   `tcf` and `gpp` readers; [`config::legal_gaps`] what `noren check` reports as legal gaps.
//! - [`consent`]: the consent state and its rules; [`consent::codec`] (the storage cookie's
//!   value), [`consent::consent_mode`] (Google Consent Mode v2), [`consent::record`] (proof of
//!   consent), [`consent::cookie_rules`] (which cookies to delete, where).
//! - [`render`]: the interface's HTML, config text always escaped: [`render::markup`],
//!   [`render::notice`], [`render::disclosure`].
//! - [`iab`]: IAB TCF v2.2 and GPP: [`iab::bits`], [`iab::tc_string`], [`iab::gvl`],
//!   [`iab::tcf`], [`iab::tcf_notice`], [`iab::gpp`], [`iab::usnat`], and [`iab::api`] (what
//!   `__tcfapi` and `__gpp` answer). In the browser only in the `iab` build.
//! - `csp` (native, and the checker's Node build: the `node` feature): the policy of the
//!   browser-enforced barrier.
//! - `shell` (the browser modules: wasm32 without the `node` feature): reads the page,
//!   renders the notice, runs held tags and exposes `window.noren` through the loader
//!   (`src/loader/`).
//! - `typings` (unit tests only): checks what the core writes against src/noren.d.ts.
//!
//! The wasm module is `no_std`: the standard library's panic and formatting machinery would
//! add tens of kilobytes that every visitor downloads. The core therefore uses `alloc` only,
//! through [`prelude`], and formats numbers with [`decimal`].

#![deny(missing_docs)]
#![cfg_attr(
    all(target_arch = "wasm32", not(any(feature = "std", feature = "node"))),
    no_std
)]

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
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
pub mod csp;
pub mod decimal;
pub mod iab;
pub mod ids;
pub mod json;
pub mod render;
pub mod text;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod typings;

#[cfg(all(target_arch = "wasm32", not(feature = "node")))]
mod shell;
