//! What happens on the sandbox's accounts after they were generated: comment actions with
//! Instagram's rules, and the Rust API tests use to see them or to make things happen.
//!
//! The generated [`SandboxAccount`]s never change; every account has an [`Activity`] in the
//! live state beside them: comments added since (the owner's replies, through the API or
//! [`Sandbox::reply_as_owner`], and new comments from [`Sandbox::add_comment`]), which
//! comments are hidden or shown again, and the private replies sent. The Graph endpoints serve
//! generated and added comments together.
//!
//! # The rules (the sandbox's choice of Instagram's errors)
//! - `POST /{comment-id}/replies` (form or query `message`): unknown, foreign or not yet
//!   written comment → 100/33; a reply → 100 "Replies are only allowed on top-level
//!   comments"; a hidden comment → 100; an empty message or one over 2,200 characters → 100;
//!   more than 30 hashtags or more than 5 @mentions → 100. A `#` or `@` counts when it starts
//!   a word and is followed by a letter, digit or `_`.
//! - `POST /{account}/messages` (`me` or the account's id; JSON `{"recipient":{"comment_id"},"message":{"text"}}`, or the same
//!   two objects as form fields): a body without them → 100; unknown comment → 100/33; the
//!   account's own comment → 100; empty text or over 1,000 characters → 100; a comment
//!   written more than 7 days before the sandbox's now → 10/2534022 "This message is sent
//!   outside of allowed window."; a second private reply to the same comment → 100/2534023
//!   "Only one private reply is allowed per comment".
//! - `POST /{comment-id}?hide=true|false` (query or form): `hide` missing or not a boolean →
//!   100; the account's own comments cannot be hidden → 100.
//!
//! The sandbox's **now** is its clock ([`Sandbox::set_clock`]) or, without one,
//! [`super::SandboxConfig::today`] at 00:00 UTC (where the generated data ends). A comment
//! added through the API or the Rust API is written at now; comments written at the same
//! time are served in the order they were added (after any generated one). Added ids count
//! up from `17899000000000001`, skipping generated ones: the same actions give the same ids.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::dataset::{start_of, SandboxAccount, SandboxComment, SandboxCommenter};
use super::server::{param, parse_query, Live, Shared};
use super::wire::GraphError;
use super::Sandbox;

/// Longest public reply (characters).
pub(crate) const MAX_REPLY_CHARS: usize = 2_200;
/// Most hashtags in a public reply.
pub(crate) const MAX_HASHTAGS: usize = 30;
/// Most @mentions in a public reply.
pub(crate) const MAX_MENTIONS: usize = 5;
/// Longest private reply (characters).
pub(crate) const MAX_PRIVATE_REPLY_CHARS: usize = 1_000;
/// How long after a comment a private reply may be sent.
pub(crate) const PRIVATE_REPLY_WINDOW_DAYS: i64 = 7;
/// Graph's subcode for a private reply outside the window (code 10).
pub(crate) const OUTSIDE_WINDOW_SUBCODE: i64 = 2_534_022;
/// The sandbox's subcode for a second private reply to a comment (code 100).
pub(crate) const ALREADY_REPLIED_SUBCODE: i64 = 2_534_023;
/// The first id given to an added comment.
const FIRST_ADDED_ID: u64 = 17_899_000_000_000_001;
/// The first number of a private reply's `message_id` (`m_<number>`).
const FIRST_MESSAGE_NUMBER: u64 = 17_950_000_000_000_001;

/// What happened on one account since it was generated.
#[derive(Debug, Clone, Default)]
pub(crate) struct Activity {
    /// Comments and replies added, oldest first.
    pub(crate) added: Vec<SandboxComment>,
    /// Comment id → hidden, for comments hidden or shown again since.
    pub(crate) hidden: HashMap<String, bool>,
    /// Private replies sent, oldest first.
    pub(crate) private_replies: Vec<SandboxPrivateReply>,
    /// Posts published through the API (`publishing.rs`), oldest first.
    pub(crate) published: Vec<super::dataset::SandboxPost>,
}

/// A private reply the sandbox accepted: one direct message to a comment's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxPrivateReply {
    /// The account that sent it (`user_id`, `17841…`).
    pub account_user_id: String,
    /// The comment it answers.
    pub comment_id: String,
    /// The commenter's IGSID (`recipient_id` of the answer).
    pub recipient_id: String,
    /// `message_id` of the answer (`m_…`).
    pub message_id: String,
    /// The text sent.
    pub text: String,
    /// When it was sent (the sandbox's now).
    pub sent_at: DateTime<Utc>,
}

/// Why a [`Sandbox`] action method did nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SandboxActionError {
    /// No account has this `user_id`.
    #[error("the sandbox has no account {0}")]
    UnknownAccount(String),
    /// The account has no such post.
    #[error("the account has no post {0}")]
    UnknownPost(String),
    /// No account has this comment.
    #[error("the sandbox has no comment {0}")]
    UnknownComment(String),
    /// Instagram's rules refuse it (the Graph error the API would answer).
    #[error("instagram would refuse it (code {code}, subcode {subcode:?}): {message}")]
    Refused {
        /// The Graph code.
        code: i64,
        /// The Graph subcode.
        subcode: Option<i64>,
        /// The Graph message.
        message: String,
    },
    /// No webhook was set with [`Sandbox::set_webhook`].
    #[error("no webhook is set")]
    NoWebhook,
    /// The webhook could not be delivered (no HTTP answer).
    #[error("the webhook could not be delivered: {0}")]
    Delivery(String),
}

impl From<GraphError> for SandboxActionError {
    fn from(error: GraphError) -> Self {
        Self::Refused {
            code: error.code,
            subcode: error.subcode,
            message: error.message,
        }
    }
}

/// Where a comment is: generated (index into the account's comments) or added (index into
/// its activity's `added`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Generated(usize),
    Added(usize),
}

/// The sandbox's now: its clock, else `today` 00:00 UTC.
pub(crate) fn now_of(shared: &Shared, live: &Live) -> DateTime<Utc> {
    live.clock.unwrap_or_else(|| start_of(shared.config.today))
}

/// Finds a comment of any account: `(account, place)`.
fn locate(shared: &Shared, live: &Live, comment_id: &str) -> Option<(usize, Place)> {
    if let Some((a, c)) = shared.index.comments.get(comment_id) {
        return Some((*a, Place::Generated(*c)));
    }
    live.activity.iter().enumerate().find_map(|(a, activity)| {
        activity
            .added
            .iter()
            .position(|c| c.id == comment_id)
            .map(|i| (a, Place::Added(i)))
    })
}

/// The account a comment (generated or added) is on.
pub(crate) fn account_of(shared: &Shared, comment_id: &str) -> Option<usize> {
    locate(shared, &shared.live(), comment_id).map(|(a, _)| a)
}

/// The comment at a place, as stored (hidden not applied).
fn at<'a>(
    account: &'a SandboxAccount,
    activity: &'a Activity,
    place: Place,
) -> Option<&'a SandboxComment> {
    match place {
        Place::Generated(c) => account.comments.get(c),
        Place::Added(i) => activity.added.get(i),
    }
}

/// Whether a comment is hidden now.
pub(crate) fn hidden_now(activity: &Activity, comment: &SandboxComment) -> bool {
    activity
        .hidden
        .get(&comment.id)
        .copied()
        .unwrap_or(comment.hidden)
}

/// Whether a comment is not written yet by the sandbox's clock (without a clock, everything
/// is).
fn not_yet(live: &Live, comment: &SandboxComment) -> bool {
    live.clock.is_some_and(|now| comment.timestamp > now)
}

/// Whether the account wrote the comment.
fn by_owner(account: &SandboxAccount, comment: &SandboxComment) -> bool {
    comment.by_account || comment.from_id == account.profile.user_id
}

/// The next unused comment id.
fn next_comment_id(shared: &Shared, live: &mut Live) -> String {
    loop {
        let n = FIRST_ADDED_ID + live.added_ids;
        live.added_ids += 1;
        let id = n.to_string();
        if !shared.index.comments.contains_key(&id) {
            return id;
        }
    }
}

/// Stores a new comment on `account` and returns its id.
fn store_comment(
    shared: &Shared,
    live: &mut Live,
    account: usize,
    media_id: &str,
    parent_id: Option<String>,
    author: &SandboxCommenter,
    text: &str,
) -> String {
    let id = next_comment_id(shared, live);
    let now = now_of(shared, live);
    let by_account = shared
        .accounts
        .get(account)
        .is_some_and(|a| a.profile.user_id == author.id);
    let Some(activity) = live.activity.get_mut(account) else {
        return id;
    };
    activity.added.push(SandboxComment {
        id: id.clone(),
        media_id: media_id.to_owned(),
        parent_id,
        from_id: author.id.clone(),
        username: author.username.clone(),
        text: text.to_owned(),
        timestamp: now,
        like_count: 0,
        hidden: false,
        is_lead: false,
        by_account,
    });
    id
}

/// How many `#tags` (`marker` `#`) or `@mentions` (`@`) a text has.
fn count_tags(text: &str, marker: char) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            **c == marker
                && (*i == 0 || !is_word(chars[i - 1]))
                && chars.get(i + 1).is_some_and(|n| is_word(*n))
        })
        .count()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A text must not be blank nor longer than `max` characters; `name` is its parameter.
fn check_length(text: &str, max: usize, name: &str) -> Result<(), GraphError> {
    if text.trim().is_empty() {
        return Err(GraphError::param(format!(
            "(#100) The parameter {name} is required"
        )));
    }
    if text.chars().count() > max {
        return Err(GraphError::param(format!(
            "(#100) The parameter {name} is longer than {max} characters"
        )));
    }
    Ok(())
}

/// The public reply rules on its text.
fn check_reply_text(message: &str) -> Result<(), GraphError> {
    check_length(message, MAX_REPLY_CHARS, "message")?;
    if count_tags(message, '#') > MAX_HASHTAGS {
        return Err(GraphError::param(format!(
            "(#100) A comment can have at most {MAX_HASHTAGS} hashtags"
        )));
    }
    if count_tags(message, '@') > MAX_MENTIONS {
        return Err(GraphError::param(format!(
            "(#100) A comment can mention at most {MAX_MENTIONS} accounts"
        )));
    }
    Ok(())
}

/// `POST /{comment-id}/replies` for `account`: the reply's id, or the Graph error.
pub(crate) fn reply(
    shared: &Shared,
    account: usize,
    comment_id: &str,
    params: &[(String, String)],
    body: &[u8],
) -> Result<Value, GraphError> {
    let form = parse_query(std::str::from_utf8(body).ok());
    let message = param(&form, "message")
        .or_else(|| param(params, "message"))
        .unwrap_or_default()
        .to_owned();
    let mut live = shared.live();
    let id = reply_under(shared, &mut live, Some(account), comment_id, &message, true)?;
    Ok(json!({ "id": id }))
}

/// Stores the owner's reply under `comment_id`. `account` is the token's account (`None`:
/// whichever owns the comment); `api` applies the API's rules on text and threads.
fn reply_under(
    shared: &Shared,
    live: &mut Live,
    account: Option<usize>,
    comment_id: &str,
    message: &str,
    api: bool,
) -> Result<String, GraphError> {
    let unknown = || GraphError::unsupported("POST", comment_id);
    let (a, place) = locate(shared, live, comment_id).ok_or_else(unknown)?;
    if account.is_some_and(|wanted| wanted != a) {
        return Err(unknown());
    }
    let owner = shared.accounts.get(a).ok_or_else(unknown)?;
    let activity = live.activity.get(a).ok_or_else(unknown)?;
    let comment = at(owner, activity, place).ok_or_else(unknown)?;
    if not_yet(live, comment) {
        return Err(unknown());
    }
    let mut parent = comment.id.clone();
    if let Some(top) = &comment.parent_id {
        if api {
            return Err(GraphError::param(
                "(#100) Replies are only allowed on top-level comments",
            ));
        }
        parent = top.clone();
    }
    if api {
        if hidden_now(activity, comment) {
            return Err(GraphError::param(
                "(#100) Replies are not allowed on hidden comments",
            ));
        }
        check_reply_text(message)?;
    } else if message.trim().is_empty() {
        return Err(GraphError::param(
            "(#100) The parameter message is required",
        ));
    }
    let media_id = comment.media_id.clone();
    let author = SandboxCommenter {
        id: owner.profile.user_id.clone(),
        username: owner.profile.username.clone(),
    };
    Ok(store_comment(
        shared,
        live,
        a,
        &media_id,
        Some(parent),
        &author,
        message,
    ))
}

/// Reads the private reply's comment id and text from a JSON body (or from form fields
/// `recipient` and `message` holding the JSON objects).
fn private_reply_request(body: &[u8], params: &[(String, String)]) -> Option<(String, String)> {
    let from_json = serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object);
    let (recipient, message) = match from_json {
        Some(value) => (
            value.get("recipient")?.clone(),
            value.get("message")?.clone(),
        ),
        None => {
            let mut pairs = parse_query(std::str::from_utf8(body).ok());
            pairs.extend(params.iter().cloned());
            let read = |name: &str| serde_json::from_str::<Value>(param(&pairs, name)?).ok();
            (read("recipient")?, read("message")?)
        }
    };
    let comment_id = match recipient.get("comment_id")? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let text = message.get("text")?.as_str()?.to_owned();
    Some((comment_id, text))
}

/// `POST /{account}/messages` (`me` too) for `account`: `{"recipient_id","message_id"}` or the Graph error.
pub(crate) fn private_reply(
    shared: &Shared,
    account: usize,
    params: &[(String, String)],
    body: &[u8],
) -> Result<Value, GraphError> {
    let Some((comment_id, text)) = private_reply_request(body, params) else {
        return Err(GraphError::param(
            "(#100) The parameters recipient.comment_id and message.text are required",
        ));
    };
    let mut live = shared.live();
    let now = now_of(shared, &live);
    let unknown = || GraphError::unsupported("POST", &comment_id);
    let (a, place) = locate(shared, &live, &comment_id).ok_or_else(unknown)?;
    let owner = shared.accounts.get(a).ok_or_else(unknown)?;
    let activity = live.activity.get(a).ok_or_else(unknown)?;
    let comment = at(owner, activity, place).ok_or_else(unknown)?;
    if a != account || not_yet(&live, comment) {
        return Err(unknown());
    }
    if by_owner(owner, comment) {
        return Err(GraphError::param(
            "(#100) A private reply cannot answer the account's own comment",
        ));
    }
    check_length(&text, MAX_PRIVATE_REPLY_CHARS, "message.text")?;
    if now - comment.timestamp > Duration::days(PRIVATE_REPLY_WINDOW_DAYS) {
        return Err(GraphError {
            code: 10,
            subcode: Some(OUTSIDE_WINDOW_SUBCODE),
            ..GraphError::param("This message is sent outside of allowed window.")
        });
    }
    if activity
        .private_replies
        .iter()
        .any(|sent| sent.comment_id == comment_id)
    {
        return Err(GraphError {
            subcode: Some(ALREADY_REPLIED_SUBCODE),
            ..GraphError::param("(#100) Only one private reply is allowed per comment")
        });
    }
    let recipient_id = comment.from_id.clone();
    let account_user_id = owner.profile.user_id.clone();
    let message_id = format!("m_{}", FIRST_MESSAGE_NUMBER + live.messages_sent);
    live.messages_sent += 1;
    if let Some(activity) = live.activity.get_mut(a) {
        activity.private_replies.push(SandboxPrivateReply {
            account_user_id,
            comment_id,
            recipient_id: recipient_id.clone(),
            message_id: message_id.clone(),
            text,
            sent_at: now,
        });
    }
    Ok(json!({ "recipient_id": recipient_id, "message_id": message_id }))
}

/// `POST /{comment-id}?hide=…` for `account`: `{"success":true}` or the Graph error.
pub(crate) fn hide(
    shared: &Shared,
    account: usize,
    node: &str,
    params: &[(String, String)],
    body: &[u8],
) -> Result<Value, GraphError> {
    let form = parse_query(std::str::from_utf8(body).ok());
    let hide = match param(params, "hide").or_else(|| param(&form, "hide")) {
        Some(v) if v.trim().eq_ignore_ascii_case("true") => true,
        Some(v) if v.trim().eq_ignore_ascii_case("false") => false,
        _ => {
            return Err(GraphError::param(
                "(#100) Param hide must be a boolean (true or false)",
            ))
        }
    };
    let mut live = shared.live();
    let clock = live.clock;
    let unknown = || GraphError::unsupported("POST", node);
    let (a, place) = locate(shared, &live, node).ok_or_else(unknown)?;
    let owner = shared.accounts.get(a).ok_or_else(unknown)?;
    let activity = live.activity.get_mut(a).ok_or_else(unknown)?;
    let comment = at(owner, activity, place).ok_or_else(unknown)?;
    if a != account || clock.is_some_and(|now| comment.timestamp > now) {
        return Err(unknown());
    }
    if by_owner(owner, comment) {
        return Err(GraphError::param(
            "(#100) The account's own comments cannot be hidden",
        ));
    }
    let id = comment.id.clone();
    activity.hidden.insert(id, hide);
    Ok(json!({ "success": true }))
}

impl Sandbox {
    /// Simulates a new comment arriving: `author` comments `text` on the post `post_id` of the
    /// account `user_id`, at the sandbox's now (see the module docs of `actions.rs`). Later
    /// syncs see it; no webhook is sent (see [`Sandbox::add_comment_and_notify`]). Returns
    /// the comment id.
    pub fn add_comment(
        &self,
        user_id: &str,
        post_id: &str,
        author: &SandboxCommenter,
        text: &str,
    ) -> Result<String, SandboxActionError> {
        let shared = &self.shared;
        let account = shared
            .accounts
            .iter()
            .position(|a| a.profile.user_id == user_id)
            .ok_or_else(|| SandboxActionError::UnknownAccount(user_id.to_owned()))?;
        if shared.index.media.get(post_id).map(|(a, _)| *a) != Some(account) {
            return Err(SandboxActionError::UnknownPost(post_id.to_owned()));
        }
        let mut live = shared.live();
        Ok(store_comment(
            shared, &mut live, account, post_id, None, author, text,
        ))
    }

    /// [`Sandbox::add_comment`], then, when a webhook is set ([`Sandbox::set_webhook`]) and
    /// the account is subscribed to `comments` ([`Sandbox::subscribed`]), the comment's webhook
    /// as [`Sandbox::post_comment_webhook`] sends it. Returns the comment id and the webhook's
    /// HTTP status (`None` when none was sent).
    pub async fn add_comment_and_notify(
        &self,
        user_id: &str,
        post_id: &str,
        author: &SandboxCommenter,
        text: &str,
    ) -> Result<(String, Option<u16>), SandboxActionError> {
        let id = self.add_comment(user_id, post_id, author, text)?;
        let notify = self.subscribed(user_id) && self.shared.live().webhook.is_some();
        if !notify {
            return Ok((id, None));
        }
        let status = self.post_comment_webhook(&id).await?;
        Ok((id, Some(status)))
    }

    /// Simulates the owner replying on Instagram itself: `text` is stored as the account's
    /// reply under `comment_id` (under its top-level comment when `comment_id` is a reply).
    /// The API's limits (hidden comments, length, tags) do not apply. Returns the reply's id.
    pub fn reply_as_owner(
        &self,
        comment_id: &str,
        text: &str,
    ) -> Result<String, SandboxActionError> {
        let mut live = self.shared.live();
        if locate(&self.shared, &live, comment_id).is_none() {
            return Err(SandboxActionError::UnknownComment(comment_id.to_owned()));
        }
        Ok(reply_under(
            &self.shared,
            &mut live,
            None,
            comment_id,
            text,
            false,
        )?)
    }

    /// A comment as served now (generated or added, `hidden` as it is now), whatever the
    /// clock says.
    pub fn comment(&self, comment_id: &str) -> Option<SandboxComment> {
        let live = self.shared.live();
        let (a, place) = locate(&self.shared, &live, comment_id)?;
        let activity = live.activity.get(a)?;
        let mut comment = at(self.shared.accounts.get(a)?, activity, place)?.clone();
        comment.hidden = hidden_now(activity, &comment);
        Some(comment)
    }

    /// The replies under a comment, generated and added, oldest first (whatever the clock
    /// says).
    pub fn replies_to(&self, comment_id: &str) -> Vec<SandboxComment> {
        let live = self.shared.live();
        let Some((a, _)) = locate(&self.shared, &live, comment_id) else {
            return Vec::new();
        };
        let (Some(account), Some(activity)) = (self.shared.accounts.get(a), live.activity.get(a))
        else {
            return Vec::new();
        };
        let mut replies: Vec<SandboxComment> = account
            .comments
            .iter()
            .chain(activity.added.iter())
            .filter(|c| c.parent_id.as_deref() == Some(comment_id))
            .map(|c| SandboxComment {
                hidden: hidden_now(activity, c),
                ..c.clone()
            })
            .collect();
        replies.sort_by(|x, y| x.timestamp.cmp(&y.timestamp).then_with(|| x.id.cmp(&y.id)));
        replies
    }

    /// Every private reply the sandbox accepted, by account (in [`SandboxConfig::accounts`]
    /// order), oldest first.
    ///
    /// [`SandboxConfig::accounts`]: super::SandboxConfig::accounts
    pub fn private_replies(&self) -> Vec<SandboxPrivateReply> {
        self.shared
            .live()
            .activity
            .iter()
            .flat_map(|a| a.private_replies.iter().cloned())
            .collect()
    }

    /// Whether the comment is hidden now (`false` for an unknown comment).
    pub fn is_hidden(&self, comment_id: &str) -> bool {
        self.comment(comment_id).is_some_and(|c| c.hidden)
    }

    /// Whether the account `user_id` is subscribed to the `comments` webhook field
    /// (`POST /me/subscribed_apps?subscribed_fields=comments`).
    pub fn subscribed(&self, user_id: &str) -> bool {
        let Some(account) = self
            .shared
            .accounts
            .iter()
            .position(|a| a.profile.user_id == user_id)
        else {
            return false;
        };
        self.shared
            .live()
            .subscribed
            .get(account)
            .is_some_and(|fields| fields.iter().any(|f| f == "comments"))
    }
}

#[cfg(test)]
mod tests {
    use super::{check_reply_text, count_tags};

    #[test]
    fn tags_start_a_word() {
        assert_eq!(count_tags("#a #b c#d # #_e ##f", '#'), 4);
        assert_eq!(count_tags("@a mail@example.com (@b) @", '@'), 2);
        assert!(check_reply_text(&"@x ".repeat(5)).is_ok());
        assert!(check_reply_text(&"@x ".repeat(6)).is_err());
        assert!(check_reply_text(&"#x ".repeat(30)).is_ok());
        assert!(check_reply_text(&"#x ".repeat(31)).is_err());
        assert!(check_reply_text(&"é".repeat(2_200)).is_ok());
        assert!(check_reply_text(&"é".repeat(2_201)).is_err());
        assert!(check_reply_text("  ").is_err());
    }
}
