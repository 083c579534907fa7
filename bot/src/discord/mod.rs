//! The Discord front end (being built): slash command definitions first.

pub mod commands;
pub mod render;
