//! The reply to what a question read as: the answers with notes for a part set aside and
//! for words not used, a question back, "I can't see that", or "I don't know that one" with
//! example questions.

use crate::question::{Clarification, Frame, Missing, NotUnderstood, Parsed, Query, Unseen};
use crate::reply::{Block, Button, Item, Reply};

use super::capitalised;

/// Three questions Pulse does answer, for "I don't know that one".
pub const EXAMPLES: [&str; 3] = [
    "top metric=saves n=1 period=last-month",
    "growth period=week",
    "best_time period=90d",
];

/// Queries from their text form (the examples above, and the ones below).
fn queries(labels: &[&str]) -> Vec<Query> {
    labels
        .iter()
        .filter_map(|label| Frame::from_label(label).ok())
        .filter_map(|frame| frame.query())
        .collect()
}

/// Example questions as a numbered list, each with a button that asks it.
fn with_examples(mut reply: Reply, examples: &[Query]) -> Reply {
    let items = examples
        .iter()
        .map(|query| Item {
            text: capitalised(&query.question()),
            url: None,
        })
        .collect();
    reply = reply.with(Block::Ranking(items));
    for query in examples {
        reply = reply.with_button(Button::Command {
            label: capitalised(&query.question()),
            command: format!("/ask {}", query.question()),
        });
    }
    reply
}

/// The honest answer to a question Pulse did not understand.
pub fn not_understood(why: &NotUnderstood) -> Reply {
    let opening = if why.off_topic {
        "I answer questions about your Instagram account, and that one is not about it."
    } else {
        "I don't know that one yet, and I'd rather not guess."
    };
    with_examples(
        Reply::text(format!("{opening} Questions I can answer, for example:")),
        &queries(&EXAMPLES),
    )
}

/// A short question back: which words mean what, which figure, which dates, or a whole
/// question where a follow-up had nothing to follow. Readings to offer come as buttons.
pub fn clarify(clarification: &Clarification) -> Reply {
    let text = match clarification.missing {
        Missing::Meaning if !clarification.words.is_empty() => {
            let quoted: Vec<String> = clarification
                .words
                .iter()
                .map(|w| format!("“{w}”"))
                .collect();
            prompts::clarify_words(&quoted.join(", "))
        }
        Missing::Meaning | Missing::Metric => prompts::clarify_metric(),
        Missing::Context => prompts::clarify_context(),
        Missing::Dates => prompts::clarify_dates(),
    };
    let options = if clarification.options.is_empty() {
        queries(match clarification.missing {
            Missing::Context | Missing::Dates => &[
                "account_total metric=reach period=last-week",
                "top metric=likes n=5 period=month",
                "growth period=2026-10-01..2026-10-31",
            ],
            _ => &[
                "top metric=likes n=5 period=30d",
                "account_total metric=reach period=7d",
                "rate period=month",
            ],
        })
    } else {
        clarification.options.clone()
    };
    let lead = if clarification.options.is_empty() {
        "Questions I can answer, for example:"
    } else {
        "Did you mean one of these?"
    };
    with_examples(Reply::text(text).with(Block::Text(lead.into())), &options)
}

/// What an [`Unseen`] thing is, and why Pulse cannot see it.
fn unseen_words(unseen: &Unseen) -> (String, &'static str) {
    match unseen {
        Unseen::OtherAccount(Some(handle)) => (
            format!("@{handle}'s figures"),
            "Pulse reads only the Instagram accounts linked to this chat, and Instagram gives no app another account's insights.",
        ),
        Unseen::OtherAccount(None) => (
            "other accounts or averages of other creators".into(),
            "Pulse reads only the Instagram accounts linked to this chat.",
        ),
        Unseen::OtherPlatform(name) => (
            (*name).to_owned(),
            "Pulse reads Instagram only, and only the accounts linked to this chat.",
        ),
        Unseen::DirectMessages => (
            "direct messages".into(),
            "Pulse has no access to your inbox; it reads posts, insights and comments.",
        ),
        Unseen::PersonalData => (
            "who your followers are as people".into(),
            "Instagram does not tell apps who followed, unfollowed, viewed or liked, nor anyone's contact details; Pulse sees the public usernames of people who comment.",
        ),
        Unseen::Future => (
            "the future".into(),
            "Pulse keeps what has already happened, and forecasts would be guesses.",
        ),
        Unseen::Stories => (
            "stories".into(),
            "Pulse keeps your posts, reels and their insights, not stories (Instagram keeps story figures for 24 hours only).",
        ),
        Unseen::Money => (
            "sales, revenue or money".into(),
            "Pulse reads Instagram's engagement figures; it never sees a payment.",
        ),
        Unseen::Clicks => (
            "link or website clicks".into(),
            "Instagram no longer gives apps link or website taps.",
        ),
        Unseen::Offline => (
            "calls, bookings or visits".into(),
            "Pulse sees what happens on Instagram; a call, a booking or a visit to your shop does not pass through it.",
        ),
        Unseen::Ads => (
            "ads or boosted posts".into(),
            "Pulse reads your organic figures, not ad results.",
        ),
        Unseen::Other => ("that".into(), "Instagram does not tell apps that."),
        Unseen::Action => (
            "a change made on Instagram from a question".into(),
            "Pulse changes nothing from a question. /comments lists recent comments with Reply and Hide buttons, /reply, /dm and /hide act on one comment, and /post and /schedule publish; nothing is sent before you tap Send.",
        ),
    }
}

/// The reply to what a question read as: each query answered by `answer_one` (the answers
/// of a question with two parts one after the other), with notes for a part set aside and
/// for words not used; a clarification, "I can't see that", or "not understood" otherwise.
pub fn reply<E>(
    parsed: &Parsed,
    mut answer_one: impl FnMut(&Query) -> Result<Reply, E>,
) -> Result<Reply, E> {
    Ok(match parsed {
        Parsed::Understood {
            queries,
            set_aside,
            unused,
        } => {
            let mut reply = Reply::default();
            for query in queries {
                reply = reply.then(answer_one(query)?);
            }
            if let Some(unseen) = set_aside {
                reply = reply.with(Block::Note(set_aside_note(unseen)));
            }
            if let Some(note) = unused_note(unused) {
                reply = reply.with(Block::Note(note));
            }
            reply
        }
        Parsed::Clarify(clarification) => clarify(clarification),
        Parsed::Outside { unseen, instead } => outside(unseen, instead.as_ref()),
        Parsed::NotUnderstood(why) => not_understood(why),
    })
}

/// The note for a part of a question Pulse did not answer because it cannot see it.
pub fn set_aside_note(unseen: &Unseen) -> String {
    let (what, why) = unseen_words(unseen);
    format!("One part of your question is about {what}, which I can't see: {why}")
}

/// The note naming unknown words a question was answered without (background the answer
/// did not need), or `None`.
pub fn unused_note(words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let quoted: Vec<String> = words.iter().take(6).map(|w| format!("“{w}”")).collect();
    Some(format!(
        "I answered without the words {}: I don't know them, and they did not look like part of the question.",
        quoted.join(", ")
    ))
}

/// "I can't see that", and what Pulse can tell instead (the same question about the
/// account itself first, as a button, never answered unasked).
pub fn outside(unseen: &Unseen, instead: Option<&Query>) -> Reply {
    let (what, why) = unseen_words(unseen);
    let mut options: Vec<Query> = instead.cloned().into_iter().collect();
    let more: &[&str] = match unseen {
        Unseen::OtherAccount(_) => &["followers", "rate period=month", "top n=3 period=30d"],
        Unseen::OtherPlatform(_) => &["overview period=7d", "top n=3 period=30d"],
        Unseen::DirectMessages | Unseen::Money | Unseen::Action => {
            &["leads period=week", "fans period=30d"]
        }
        Unseen::PersonalData => &[
            "fans period=30d",
            "demographics aspect=places",
            "growth period=week",
        ],
        Unseen::Future => &[
            "trend metric=reach period=30d",
            "best_time period=90d",
            "recommend period=90d",
        ],
        Unseen::Stories | Unseen::Ads => &[
            "top metric=reach n=3 period=30d",
            "account_total metric=views period=7d",
        ],
        Unseen::Clicks | Unseen::Offline => &[
            "top metric=profile_visits n=3 period=30d",
            "growth period=30d",
        ],
        Unseen::Other => &["overview period=7d", "trend metric=reach period=30d"],
    };
    for query in queries(more) {
        if options.len() < 3 && !options.contains(&query) {
            options.push(query);
        }
    }
    with_examples(
        Reply::text(prompts::cannot_see(&what, why))
            .with(Block::Text("What I can tell you instead:".into())),
        &options,
    )
}
