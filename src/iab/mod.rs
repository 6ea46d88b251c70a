//! The IAB's frameworks: TCF v2.2 (the TC string, the Global Vendor List, the decisions and the
//! interface section) and GPP (its string, the `usnat` and US state sections), and the objects
//! `__tcfapi` and `__gpp` answer. Compiled natively for tests; the browser module includes it
//! only in the `iab` build (cargo feature `iab`), which the loader fetches for configs with
//! `tcf` or `gpp`.

pub mod api;
pub mod bits;
pub mod gpp;
pub mod gvl;
pub mod tc_string;
pub mod tcf;
pub mod tcf_notice;
pub mod usnat;
