//! What Pulse says back, independent of any platform.
//!
//! The engine builds a [`Reply`] out of plain-text [`Block`]s and [`Button`]s; each front end
//! renders it in its own way (MarkdownV2 with escaping on Telegram, embeds on Discord, plain
//! lines on the console). Text in a reply is never pre-formatted markup, so captions full of
//! `_*[]()` cannot break a message.

/// One piece of a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading.
    Title(String),
    /// A paragraph.
    Text(String),
    /// Label/value pairs ("Reach (sum of daily reach)": "12,345").
    Facts(Vec<(String, String)>),
    /// A numbered list, each item with an optional link ([`list_number`]: a list of one is
    /// not numbered).
    Ranking(Vec<Item>),
    /// Text written by someone else (a caption, a comment): shown quoted, never as markup.
    Quote(String),
    /// A footnote: definitions, "data as of …".
    Note(String),
}

/// An item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The text.
    pub text: String,
    /// A link to open (a post's permalink).
    pub url: Option<String>,
}

/// How item `index` (from 0) of a list of `len` items starts: "1. ", "2. " …, and nothing
/// in a list of one, whose single item is shown without a number. Every front end numbers
/// [`Block::Ranking`] with it.
pub fn list_number(index: usize, len: usize) -> String {
    if len == 1 {
        String::new()
    } else {
        format!("{}. ", index + 1)
    }
}

/// A button under a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Button {
    /// Opens a URL.
    Link {
        /// The label.
        label: String,
        /// Where it goes.
        url: String,
    },
    /// Sends a command as if the user typed it.
    Command {
        /// The label.
        label: String,
        /// The command text, e.g. `/top saves 7d`.
        command: String,
    },
    /// Asks the person for text, then sends `command` followed by it (`/reply 1789… <text>`):
    /// a form where the platform has one (a Discord modal); elsewhere the button sends
    /// `command` alone, and Pulse asks for the text as the person's next message.
    Input {
        /// The label.
        label: String,
        /// The command the text is added to.
        command: String,
        /// What the form asks, in a few words ("Your reply to @ana").
        prompt: String,
    },
}

/// A file sent with a reply (an export, a chart).
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name to show.
    pub name: String,
    /// Its media type (`application/json`, `image/png`).
    pub media_type: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Attachment({}, {}, {} bytes)",
            self.name,
            self.media_type,
            self.bytes.len()
        )
    }
}

/// A platform-neutral reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// The content, in order.
    pub blocks: Vec<Block>,
    /// Buttons under it.
    pub buttons: Vec<Button>,
    /// Files sent with it.
    pub attachments: Vec<Attachment>,
    /// Carries a link or personal data: show it only to the person who asked where the
    /// platform can (Discord ephemeral replies).
    pub private: bool,
    /// Answers the question whose button was pressed for good (a `/forget` question's
    /// confirm or cancel): the front end removes that message's buttons, so they cannot be
    /// pressed again.
    pub closes_prompt: bool,
    /// The chat's delivery channel, to name after the reply: where a Discord server's digests
    /// and news go, after the command that chose or settled it (`/connect`, `/digest`).
    pub delivery_channel: Option<String>,
    /// A post became due now (`/publish`, a time already here): the runtime wakes its
    /// publishing runner instead of waiting for its next look.
    pub wakes_publisher: bool,
    /// An account was erased whose authorization is to be revoked with its network (TikTok):
    /// the runtime wakes its revoker instead of waiting for its next look.
    pub wakes_revoker: bool,
}

impl Reply {
    /// A reply of one paragraph.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            blocks: vec![Block::Text(text.into())],
            ..Self::default()
        }
    }

    /// Adds a block.
    pub fn with(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    /// Adds a button.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.push(button);
        self
    }

    /// Adds a file.
    pub fn with_attachment(mut self, attachment: Attachment) -> Self {
        self.attachments.push(attachment);
        self
    }

    /// This reply followed by `next` (the two parts of a question with two parts): blocks,
    /// buttons and files in order; private if either is.
    pub fn then(mut self, next: Reply) -> Self {
        self.blocks.extend(next.blocks);
        self.buttons.extend(next.buttons);
        self.attachments.extend(next.attachments);
        self.private |= next.private;
        self.closes_prompt |= next.closes_prompt;
        self.delivery_channel = self.delivery_channel.or(next.delivery_channel);
        self.wakes_publisher |= next.wakes_publisher;
        self.wakes_revoker |= next.wakes_revoker;
        self
    }

    /// Marks the reply as answering the question whose button was pressed for good.
    pub fn closing_prompt(mut self) -> Self {
        self.closes_prompt = true;
        self
    }

    /// Marks the reply private.
    pub fn private(mut self) -> Self {
        self.private = true;
        self
    }

    /// The reply as plain text, one block per paragraph: the console's rendering, and what
    /// tests and logs of *structure* compare against.
    pub fn to_plain_text(&self) -> String {
        let mut paragraphs = Vec::new();
        for block in &self.blocks {
            paragraphs.push(match block {
                Block::Title(text) | Block::Text(text) => text.clone(),
                Block::Note(text) => format!("({text})"),
                Block::Quote(text) => text
                    .lines()
                    .map(|line| format!("> {line}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Facts(facts) => facts
                    .iter()
                    .map(|(label, value)| format!("{label}: {value}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Ranking(items) => items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let number = list_number(index, items.len());
                        match &item.url {
                            Some(url) => format!("{number}{} {url}", item.text),
                            None => format!("{number}{}", item.text),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        let body = paragraphs.join("\n\n");
        let mut buttons = Vec::new();
        for button in &self.buttons {
            match button {
                // A link the text already shows is not repeated.
                Button::Link { url, .. } if body.contains(url.as_str()) => {}
                Button::Link { label, url } => buttons.push(format!("[{label}] {url}")),
                Button::Command { label, command } | Button::Input { label, command, .. } => {
                    buttons.push(format!("[{label}] {command}"))
                }
            }
        }
        if buttons.is_empty() {
            body
        } else {
            format!("{body}\n\n{}", buttons.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_rendering() {
        let reply = Reply::text("Top posts")
            .with(Block::Ranking(vec![
                Item {
                    text: "12 saves".into(),
                    url: Some("https://i/p/1".into()),
                },
                Item {
                    text: "9 saves".into(),
                    url: None,
                },
            ]))
            .with(Block::Quote("two\nlines".into()))
            .with(Block::Note("data as of today".into()))
            .with_button(Button::Command {
                label: "More".into(),
                command: "/top 10".into(),
            });
        assert_eq!(
            reply.to_plain_text(),
            "Top posts\n\n1. 12 saves https://i/p/1\n2. 9 saves\n\n> two\n> lines\n\n(data as of today)\n\n[More] /top 10"
        );
    }
}
