//! Pulse's message templates: text files in `templates/`, each rendered by one typed function.
//!
//! A template holds `{name}` placeholders. Each function below fills exactly the placeholders
//! its template has; a test renders every template and fails if any `{…}` is left, so a
//! template and its function cannot drift apart. Values are inserted as given: escaping for a
//! platform (MarkdownV2, HTML) is the front end's job. Counts are written with [`count`]:
//! thousands separators and the noun in the right number.

mod numbers;

pub use numbers::{count, noun, thousands};

/// Fills `{name}` placeholders. Unknown placeholders stay visible, which the tests catch.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.trim_end().to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// `/help`: example questions, the commands (a line each, from the engine's table of
/// commands) and the forms their arguments take.
pub fn help(commands: &str) -> String {
    fill(
        include_str!("../templates/help.txt"),
        &[("commands", commands)],
    )
}

/// The answer to a member who may not use a command: who may (`the group's
/// administrators`).
pub fn admins_only(who: &str) -> String {
    fill(
        include_str!("../templates/admins_only.txt"),
        &[("who", who)],
    )
}

/// `/start`: the greeting.
pub fn start() -> String {
    fill(include_str!("../templates/start.txt"), &[])
}

/// `/connect`: the one-time link, naming the chat it links to.
pub fn connect(chat_title: &str, url: &str) -> String {
    fill(
        include_str!("../templates/connect.txt"),
        &[("chat_title", chat_title), ("url", url)],
    )
}

/// The private link to connect a TikTok account.
pub fn connect_tiktok(chat_title: &str, url: &str) -> String {
    fill(
        include_str!("../templates/connect_tiktok.txt"),
        &[("chat_title", chat_title), ("url", url)],
    )
}

/// `/connect` where TikTok can be linked too: how to choose it.
pub fn connect_choice() -> String {
    fill(include_str!("../templates/connect_choice.txt"), &[])
}

/// Sent to the chat right after a TikTok link succeeded; `followers` is `None` when TikTok
/// did not share the count (`user.info.stats` not granted).
pub fn linked_tiktok(handle: &str, followers: Option<u64>) -> String {
    let followers = followers.map_or_else(String::new, |followers| {
        format!(" ({})", count(followers, "follower", "followers"))
    });
    fill(
        include_str!("../templates/linked_tiktok.txt"),
        &[("handle", handle), ("followers", &followers)],
    )
}

/// Sent to the chat right after the OAuth callback succeeded.
pub fn linked(handle: &str, followers: u64) -> String {
    fill(
        include_str!("../templates/linked.txt"),
        &[
            ("handle", handle),
            ("followers", &count(followers, "follower", "followers")),
        ],
    )
}

/// Sent when the first sync is done: how many posts, days of account insights and comments
/// it read.
pub fn ready(handle: &str, posts: u64, days: u64, comments: u64) -> String {
    fill(
        include_str!("../templates/ready.txt"),
        &[
            ("handle", handle),
            ("posts", &count(posts, "post", "posts")),
            ("days", &count(days, "day", "days")),
            ("comments", &count(comments, "comment", "comments")),
        ],
    )
}

/// Sent when a TikTok account's first sync is done: how many videos it read.
pub fn ready_tiktok(handle: &str, videos: u64) -> String {
    fill(
        include_str!("../templates/ready_tiktok.txt"),
        &[
            ("handle", handle),
            ("videos", &count(videos, "video", "videos")),
        ],
    )
}

/// Sent when the first sync is ready but older posts are still being read: how many posts it
/// found, the days of account insights and comments it read, and how many older posts are
/// left.
pub fn ready_filling(handle: &str, posts: u64, days: u64, comments: u64, older: u64) -> String {
    fill(
        include_str!("../templates/ready_filling.txt"),
        &[
            ("handle", handle),
            ("posts", &count(posts, "post", "posts")),
            ("days", &count(days, "day", "days")),
            ("comments", &count(comments, "comment", "comments")),
            ("older", &count(older, "older post", "older posts")),
        ],
    )
}

/// Sent once when a first sync stopped because Instagram did not answer.
pub fn not_answering(handle: &str) -> String {
    fill(
        include_str!("../templates/not_answering.txt"),
        &[("handle", handle)],
    )
}

/// Sent to the chat when the OAuth callback failed.
pub fn link_failed(reason: &str) -> String {
    fill(
        include_str!("../templates/link_failed.txt"),
        &[("reason", reason)],
    )
}

/// What `/privacy` says of this Pulse: how it is configured, and how long each kind of
/// record is kept. The engine fills it from its settings and constants, so the text stays true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Privacy {
    /// A language model answers questions (adds the sentence about it).
    pub uses_language_model: bool,
    /// Days of account insights read when an account is linked.
    pub account_history_days: u64,
    /// Comments are read on posts younger than this many days.
    pub comment_history_days: u64,
    /// Stored comments are deleted once older than this many days; `None` keeps them as
    /// long as the account is linked.
    pub comment_retention_days: Option<u64>,
    /// Minutes the previous question is kept for follow-ups.
    pub conversation_minutes: u64,
    /// Minutes a `/connect` link works.
    pub link_minutes: u64,
    /// Days of digest records kept.
    pub digest_record_days: u64,
}

/// `/privacy`: what is stored, for how long, and how to see or delete it.
pub fn privacy(facts: &Privacy) -> String {
    let note = if facts.uses_language_model {
        " and, for questions, to the language model this Pulse is configured with"
    } else {
        ""
    };
    let days = |n: u64| count(n, "day", "days");
    let comment_retention = match facts.comment_retention_days {
        Some(n) => format!("deleted once they are {} old", days(n)),
        None => "as long as the account is linked to a chat".to_owned(),
    };
    fill(
        include_str!("../templates/privacy.txt"),
        &[
            ("llm_note", note),
            ("account_history", &days(facts.account_history_days)),
            ("comment_history", &days(facts.comment_history_days)),
            ("comment_retention", &comment_retention),
            (
                "conversation",
                &count(facts.conversation_minutes, "minute", "minutes"),
            ),
            ("link", &count(facts.link_minutes, "minute", "minutes")),
            ("digest_records", &days(facts.digest_record_days)),
        ],
    )
}

/// `/digest` alone: whether the daily digest is on, when it comes (`time`, with the zone),
/// and how to change it.
pub fn digest_setting(enabled: bool, time: &str) -> String {
    let template = if enabled {
        include_str!("../templates/digest_on.txt")
    } else {
        include_str!("../templates/digest_off.txt")
    };
    fill(template, &[("time", time)])
}

/// `/timezone` alone: the chat's time zone and how to change it.
pub fn timezone_setting(zone: &str) -> String {
    fill(include_str!("../templates/timezone.txt"), &[("zone", zone)])
}

/// Where a chat's own messages go, when the chat has places of its own (a Discord server's
/// channels): `channel` names the place.
pub fn delivery_channel(channel: &str) -> String {
    fill(
        include_str!("../templates/delivery_channel.txt"),
        &[("channel", channel)],
    )
}

/// A message Pulse cannot read (a photo, a sticker, a voice message) in a private chat: what
/// it does read.
pub fn text_only() -> String {
    fill(include_str!("../templates/text_only.txt"), &[])
}

/// A Discord form sent back that is not one of Pulse's (or has no text field).
pub fn form_unreadable() -> String {
    fill(include_str!("../templates/form_unreadable.txt"), &[])
}

/// A Discord form sent back empty or with more than `max` characters.
pub fn form_text_length(max: &str) -> String {
    fill(
        include_str!("../templates/form_text_length.txt"),
        &[("max", max)],
    )
}

/// A question about something Pulse cannot see: `what` names it ("other accounts"), `why`
/// says why in a sentence.
pub fn cannot_see(what: &str, why: &str) -> String {
    fill(
        include_str!("../templates/cannot_see.txt"),
        &[("what", what), ("why", why)],
    )
}

/// A question with words Pulse did not understand next to what it asks: `words` quotes them.
pub fn clarify_words(words: &str) -> String {
    fill(
        include_str!("../templates/clarify_words.txt"),
        &[("words", words)],
    )
}

/// A question that names no figure Pulse can pick.
pub fn clarify_metric() -> String {
    fill(include_str!("../templates/clarify_metric.txt"), &[])
}

/// A follow-up with no earlier question to refine.
pub fn clarify_context() -> String {
    fill(include_str!("../templates/clarify_context.txt"), &[])
}

/// A time Pulse cannot place ("early October", "3/4").
pub fn clarify_dates() -> String {
    fill(include_str!("../templates/clarify_dates.txt"), &[])
}

/// A command that needs a linked account, in a chat without one.
pub fn not_linked() -> String {
    fill(include_str!("../templates/not_linked.txt"), &[])
}

/// The account's token stopped working on `network` ("Instagram"); `command` links it
/// again (`/connect`, `/connect tiktok`).
pub fn needs_reconnect(network: &str, handle: &str, command: &str) -> String {
    fill(
        include_str!("../templates/needs_reconnect.txt"),
        &[
            ("network", network),
            ("handle", handle),
            ("command", command),
        ],
    )
}

/// A known command that this version does not serve yet.
pub fn not_available(command: &str) -> String {
    fill(
        include_str!("../templates/not_available.txt"),
        &[("command", command)],
    )
}

/// The system prompt of the language model that answers questions with Pulse's tools.
pub fn qa_system(handle: &str, today: &str, timezone: &str) -> String {
    fill(
        include_str!("../templates/qa_system.txt"),
        &[("handle", handle), ("today", today), ("timezone", timezone)],
    )
}

/// Sent to the chats of an account Meta asked Pulse to delete (deauthorize, data deletion).
pub fn deleted_by_instagram(handle: &str) -> String {
    fill(
        include_str!("../templates/deleted_by_instagram.txt"),
        &[("handle", handle)],
    )
}

/// What every answer about a paused account says instead (`/pause`, restriction of
/// processing).
pub fn paused(handle: &str) -> String {
    fill(
        include_str!("../templates/paused.txt"),
        &[("handle", handle)],
    )
}

/// `/pause`: done, and what it means.
pub fn pause_done(handle: &str) -> String {
    fill(
        include_str!("../templates/pause_done.txt"),
        &[("handle", handle)],
    )
}

/// `/resume`: done.
pub fn resume_done(handle: &str) -> String {
    fill(
        include_str!("../templates/resume_done.txt"),
        &[("handle", handle)],
    )
}

/// `/apikey new` or `rotate` on a Pulse whose operator has not set the API's pepper.
pub fn api_off() -> String {
    fill(include_str!("../templates/api_off.txt"), &[])
}

/// A new API key, shown this once: its name, id, scopes (`stats:read, admin`), its expiry
/// (`""`, or `, until 2027-02-21`) and the key.
pub fn api_key_new(name: &str, id: &str, scopes: &str, expiry: &str, key: &str) -> String {
    fill(
        include_str!("../templates/api_key_new.txt"),
        &[
            ("name", name),
            ("id", id),
            ("scopes", scopes),
            ("expiry", expiry),
            ("key", key),
        ],
    )
}

/// A signed key's signing secret, shown this once, and how requests are signed.
pub fn api_key_signing(secret: &str) -> String {
    fill(
        include_str!("../templates/api_key_signing.txt"),
        &[("secret", secret)],
    )
}

/// After `/apikey rotate`: until when the old key keeps working.
pub fn api_key_rotated(old_id: &str, overlap_end: &str) -> String {
    fill(
        include_str!("../templates/api_key_rotated.txt"),
        &[("old_id", old_id), ("overlap_end", overlap_end)],
    )
}

/// An internal error: a plain sentence and the reference id that is in the log.
pub fn internal_error(reference: &str) -> String {
    fill(
        include_str!("../templates/internal_error.txt"),
        &[("reference", reference)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIVACY: Privacy = Privacy {
        uses_language_model: true,
        account_history_days: 30,
        comment_history_days: 90,
        comment_retention_days: Some(365),
        conversation_minutes: 30,
        link_minutes: 10,
        digest_record_days: 8,
    };

    fn every_rendered_template() -> Vec<String> {
        vec![
            help("/stats [period]: followers and reach"),
            start(),
            admins_only("the group's administrators"),
            connect("the console", "http://x/connect/t"),
            linked("shop", 1234),
            ready("shop", 320, 30, 4000),
            ready_filling("shop", 1000, 30, 120, 925),
            not_answering("shop"),
            link_failed("the link expired"),
            privacy(&PRIVACY),
            privacy(&Privacy {
                uses_language_model: false,
                comment_retention_days: None,
                ..PRIVACY
            }),
            digest_setting(true, "09:00 (UTC)"),
            digest_setting(false, "09:00 (UTC)"),
            timezone_setting("Europe/Berlin"),
            delivery_channel("#general"),
            text_only(),
            form_unreadable(),
            form_text_length("2,200"),
            not_linked(),
            needs_reconnect("Instagram", "shop", "/connect"),
            connect_tiktok("the console", "http://x/connect/t"),
            connect_choice(),
            ready_tiktok("shop", 45),
            linked_tiktok("shop", Some(12)),
            linked_tiktok("shop", None),
            not_available("export"),
            internal_error("R-1234"),
            deleted_by_instagram("shop"),
            qa_system("shop", "Monday 23 November 2026", "Europe/Berlin"),
            cannot_see(
                "other accounts",
                "Pulse reads only the account linked to this chat.",
            ),
            clarify_words("“giveaway”"),
            clarify_metric(),
            clarify_context(),
            clarify_dates(),
            paused("shop"),
            pause_done("shop"),
            resume_done("shop"),
            api_off(),
            api_key_new(
                "dashboard",
                "ab12cd34",
                "stats:read",
                ", until 2027-02-21",
                "pulse_ab12cd34_x",
            ),
            api_key_signing("psig_x"),
            api_key_rotated("ab12cd34", "2026-11-30 12:00 UTC"),
        ]
    }

    #[test]
    fn no_placeholder_is_left_unfilled() {
        for text in every_rendered_template() {
            assert!(
                !text.contains('{') && !text.contains('}'),
                "unfilled: {text}"
            );
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn values_land_where_they_belong() {
        assert_eq!(
            linked("shop", 1234),
            "Linked @shop (1,234 followers). Syncing your history…"
        );
        assert_eq!(
            linked("shop", 1),
            "Linked @shop (1 follower). Syncing your history…"
        );
        assert!(ready("shop", 1, 30, 0).starts_with(
            "Ready: @shop is synced (1 post, 30 days of account insights, 0 comments)."
        ));
        assert!(ready_filling("shop", 1000, 30, 1, 925).starts_with(
            "Ready: @shop is synced for the last 30 days (1,000 posts found, 30 days of account insights, 1 comment). Its 925 older posts are read in the background"
        ));
        assert!(connect("Telegram chat with Ana", "http://x/connect/t")
            .starts_with("Open this link to connect an Instagram Business or Creator account to Telegram chat with Ana:\nhttp://x/connect/t"));
        assert!(privacy(&PRIVACY).contains("language model"));
        let without_model = Privacy {
            uses_language_model: false,
            ..PRIVACY
        };
        assert!(!privacy(&without_model).contains("language model"));
        assert!(privacy(&PRIVACY).contains("deleted once they are 365 days old"));
        let kept = Privacy {
            comment_retention_days: None,
            ..PRIVACY
        };
        assert!(privacy(&kept).contains(": as long as the account is linked to a chat\n"));
    }
}
