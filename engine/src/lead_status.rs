//! Where each lead stands (SPEC §5, issue 16): open → replied (publicly or privately) → won,
//! lost or done as the person marks it. Pure functions over the stored comments and what
//! was done through Pulse ([`CommentActionRecord`]); a reply written on Instagram itself
//! counts as soon as a comments sync has read it.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::leads::{is_lead, is_own_comment};
use crate::period::InstantRange;
use crate::records::{CommentActionRecord, CommentRecord, LeadMark};

/// Where one lead stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadStatus {
    /// Nobody answered it yet.
    Open,
    /// Answered (the first answer's time, and whether it was a private reply).
    Replied {
        /// When it was first answered.
        at: DateTime<Utc>,
        /// A private reply rather than a public one.
        privately: bool,
    },
    /// Marked by a person.
    Marked(LeadMark),
}

impl LeadStatus {
    /// Its word, as `/leads` filters by it.
    pub fn word(self) -> &'static str {
        match self {
            LeadStatus::Open => "open",
            LeadStatus::Replied { .. } => "replied",
            LeadStatus::Marked(LeadMark::Won) => "won",
            LeadStatus::Marked(LeadMark::Lost) => "lost",
            LeadStatus::Marked(LeadMark::Done) => "done",
        }
    }
}

/// A lead with where it stands.
#[derive(Debug, Clone)]
pub struct Lead<'c> {
    /// The comment.
    pub comment: &'c CommentRecord,
    /// Where it stands.
    pub status: LeadStatus,
    /// When it was first answered (publicly, privately, on Instagram or through Pulse),
    /// whatever it was marked afterwards.
    pub replied_at: Option<DateTime<Utc>>,
}

/// The leads among `comments` written within `period` (top-level, by someone else, looking
/// like a buyer), newest first, each with its status.
pub fn leads_with_status<'c>(
    comments: &'c [CommentRecord],
    own_username: &str,
    period: InstantRange,
    actions: &HashMap<String, CommentActionRecord>,
) -> Vec<Lead<'c>> {
    let mut found: Vec<&CommentRecord> = comments
        .iter()
        // (A comment the owner hid on Instagram is no lead: spam, mostly.)
        .filter(|c| c.parent_id.is_none() && !c.hidden && period.contains(c.published_at))
        .filter(|c| !is_own_comment(c, own_username) && is_lead(&c.text))
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    // The account's first own reply under each comment.
    let mut answered: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for reply in comments
        .iter()
        .filter(|c| c.parent_id.is_some() && is_own_comment(c, own_username))
    {
        let parent = reply.parent_id.as_deref().unwrap_or_default();
        answered
            .entry(parent)
            .and_modify(|at| *at = (*at).min(reply.published_at))
            .or_insert(reply.published_at);
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.published_at));
    found
        .into_iter()
        .map(|comment| {
            let action = actions.get(&comment.id);
            let on_instagram = answered.get(comment.id.as_str()).copied();
            let through_pulse = action.and_then(CommentActionRecord::first_reply_at);
            let privately_first = action
                .and_then(|a| a.private_reply.as_ref())
                .is_some_and(|p| Some(p.at) == through_pulse)
                && on_instagram.is_none_or(|at| through_pulse.is_some_and(|p| p < at));
            let replied_at = match (on_instagram, through_pulse) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let status = match (action.and_then(|a| a.mark), replied_at) {
                (Some((mark, _)), _) => LeadStatus::Marked(mark),
                (None, Some(at)) => LeadStatus::Replied {
                    at,
                    privately: privately_first,
                },
                (None, None) => LeadStatus::Open,
            };
            Lead {
                comment,
                status,
                replied_at,
            }
        })
        .collect()
}

/// The figures of a period's leads: how many, answered, won, lost, and the median time to
/// the first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeadCounts {
    /// Leads written in the period.
    pub leads: usize,
    /// Of those, answered (whatever they were marked afterwards).
    pub replied: usize,
    /// Marked won.
    pub won: usize,
    /// Marked lost.
    pub lost: usize,
    /// Still open.
    pub open: usize,
    /// The median time from a lead to its first answer, over the answered ones.
    pub median_reply_time: Option<Duration>,
}

/// Counts `leads`.
pub fn lead_counts(leads: &[Lead<'_>]) -> LeadCounts {
    let mut waits: Vec<Duration> = leads
        .iter()
        .filter_map(|lead| Some(lead.replied_at? - lead.comment.published_at))
        .map(|wait| wait.max(Duration::zero()))
        .collect();
    waits.sort();
    let median_reply_time = match waits.len() {
        0 => None,
        n if n % 2 == 1 => Some(waits[n / 2]),
        n => Some((waits[n / 2 - 1] + waits[n / 2]) / 2),
    };
    LeadCounts {
        leads: leads.len(),
        replied: waits.len(),
        won: leads
            .iter()
            .filter(|l| l.status == LeadStatus::Marked(LeadMark::Won))
            .count(),
        lost: leads
            .iter()
            .filter(|l| l.status == LeadStatus::Marked(LeadMark::Lost))
            .count(),
        open: leads
            .iter()
            .filter(|l| l.status == LeadStatus::Open)
            .count(),
        median_reply_time,
    }
}

/// A duration as people say it: "2 h 10 min", "45 min", "3 days 4 h".
pub fn wait_in_words(wait: Duration) -> String {
    let minutes = wait.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) if mins == 0 => format!("{hours} h"),
        (0, _) => format!("{hours} h {mins} min"),
        (1, 0) => "1 day".into(),
        (_, 0) => format!("{days} days"),
        (1, _) => format!("1 day {hours} h"),
        _ => format!("{days} days {hours} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{SentPrivateReply, SentReply};
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, hour, minute, 0).unwrap()
    }

    fn comment(
        id: &str,
        by: &str,
        text: &str,
        time: DateTime<Utc>,
        parent: Option<&str>,
    ) -> CommentRecord {
        CommentRecord {
            id: id.into(),
            post_id: "p".into(),
            parent_id: parent.map(str::to_owned),
            author_id: None,
            author_username: Some(by.into()),
            text: text.into(),
            published_at: time,
            like_count: None,
            hidden: false,
        }
    }

    fn all_of_november() -> InstantRange {
        InstantRange {
            start: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_lead_is_open_then_replied_then_marked_and_the_median_wait_is_worked_out() {
        let comments = vec![
            comment("1", "ana", "how much is it?", at(10, 0), None),
            comment("2", "bo", "do you ship to Canada?", at(11, 0), None),
            comment("3", "cy", "price please", at(12, 0), None),
            comment("4", "dee", "love this", at(12, 30), None),
            // A buyer's words, but the shop hid the comment on Instagram.
            CommentRecord {
                hidden: true,
                ..comment("6", "eli", "price? DM me", at(13, 0), None)
            },
            // The shop answers ana on Instagram itself, 2 h 10 min later.
            comment("5", "shop", "25 €, DM us", at(12, 10), Some("1")),
        ];
        let mut actions = HashMap::new();
        // bo got a private reply through Pulse 30 minutes later, then was marked won.
        actions.insert(
            "2".to_owned(),
            CommentActionRecord {
                post_id: "p".into(),
                private_reply: Some(SentPrivateReply {
                    text: "yes".into(),
                    at: at(11, 30),
                }),
                mark: Some((LeadMark::Won, at(15, 0))),
                ..Default::default()
            },
        );
        let leads = leads_with_status(&comments, "shop", all_of_november(), &actions);
        let by_id: HashMap<&str, LeadStatus> = leads
            .iter()
            .map(|l| (l.comment.id.as_str(), l.status))
            .collect();
        assert_eq!(
            leads.len(),
            3,
            "love this is no lead; the shop's reply is no lead; nor is a hidden comment"
        );
        assert_eq!(by_id["3"], LeadStatus::Open);
        assert_eq!(
            by_id["1"],
            LeadStatus::Replied {
                at: at(12, 10),
                privately: false
            }
        );
        assert_eq!(by_id["2"], LeadStatus::Marked(LeadMark::Won));
        let counts = lead_counts(&leads);
        assert_eq!(
            (
                counts.leads,
                counts.replied,
                counts.won,
                counts.lost,
                counts.open
            ),
            (3, 2, 1, 0, 1)
        );
        // Waits: 30 min and 2 h 10 min → median of two = 1 h 20 min.
        assert_eq!(counts.median_reply_time, Some(Duration::minutes(80)));
        assert_eq!(wait_in_words(Duration::minutes(80)), "1 h 20 min");
    }

    #[test]
    fn a_public_reply_through_pulse_counts_before_the_sync_reads_it() {
        let comments = vec![comment("1", "ana", "how much?", at(10, 0), None)];
        let mut actions = HashMap::new();
        actions.insert(
            "1".to_owned(),
            CommentActionRecord {
                post_id: "p".into(),
                replies: vec![SentReply {
                    id: "9".into(),
                    text: "25 €".into(),
                    at: at(10, 5),
                }],
                ..Default::default()
            },
        );
        let leads = leads_with_status(&comments, "shop", all_of_november(), &actions);
        assert_eq!(
            leads[0].status,
            LeadStatus::Replied {
                at: at(10, 5),
                privately: false
            }
        );
        assert_eq!(
            lead_counts(&leads).median_reply_time,
            Some(Duration::minutes(5))
        );
    }

    #[test]
    fn waits_read_as_people_say_them() {
        assert_eq!(wait_in_words(Duration::minutes(45)), "45 min");
        assert_eq!(wait_in_words(Duration::minutes(120)), "2 h");
        assert_eq!(wait_in_words(Duration::minutes(130)), "2 h 10 min");
        assert_eq!(wait_in_words(Duration::minutes(1440)), "1 day");
        assert_eq!(
            wait_in_words(Duration::minutes(1440 * 3 + 240)),
            "3 days 4 h"
        );
    }
}
