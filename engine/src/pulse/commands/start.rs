//! `/start`: the greeting a person sees when they first open the chat — what Pulse is and
//! how to link an Instagram account.

use crate::reply::Reply;

use crate::pulse::Pulse;

impl Pulse {
    /// The greeting.
    pub(super) fn start(&self) -> Reply {
        Reply::text(prompts::start())
    }
}
