//! The arguments of the publishing commands: `/post`, `/schedule`, `/publish`, `/caption`,
//! `/queue`, `/drop`, `/fit` and `/retry`, and [`PostRef`], how a command names a post.

use std::fmt;

use super::table::{Argument, ArgumentKind, Reveals, Spec, Who};
use super::{error, Command, CommandError};
use crate::media::Fit;

pub(super) const USAGE_SCHEDULE: &str =
    "Usage: /schedule <when>, e.g. /schedule tomorrow 6pm, /schedule friday 18:00, /schedule in 2 hours, /schedule best";
pub(super) const USAGE_CAPTION: &str =
    "Usage: /caption <new caption> (or /caption <post> <new caption>)";
pub(super) const USAGE_DROP: &str = "Usage: /drop <post> (see /queue)";
pub(super) const USAGE_FIT: &str = "Usage: /fit <post> pad or /fit <post> crop";
pub(super) const USAGE_RETRY: &str = "Usage: /retry <post> (see /queue)";
pub(super) const USAGE_PUBLISH: &str = "Usage: /publish (the newest draft) or /publish <post>";

/// A post named in a command: `p` and six lower-case letters or digits (`p4k2x9m`), as
/// Pulse shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRef(String);

impl PostRef {
    /// Reads a post's id, or `None` when `word` is none (so `/schedule friday 6pm` is a time,
    /// not a post).
    pub fn parse(word: &str) -> Option<Self> {
        let word = word.trim().to_ascii_lowercase();
        let rest = word.strip_prefix('p')?;
        (rest.len() == 6
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && rest.bytes().any(|b| b.is_ascii_digit()))
        .then_some(Self(word))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `/post [caption]`: the caption is the rest as typed (or none).
pub(super) fn parse_post(rest: &str) -> Result<Command, CommandError> {
    let caption = rest.trim();
    Ok(Command::Post {
        caption: (!caption.is_empty()).then(|| caption.to_owned()),
    })
}

/// Splits a leading post id off the arguments.
fn split_post<'a>(words: &[&'a str], rest: &'a str) -> (Option<PostRef>, &'a str) {
    match words.first().and_then(|word| PostRef::parse(word)) {
        Some(post) => {
            let after = rest.trim_start();
            let after = after[words[0].len().min(after.len())..].trim();
            (Some(post), after)
        }
        None => (None, rest.trim()),
    }
}

/// `/schedule [post] <when>`.
pub(super) fn parse_schedule(words: &[&str], rest: &str) -> Result<Command, CommandError> {
    let (post, when) = split_post(words, rest);
    // A post alone (the Schedule… button where there is no form): Pulse asks when.
    if when.is_empty() && post.is_none() {
        return Err(error("When should it go out?", USAGE_SCHEDULE));
    }
    Ok(Command::Schedule {
        post,
        when: when.to_owned(),
    })
}

/// `/publish [post]`.
pub(super) fn parse_publish(words: &[&str]) -> Result<Command, CommandError> {
    match words {
        [] => Ok(Command::Publish(None)),
        [word] => match PostRef::parse(word) {
            Some(post) => Ok(Command::Publish(Some(post))),
            None => Err(error(
                format!("\"{word}\" is not a post's id."),
                USAGE_PUBLISH,
            )),
        },
        _ => Err(error("/publish takes one post at most.", USAGE_PUBLISH)),
    }
}

/// `/caption [post] <text>`.
pub(super) fn parse_caption(words: &[&str], rest: &str) -> Result<Command, CommandError> {
    let (post, text) = split_post(words, rest);
    if text.is_empty() && post.is_none() {
        return Err(error(
            "Write the new caption after /caption.",
            USAGE_CAPTION,
        ));
    }
    Ok(Command::Caption {
        post,
        text: text.to_owned(),
    })
}

/// A command naming exactly one post.
fn one_post(words: &[&str], usage: &'static str) -> Result<PostRef, CommandError> {
    match words {
        [word] => PostRef::parse(word)
            .ok_or_else(|| error(format!("\"{word}\" is not a post's id."), usage)),
        [] => Err(error("Name the post (see /queue).", usage)),
        _ => Err(error("Name one post.", usage)),
    }
}

/// `/drop <post>`.
pub(super) fn parse_drop(words: &[&str]) -> Result<Command, CommandError> {
    one_post(words, USAGE_DROP).map(Command::DropPost)
}

/// `/retry <post>`.
pub(super) fn parse_retry(words: &[&str]) -> Result<Command, CommandError> {
    one_post(words, USAGE_RETRY).map(Command::RetryPost)
}

/// `/fit <post> pad|crop`.
pub(super) fn parse_fit(words: &[&str]) -> Result<Command, CommandError> {
    let [post, how] = words else {
        return Err(error("Name the post and pad or crop.", USAGE_FIT));
    };
    let post = one_post(&[post], USAGE_FIT)?;
    let how = match how.to_ascii_lowercase().as_str() {
        "pad" => Fit::Pad,
        "crop" => Fit::Crop,
        other => return Err(error(format!("\"{other}\" is not pad or crop."), USAGE_FIT)),
    };
    Ok(Command::FitPost { post, how })
}

const POST: Argument = Argument {
    name: "post",
    description: "The post's id, as /queue shows it (none: the newest draft)",
    kind: ArgumentKind::Text,
    required: false,
};

const POST_REQUIRED: Argument = Argument {
    name: "post",
    description: "The post's id, as /queue shows it",
    kind: ArgumentKind::Text,
    required: true,
};

const fn file(name: &'static str, required: bool) -> Argument {
    Argument {
        name,
        description: "A photo or video to post (up to 10 make a carousel)",
        kind: ArgumentKind::Attachment,
        required,
    }
}

/// `/post`.
pub(super) const POST_SPEC: Spec = Spec {
    name: "post",
    aliases: &["compose"],
    form: "[caption]",
    summary: "A new Instagram post from the photos or video sent with it",
    arguments: &[
        Argument {
            name: "caption",
            description: "The post's caption",
            kind: ArgumentKind::Text,
            required: false,
        },
        file("file1", false),
        file("file2", false),
        file("file3", false),
        file("file4", false),
        file("file5", false),
        file("file6", false),
        file("file7", false),
        file("file8", false),
        file("file9", false),
        file("file10", false),
    ],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |_, rest| parse_post(rest),
};

/// `/schedule`.
pub(super) const SCHEDULE_SPEC: Spec = Spec {
    name: "schedule",
    aliases: &[],
    form: "[post] <when>",
    summary: "Publish a post at a time (tomorrow 6pm, friday 18:00, in 2 hours, best)",
    arguments: &[
        POST,
        Argument {
            name: "when",
            description: "tomorrow 6pm, friday 18:00, in 2 hours, best",
            kind: ArgumentKind::Text,
            required: true,
        },
    ],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: parse_schedule,
};

/// `/publish`.
pub(super) const PUBLISH_SPEC: Spec = Spec {
    name: "publish",
    aliases: &["post_now", "postnow"],
    form: "[post]",
    summary: "Publish a post on Instagram now",
    arguments: &[POST],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_publish(words),
};

/// `/caption`.
pub(super) const CAPTION_SPEC: Spec = Spec {
    name: "caption",
    aliases: &[],
    form: "[post] <text>",
    summary: "Change a post's caption until it starts publishing",
    arguments: &[
        POST,
        Argument {
            name: "text",
            description: "The new caption",
            kind: ArgumentKind::Text,
            required: true,
        },
    ],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: parse_caption,
};

/// `/queue`.
pub(super) const QUEUE_SPEC: Spec = Spec {
    name: "queue",
    aliases: &["scheduled"],
    form: "",
    summary: "Drafts, scheduled posts and the latest published ones",
    arguments: &[],
    who: Who::Everyone,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |_, _| Ok(Command::Queue),
};

/// `/drop`.
pub(super) const DROP_SPEC: Spec = Spec {
    name: "drop",
    aliases: &["unschedule"],
    form: "<post>",
    summary: "Cancel a draft or a scheduled post",
    arguments: &[POST_REQUIRED],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_drop(words),
};

/// `/fit`.
pub(super) const FIT_SPEC: Spec = Spec {
    name: "fit",
    aliases: &[],
    form: "<post> pad|crop",
    summary: "Pad or crop a post's photos into Instagram's shapes",
    arguments: &[
        POST_REQUIRED,
        Argument {
            name: "how",
            description: "Pad with bars, or crop",
            kind: ArgumentKind::Choice(&[("pad", "pad"), ("crop", "crop")]),
            required: true,
        },
    ],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_fit(words),
};

/// `/retry`.
pub(super) const RETRY_SPEC: Spec = Spec {
    name: "retry",
    aliases: &[],
    form: "<post>",
    summary: "Publish again a post that failed before anything went out",
    arguments: &[POST_REQUIRED],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_retry(words),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_id_is_told_apart_from_a_time() {
        assert!(PostRef::parse("p4k2x9m").is_some());
        assert!(PostRef::parse("P4K2X9M").is_some());
        for word in [
            "friday", "tomorrow", "pm", "p6pm", "18:00", "pastry", "p-1234",
        ] {
            assert!(PostRef::parse(word).is_none(), "{word}");
        }
    }

    #[test]
    fn the_publishing_commands_parse() {
        assert_eq!(
            Command::parse("/schedule tomorrow 6pm").unwrap(),
            Command::Schedule {
                post: None,
                when: "tomorrow 6pm".into()
            }
        );
        assert_eq!(
            Command::parse("/schedule p4k2x9m best").unwrap(),
            Command::Schedule {
                post: PostRef::parse("p4k2x9m"),
                when: "best".into()
            }
        );
        assert!(Command::parse("/schedule").is_err());
        // The Schedule… button without a form: Pulse asks for the time.
        assert_eq!(
            Command::parse("/schedule p4k2x9m").unwrap(),
            Command::Schedule {
                post: PostRef::parse("p4k2x9m"),
                when: String::new()
            }
        );
        assert_eq!(
            Command::parse("/caption p4k2x9m New linen in").unwrap(),
            Command::Caption {
                post: PostRef::parse("p4k2x9m"),
                text: "New linen in".into()
            }
        );
        assert_eq!(
            Command::parse("/post Spring drop 🌸").unwrap(),
            Command::Post {
                caption: Some("Spring drop 🌸".into())
            }
        );
        assert_eq!(Command::parse("/queue").unwrap(), Command::Queue);
        assert_eq!(
            Command::parse("/fit p4k2x9m crop").unwrap(),
            Command::FitPost {
                post: PostRef::parse("p4k2x9m").unwrap(),
                how: Fit::Crop
            }
        );
        assert!(Command::parse("/fit p4k2x9m stretch").is_err());
        assert!(Command::parse("/drop").is_err());
        assert_eq!(Command::parse("/publish").unwrap(), Command::Publish(None));
    }
}
