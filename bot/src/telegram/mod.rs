//! The Telegram front end (being built): rendering first.

pub mod render;
