//! Questions in plain language, answered without a language model (being built).

pub mod when;
pub mod words;
