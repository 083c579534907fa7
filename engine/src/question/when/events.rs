//! Times that name an event rather than the time asked about: "for the Monday report", "a
//! shoutout at Friday night dinner", "the committee meeting tonight".

use super::reader::Reader;

impl Reader<'_> {
    /// Whether the holiday named by the words before `end` names a post or a campaign
    /// ("the halloween reel", "my Eid post", "the ramadan campaign") rather than its day.
    /// (Not "lebaran kemarin postingan mana …": which post, asked of the day.)
    pub(super) fn holiday_names_a_post(&self, end: usize) -> bool {
        self.at(end + 1) != "which"
            && matches!(
                self.at(end),
                "post"
                    | "posts"
                    | "reel"
                    | "reels"
                    | "drop"
                    | "launch"
                    | "collection"
                    | "sale"
                    | "photo"
                    | "pic"
                    | "video"
                    | "carousel"
                    | "campaign"
                    | "thing"
                    | "content"
                    | "special"
                    | "giveaway"
            )
    }

    /// Whether the holiday named from `start` is what a post was for ("post for Tết this
    /// year, how is result?"): a post, named by its holiday.
    /// (Not "what should I post for Christmas": "post", the verb.)
    pub(super) fn post_for_the_holiday(&self, start: usize) -> bool {
        start >= 2
            && self.at(start - 1) == "for"
            && matches!(
                self.at(start - 2),
                "post" | "reel" | "video" | "photo" | "carousel" | "campaign"
            )
            && (start < 3 || !matches!(self.at(start - 3), "i" | "we" | "to" | "should" | "u"))
    }

    /// Whether the time named by the `taken` words at `i` names an event held then ("for
    /// the Monday report", "a shoutout at Friday night dinner", "before the January
    /// deadline", "tickets for the Christmas show"): after "the", "our", "at" or "for" and
    /// before a word Pulse does not know, which is what the time describes.
    pub(super) fn names_an_event(&self, i: usize, taken: usize) -> bool {
        // ("for the client's Monday meeting": someone's, after "the", "our" or "my".)
        let owned = i >= 2
            && self.at(i - 1).len() > 3
            && self.at(i - 1).ends_with('s')
            && matches!(self.at(i - 2), "the" | "our" | "my");
        if i == 0
            || !(owned
                || matches!(
                    self.at(i - 1),
                    "the" | "our" | "my" | "a" | "every" | "each" | "weekly" | "at" | "for"
                ))
        {
            return false;
        }
        // "since the halloween lan party": the day it was held is the time asked from.
        if i >= 2 && matches!(self.at(i - 2), "since" | "after" | "from") {
            return false;
        }
        let mut after = i + taken;
        if matches!(
            self.at(after),
            "morning" | "afternoon" | "evening" | "night"
        ) {
            after += 1;
        }
        let noun = self.at(after);
        let event_words = [
            "report",
            "show",
            "dinner",
            "lunch",
            "party",
            "deadline",
            "meeting",
            "concert",
            "fete",
            "fair",
            "assembly",
            "service",
            "market",
            "gig",
            "newsletter",
            "deck",
            "review",
        ];
        event_words.contains(&noun)
            || (noun.len() > 2
                && noun.chars().all(|c| c.is_alphabetic())
                && !crate::question::words::is_known(noun)
                && crate::question::words::correct(noun).is_none())
    }

    /// Whether "tonight" at `i` says when an event is ("for the committee meeting tonight").
    pub(super) fn tonight_of_an_event(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.at(i - 1),
                "meeting"
                    | "party"
                    | "show"
                    | "dinner"
                    | "class"
                    | "gig"
                    | "presentation"
                    | "quiz"
                    | "session"
                    | "event"
                    | "talk"
                    | "call"
            )
    }

    /// Whether the weekday at `i` ends the name of a weekly theme or hashtag ("taco
    /// tuesday", "food truck friday", "motivation monday"): after a word of its own that
    /// begins with the weekday's letter (not "from friday", "what about wednesday").
    pub(super) fn names_a_weekly_theme(&self, i: usize) -> bool {
        let Some((_, false)) = super::dates::weekday_of(self.at(i), false) else {
            return false;
        };
        let letter = self.at(i).chars().next();
        // (A word of the question's own tables is no name: "what about wednesday", "saves
        // sunday".)
        let own_word = |at: usize| own_word(self.at(at).trim_start_matches('#'));
        // ("the photos from the shoot sunday", "after the fair friday": an event held that
        // day, after "the".)
        (1..=2).any(|back| {
            i >= back
                && (1..=back).all(|k| own_word(i - k))
                && !matches!(
                    self.at((i - back).wrapping_sub(1)),
                    "the" | "a" | "an" | "that"
                )
                && self.at(i - back).trim_start_matches('#').chars().next() == letter
        })
    }

    /// Whether "weekend" at `i` is the weekend of an event Pulse cannot date ("over the
    /// rodeo weekend"), named by a word of its own after "the", "our" or "that".
    pub(super) fn weekend_of_an_event(&self, i: usize) -> bool {
        let named = self.at(i.saturating_sub(1));
        i >= 2
            && matches!(self.at(i - 2), "the" | "our" | "that")
            && own_word(named)
            // ("the long weekend", "the rainy weekend": a weekend described, the last one.)
            && !named.ends_with('y')
            && !matches!(
                named,
                "long" | "hot" | "cold" | "wet" | "quiet" | "big" | "great" | "mad" | "slow"
            )
    }
}

/// Whether `word` is one of the asker's own (a name, a thing): letters only, and no word of
/// the question's tables or of the period reader ("taco", "rodeo"; not "what", "saves").
pub(super) fn own_word(word: &str) -> bool {
    word.len() > 2
        && word.chars().all(char::is_alphabetic)
        && !super::VOCABULARY.contains(&word)
        && !crate::question::words::is_known(word)
}
