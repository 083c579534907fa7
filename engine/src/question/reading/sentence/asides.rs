//! Clauses beside the question: one that says why it is asked ("trying to figure out
//! when to post"), hopes ("hopefully more than last time"), or voices a worry ("is it
//! normal that …") while another clause asks what to look at.

use super::{Sentence, ASKING, ASKING_FIRST};

impl Sentence {
    /// Whether a clause asks something. A clause of purpose ("trying to figure out when to
    /// post") says why the question is asked.
    pub(in crate::question::reading) fn clause_asks(&self, clause: usize) -> bool {
        self.once_per_clause(&self.asking, clause, Self::works_out_whether_it_asks)
    }

    fn works_out_whether_it_asks(&self, clause: usize) -> bool {
        let (start, end) = self.clause_span(clause);
        !self.purpose(clause)
            && !self.only_worries(start, end)
            && !self.tells_a_figure(clause)
            && self.asks_in(start, end)
    }

    /// Whether a clause tells a figure of something named before it ("I photographed a
    /// bittern, which got 300 likes, more than anything before."): its "which" asks nothing.
    fn tells_a_figure(&self, clause: usize) -> bool {
        let (start, end) = self.clause_span(clause);
        let word = |k: usize| self.words.get(k).map_or("", String::as_str);
        let got = |w: &str| {
            matches!(
                w,
                "got" | "had" | "has" | "made" | "reached" | "did" | "pulled" | "hit"
            )
        };
        let a_number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
        // ("… a little video of them which my neighbour says had 2,000 views. How many …?":
        // a figure told in a sentence that ended before the question.)
        let ended_before_a_question = self.told_before_a_question(clause);
        let figure_told = (start..end).any(|at| got(word(at)) && a_number(word(at + 1)));
        // ("hey, which got 1k views, my reel or my carousel?": a greeting before it, asked.)
        let (before_start, before_end) = self.clause_span(clause.saturating_sub(1));
        let asking_first = ASKING.contains(&word(start)) || ASKING_FIRST.contains(&word(start));
        !self.questions.contains(&clause)
            && ((clause > 0
                && before_end - before_start >= 3
                && matches!(word(start), "which" | "that")
                && got(word(start + 1))
                && self.words[start..end].iter().any(|w| a_number(w)))
                || (ended_before_a_question && figure_told && !asking_first))
    }

    /// Whether a clause is in a sentence that ended, with no question mark, before a later
    /// sentence that asks ("I posted 4 reels. How many likes this week?"; not "how many
    /// likes last week? i posted 4 reels. how many this week?" for the first clause).
    pub(in crate::question::reading) fn told_before_a_question(&self, clause: usize) -> bool {
        let ends = |c: &usize| *c >= clause;
        let ended = self.sentences.iter().copied().filter(ends).min();
        let asked = self.questions.iter().copied().filter(ends).min();
        match (ended, asked) {
            (Some(ended), Some(asked)) => ended < asked,
            _ => false,
        }
    }

    /// Whether a clause says why, after a question that asked and ended, with a day that
    /// something moves from or to, at `at` ("Which day do my posts do best? thinking of
    /// moving the drop from friday"; "i need the number for october" asks for October).
    pub(in crate::question::reading) fn why_after_asking(&self, clause: usize, at: usize) -> bool {
        // (The cheap checks first: a long message has many periods.)
        let from_or_to = (at.saturating_sub(1)..=at)
            .any(|k| matches!(self.words.get(k).map(String::as_str), Some("from" | "to")));
        if !from_or_to || !self.questions.iter().any(|q| *q < clause) {
            return false;
        }
        let (start, end) = self.clause_span(clause);
        let moving = self.words[start..end].iter().any(|w| {
            matches!(
                w.as_str(),
                "moving" | "move" | "switching" | "switch" | "changing" | "shifting"
            )
        });
        moving
            && (self.purpose(clause) || self.words.get(start).is_some_and(|w| w == "thinking"))
            && self.asked_before(clause)
    }

    /// Whether a question that asks ended before `clause` ("… on Australia Day? I have many
    /// followers from Sydney.": what follows is told).
    pub(in crate::question::reading) fn asked_before(&self, clause: usize) -> bool {
        self.questions
            .iter()
            .any(|q| *q < clause && self.clause_asks(*q))
    }

    /// Whether a clause says why the question is asked ("trying to work out families vs
    /// staff", "because I want to post at the right time") or what is hoped for.
    pub(in crate::question::reading) fn purpose(&self, clause: usize) -> bool {
        let (start, end) = self.clause_span(clause);
        let word = |k: usize| self.words.get(k).map_or("", String::as_str);
        // ("How many people unfollow me this week, I want to see their names": the people
        // wanted, asked.)
        let wants_to_see = matches!(word(start), "i" | "we")
            && self.words[start..end]
                .iter()
                .any(|w| matches!(w.as_str(), "names" | "name" | "who" | "emails"))
            && matches!(word(start + 1), "want" | "need" | "wanna" | "would")
            && matches!(
                (word(start + 2), word(start + 3)),
                ("to", "see" | "know") | ("see" | "know", _)
            );
        !wants_to_see
            && matches!(
                (word(start), word(start + 1)),
                (
                    "trying" | "want" | "need" | "planning" | "thinking",
                    "to" | "about"
                ) | ("wanna" | "because" | "bc" | "cause" | "cuz", _)
                    | ("so", "i" | "we")
                    // "deciding where to tour"
                    | ("deciding" | "choosing", "where" | "whether" | "if")
                    | ("i", "want" | "need" | "wanna" | "think")
                    | ("im" | "i", "trying")
            )
            || self.hopes(clause)
    }

    /// Whether a clause only says what is hoped for ("Hopefully more than my hairline lost
    /// 😂", "fingers crossed it beats October", "I'm hoping it's up"): its "more than" is
    /// no comparison asked.
    pub(in crate::question::reading) fn hopes(&self, clause: usize) -> bool {
        let (start, _) = self.clause_span(clause);
        let word = |k: usize| self.words.get(k).map_or("", String::as_str);
        matches!(
            (word(start), word(start + 1)),
            ("hopefully", _) | ("fingers", "crossed") | ("im" | "i", "hoping" | "hope")
        )
    }

    /// Whether the words between two positions only voice a worry ("Is it normal that my
    /// posts get likes but no bookings?", "Should we be concerned that so few people
    /// comment?", "… one ought to post at a particular time, is that true in my case, and if
    /// so what time …") while another clause asks what to look at: the worry is told, the
    /// other clause asked.
    fn only_worries(&self, start: usize, end: usize) -> bool {
        let word = |k: usize| self.words.get(k).map_or("", String::as_str);
        let opens = |at: usize| {
            matches!(
                (word(at), word(at + 1), word(at + 2), word(at + 3)),
                (
                    "is" | "its",
                    "it" | "this" | "that",
                    "normal" | "ok" | "okay" | "bad" | "true",
                    _
                ) | ("is", "normal", ..)
                    | ("is", "it", "just" | "only", "me")
                    | ("is", "it", "me", _)
                    | (
                        "should",
                        "i" | "we",
                        "be",
                        "worried" | "concerned" | "scared"
                    )
                    | ("should", "i" | "we", "worry", _)
                    | ("am", "i", "imagining" | "overthinking", _)
                    | ("or", "am", "i", "imagining" | "overthinking")
                    | ("did", "i" | "we", "mess" | "screw", "up")
                    | ("am", "i", "doing", "something" | "it")
            )
        };
        let lead_in = matches!(
            word(start),
            "so" | "ok" | "and" | "but" | "hey" | "honestly"
        );
        let from = start + usize::from(lead_in);
        if !opens(from) {
            return false;
        }
        let clause = self.clauses.get(start).copied().unwrap_or(0);
        let last = self.clauses.last().copied().unwrap_or(0);
        (0..=last).filter(|c| *c != clause).any(|other| {
            let (other_start, other_end) = self.clause_span(other);
            let starts_worried = opens(other_start)
                || (matches!(word(other_start), "so" | "ok" | "and" | "but" | "hey")
                    && opens(other_start + 1));
            !starts_worried && self.asks_in(other_start, other_end)
        }) && end > start
    }
}
