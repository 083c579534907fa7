//! `/templates`, `/templates add <name> <text>`, `/templates remove <name>`: the chat's
//! saved replies (price, shipping, sizes …), offered as buttons when someone replies to a
//! comment and given to the language model when it drafts one.

use crate::chat::ChatId;
use crate::command::TemplatesAction;
use crate::pulse::sales::{reply_text_problem, MAX_PUBLIC_REPLY_CHARS};
use crate::pulse::{Pulse, PulseError};
use crate::records::{ReplyKind, Template};
use crate::reply::{Block, Item, Reply};

/// The most saved replies a chat keeps.
pub(super) const MAX_TEMPLATES: usize = 20;

impl Pulse {
    /// Lists, adds or removes saved replies.
    pub(super) fn templates(
        &self,
        chat: &ChatId,
        action: TemplatesAction,
    ) -> Result<Reply, PulseError> {
        let mut saved = self.templates_of(chat)?;
        match action {
            TemplatesAction::List => {
                if saved.templates.is_empty() {
                    return Ok(Reply::text("No saved replies yet.").with(Block::Text(
                        "Save one with /templates add <name> <text>, e.g. /templates add price It is 25 € with free shipping in the EU. It is then a button when you reply to a comment.".into(),
                    )));
                }
                let items = saved
                    .templates
                    .iter()
                    .map(|t| Item {
                        text: format!("{}: {}", t.name, t.text),
                        url: None,
                    })
                    .collect();
                Ok(Reply::text("Saved replies:")
                    .with(Block::Ranking(items))
                    .with(Block::Note(
                        "Each is a button when you reply to a comment; remove one with /templates remove <name>.".into(),
                    )))
            }
            TemplatesAction::Add { name, text } => {
                if let Some(problem) = reply_text_problem(ReplyKind::Public, &text) {
                    return Ok(Reply::text(format!("{problem} It was not saved.")));
                }
                let replaced = saved.templates.iter().position(|t| t.name == name);
                if replaced.is_none() && saved.templates.len() >= MAX_TEMPLATES {
                    return Ok(Reply::text(format!(
                        "This chat has {MAX_TEMPLATES} saved replies, the most it keeps. Remove one first with /templates remove <name>."
                    )));
                }
                let template = Template {
                    name: name.clone(),
                    text,
                };
                match replaced {
                    Some(at) => saved.templates[at] = template,
                    None => saved.templates.push(template),
                }
                self.put_templates(chat, &saved)?;
                self.store.flush()?;
                Ok(Reply::text(format!(
                    "{} “{name}”. It is a button when you reply to a comment (up to {} characters).",
                    if replaced.is_some() { "Replaced" } else { "Saved" },
                    crate::answers::thousands(MAX_PUBLIC_REPLY_CHARS as u64)
                )))
            }
            TemplatesAction::Remove(name) => {
                let before = saved.templates.len();
                saved.templates.retain(|t| t.name != name);
                if saved.templates.len() == before {
                    return Ok(Reply::text(format!(
                        "There is no saved reply called “{name}”. /templates lists them."
                    )));
                }
                self.put_templates(chat, &saved)?;
                self.store.flush()?;
                Ok(Reply::text(format!("Removed “{name}”.")))
            }
        }
    }
}
