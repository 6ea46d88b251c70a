//! The `noren` command's library: the config checker's commands (`check`, `disclosure`, `gpc`)
//! and, natively, the Noren server (`noren serve`, `noren records …`).
#![deny(missing_docs)]

pub mod checker;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
