//! What the words say about following: whether someone follows the account ("does my ex
//! follow me", "is my crush following me"), whom its followers also follow ("how many of our
//! followers also follow PureGym"), and where else they follow it ("follow us also on
//! Strava").

use crate::question::lexicon::{Unseen, UNNAMED_PLATFORM};

use super::Part;

impl Part<'_> {
    /// Something Pulse cannot see, named by the words about following.
    pub(super) fn follows_unseen(&self) -> Option<Unseen> {
        let words = &self.sentence.words;
        // "can you check whether John Byrne follows us", "does my ex follow me", "is my
        // crush following me": whether someone follows.
        let whether_someone_follows = words.windows(2).enumerate().any(|(at, w)| {
            let present = matches!(w[0].as_str(), "follows" | "follow")
                && words[..at]
                    .iter()
                    .any(|b| matches!(b.as_str(), "whether" | "if" | "does"));
            // ("is my crush following me", "has she followed us", "is my sister Margaret
            // following me": the asking word close by.)
            let asked_close = matches!(w[0].as_str(), "following" | "followed")
                && words[at.saturating_sub(4)..at]
                    .iter()
                    .any(|b| matches!(b.as_str(), "whether" | "if" | "is" | "has" | "did"));
            (present || asked_close)
                && matches!(w[1].as_str(), "us" | "me")
                && !words[..at].iter().any(|b| {
                    matches!(
                        b.as_str(),
                        "many" | "people" | "who" | "everyone" | "anyone"
                    )
                })
        });
        if whether_someone_follows || followers_of_a_kind(self) {
            return Some(Unseen::PersonalData);
        }
        // "how many of our followers also follow PureGym": another account's followers.
        // ("… follow also the açaí place", "… follow us also on Strava": the same, word
        // order of a non-native speaker, and another platform.)
        let follow_at = |at: usize| {
            matches!(words[at].as_str(), "follow" | "follows" | "following")
                && (at > 0 && words[at - 1] == "also"
                    || words.get(at + 1).is_some_and(|w| w == "also"))
        };
        let unknown_after = |at: usize| {
            (1..=3)
                .map(|k| at + k)
                .find(|&j| !matches!(self.word(j), "also" | "the" | "a"))
                .filter(|&j| !matches!(self.word(j), "us" | "me" | "on"))
                .is_some_and(|j| self.token_at(j).is_some_and(|t| t.role.is_none()))
        };
        let follow_someone_else = (0..words.len()).any(|at| follow_at(at) && unknown_after(at));
        // "… follow us also on Strava", "follow me on strava too"
        let follow_elsewhere = (0..words.len()).any(|at| {
            matches!(words[at].as_str(), "follow" | "follows" | "following")
                && (1..=3).any(|k| {
                    self.word(at + k) == "on"
                        && (at + 1..at + k)
                            .all(|j| matches!(self.word(j), "us" | "me" | "also" | "too"))
                        && self.token_at(at + k + 1).is_some_and(|t| t.role.is_none())
                })
        });
        if follow_someone_else {
            Some(Unseen::OtherAccount(None))
        } else if follow_elsewhere {
            Some(Unseen::OtherPlatform(UNNAMED_PLATFORM))
        } else {
            None
        }
    }
}

/// "how many restaurants are following us", "how many of our members follow the account",
/// "how many people of the choir follow us": followers of a kind Instagram does not tell
/// apart (where they live, their age and gender it does).
fn followers_of_a_kind(part: &Part<'_>) -> bool {
    let words = &part.sentence.words;
    let Some(how_many) = words
        .windows(2)
        .position(|w| w[0] == "how" && w[1] == "many")
    else {
        return false;
    };
    // A word Pulse does not know, or people it knows only as people ("members").
    let unknown = |at: usize| {
        part.token_at(at).is_some_and(|t| {
            t.role.is_none()
                || (matches!(t.role, Some(crate::question::lexicon::Role::People))
                    && !matches!(
                        t.text.as_str(),
                        "people"
                            | "ppl"
                            | "persons"
                            | "who"
                            | "whos"
                            | "users"
                            | "accounts"
                            | "folks"
                            | "folk"
                            | "peeps"
                    ))
        })
    };
    let kind_following = (how_many + 2..words.len()).any(|at| {
        let follow = matches!(words[at].as_str(), "follow" | "follows" | "following")
            && matches!(part.word(at + 1), "us" | "me" | "the" | "my" | "our");
        if !follow {
            return false;
        }
        let mut before = at;
        while before > how_many + 2 && matches!(part.word(before - 1), "is" | "are" | "also") {
            before -= 1;
        }
        let kind = before > how_many + 2 && {
            let noun = part.word(before - 1);
            noun.len() > 3 && noun.ends_with('s') && unknown(before - 1)
        };
        // ("how many people of the choir follow us": people of a group Instagram does not
        // know.)
        let of_a_group = (how_many + 2..at).any(|j| {
            matches!(part.word(j), "people" | "ppl" | "members")
                && matches!(part.word(j + 1), "of" | "from" | "in")
                && (j + 2..at).any(|k| {
                    part.token_at(k).is_some_and(|t| t.role.is_none())
                        && part.mentions.iter().all(|m| k < m.start || k >= m.end)
                        // ("people in my area": where they are, which Instagram tells.)
                        && !matches!(
                            part.word(k),
                            "area" | "city" | "town" | "country" | "region" | "village" | "county"
                        )
                })
        });
        kind || of_a_group
    });
    // ("how many of my followers are from Leeds", "… are women", "… are active": what
    // Instagram tells.)
    let followers_are = words.windows(4).enumerate().any(|(at, w)| {
        w[0] == "of"
            && matches!(w[1].as_str(), "my" | "our")
            && w[2] == "followers"
            && w[3] == "are"
            && at > how_many
            && unknown(at + 4)
    });
    kind_following || followers_are
}
