//! The periods a part asks about, among those it names: strong ones first, weak ones ("in
//! total", a holiday, "lately") only without them; a period told in a story, a wish, a
//! plan or a correction beside the question is left out.

use super::Part;
use crate::question::lexicon::Role;
use crate::question::reading::decide::is_head;
use crate::question::when::{self, When};
use std::collections::HashSet;

impl<'s> Part<'s> {
    /// The periods of the part, strong ones first; weak ones ("in total", a holiday,
    /// "lately") only without them.
    pub(in crate::question::reading) fn periods(&self) -> Vec<When> {
        let mut strong: Vec<&when::Mention> =
            self.mentions.iter().copied().filter(|m| !m.weak).collect();
        let comparing = self.tokens.iter().any(|t| {
            matches!(
                t.role,
                Some(Role::Compare | Role::OverPrevious(_) | Role::More | Role::Less)
            )
        });
        // ("likes on halloween vs friday": a holiday set against another day is a day.)
        let set_against = |m: &when::Mention| {
            let beside = |at: usize| matches!(self.word(at), "vs" | "versus" | "than");
            matches!(m.when, When::Period(crate::question::Period::Between(..)))
                && (beside(m.end) || (m.start > 0 && beside(m.start - 1)))
                && !self
                    .mentions
                    .iter()
                    .any(|o| o.start < m.start && o.when == m.when)
        };
        // ("reach on Christmas Eve compared to the year before": the holiday is what the
        // year before is counted from.)
        let only_relative = strong
            .iter()
            .all(|m| matches!(m.when, When::Before(_) | When::SameTimeLastYear));
        if comparing && strong.len() == 1 {
            strong = self
                .mentions
                .iter()
                .copied()
                .filter(|m| !m.weak || set_against(m) || only_relative)
                .collect();
        }
        // "… I want to plan properly this year. Looking back at last summer, which days of
        // the week did my posts do best on?": a period in a sentence that ended before the
        // question is the story's.
        if !comparing && strong.len() >= 2 {
            let ended_before = |m: &&when::Mention| {
                self.sentence
                    .told_before_a_question(self.sentence.clauses[m.start])
            };
            if strong.iter().any(|m| !ended_before(m)) {
                strong.retain(|m| !ended_before(m));
            }
        }
        // A period in a story beside the question is the story's ("the board meets thursday.
        // how many posts did we publish in Q3?", "… last summer? I shot more this year").
        let told = |m: &&when::Mention| self.sentence.story(self.sentence.clauses[m.start]);
        // ("… do best? thinking of moving the drop from friday": why, said after the
        // question ended.)
        let why_said_after = |m: &when::Mention| {
            self.sentence
                .why_after_asking(self.sentence.clauses[m.start], m.start)
        };
        strong.retain(|m| !why_said_after(m));
        // ("no i meant the last seven days not last week": the period set right.)
        let corrected_away = |m: &&when::Mention| m.start > 0 && self.word(m.start - 1) == "not";
        if strong.iter().any(|m| !corrected_away(m)) {
            strong.retain(|m| !corrected_away(m));
        }
        // ("I saved up for a lightbox in the summer. Are my saves going up lately?": a weak
        // period asked is still the one asked.)
        let asked_weakly = self.mentions.iter().any(|m| {
            m.weak
                && matches!(m.when, When::Period(crate::question::Period::LastDays(_)))
                && self.sentence.clause_asks(self.sentence.clauses[m.start])
        });
        // ("Total reach over the Easter weekend? I posted the cookies on the Saturday": a
        // holiday asked of, a day told after it.)
        let season = |m: &when::Mention| {
            (m.start..m.end).any(|at| {
                matches!(
                    self.word(at),
                    "summer" | "winter" | "spring" | "autumn" | "fall" | "break"
                )
            })
        };
        let holiday_asked = self.mentions.iter().any(|m| {
            m.weak
                && matches!(m.when, When::Period(crate::question::Period::Between(..)))
                && !told(m)
                && !season(m)
                && self.sentence.clause_asks(self.sentence.clauses[m.start])
        }) && strong
            .iter()
            .all(|m| m.weekday.is_some() && m.end <= m.start + 2);
        if strong.iter().any(|m| !told(m)) || asked_weakly || holiday_asked {
            strong.retain(|m| !told(m));
        }
        // "I shared a studio with two other potters for 5 years.", "I am teaching yoga since
        // 10 years": how long the story has gone on, not the period asked.
        let how_long = |m: &&when::Mention| {
            told(m)
                && (m.start.saturating_sub(1)..=m.start)
                    .any(|at| matches!(self.word(at), "for" | "since"))
                && (m.start..m.end).any(|at| {
                    // ("Since 3 weeks I post more reels, my reach has augmented?": since
                    // the change the question asks about.)
                    matches!(self.word(at), "years" | "yrs" | "decades" | "decade")
                })
        };
        strong.retain(|m| !how_long(m));
        // ("my niece insists Instagram is the future, which I doubt": a future told is no
        // period of the question.)
        strong.retain(|m| !(told(m) && m.when == When::Future));
        // Periods in several clauses, none compared: the ones of the clauses that ask
        // ("I posted Monday night, how many likes did I get on Tuesday").
        let clause_of = |m: &when::Mention| self.sentence.clauses[m.start];
        let clauses: HashSet<usize> = strong.iter().map(|m| clause_of(m)).collect();
        // "Our reach in summer was very good … this autumn compared to summer?": a period
        // told first and asked again later is where it is asked.
        let today = self.sentence.today;
        let range = |m: &when::Mention| match m.when {
            When::Period(period) => Some(period.resolve(today)),
            _ => None,
        };
        let said_again: Vec<usize> = strong
            .iter()
            .filter(|m| {
                range(m).is_some()
                    && !self.sentence.clause_asks(clause_of(m))
                    && strong.iter().any(|later| {
                        later.start > m.start
                            && clause_of(later) != clause_of(m)
                            && self.sentence.clause_asks(clause_of(later))
                            && range(later) == range(m)
                    })
            })
            .map(|m| m.start)
            .collect();
        strong.retain(|m| !said_again.contains(&m.start));
        // "in the brazilian summer (dezembro until fevereiro)": a season, then its dates.
        if !comparing {
            let dated_season = |m: &&when::Mention| {
                (m.start..m.end).any(|at| {
                    matches!(
                        self.word(at),
                        "summer" | "winter" | "spring" | "autumn" | "fall"
                    )
                }) && strong
                    .iter()
                    .any(|next| next.start == m.end && next.end > next.start)
            };
            let seasons: Vec<usize> = strong
                .iter()
                .filter(|m| dated_season(m))
                .map(|m| m.start)
                .collect();
            if strong.len() == 2 && !seasons.is_empty() {
                strong.retain(|m| !seasons.contains(&m.start));
            }
        }
        // Compared, the clauses that ask holding both sides: a day told beside them is the
        // story's ("put the christmas lights up monday 🎄 reach this week vs last week?").
        if clauses.len() >= 2 {
            let asking: HashSet<usize> = self
                .tokens
                .iter()
                .filter(|t| t.role.as_ref().is_some_and(is_head))
                .map(|t| t.clause)
                .collect();
            let kept: Vec<&when::Mention> = strong
                .iter()
                .copied()
                .filter(|m| asking.contains(&clause_of(m)))
                .collect();
            if (!comparing && !kept.is_empty()) || (comparing && kept.len() >= 2) {
                strong = kept;
            }
        }
        // "how did our Valentine's posts do this year?": posts named after an occasion, the
        // year only saying which one; which posts they are is still to be asked.
        let occasion_posts = self.mentions.iter().any(|m| {
            m.weak
                && m.when == When::Vague
                && m.end > m.start + 1
                && matches!(
                    self.word(m.end - 1),
                    "posts" | "post" | "reels" | "reel" | "content" | "stories" | "photos"
                )
        });
        if occasion_posts
            && !strong.is_empty()
            && strong.iter().all(|m| {
                matches!(
                    m.when,
                    When::Period(
                        crate::question::Period::ThisYear
                            | crate::question::Period::LastYear
                            | crate::question::Period::Year(_)
                    )
                )
            })
        {
            return vec![When::Vague];
        }
        // "Any tips on what to post next? Winter's always quiet.", "Christmas is when everyone
        // wants a tank": a season or a holiday said of every year, after the question.
        let said_of_every_year = |m: &&when::Mention| {
            let clause = clause_of(m);
            told(m)
                && self.sentence.questions.iter().any(|q| *q < clause)
                && self.sentence.words.iter().enumerate().any(|(at, w)| {
                    self.sentence.clauses[at] == clause
                        && matches!(w.as_str(), "is" | "s" | "are" | "always" | "usually")
                })
        };
        if !strong.is_empty() && strong.iter().all(said_of_every_year) {
            return Vec::new();
        }
        // ("which post had the most likes in july and august": a ranking over both, as one.)
        let ranks = self
            .tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)));
        if let ([first, second], false, true) = (strong.as_slice(), comparing, ranks) {
            let joined = second.start == first.end + 1 && self.word(first.end) == "and";
            if let (true, Some(first), Some(second)) = (joined, range(first), range(second)) {
                if first.last < second.first {
                    let both = crate::question::Period::Between(first.first, second.last);
                    return vec![When::Period(both)];
                }
            }
        }
        let strong: Vec<When> = strong.into_iter().map(|m| m.when.clone()).collect();
        if strong.is_empty() {
            // ("We had a Halloween special … How many likes did I get on Halloween?": the
            // post's name in the story, the day in the question.)
            let placed_in_question = self
                .mentions
                .iter()
                .any(|m| !told(m) && matches!(m.when, When::Period(_)));
            self.mentions
                .iter()
                // ("easter rush is finally over. which post got the most saves over the easter
                // weekend?": the story's day, the question's weekend.)
                .filter(|m| !(placed_in_question && told(m)))
                .filter(|m| !said_of_every_year(m) && !how_long(m) && !why_said_after(m))
                .map(|m| m.when.clone())
                .collect()
        } else {
            strong
        }
    }
}
