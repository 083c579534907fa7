//! A [`Reply`] as a Discord message: embeds (title, description in Markdown), files, and
//! buttons. Text from a reply is escaped, so a caption full of `*_~`|>[]` or an `@everyone`
//! shows as written and pings no one; URLs in it stay as they are, so they still open.
//! Discord's limits are kept: 4,096 characters per description, 6,000 per message, 10 embeds,
//! 5 rows of 5 buttons, 100-character custom ids. A button that asks for text
//! ([`Button::Input`]) opens a form when pressed ([`forms`]).

use engine::reply::{list_number, Block, Button, Reply};
use serenity::all::{ButtonStyle, CreateActionRow, CreateAttachment, CreateButton, CreateEmbed};

use super::forms;

const DESCRIPTION_LIMIT: usize = 4000;
const MESSAGE_LIMIT: usize = 5800;
const TITLE_LIMIT: usize = 250;
const CUSTOM_ID_LIMIT: usize = 100;
const PULSE_PINK: u32 = 0xC1_3584;

/// Escapes Discord Markdown and neutralises `@everyone` and `@here` ([`mass_mention`]). URLs stay
/// verbatim ([`url_at`]): a backslash inside one breaks the link, and Discord reads no Markdown
/// inside a URL anyway.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(url) = url_at(rest) {
            out.push_str(url);
            rest = &rest[url.len()..];
            line_start = false;
            continue;
        }
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '[' | ']' | '(' | ')' | '#' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push('@');
                if mass_mention(&rest[1..]) {
                    out.push('\u{200B}');
                }
            }
            _ => out.push(c),
        }
        line_start = c == '\n';
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether `@` followed by `text` would read as `@everyone` or `@here`, the mentions Discord
/// finds in plain text (any other needs `<@…>`, and `<` is escaped). Only these get a
/// zero-width space after the `@`: other people's words can hold them, Pulse's own sentences
/// and an account's handle (`@shop`) cannot, unless the account is named so, and then the
/// space is right too. Everything else keeps its `@` as written, so a handle copied from
/// Pulse's message is the handle.
fn mass_mention(text: &str) -> bool {
    ["everyone", "here"].into_iter().any(|word| {
        text.get(..word.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(word))
    })
}

/// The URL `text` starts with, as Discord finds one: `http://` or `https://`, at least two
/// characters up to white space or `<`, less the punctuation Discord leaves off its end
/// (`.,:;"')]`, which is then escaped as text).
fn url_at(text: &str) -> Option<&str> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| text.starts_with(scheme))?
        .len();
    let end = text[scheme..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .map_or(text.len(), |at| scheme + at);
    let url = text[..end].trim_end_matches(['.', ',', ':', ';', '"', '\'', ')', ']']);
    (url.len() >= scheme + 2).then_some(url)
}

fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_owned()
    } else {
        let mut shortened: String = text.chars().take(limit.saturating_sub(1)).collect();
        shortened.push('…');
        shortened
    }
}

/// Whether `url` can stand in a masked link `[label](url)` as it is: Discord ends the URL at
/// white space, a parenthesis or a backslash.
fn maskable(url: &str) -> bool {
    !url.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '\\' | '<' | '>'))
}

fn block_markdown(block: &Block) -> String {
    match block {
        Block::Title(text) => format!("**{}**", escape(text)),
        Block::Text(text) => escape(text),
        Block::Note(text) => format!("*{}*", escape(text)),
        Block::Quote(text) => text
            .lines()
            .map(|line| format!("> {}", escape(line)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Facts(facts) => facts
            .iter()
            .map(|(label, value)| format!("**{}**: {}", escape(label), escape(value)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Ranking(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let number = list_number(index, items.len());
                match &item.url {
                    Some(url) if maskable(url) => {
                        format!("{number}{} · [open]({url})", escape(&item.text))
                    }
                    _ => format!("{number}{}", escape(&item.text)),
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A Discord message: embeds, files and button rows.
pub struct DiscordMessage {
    /// The embeds (at least one).
    pub embeds: Vec<CreateEmbed>,
    /// Files to attach.
    pub files: Vec<CreateAttachment>,
    /// Button rows.
    pub components: Vec<CreateActionRow>,
    /// The text of the embeds, for tests and logs of structure.
    pub text: Vec<String>,
}

/// A paragraph of Pulse's own in Discord Markdown, added after a reply's blocks as it is.
/// Only [`naming_channel`] makes one, so nothing else reaches Discord unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulseMarkdown(String);

/// `sentence` naming a channel: `sentence` is given the place of the channel and escaped like
/// any text; in that place the channel's mention `<#id>` (which Discord shows as the channel's
/// name, and which pings no one). `None` when `channel` is not a channel id.
pub fn naming_channel(
    sentence: impl FnOnce(&str) -> String,
    channel: &str,
) -> Option<PulseMarkdown> {
    let id: u64 = channel.parse().ok()?;
    // A private-use character: no text of Pulse's holds one, and escaping leaves it alone.
    const PLACE: &str = "\u{E000}";
    let text = escape(&sentence(PLACE));
    text.contains(PLACE)
        .then(|| PulseMarkdown(text.replacen(PLACE, &format!("<#{id}>"), 1)))
}

/// Renders a reply.
pub fn render(reply: &Reply) -> DiscordMessage {
    render_with(reply, None)
}

/// Renders a reply and, after its blocks, a paragraph of Pulse's own.
pub fn render_with(reply: &Reply, last: Option<&PulseMarkdown>) -> DiscordMessage {
    let mut blocks = reply.blocks.iter();
    let title = match reply.blocks.first() {
        Some(Block::Title(text) | Block::Text(text)) if text.lines().count() == 1 => {
            blocks.next();
            Some(cut(text, TITLE_LIMIT))
        }
        _ => None,
    };
    // Pack blocks (split by line when one is too long) into descriptions.
    let mut descriptions: Vec<String> = vec![String::new()];
    let mut total = title.as_ref().map_or(0, |t| t.chars().count());
    let mut shortened = false;
    let paragraphs = blocks
        .map(block_markdown)
        .chain(last.map(|markdown| markdown.0.clone()));
    'blocks: for markdown in paragraphs {
        let separator = if descriptions.last().is_some_and(|d| d.is_empty()) {
            ""
        } else {
            "\n\n"
        };
        for (index, line) in markdown.lines().enumerate() {
            let line = cut(line, DESCRIPTION_LIMIT);
            let joiner = if index == 0 { separator } else { "\n" };
            let length = line.chars().count() + joiner.chars().count();
            if total + length > MESSAGE_LIMIT || descriptions.len() > 10 {
                shortened = true;
                break 'blocks;
            }
            let current = descriptions
                .last_mut()
                .map(|d| d.chars().count())
                .unwrap_or(0);
            if current + length > DESCRIPTION_LIMIT {
                descriptions.push(line);
            } else if let Some(last) = descriptions.last_mut() {
                last.push_str(joiner);
                last.push_str(&line);
            }
            total += length;
        }
    }
    if shortened {
        if let Some(last) = descriptions.last_mut() {
            last.push_str("\n\n*(shortened: Discord allows 6,000 characters in a message)*");
        }
    }
    let image = reply
        .attachments
        .iter()
        .find(|a| a.media_type.starts_with("image/"))
        .map(|a| a.name.clone());
    let text: Vec<String> = title
        .iter()
        .cloned()
        .chain(descriptions.iter().cloned())
        .collect();
    let embeds = descriptions
        .into_iter()
        .take(10)
        .enumerate()
        .map(|(index, description)| {
            let mut embed = CreateEmbed::new().colour(PULSE_PINK);
            if index == 0 {
                if let Some(title) = &title {
                    embed = embed.title(title.clone());
                }
                if let Some(image) = &image {
                    embed = embed.image(format!("attachment://{image}"));
                }
            }
            if !description.is_empty() {
                embed = embed.description(description);
            }
            embed
        })
        .collect();
    let files = reply
        .attachments
        .iter()
        .map(|a| CreateAttachment::bytes(a.bytes.clone(), a.name.clone()))
        .collect();
    let buttons: Vec<CreateButton> = reply
        .buttons
        .iter()
        .filter_map(|button| match button {
            Button::Link { label, url } => {
                Some(CreateButton::new_link(url.clone()).label(cut(label, 80)))
            }
            Button::Command { label, command } if command.len() <= CUSTOM_ID_LIMIT => Some(
                CreateButton::new(command.clone())
                    .label(cut(label, 80))
                    .style(ButtonStyle::Secondary),
            ),
            Button::Command { .. } => None,
            // Pressed, it opens a form asking for the text (`forms`).
            Button::Input {
                label,
                command,
                prompt,
            } => forms::button_id(label, prompt, command).map(|id| {
                CreateButton::new(id)
                    .label(cut(label, 80))
                    .style(ButtonStyle::Secondary)
            }),
        })
        .take(25)
        .collect();
    let components = buttons
        .chunks(5)
        .map(|row| CreateActionRow::Buttons(row.to_vec()))
        .collect();
    DiscordMessage {
        embeds,
        files,
        components,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::reply::{Attachment, Item};

    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut escaped = false;
        for c in text.chars() {
            if c == '\\' && !escaped {
                escaped = true;
                continue;
            }
            escaped = false;
            if c != '\u{200B}' {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn untrusted_text_shows_as_written_and_pings_no_one() {
        let nasty = "*so* _good_ [click](https://evil.example) `x` ~~wow~~ > 10/10 | #1 @everyone <@123> \\o/";
        let escaped = escape(nasty);
        assert_eq!(unescape(&escaped), nasty);
        assert!(!escaped.contains("@everyone"), "{escaped}");
        assert!(!escaped.contains("](https"), "no live link: {escaped}");
        assert_eq!(escape("- item\n+ other"), "\\- item\n\\+ other");
    }

    #[test]
    fn only_everyone_and_here_get_a_zero_width_space() {
        assert_eq!(
            escape("Ready: @pulse.demo.shop is synced. Ask @ana or mail ana@shop.test"),
            "Ready: @pulse.demo.shop is synced. Ask @ana or mail ana@shop.test"
        );
        assert_eq!(
            escape("@everyone look, @HERE too: @here_and_now @everyonee"),
            "@\u{200B}everyone look, @\u{200B}HERE too: @\u{200B}here\\_and\\_now @\u{200B}everyonee"
        );
        let reply = Reply::text("Linked accounts:")
            .with(Block::Ranking(vec![Item {
                text: "@pulse.demo.shop (in use) · 12,400 followers".into(),
                url: None,
            }]))
            .with(Block::Quote("@everyone: who is @ana?".into()))
            .with(Block::Note("Choose with /use @handle.".into()));
        let embed = serde_json::to_value(&render(&reply).embeds[0]).unwrap();
        assert_eq!(
            embed["description"],
            "@pulse.demo.shop \\(in use\\) · 12,400 followers\n\n> @\u{200B}everyone: who is @ana?\n\n*Choose with /use @handle.*"
        );
    }

    #[test]
    fn urls_come_through_verbatim_and_the_text_around_them_stays_escaped() {
        let link = "https://p.test/connect/Ab_c-D*e~f#g|h";
        assert_eq!(
            escape(&format!(
                "Open this link to connect *shop*:\n{link}\n\n- works once"
            )),
            format!("Open this link to connect \\*shop\\*:\n{link}\n\n\\- works once")
        );
        // Discord leaves closing punctuation out of a URL: it stays text, escaped.
        assert_eq!(
            escape("see (https://shop.test/new_in)."),
            "see \\(https://shop.test/new_in\\)."
        );
        assert_eq!(
            escape("_a_ https://x.test/_b_ _c_ http://y.test/d_e"),
            "\\_a\\_ https://x.test/_b_ \\_c\\_ http://y.test/d_e"
        );
        // Not a URL: escaped as any text.
        assert_eq!(escape("https:// x_y"), "https:// x\\_y");
        assert_eq!(escape("ftp://x_y"), "ftp://x\\_y");

        let reply = Reply::text("Top posts")
            .with(Block::Ranking(vec![
                Item {
                    text: "“new_in at https://shop.test/new_in”".into(),
                    url: Some("https://www.instagram.com/p/C_x-Y_z/".into()),
                },
                Item {
                    text: "second".into(),
                    url: Some("https://www.instagram.com/p/a b/".into()),
                },
            ]))
            .with_button(Button::Link {
                label: "Open_it".into(),
                url: "https://p.test/connect/Ab_c-D".into(),
            });
        let message = render(&reply);
        let embed = serde_json::to_value(&message.embeds[0]).unwrap();
        let description = embed["description"].as_str().unwrap();
        assert_eq!(
            description,
            "1. “new\\_in at https://shop.test/new_in” · [open](https://www.instagram.com/p/C_x-Y_z/)\n2. second",
            "a URL a masked link cannot hold gets no link"
        );
        let row = serde_json::to_value(&message.components[0]).unwrap();
        assert_eq!(row["components"][0]["url"], "https://p.test/connect/Ab_c-D");
    }

    #[test]
    fn a_reply_becomes_embeds_files_and_buttons() {
        let reply = Reply::text("@shop · Top posts by saves")
            .with(Block::Ranking(vec![Item {
                text: "12 saves · “*bold* caption”".into(),
                url: Some("https://www.instagram.com/p/1/".into()),
            }]))
            .with(Block::Note("data as of today".into()))
            .with_attachment(Attachment {
                name: "followers.png".into(),
                media_type: "image/png",
                bytes: vec![1, 2, 3],
            })
            .with_button(engine::reply::Button::Command {
                label: "More".into(),
                command: "/top saves 30d 10".into(),
            })
            .with_button(engine::reply::Button::Link {
                label: "Connect".into(),
                url: "https://p.test/connect/x".into(),
            });
        let message = render(&reply);
        assert_eq!(message.embeds.len(), 1);
        let embed = serde_json::to_value(&message.embeds[0]).unwrap();
        assert_eq!(embed["title"], "@shop · Top posts by saves");
        assert_eq!(embed["image"]["url"], "attachment://followers.png");
        let description = embed["description"].as_str().unwrap();
        assert!(
            description.contains(
                "12 saves · “\\*bold\\* caption” · [open](https://www.instagram.com/p/1/)"
            ),
            "a list of one is not numbered: {description}"
        );
        assert!(!description.contains("1. "), "{description}");
        assert!(description.contains("*data as of today*"));
        assert_eq!(message.files.len(), 1);
        let row = serde_json::to_value(&message.components[0]).unwrap();
        assert_eq!(row["components"][0]["custom_id"], "/top saves 30d 10");
        assert_eq!(row["components"][1]["url"], "https://p.test/connect/x");
    }

    #[test]
    fn a_button_that_asks_for_text_opens_a_form_and_one_too_long_is_left_out() {
        let reply = Reply::text("A comment")
            .with_button(Button::Input {
                label: "Reply".into(),
                command: "/reply 17865799348089039".into(),
                prompt: "Your reply to @ana".into(),
            })
            .with_button(Button::Input {
                label: "DM".into(),
                command: format!("/dm {}", "1".repeat(100)),
                prompt: "Your message to @ana".into(),
            })
            .with_button(Button::Command {
                label: "Hide".into(),
                command: "/hide 17865799348089039".into(),
            });
        let row = serde_json::to_value(&render(&reply).components[0]).unwrap();
        let buttons = row["components"].as_array().unwrap();
        assert_eq!(buttons.len(), 2, "{row}");
        assert_eq!(buttons[0]["label"], "Reply");
        let id = buttons[0]["custom_id"].as_str().unwrap();
        assert_eq!(
            forms::asked(id).map(|form| form.command),
            Some("/reply 17865799348089039".into())
        );
        assert_eq!(buttons[1]["custom_id"], "/hide 17865799348089039");
    }

    #[test]
    fn a_channel_is_named_by_its_mention_after_the_reply() {
        let named = naming_channel(prompts::delivery_channel, "730000000000000001");
        let expected = "Pulse posts the daily digest and news of linked accounts in <#730000000000000001>. /digest channel: moves them.";
        assert_eq!(named, Some(PulseMarkdown(expected.into())));
        // Only the mention goes unescaped; only a channel id makes one.
        assert_eq!(
            naming_channel(|place| format!("*@here* in {place}_"), "5"),
            Some(PulseMarkdown("\\*@\u{200B}here\\* in <#5>\\_".into()))
        );
        assert_eq!(naming_channel(prompts::delivery_channel, "<@1>"), None);
        assert_eq!(naming_channel(|_| "no place".into(), "5"), None);

        let reply = Reply::text("Daily digest off.\n/digest on turns it on.");
        let message = render_with(&reply, named.as_ref());
        let embed = serde_json::to_value(&message.embeds[0]).unwrap();
        assert_eq!(
            embed["description"],
            format!("Daily digest off.\n/digest on turns it on.\n\n{expected}")
        );
    }

    #[test]
    fn long_replies_stay_within_discords_limits() {
        let items: Vec<Item> = (0..500)
            .map(|i| Item {
                text: format!("post {i} with a long caption {}", "x".repeat(40)),
                url: None,
            })
            .collect();
        let message = render(&Reply::text("Many").with(Block::Ranking(items)));
        let total: usize = message.text.iter().map(|t| t.chars().count()).sum();
        assert!(total <= 6000, "{total}");
        assert!(message.embeds.len() <= 10);
        for embed in &message.embeds {
            let json = serde_json::to_value(embed).unwrap();
            assert!(
                json["description"]
                    .as_str()
                    .map_or(0, |d| d.chars().count())
                    <= 4096
            );
        }
        assert!(message.text.last().unwrap().contains("shortened"));
    }
}
