//! `/help`: every command with the form of its arguments and what it does, one line each,
//! from the one declaration of the commands (`crate::command::table`).

use crate::reply::Reply;

use crate::pulse::Pulse;

impl Pulse {
    /// The list of commands.
    pub(super) fn help(&self) -> Reply {
        Reply::text(prompts::help(&crate::command::help_lines(
            crate::command::COMMANDS,
        )))
    }
}
