//! The `noren` command's library: the Noren server (`noren serve`, `noren records …`). The
//! checker commands and the command line are the crate noren-check (../checker), shared with the
//! Node build.
#![deny(missing_docs)]

pub mod server;
