//! One integration-test binary: the real `pulse` wiring against local fakes.

mod http;
mod walking_skeleton;
