//! Times of day that are told, not asked: an hour the asker keeps ("I usually post at like
//! 9pm"), when they can post ("evenings are easier for me"), an event's name ("quiz night",
//! "evening classes"), their own hours ("driving all morning"), a greeting ("evening, …").

use crate::question::lexicon::Role;
use crate::question::reading::sentence::Token;

use super::Part;

impl Part<'_> {
    /// Whether the time of day `token` names is told beside the question, not asked about.
    pub(super) fn time_of_day_told(&self, token: &Token) -> bool {
        // "I usually post at like 9pm", "the 6am HIIT one": an hour told.
        let hour_kept = token.text.chars().any(|c| c.is_ascii_digit())
            && (self.sentence.story(token.clause)
                || self.sentence.statement(token.clause)
                || !self.sentence.clause_asks(token.clause));
        // "so evenings are easier for me": when the asker can post, told.
        let when_i_can = matches!(self.word(token.at + 1), "is" | "are" | "suit" | "suits")
            && (matches!(self.word(token.at + 2), "easier" | "easiest" | "me" | "us")
                || (matches!(self.word(token.at + 2), "better" | "best" | "good")
                    && self.word(token.at + 3) == "for"));
        // "less post because night duty", "evening classes": the asker's hours or
        // an event, told; "the open evening post", "quiz night": an event's name,
        // whose words Pulse cannot place.
        let event_named = matches!(
            self.word(token.at + token.text.split(' ').count()),
            "duty"
                | "duties"
                | "shift"
                | "shifts"
                | "job"
                | "jobs"
                | "class"
                | "classes"
                | "service"
                | "services"
                | "event"
                | "events"
                | "session"
                | "sessions"
                | "market"
                | "markets"
                | "show"
                | "shows"
                | "run"
                | "runs"
                | "owl"
                | "owls"
                | "people"
                | "person" // "the night run to felixstowe", "our morning walk": a thing named.
        ) || matches!(
            token.text.as_str(),
            "morning" | "afternoon" | "evening" | "night" | "late night"
        ) && self
            .token_at(token.at + token.text.split(' ').count())
            .is_some_and(|after| after.role.is_none() && after.clause == token.clause)
            || (token.at > 0
                && self
                    .token_at(token.at - 1)
                    // ("for the football nights lads": the nights named.)
                    .is_some_and(|before| matches!(before.role, None | Some(Role::OffTopic)))
                && !self
                    .word(token.at - 1)
                    .starts_with(|c: char| c.is_ascii_digit()));
        // "what time should I post cause I'm driving all morning": the asker's hours.
        let my_hours = token.at > 0
            && self.word(token.at - 1) == "all"
            && matches!(
                token.text.as_str(),
                "morning" | "afternoon" | "evening" | "night"
            );
        // "evening just finished milking how many people follow the page": a
        // greeting that opens the message.
        let greeting = token.at == 0
            && matches!(token.text.as_str(), "morning" | "evening" | "afternoon")
            && !matches!(
                self.word(1),
                "post"
                    | "posts"
                    | "posting"
                    | "or"
                    | "vs"
                    | "versus"
                    | "and"
                    | "is"
                    | "are"
                    | "better"
                    | "best"
                    | "reel"
                    | "reels"
                    | "time"
                    | "times"
                    | "slot"
                    | "slots"
                    | "photos"
                    | "pics"
                    | "videos"
                    | "stuff"
            );
        hour_kept || when_i_can || event_named || my_hours || greeting
    }
}
