//! One integration-test binary: the real `pulse` wiring against local fakes.

mod architecture;
mod demo;
mod http;
mod walking_skeleton;
