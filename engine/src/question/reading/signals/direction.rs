//! Which way a figure went: up or down against a period ("are likes up on last week"),
//! up or down alone ("reach down?"), or this period against the last ("better this month or
//! last"), or better this week than the one before ("is my reach better this week").

use crate::question::lexicon::Role;
use crate::question::when::When;

use super::{Part, Signals};

impl Part<'_> {
    /// Reads whether the part compares two periods or asks which way a figure went.
    pub(super) fn which_way(&self, s: &mut Signals) {
        // "likes vs comments this month", "reach vs impressions last week, side by side":
        // two figures of one period, not one figure over two.
        let metric_at = |at: usize| {
            self.token_at(at)
                .is_some_and(|t| matches!(t.role, Some(Role::Metric(_))))
        };
        let figures_set_side_by_side = self.tokens.iter().any(|t| {
            matches!(t.text.as_str(), "vs" | "versus" | "v")
                && t.at > 0
                && metric_at(t.at - 1)
                && metric_at(t.at + 1)
        });
        if figures_set_side_by_side && self.mentions.iter().filter(|m| !m.weak).count() <= 1 {
            s.compare = false;
        }
        // "are likes up on last week", "reach up or down on October?", "were my comments up
        // from last month": compared with that period (not "trending up or down on 12
        // November": on that day).
        if self.mentions.iter().any(|m| {
            let one_day = match m.when {
                When::Period(period) => period.is_one_day(self.sentence.today),
                _ => true,
            };
            // Where "on" or "from" stands: before the period, or its first word.
            let preposition = if matches!(self.word(m.start), "on" | "from") {
                m.start
            } else {
                m.start.saturating_sub(1)
            };
            // The word before "up", "down" or "up or down".
            let direction = preposition.saturating_sub(1);
            let before = if direction >= 2
                && self.word(direction - 1) == "or"
                && matches!(self.word(direction - 2), "up" | "down")
            {
                direction.wrapping_sub(3)
            } else {
                direction.wrapping_sub(1)
            };
            // ("likes are up on last week": the figure before its verb.)
            let before = if matches!(self.word(before), "is" | "are" | "was" | "were") {
                before.wrapping_sub(1)
            } else {
                before
            };
            !one_day
            && preposition >= 2
            && matches!(self.word(preposition), "on" | "from")
            && matches!(self.word(direction), "up" | "down")
            // (a figure is up, not "the posts we put up on Saturday")
            && (self.token_at(before).is_some_and(|t| {
                matches!(t.role, Some(Role::Metric(_) | Role::Followers))
            }) || matches!(
                self.word(before),
                "it" | "that" | "this" | "we" | "they" | "things" | "numbers" | "figures" | "stats"
            ))
        }) {
            s.compare = true;
            s.trend = false;
        }
        // "reach down?", "are likes up this week", "why is my reach so low": which way the
        // figure went.
        if !s.compare
            && !s.trend
            && self.tokens.iter().any(|t| {
                let mut at = t.at + 1;
                while matches!(
                    self.word(at),
                    "is" | "are"
                        | "was"
                        | "were"
                        | "so"
                        | "really"
                        | "very"
                        | "been"
                        | "has"
                        | "have"
                        | "gone"
                        | "too"
                        | "way"
                        | "looking"
                        | "kinda"
                        | "pretty"
                        | "feels"
                        | "seems"
                        | "looks"
                ) {
                    at += 1;
                }
                // ("my reach feels lower since november", "is my reach cooked lately", "is
                // my reach holding up": how it has gone, not against a period named.)
                let lately = matches!(
                    self.word(at + 1),
                    "" | "lately" | "recently" | "since" | "these" | "now" | "or" | "is"
                );
                matches!(t.role, Some(Role::Metric(_)))
                    && (matches!(self.word(at), "up" | "down")
                        || self.word(at) == "low" && at > t.at + 1
                        || matches!(self.word(at), "lower" | "higher") && at > t.at + 1 && lately
                        || matches!(self.word(at), "cooked" | "dead")
                            && matches!(self.word(at + 1), "lately" | "recently" | "since")
                        || self.word(at) == "holding" && self.word(at + 1) == "up")
                    && !matches!(
                        self.word(at + 1),
                        "on" | "from" | "vs" | "versus" | "against"
                    )
            })
        {
            s.trend = true;
        }
        // "and with September?", "against october then": the other side of a comparison,
        // said alone.
        let opens_with_the_other_side = self.mentions.len() == 1 && {
            let start = self.mentions[0].start;
            start >= 1
                && matches!(self.word(start - 1), "with" | "against")
                && (0..start - 1).all(|at| matches!(self.word(at), "and" | "but" | "ok" | "so"))
        };
        if opens_with_the_other_side {
            s.compare = true;
        }
        // "and this month v last?", "this week compared to the last": the period named,
        // against the one before it ("last" with no unit of its own).
        s.against_last = self.mentions.len() == 1
            && self.tokens.iter().any(|t| {
                let mut at = t.at + t.text.split(' ').count();
                if matches!(self.word(at), "to" | "with") {
                    at += 1;
                }
                if self.word(at) == "the" {
                    at += 1;
                }
                matches!(t.role, Some(Role::Compare))
                    && t.at >= self.mentions[0].end
                    && matches!(self.word(at), "last" | "previous" | "prev")
                    && matches!(self.word(at + 1), "" | "one" | "time")
            });
        // "is my engagement better this month or last": the period named against the one
        // before it.
        if (s.more || s.less) && !s.compare && self.mentions.len() == 1 {
            let after = self.mentions[0].end;
            let or_last = self.word(after) == "or"
                && (self.word(after + 1) == "last"
                    || self.word(after + 1) == "the" && self.word(after + 2) == "last")
                && matches!(
                    self.word(after + 2 + usize::from(self.word(after + 1) == "the")),
                    "" | "one" | "time"
                );
            if or_last {
                s.compare = true;
            }
        }
    }

    /// "is my engagement better this week or nah": a yes-or-no question of a figure that is
    /// better, higher or more in this week, month or year, with nothing to set it against:
    /// against the one before.
    pub(super) fn better_this_time(&self, s: &mut Signals) {
        let asks_yes_or_no = self.tokens.first().is_some_and(|t| {
            matches!(
                t.text.as_str(),
                "is" | "are" | "was" | "did" | "has" | "have"
            )
        });
        let this_one = |m: &&crate::question::when::Mention| {
            !m.weak
                && matches!(
                    m.when,
                    When::Period(
                        crate::question::Period::ThisWeek
                            | crate::question::Period::ThisMonth
                            | crate::question::Period::ThisYear
                    )
                )
        };
        if asks_yes_or_no
            && (s.more || s.less)
            && !(s.highest || s.lowest || s.compare)
            && (!s.metrics.is_empty() || s.rate)
            && self.mentions.len() == 1
            && self.mentions.iter().any(this_one)
            && !self.sentence.words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "than" | "then" | "vs" | "versus" | "usual" | "average"
                )
            })
        {
            s.compare = true;
        }
    }
}
