//! A [`Reply`] as Telegram messages: HTML parse mode, split below Telegram's 4,096 characters,
//! with an inline keyboard on the last part: command buttons side by side, up to
//! [`ROW_BUTTONS`] a row (a comment's Reply, DM, Hide and Done on one), each link on a row of
//! its own, in the reply's order, at most [`MAX_BUTTONS`].
//!
//! HTML is chosen over MarkdownV2 on purpose: only `<`, `>` and `&` need escaping, so captions
//! and comments full of `_*[]()~>#+-=|{}.!` and emoji can never break a message. Every piece
//! of HTML produced here is self-contained (tags open and close within one line), so a split
//! between lines never cuts a tag.

use engine::reply::{list_number, Block, Button, Item, Reply};

/// Telegram's limit for one message, in UTF-16 code units of the text.
pub const MAX_MESSAGE_UTF16: usize = 4096;

/// Callback data may be at most this many bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;

/// Command buttons on one row of a keyboard, at most.
pub const ROW_BUTTONS: usize = 4;

/// Buttons on one keyboard, at most (Telegram's limit).
pub const MAX_BUTTONS: usize = 100;

/// One button of an inline keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyboardButton {
    /// Opens a URL.
    Url {
        /// The label.
        label: String,
        /// Where it goes.
        url: String,
    },
    /// Sends callback data (a command text) back to the bot.
    Callback {
        /// The label.
        label: String,
        /// The command, at most [`MAX_CALLBACK_BYTES`] bytes.
        data: String,
    },
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelegramMessage {
    /// HTML text.
    pub html: String,
    /// The keyboard's rows, top to bottom.
    pub keyboard: Vec<Vec<KeyboardButton>>,
}

fn escape(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Cuts plain text into pieces whose escaped form fits `limit` UTF-16 units, on character
/// boundaries, then wraps each piece in `open`/`close`.
fn wrap_pieces(text: &str, open: &str, close: &str, limit: usize, out: &mut Vec<String>) {
    let budget = limit
        .saturating_sub(utf16_len(open) + utf16_len(close))
        .max(1);
    let mut piece = String::new();
    let mut used = 0;
    for character in text.chars() {
        let cost = utf16_len(&escape(character.encode_utf8(&mut [0; 4])));
        if used + cost > budget && !piece.is_empty() {
            out.push(format!("{open}{}{close}", escape(&piece)));
            piece.clear();
            used = 0;
        }
        piece.push(character);
        used += cost;
    }
    if !piece.is_empty() || out.is_empty() {
        out.push(format!("{open}{}{close}", escape(&piece)));
    }
}

fn item_line(number: &str, item: &Item) -> String {
    match &item.url {
        Some(url) => format!(
            "{number}{} · <a href=\"{}\">open</a>",
            escape(&item.text),
            html_escape::encode_double_quoted_attribute(url)
        ),
        None => format!("{number}{}", escape(&item.text)),
    }
}

/// The lines of a block, each self-contained HTML that fits `limit` on its own.
fn block_lines(block: &Block, limit: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut each_line = |text: &str, open: &str, close: &str| {
        for line in text.split('\n') {
            wrap_pieces(line, open, close, limit, &mut lines);
        }
    };
    match block {
        Block::Title(text) => each_line(text, "<b>", "</b>"),
        Block::Text(text) => each_line(text, "", ""),
        Block::Note(text) => each_line(text, "<i>", "</i>"),
        Block::Quote(text) => each_line(text, "<blockquote>", "</blockquote>"),
        Block::Facts(facts) => {
            for (label, value) in facts {
                let line = format!("{}: <b>{}</b>", escape(label), escape(value));
                if utf16_len(&line) <= limit {
                    lines.push(line);
                } else {
                    wrap_pieces(&format!("{label}: {value}"), "", "", limit, &mut lines);
                }
            }
        }
        Block::Ranking(items) => {
            for (index, item) in items.iter().enumerate() {
                let number = list_number(index, items.len());
                let line = item_line(&number, item);
                if utf16_len(&line) <= limit {
                    lines.push(line);
                } else {
                    wrap_pieces(&format!("{number}{}", item.text), "", "", limit, &mut lines);
                }
            }
        }
    }
    lines
}

/// The rows of a reply's buttons: a link alone on its row, command buttons side by side up
/// to [`ROW_BUTTONS`]; a link between them starts a new row after it. Order is kept.
fn keyboard(buttons: &[Button]) -> Vec<Vec<KeyboardButton>> {
    let mut rows: Vec<Vec<KeyboardButton>> = Vec::new();
    let mut row_takes_more = false;
    for button in keyboard_buttons(buttons).into_iter().take(MAX_BUTTONS) {
        match (&button, rows.last_mut()) {
            (KeyboardButton::Callback { .. }, Some(row))
                if row_takes_more && row.len() < ROW_BUTTONS =>
            {
                row.push(button)
            }
            _ => {
                row_takes_more = matches!(button, KeyboardButton::Callback { .. });
                rows.push(vec![button]);
            }
        }
    }
    rows
}

/// The buttons Telegram can show, in order: a command over [`MAX_CALLBACK_BYTES`] is left
/// out.
fn keyboard_buttons(buttons: &[Button]) -> Vec<KeyboardButton> {
    buttons
        .iter()
        .filter_map(|button| match button {
            Button::Link { label, url } => Some(KeyboardButton::Url {
                label: label.clone(),
                url: url.clone(),
            }),
            // Telegram has no forms: an input button sends its command, and Pulse asks for
            // the text as the next message.
            Button::Command { label, command } | Button::Input { label, command, .. }
                if command.len() <= MAX_CALLBACK_BYTES =>
            {
                Some(KeyboardButton::Callback {
                    label: label.clone(),
                    data: command.clone(),
                })
            }
            Button::Command { .. } | Button::Input { .. } => None,
        })
        .collect()
}

/// Renders a reply into as many messages as it needs, each under `limit` UTF-16 units (use
/// [`MAX_MESSAGE_UTF16`]); blocks are separated by a blank line and never split mid-line.
pub fn render(reply: &Reply, limit: usize) -> Vec<TelegramMessage> {
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    for (block_index, block) in reply.blocks.iter().enumerate() {
        for (line_index, line) in block_lines(block, limit).into_iter().enumerate() {
            let separator = match (current.is_empty(), block_index > 0 && line_index == 0) {
                (true, _) => "",
                (false, true) => "\n\n",
                (false, false) => "\n",
            };
            if utf16_len(&current) + utf16_len(separator) + utf16_len(&line) > limit {
                chunks.push(std::mem::take(&mut current));
                current = line;
            } else {
                current.push_str(separator);
                current.push_str(&line);
            }
        }
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(current);
    }
    let last = chunks.len() - 1;
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, html)| TelegramMessage {
            html: if html.is_empty() { "…".into() } else { html },
            keyboard: if index == last {
                keyboard(&reply.buttons)
            } else {
                Vec::new()
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(html: &str) -> String {
        // Strip tags and unescape, as Telegram does when it parses the entities.
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        html_escape::decode_html_entities(&text).into_owned()
    }

    /// Every tag opened in a message is closed in the same message, in order.
    fn balanced(html: &str) -> bool {
        let mut stack = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let Some(end) = rest[start..].find('>') else {
                return false;
            };
            let tag = &rest[start + 1..start + end];
            let name = tag
                .trim_start_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if tag.starts_with('/') {
                if stack.pop() != Some(name.to_owned()) {
                    return false;
                }
            } else {
                stack.push(name.to_owned());
            }
            rest = &rest[start + end + 1..];
        }
        stack.is_empty()
    }

    #[test]
    fn special_characters_reach_the_user_unchanged() {
        let nasty =
            "Sale_*[today]*(50% off)~ > #drop +new -old =cool |x| {a}.b! <script>&amp; 🏺✨";
        let reply = Reply::text("Top posts")
            .with(Block::Ranking(vec![Item {
                text: nasty.into(),
                url: Some("https://i.test/p/1?a=1&b=\"2\"".into()),
            }]))
            .with(Block::Quote(nasty.into()));
        let messages = render(&reply, MAX_MESSAGE_UTF16);
        assert_eq!(messages.len(), 1);
        let html = &messages[0].html;
        assert!(balanced(html), "{html}");
        assert!(html.contains("&lt;script&gt;&amp;amp;"), "{html}");
        assert!(
            html.contains("href=\"https://i.test/p/1?a=1&amp;b=&quot;2&quot;\""),
            "{html}"
        );
        assert_eq!(visible(html).matches(nasty).count(), 2);
    }

    #[test]
    fn a_list_of_one_is_not_numbered_and_a_longer_one_is() {
        let item = |text: &str| Item {
            text: text.into(),
            url: None,
        };
        let one = render(
            &Reply::text("Best post").with(Block::Ranking(vec![item("42 interactions")])),
            MAX_MESSAGE_UTF16,
        );
        assert_eq!(visible(&one[0].html), "Best post\n\n42 interactions");
        let two = render(
            &Reply::text("Top").with(Block::Ranking(vec![item("42 likes"), item("7 likes")])),
            MAX_MESSAGE_UTF16,
        );
        assert_eq!(visible(&two[0].html), "Top\n\n1. 42 likes\n2. 7 likes");
    }

    #[test]
    fn long_replies_split_below_the_limit_on_line_boundaries() {
        let items: Vec<Item> = (0..400)
            .map(|i| Item {
                text: format!("post {i} “caption with emoji 🎉 and <tags> & more”"),
                url: Some(format!("https://i.test/p/{i}")),
            })
            .collect();
        let long_quote = "é".repeat(9000) + "\n" + &"🏺".repeat(3000);
        let reply = Reply::text("Title")
            .with(Block::Ranking(items))
            .with(Block::Quote(long_quote.clone()))
            .with_button(Button::Command {
                label: "More".into(),
                command: "/top 10".into(),
            });
        let messages = render(&reply, MAX_MESSAGE_UTF16);
        assert!(messages.len() > 3);
        for message in &messages {
            assert!(message.html.encode_utf16().count() <= MAX_MESSAGE_UTF16);
            assert!(
                balanced(&message.html),
                "unbalanced part: {}",
                &message.html[..80.min(message.html.len())]
            );
        }
        let all: String = messages
            .iter()
            .map(|m| visible(&m.html))
            .collect::<Vec<_>>()
            .join("\n");
        for i in [0, 199, 399] {
            assert!(
                all.contains(&format!("{}. post {i} ", i + 1)),
                "item {i} kept"
            );
        }
        assert_eq!(all.matches('é').count(), 9000, "no character lost at a cut");
        assert_eq!(all.matches('🏺').count(), 3000);
        assert!(messages[..messages.len() - 1]
            .iter()
            .all(|m| m.keyboard.is_empty()));
        assert_eq!(
            messages.last().unwrap().keyboard,
            vec![vec![KeyboardButton::Callback {
                label: "More".into(),
                data: "/top 10".into()
            }]],
            "buttons on the last part"
        );
    }

    #[test]
    fn buttons_become_a_keyboard_and_overlong_callbacks_are_dropped() {
        let reply = Reply::text("x")
            .with_button(Button::Link {
                label: "Connect Instagram".into(),
                url: "https://p.test/connect/t".into(),
            })
            .with_button(Button::Command {
                label: "Undo".into(),
                command: "/disconnect @shop".into(),
            })
            .with_button(Button::Command {
                label: "Too long".into(),
                command: format!("/ask {}", "x".repeat(80)),
            });
        let messages = render(&reply, MAX_MESSAGE_UTF16);
        assert_eq!(
            messages[0].keyboard,
            vec![
                vec![KeyboardButton::Url {
                    label: "Connect Instagram".into(),
                    url: "https://p.test/connect/t".into()
                }],
                vec![KeyboardButton::Callback {
                    label: "Undo".into(),
                    data: "/disconnect @shop".into()
                }],
            ]
        );
    }

    fn comment_buttons(id: u64) -> Vec<Button> {
        vec![
            Button::Input {
                label: "Reply".into(),
                command: format!("/reply {id}"),
                prompt: "Your reply".into(),
            },
            Button::Input {
                label: "DM".into(),
                command: format!("/dm {id}"),
                prompt: "Your message".into(),
            },
            Button::Command {
                label: "Hide".into(),
                command: format!("/hide {id}"),
            },
            Button::Command {
                label: "Done".into(),
                command: format!("/lead {id} done"),
            },
        ]
    }

    fn labels(keyboard: &[Vec<KeyboardButton>]) -> Vec<Vec<String>> {
        keyboard
            .iter()
            .map(|row| {
                row.iter()
                    .map(|button| match button {
                        KeyboardButton::Url { label, .. } => format!("link {label}"),
                        KeyboardButton::Callback { label, data } => format!("{label} {data}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn each_comments_four_buttons_share_a_row_and_links_stand_alone() {
        let mut reply = Reply::text("Leads");
        reply.buttons.extend(comment_buttons(17865799348089039));
        reply.buttons.push(Button::Link {
            label: "Open post".into(),
            url: "https://www.instagram.com/p/1/".into(),
        });
        reply.buttons.extend(comment_buttons(17865799348089040));
        reply.buttons.push(Button::Command {
            label: "More".into(),
            command: "/leads open 30d".into(),
        });
        let keyboard = &render(&reply, MAX_MESSAGE_UTF16)[0].keyboard;
        assert_eq!(
            labels(keyboard),
            vec![
                vec![
                    "Reply /reply 17865799348089039",
                    "DM /dm 17865799348089039",
                    "Hide /hide 17865799348089039",
                    "Done /lead 17865799348089039 done",
                ],
                vec!["link Open post"],
                vec![
                    "Reply /reply 17865799348089040",
                    "DM /dm 17865799348089040",
                    "Hide /hide 17865799348089040",
                    "Done /lead 17865799348089040 done",
                ],
                vec!["More /leads open 30d"],
            ]
        );
    }

    #[test]
    fn a_keyboard_keeps_telegrams_limits_and_the_buttons_order() {
        let mut reply = Reply::text("Comments");
        for id in 0..30 {
            reply
                .buttons
                .extend(comment_buttons(17865799348089000 + id));
        }
        // Over 64 bytes of callback data: left out, and the row goes on without it.
        reply.buttons.insert(
            1,
            Button::Input {
                label: "Long".into(),
                command: format!("/reply {}", "9".repeat(60)),
                prompt: "Your reply".into(),
            },
        );
        let keyboard = &render(&reply, MAX_MESSAGE_UTF16)[0].keyboard;
        let buttons: Vec<&KeyboardButton> = keyboard.iter().flatten().collect();
        assert_eq!(buttons.len(), MAX_BUTTONS);
        assert!(keyboard.iter().all(|row| row.len() <= ROW_BUTTONS));
        assert_eq!(keyboard.len(), MAX_BUTTONS / ROW_BUTTONS);
        let data: Vec<&str> = buttons
            .iter()
            .map(|button| match button {
                KeyboardButton::Callback { data, .. } => {
                    assert!(data.len() <= MAX_CALLBACK_BYTES);
                    data.as_str()
                }
                KeyboardButton::Url { .. } => panic!("no link"),
            })
            .collect();
        assert_eq!(
            &data[..2],
            ["/reply 17865799348089000", "/dm 17865799348089000"]
        );
        assert_eq!(
            data[99], "/lead 17865799348089024 done",
            "the first 100, in order"
        );
    }

    #[test]
    fn an_empty_reply_is_still_a_valid_message() {
        let messages = render(&Reply::default(), MAX_MESSAGE_UTF16);
        assert_eq!(messages.len(), 1);
        assert!(!messages[0].html.is_empty());
    }
}
