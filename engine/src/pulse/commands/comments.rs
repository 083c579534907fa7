//! `/comments [post link]` (also `/inbox`): the newest comments written by others on the
//! account in use — or on one post —, each with its actions (Reply, DM, Hide, Done). The
//! comment inbox, in the chat.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::pulse::sales::NamedComment;
use crate::pulse::{Pulse, PulseError};
use crate::reply::{Block, Reply};

/// How many comments one answer shows, each with its buttons (Discord takes 25 buttons).
pub(super) const COMMENTS_SHOWN: usize = 5;

impl Pulse {
    /// The newest comments of the account in use, or of `post`.
    pub(super) fn comments(
        &self,
        chat: &ChatId,
        post: Option<&str>,
        _now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        let timezone = self.timezone(chat)?;
        let records = self.records();
        let posts = records.posts(&account.id)?;
        let only = match post {
            None => None,
            Some(wanted) => {
                // A shared link carries `?igsh=…` or `#…` after the post's path.
                let wanted = wanted
                    .trim()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('/');
                let found = posts.iter().find(|p| {
                    p.id == wanted
                        || p.permalink.as_deref().is_some_and(|link| {
                            let link = link.trim_end_matches('/');
                            link == wanted || link.rsplit('/').next() == wanted.rsplit('/').next()
                        })
                });
                match found {
                    Some(post) => Some(post.id.clone()),
                    None => {
                        return Ok(Reply::text(format!(
                            "I can't find that post on @{}. Send the post's link as Instagram shows it (https://www.instagram.com/p/…).",
                            account.username
                        )))
                    }
                }
            }
        };
        let comments = self.account_comments(&account)?;
        let actions = self.comment_actions_of(&account)?;
        let newest: Vec<_> = comments
            .iter()
            .rev()
            .filter(|c| only.as_ref().is_none_or(|post| &c.post_id == post))
            .filter(|c| !crate::leads::is_own_comment(c, &account.username))
            .take(COMMENTS_SHOWN)
            .collect();
        if newest.is_empty() {
            return Ok(self.with_status(
                &account,
                Reply::text(match only {
                    Some(_) => "No comments by others on that post yet.".to_owned(),
                    None => format!("No comments by others on @{} yet.", account.username),
                }),
            ));
        }
        let mut reply = Reply::text(match only {
            Some(_) => "The newest comments on that post:".to_owned(),
            None => format!("The newest comments on @{}:", account.username),
        });
        // Where each shown comment stands as a lead: one pass over the shown comments' span.
        let span = crate::period::InstantRange {
            start: newest
                .iter()
                .map(|c| c.published_at)
                .min()
                .unwrap_or_default(),
            end: newest
                .iter()
                .map(|c| c.published_at)
                .max()
                .unwrap_or_default()
                + chrono::Duration::seconds(1),
        };
        let statuses: std::collections::HashMap<&str, crate::lead_status::LeadStatus> = self
            .leads_of(&account, &comments, span, &actions)
            .into_iter()
            .map(|lead| (lead.comment.id.as_str(), lead.status))
            .collect();
        let labelled = newest.len() > 1;
        for comment in newest {
            let named = NamedComment {
                account: account.clone(),
                comment: comment.clone(),
                post: posts.iter().find(|p| p.id == comment.post_id).cloned(),
            };
            let action = actions.get(&comment.id);
            let status = statuses.get(comment.id.as_str()).copied();
            let card = self.comment_card(&named, action, status, timezone, labelled);
            reply.blocks.extend(card.blocks);
            reply.buttons.extend(card.buttons);
        }
        reply = reply.with(Block::Note(
            "Reply and DM show you the text before anything is sent. Older comments: /leads all, or ask.".into(),
        ));
        Ok(self.with_status(&account, reply.private()))
    }
}
