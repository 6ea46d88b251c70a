//! The interface's HTML, built natively testable from the config in the visitor's language;
//! config text always goes in escaped ([`markup::Html::text`]).

pub mod disclosure;
pub mod markup;
pub mod notice;
