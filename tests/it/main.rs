//! One integration-test binary: the real `pulse` wiring against local fakes.

mod api;
mod architecture;
mod backup;
mod demo;
mod digests;
mod discord;
mod discord_forms;
mod http;
mod link_page;
mod llm;
mod metrics;
mod privacy;
mod publishing;
mod publishing_flow;
mod questions;
mod sales;
mod spans;
mod store_fixture;
mod supervision;
mod sync;
mod telegram;
mod tiktok;
mod toolchain;
mod walking_skeleton;
mod webhooks;
