//! When a question is about, as people say it: "last 7 days", "past fortnight", "on
//! Thursday", "on 4 March", "this summer", "Q3", "since the first of October", "between the
//! 1st and the 15th", "the day before yesterday", "in total", "the week before" (relative to
//! the previous question), and times that have not come yet ("tomorrow", "next week").
//!
//! [`mentions`] reads canonical words (see `words/`) and returns every [`Mention`] with the
//! words it used, so the rest of the parser neither reads "7" in "last 7 days" as "top 7"
//! nor drops a period word it did not understand. Absolute periods (a weekday, a date, a
//! season) are resolved to dates here, for `today` in the chat's time zone; seasons follow
//! the hemisphere of that zone.

mod around_a_day;
mod dates;
mod easter;
mod events;
mod halves;
mod listed_days;
mod long_weekend;
mod mention;
mod national_days;
mod next_days;
mod reader;
mod relative;
mod said_again;
mod seasons;
mod since;
mod this_one;
mod vocabulary;
mod weakly_named;
mod zone;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::period::Period;

use dates::{day_of_month_at, last_of_month, monday_of, rolling, unit, Unit};
pub use dates::{number_at, ORDINALS};
use reader::Reader;
use seasons::holiday_at;
pub use vocabulary::{UNDATED, VOCABULARY};
pub use zone::{southern, ZoneHabits};

/// What a mention says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A period.
    Period(Period),
    /// The period just before the one already in the conversation ("the week before",
    /// "the 7 before", "the previous period"): as long as that one, or as long as the words
    /// say ("the 2 weeks before", "the month before it").
    Before(Option<Length>),
    /// This many days just after the period already in the conversation ("the week after",
    /// "the 3 days after it").
    After(u32),
    /// The same day a week earlier than the other period ("the same day last week").
    SameDayLastWeek,
    /// The Saturday and Sunday just before the other period ("the weekend before it").
    WeekendBefore,
    /// The same dates a year earlier than the other period ("the same period last year").
    SameTimeLastYear,
    /// The same dates a month earlier than the other period ("the same days last month").
    SameTimeLastMonth,
    /// The same days of the month in another month, the most recent before the other
    /// period's ("the same window in October" after 2 to 11 November).
    SameDaysIn(u32),
    /// A half of the other period: of its month ("the second half of the month" after 1 to
    /// 15 October), or of a longer period itself ("only the first half" after this year):
    /// `true` for the first half.
    HalfOfThatPeriod(bool),
    /// A time that has not come yet.
    Future,
    /// A time Pulse cannot place exactly ("early October", "3/4").
    Vague,
}

/// How long a period named by its length is ("the 2 weeks before").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Days(u32),
    Months(u32),
}

/// A period found in the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// What it says.
    pub when: When,
    /// The first word it used.
    pub start: usize,
    /// One past the last word it used.
    pub end: usize,
    /// A weekday said on its own ("monday", "mondays"): a day, unless the question compares
    /// weekdays.
    pub weekday: Option<Weekday>,
    /// "in total", "altogether": all time, but only when nothing else names a period.
    pub weak: bool,
}

/// Every period the words name, in order, with the words each used, read with the habits of
/// the chat's zone (seasons turned around in the southern hemisphere, "2/11" day first in
/// Europe).
pub fn mentions(words: &[&str], today: NaiveDate, habits: ZoneHabits) -> Vec<Mention> {
    let reader = Reader {
        words,
        today,
        southern: habits.southern,
        day_first: dates::day_order_shown(words).or(habits.day_first),
        mothering_sunday: habits.mothering_sunday,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // "the week ending Sunday", "the 7 days to 8 November": that many days, up to it.
        if let Some(mention) = since::span_ending(&reader, i) {
            i = mention.end;
            found.push(mention);
            continue;
        }
        // "from the 2nd to the 9th of august": two days sharing a month.
        if matches!(words[i], "from") {
            if let Some(mention) = reader.day_pair(i + 1) {
                let start = i;
                i = mention.end;
                found.push(mention.with_start(start));
                continue;
            }
        }
        // "going back to the start of october": since then.
        if words[i] == "back"
            && reader.at(i + 1) == "to"
            && i > 0
            && matches!(words[i - 1], "going" | "go" | "goes" | "went")
        {
            let at = i + 2 + usize::from(reader.at(i + 2) == "the");
            if let Some((When::Period(period), end, _)) =
                reader.mention(at).or_else(|| reader.mention(i + 2))
            {
                let first = period.resolve(today).first;
                found.push(Mention::named(When::Period(Period::Since(first)), i, end));
                i = end;
                continue;
            }
        }
        // "since <period>": from its first day to today; "from X to Y": a range.
        if matches!(words[i], "since" | "from") {
            let inner = reader.mention(i + 1).or_else(|| {
                (reader.at(i + 1) == "the")
                    .then(|| reader.mention(i + 2))
                    .flatten()
            });
            if let Some((When::Period(period), end, _)) = inner {
                let range = period.resolve(today);
                // "from last month to this month": two months to compare, not one stretch.
                let this_one = match period {
                    Period::LastWeek => Some(Period::ThisWeek),
                    Period::LastMonth => Some(Period::ThisMonth),
                    Period::LastYear => Some(Period::ThisYear),
                    Period::Yesterday => Some(Period::Today),
                    _ => None,
                };
                if let Some(this_one) = this_one.filter(|_| reader.at(end) == "to") {
                    if let Some((When::Period(then), after, _)) = reader.mention(end + 1) {
                        if then == this_one {
                            found.push(Mention::named(When::Period(period), i, end));
                            found.push(Mention::named(When::Period(then), end + 1, after));
                            i = after;
                            continue;
                        }
                    }
                }
                if let Some(mention) = reader.range_end(range.first, end) {
                    let start = i;
                    i = mention.end;
                    found.push(mention.with_start(start));
                    continue;
                }
                // "from the beginning of the year" has no end: since then.
                let opens = matches!(reader.at(i + 1), "start" | "beginning" | "begin")
                    || matches!(reader.at(i + 2), "start" | "beginning" | "begin");
                // "since summer ended", "since the holidays finished": from the day after.
                let ended_words = match (reader.at(end), reader.at(end + 1)) {
                    ("ended" | "finished", _) => Some(1),
                    ("was" | "were", "over") => Some(2),
                    _ => None,
                };
                if let Some(taken) = ended_words.filter(|_| words[i] == "since") {
                    if range.last < today {
                        let after = range.last + Days::new(1);
                        found.push(Mention::named(
                            When::Period(Period::Since(after)),
                            i,
                            end + taken,
                        ));
                        i = end + taken;
                        continue;
                    }
                }
                // "new followers from 1 November": since that day (but "the reel from 1
                // November" is that day's).
                let from_a_day = words[i] == "from"
                    && range.first == range.last
                    && range.last < today
                    && matches!(period, Period::Between(..))
                    && !(i > 0
                        && matches!(
                            words[i - 1],
                            "post"
                                | "posts"
                                | "reel"
                                | "reels"
                                | "photo"
                                | "photos"
                                | "pic"
                                | "pics"
                                | "video"
                                | "videos"
                                | "carousel"
                                | "carousels"
                                | "one"
                                | "ones"
                                | "upload"
                                | "uploads"
                                | "content"
                                | "story"
                                | "stories"
                        ));
                let when = if words[i] == "since" || opens || from_a_day {
                    When::Period(Period::Since(range.first))
                } else {
                    When::Period(period)
                };
                found.push(Mention::named(when, i, end));
                i = end;
                continue;
            }
            // "since 2 weeks" (German "seit", Spanish "desde hace"): the last two weeks.
            if words[i] == "since" {
                let rolled = number_at(words, i + 1).and_then(|(n, taken)| {
                    let after = i + 1 + taken;
                    let unit = unit(reader.at(after)).filter(|u| *u != Unit::Hour)?;
                    (reader.at(after + 1) != "ago")
                        .then(|| rolling(unit, n))
                        .flatten()
                        .map(|period| (period, after + 1))
                });
                if let Some((period, end)) = rolled {
                    found.push(Mention::named(When::Period(period), i, end));
                    i = end;
                    continue;
                }
            }
            // "since we reopened on the 1st of October": from that date.
            if words[i] == "since" {
                let dated = since::dated_within(&reader, i);
                if let Some((period, end)) = dated {
                    found.push(Mention::named(
                        When::Period(Period::Since(period.resolve(today).first)),
                        i,
                        end,
                    ));
                    i = end;
                    continue;
                }
                // "since then", "since that day": from the other period named.
                // ("Sarah started on 2 November. How many posts since she started?")
                let back_to = match (reader.at(i + 1), reader.at(i + 2)) {
                    ("then", _) => Some(2),
                    // ("… on 1st September, how has our follower count changed since?")
                    ("", _) => Some(1),
                    ("that" | "this", "day" | "date") => Some(3),
                    (
                        "she" | "he",
                        "started" | "joined" | "began" | "arrived" | "came" | "took",
                    ) => Some(3),
                    _ => None,
                };
                if let Some(taken) = back_to {
                    if let Some(Mention {
                        when: When::Period(period),
                        ..
                    }) = found
                        .iter()
                        .rev()
                        .find(|m| matches!(m.when, When::Period(_)))
                    {
                        let first = period.resolve(today).first;
                        // ("how many followers since monday, and posts since then": both
                        // asked; "the launch on 2 Nov. Reach since then": the day only told.)
                        if !matches!(period, Period::Since(_)) {
                            found.retain(|m| !matches!(m.when, When::Period(_)));
                        }
                        found.push(Mention::named(
                            When::Period(Period::Since(first)),
                            i,
                            i + taken,
                        ));
                        i += taken;
                        continue;
                    }
                }
            }
            // "launch was 2 Nov, so from then till now": since that day.
            if words[i] == "from"
                && reader.at(i + 1) == "then"
                && matches!(reader.at(i + 2), "till" | "until" | "to" | "til")
                && matches!(reader.at(i + 3), "now" | "today" | "date")
            {
                let named = found.iter().rev().find_map(|m| match m.when {
                    When::Period(period) => Some(period.resolve(today).first),
                    _ => None,
                });
                if let Some(first) = named {
                    found.retain(|m| !matches!(m.when, When::Period(_)));
                    found.push(Mention::named(When::Period(Period::Since(first)), i, i + 4));
                    i += 4;
                    continue;
                }
            }
            // "since the month started", "since the week began": this one so far.
            if words[i] == "since"
                && reader.at(i + 1) == "the"
                && matches!(
                    reader.at(i + 3),
                    "started" | "began" | "begun" | "start" | "starts" | "kicked"
                )
            {
                let this_one = match unit(reader.at(i + 2)) {
                    Some(Unit::Week) => Some(Period::ThisWeek),
                    Some(Unit::Month) => Some(Period::ThisMonth),
                    Some(Unit::Year) => Some(Period::ThisYear),
                    _ => None,
                };
                if let Some(period) = this_one {
                    let end = i + 4 + usize::from(reader.at(i + 4) == "off");
                    found.push(Mention::named(When::Period(period), i, end));
                    i = end;
                    continue;
                }
            }
            // "since I linked my account", "since I started": everything Pulse has ("since
            // we reopened after the refurb" is a time Pulse cannot place).
            let from_the_start = matches!(reader.at(i + 1), "forever" | "ever")
                || (matches!(reader.at(i + 1), "i" | "we")
                    && matches!(
                        reader.at(i + 2),
                        "started"
                            | "began"
                            | "begun"
                            | "joined"
                            | "linked"
                            | "connected"
                            | "opened"
                            | "signed"
                            | "first"
                            | "launched"
                            | "set"
                            | "got"
                            | "created"
                            | "made"
                            | "have"
                            | "ve"
                            | "was"
                            | "were"
                            | "hooked"
                            | "added"
                            | "plugged"
                            | "synced"
                    )
                    || (i + 2..(i + 7).min(words.len()))
                        .any(|at| matches!(words[at], "account" | "pulse" | "bot" | "app")));
            if words[i] == "since" && from_the_start {
                // The words of "since I connected my account" are the period's, not a
                // question's ("connected" is not about when followers are online).
                let end = (i + 2..(i + 7).min(words.len()))
                    .find(|&at| matches!(words[at], "account" | "pulse" | "bot" | "app"))
                    .map_or(i + 1, |at| at + 1);
                found.push(Mention::weak(When::Period(Period::AllTime), i, end));
                i = end;
                continue;
            }
            // "since I changed the name of the page", "since we moved shop": a day Pulse
            // does not know, to be asked for ("since I'm busy" gives a reason instead).
            if words[i] == "since" && matches!(reader.at(i + 1), "i" | "we" | "they") {
                let verb_at = if matches!(reader.at(i + 2), "last" | "finally" | "just" | "all") {
                    i + 3
                } else {
                    i + 2
                };
                let verb = reader.at(verb_at);
                let past = (verb.len() > 4 && verb.ends_with("ed"))
                    || matches!(
                        verb,
                        "put"
                            | "did"
                            | "went"
                            | "took"
                            | "ran"
                            | "had"
                            | "left"
                            | "came"
                            | "hit"
                            | "won"
                            | "lost"
                            | "gave"
                            | "held"
                            | "spent"
                            | "sold"
                            | "built"
                            | "bought"
                            | "began"
                            | "threw"
                            | "swapped"
                            // ("since I move the salon": the past, as a learner says it.)
                            | "move"
                            | "start"
                            | "open"
                            | "launch"
                            | "switch"
                            | "rebrand"
                    );
                if past {
                    found.push(Mention::named(When::Vague, i, verb_at + 1));
                    i = verb_at + 1;
                    continue;
                }
            }
        }
        if let Some(end) = since::own_occasion(&reader, i) {
            found.push(Mention::named(When::Vague, i, end));
            i = end;
            continue;
        }
        // "compare growth between September and October": two periods, not one range.
        if words[i] == "between" && since::compares_two_periods(&reader, words, i) {
            i += 1;
            continue;
        }
        // "between X and Y"
        if words[i] == "between" {
            // "between Burns Night (25 Jan) and …": an occasion named, then dated.
            let first_at = (i + 1..(i + 5).min(words.len()))
                .take_while(|&at| !matches!(words[at], "and" | "to" | "till" | "until"))
                .find(|&at| matches!(reader.mention(at), Some((When::Period(_), _, _))))
                .unwrap_or(i + 1);
            if let Some((When::Period(first), end, _)) = reader.mention(first_at) {
                // ("between Burns Night (25 Jan) and …": the occasion, then its date.)
                let end = match reader.mention(end) {
                    Some((When::Period(again), after, _))
                        if again.resolve(today).first == first.resolve(today).first =>
                    {
                        after
                    }
                    _ => end,
                };
                let range = first.resolve(today);
                if let Some(mention) = reader.range_end(range.first, end) {
                    let start = i;
                    i = mention.end;
                    found.push(mention.with_start(start));
                    continue;
                }
                // "between 22 October and opening night on 5 November": the second end
                // named, then dated.
                let dated_end = (reader.at(end) == "and")
                    .then(|| (end + 2..end + 6).find(|&at| reader.at(at) == "on"))
                    .flatten()
                    .and_then(|on| match reader.mention(on + 1) {
                        Some((When::Period(last), after, _)) => Some((last, after)),
                        _ => None,
                    });
                if let Some((last, after)) = dated_end {
                    let last = last.resolve(today).last;
                    if last >= range.first {
                        found.push(Mention::named(
                            When::Period(Period::Between(range.first, last)),
                            i,
                            after,
                        ));
                        i = after;
                        continue;
                    }
                }
            }
            // "between the 1st and the 15th of october"
            if let Some(mention) = reader.day_pair(i + 1) {
                let start = i;
                i = mention.end;
                found.push(mention.with_start(start));
                continue;
            }
        }
        // "5 to 12 november", "1st-15th nov", "the 1st to the 7th of october", "the 24th and
        // 25th of october"
        if day_of_month_at(words, i).is_some()
            || (words[i] == "the" && day_of_month_at(words, i + 1).is_some())
        {
            if let Some(mention) = reader.day_pair_joined(i, false) {
                i = mention.end;
                found.push(mention);
                continue;
            }
        }
        if let Some((when, end, weekday)) = reader.mention(i) {
            // "june to august", "oct-nov"
            if let When::Period(period) = &when {
                if matches!(
                    reader.at(end),
                    "to" | "till" | "til" | "until" | "through" | "thru"
                ) {
                    let first = period.resolve(today).first;
                    if let Some(mention) = reader.range_end(first, end) {
                        let start = i;
                        i = mention.end;
                        found.push(mention.with_start(start));
                        continue;
                    }
                }
            }
            // A holiday is a weak period: "December, with the xmas markets" is December.
            let weak = holiday_at(words, i, today, reader.mothering_sunday).is_some();
            found.push(Mention {
                when,
                start: i,
                end,
                weekday,
                weak,
            });
            i = end.max(i + 1);
            continue;
        }
        if let Some(mention) = weakly_named::weak_mention(&reader, words, i) {
            i = mention.end;
            found.push(mention);
            continue;
        }
        i += 1;
    }
    since::dated_since(words, &mut found, today);
    seasons::restated_by_months(words, &mut found, today);
    // "Remembrance weekend (7th-8th Nov)", "our trunk show week, 12th-18th October",
    // "which I think was Saturday the 24th of October": dates written out say which days a
    // name before them meant.
    // ("last year, 28/11/2025": a date written with slashes or dots too.)
    let written_date = |word: &str| {
        word.contains(['/', '.'])
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || c == '/' || c == '.')
    };
    let dated = |m: &Mention| {
        matches!(m.when, When::Period(_))
            && (m.start..m.end)
                .any(|at| day_of_month_at(words, at).is_some() || written_date(words[at]))
    };
    let compared = |from: usize, to: usize| {
        (from..to).any(|at| {
            matches!(
                words[at],
                "vs" | "versus"
                    | "compared"
                    | "than"
                    | "and"
                    | "or"
                    | "to"
                    | "from"
                    | "between"
                    | "with"
                    | "against"
            )
        })
    };
    // ("…best this month? I dropped the new collection on the 2nd": a date told of something
    // done, not the month restated.)
    let someone_between = |from: usize, to: usize| {
        (from..to).any(|at| matches!(words[at], "i" | "we" | "they" | "he" | "she" | "you"))
    };
    let restated: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, m)| !dated(m))
        .filter(|(_, m)| {
            found.iter().any(|d| {
                // ("over the 2026 season (Feb to Oct)": a part of the year named, narrower.)
                let narrower = match (&m.when, &d.when) {
                    (When::Period(wide), When::Period(narrow)) => {
                        let (wide, narrow) = (wide.resolve(today), narrow.resolve(today));
                        narrow.first >= wide.first
                            && narrow.last <= wide.last
                            && narrow != wide
                            && narrow.first < narrow.last
                            && !d.weak
                            && d.start >= m.end
                            && d.start - m.end <= 3
                    }
                    _ => false,
                };
                // ("this year? The trustees meet on the 3rd of December": a date outside the
                // period named restates nothing.)
                let outside = match (&m.when, &d.when) {
                    (When::Period(named), When::Period(date)) => {
                        let (named, date) = (named.resolve(today), date.resolve(today));
                        // (A weekday or a weekend is often named for another week than
                        // the last: "Sunday 8th", "the Apple Day weekend, 17th and 18th".)
                        (named.last - named.first).num_days() >= 7
                            && (date.last < named.first || date.first > named.last)
                    }
                    _ => false,
                };
                (dated(d) && !outside || narrower)
                    && d.start >= m.end
                    && d.start - m.end <= 8
                    && !compared(m.end, d.start)
                    && !someone_between(m.end, d.start)
            })
        })
        .map(|(index, _)| index)
        .collect();
    // The name stays, weak, so its words are the period's and not read again ("since
    // bonfire *night* (5th November)" asks no part of the day).
    for index in restated.into_iter().rev() {
        let name = found[index].clone();
        found[index].weak = true;
        // "since Easter Sunday (5th April)": since the date that restates it.
        if let When::Period(Period::Since(_)) = name.when {
            if let Some(date) = found.iter_mut().skip(index + 1).find(|d| dated(d)) {
                if let When::Period(period) = date.when {
                    let range = period.resolve(today);
                    if range.first == range.last {
                        date.when = When::Period(Period::Since(range.first));
                    }
                }
            }
        }
    }
    said_again::weaken_the_first(words, &mut found, habits);
    next_days::join_next_days(words, &mut found, today);
    // "the week before Diwali, 2 to 8 November": the dates say which week.
    if let Some(before) = found.iter().position(|m| matches!(m.when, When::Before(_))) {
        let restated = found
            .iter()
            .skip(before + 1)
            .any(|m| !m.weak && dated(m) && matches!(m.when, When::Period(Period::Between(..))));
        if restated {
            found.remove(before);
            found.retain(|m| !m.weak);
        }
    }
    around_a_day::join_days_around(words, &mut found, today);
    // "in total on new year's eve": the day (a holiday is weak too, but names a day).
    if found
        .iter()
        .any(|m| m.weak && m.when != When::Period(Period::AllTime))
    {
        found.retain(|m| !(m.weak && m.when == When::Period(Period::AllTime)));
    }
    // "going into christmas, what time of day …", "ahead of black friday": a time the
    // asker plans for, not one asked about.
    found.retain(|m| {
        let before = |back: usize| {
            m.start
                .checked_sub(back)
                .and_then(|at| words.get(at))
                .copied()
                .unwrap_or("")
        };
        !(matches!(
            (before(2), before(1)),
            ("going" | "heading", "into") | ("ahead", "of")
        ))
    });
    since::month_that_began(&mut found, today);
    that_one_named_before(words, &mut found, today);
    // "and comments in the same weekend?": the period already in the conversation.
    found.retain(|m| {
        !(m.start > 0
            && words[m.start - 1] == "same"
            && m.end == m.start + 1
            && matches!(
                words[m.start],
                "day" | "weekend" | "week" | "month" | "year"
            ))
    });
    found
}

/// "We had our trunk show the weekend before last … how many views that weekend?": "that
/// <day, weekend, week, month>" is the one named before it, when that one is as long; "that
/// week" or "that month" after a day told ("Our open day was Saturday 12 September. How did
/// reach that week compare…") is the week or month around the day.
fn that_one_named_before(words: &[&str], found: &mut Vec<Mention>, today: NaiveDate) {
    let days = |when: &When| match when {
        When::Period(period) => {
            let range = period.resolve(today);
            Some((range.last - range.first).num_days() + 1)
        }
        _ => None,
    };
    for at in 1..words.len() {
        let unit = words[at];
        if words[at - 1] != "that" {
            continue;
        }
        let fits = |length: i64| match unit {
            "day" | "night" | "evening" | "morning" | "afternoon" => length == 1,
            "weekend" => (2..=3).contains(&length),
            "week" => length == 7,
            "month" => (28..=31).contains(&length),
            _ => false,
        };
        let before: Vec<&Mention> = found.iter().filter(|m| m.end < at && !m.weak).collect();
        let named = before
            .iter()
            .rev()
            .find(|m| days(&m.when).is_some_and(fits))
            .map(|m| m.when.clone());
        let around_a_day = || {
            let day = before.iter().rev().find_map(|m| match m.when {
                When::Period(period) => {
                    let range = period.resolve(today);
                    (range.first == range.last).then_some(range.first)
                }
                _ => None,
            })?;
            let period = match unit {
                "week" => {
                    let monday = monday_of(day);
                    Period::Between(monday, monday + Days::new(6))
                }
                "month" => {
                    Period::Between(day.with_day(1)?, last_of_month(day.year(), day.month())?)
                }
                _ => return None,
            };
            Some(When::Period(period))
        };
        let Some(when) = named.or_else(around_a_day) else {
            continue;
        };
        if let Some(mention) = found.iter_mut().find(|m| m.start == at && m.end == at + 1) {
            mention.when = when;
        } else if !found.iter().any(|m| m.start <= at && at < m.end) {
            let index = found
                .iter()
                .position(|m| m.start > at)
                .unwrap_or(found.len());
            found.insert(index, Mention::named(when, at - 1, at + 1));
        }
    }
}

impl Mention {
    /// A period named by the words `start..end`, not a weekday, not weak.
    fn named(when: When, start: usize, end: usize) -> Self {
        Mention {
            when,
            start,
            end,
            weekday: None,
            weak: false,
        }
    }

    /// A period that counts only when nothing else is named ("lately", "in total").
    fn weak(when: When, start: usize, end: usize) -> Self {
        Mention {
            weak: true,
            ..Mention::named(when, start, end)
        }
    }

    fn with_start(mut self, start: usize) -> Self {
        self.start = start;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Wednesday 18 November 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn found(text: &str) -> Vec<When> {
        let words: Vec<String> = super::super::words::words(text);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        mentions(&words, today(), ZoneHabits::default())
            .into_iter()
            .map(|m| m.when)
            .collect()
    }

    fn range(text: &str) -> (NaiveDate, NaiveDate) {
        match found(text).as_slice() {
            [When::Period(p)] => {
                let r = p.resolve(today());
                (r.first, r.last)
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn periods_people_write_resolve_to_dates() {
        let t = today();
        let cases: &[(&str, (NaiveDate, NaiveDate))] = &[
            ("in the last 30 days", (date(2026, 10, 20), t)),
            ("last thirty days", (date(2026, 10, 20), t)),
            ("last to weeks", (date(2026, 11, 5), t)),
            ("past fortnight", (date(2026, 11, 5), t)),
            ("last week", (date(2026, 11, 9), date(2026, 11, 15))),
            ("past week", (date(2026, 11, 12), t)),
            (
                "the week before last",
                (date(2026, 11, 2), date(2026, 11, 8)),
            ),
            ("last 24 hours", (date(2026, 11, 17), t)),
            (
                "the day before yesterday",
                (date(2026, 11, 16), date(2026, 11, 16)),
            ),
            ("on thursday", (date(2026, 11, 12), date(2026, 11, 12))),
            ("last tuesday", (date(2026, 11, 17), date(2026, 11, 17))),
            ("on wednesday", (date(2026, 11, 11), date(2026, 11, 11))),
            ("on 4 march", (date(2026, 3, 4), date(2026, 3, 4))),
            ("on the 4th of march", (date(2026, 3, 4), date(2026, 3, 4))),
            ("march 4th 2025", (date(2025, 3, 4), date(2025, 3, 4))),
            ("nov 2nd", (date(2026, 11, 2), date(2026, 11, 2))),
            (
                "the fifth of november",
                (date(2026, 11, 5), date(2026, 11, 5)),
            ),
            ("on the 10th", (date(2026, 11, 10), date(2026, 11, 10))),
            ("in october", (date(2026, 10, 1), date(2026, 10, 31))),
            ("in december", (date(2025, 12, 1), date(2025, 12, 31))),
            (
                "november last year",
                (date(2025, 11, 1), date(2025, 11, 30)),
            ),
            ("this summer", (date(2026, 6, 1), date(2026, 8, 31))),
            ("over the winter", (date(2025, 12, 1), date(2026, 2, 28))),
            ("last autumn", (date(2025, 9, 1), date(2025, 11, 30))),
            ("this fall", (date(2026, 9, 1), t)),
            ("since the first of october", (date(2026, 10, 1), t)),
            ("since october", (date(2026, 10, 1), t)),
            ("since monday", (date(2026, 11, 16), t)),
            ("since the 1st", (date(2026, 11, 1), t)),
            ("since summer", (date(2026, 6, 1), t)),
            (
                "between the 1st and the 15th of october",
                (date(2026, 10, 1), date(2026, 10, 15)),
            ),
            ("from june to august", (date(2026, 6, 1), date(2026, 8, 31))),
            (
                "from 5 to 12 november",
                (date(2026, 11, 5), date(2026, 11, 12)),
            ),
            ("last quarter", (date(2026, 7, 1), date(2026, 9, 30))),
            ("this quarter", (date(2026, 10, 1), t)),
            ("q2", (date(2026, 4, 1), date(2026, 6, 30))),
            ("ytd", (date(2026, 1, 1), t)),
            ("year to date", (date(2026, 1, 1), t)),
            ("over the weekend", (date(2026, 11, 14), date(2026, 11, 15))),
            ("in 2025", (date(2025, 1, 1), date(2025, 12, 31))),
            ("twenty twenty five", (date(2025, 1, 1), date(2025, 12, 31))),
            ("last christmas", (date(2025, 12, 25), date(2025, 12, 25))),
            ("on halloween", (date(2026, 10, 31), date(2026, 10, 31))),
            ("black friday", (date(2025, 11, 28), date(2025, 11, 28))),
            // Easter 2026 fell on 5 April, Easter 2025 on 20 April; Thanksgiving 2026 (26
            // November) is still to come, so the last one was 27 November 2025.
            ("since easter", (date(2026, 4, 5), t)),
            ("easter last year", (date(2025, 4, 20), date(2025, 4, 20))),
            ("at thanksgiving", (date(2025, 11, 27), date(2025, 11, 27))),
            ("cyber monday", (date(2025, 12, 1), date(2025, 12, 1))),
            // Halloween 2026 was a Saturday; Diwali 2026 a Sunday, 8 November.
            ("halloween weekend", (date(2026, 10, 31), date(2026, 11, 1))),
            ("diwali week", (date(2026, 11, 2), date(2026, 11, 8))),
            ("on bonfire night", (date(2026, 11, 5), date(2026, 11, 5))),
            (
                "between the 1st and 14th of february",
                (date(2026, 2, 1), date(2026, 2, 14)),
            ),
            (
                "since we opened on the 5th of october",
                (date(2026, 10, 5), t),
            ),
            (
                "in total on new years eve",
                (date(2025, 12, 31), date(2025, 12, 31)),
            ),
            (
                "black friday weekend",
                (date(2025, 11, 28), date(2025, 11, 30)),
            ),
            (
                "from the 2nd to the 9th of august",
                (date(2026, 8, 2), date(2026, 8, 9)),
            ),
            ("3 days ago", (date(2026, 11, 15), date(2026, 11, 15))),
            ("last 3 months", (date(2026, 8, 19), t)),
            ("past year", (date(2025, 11, 19), t)),
            ("l30d", (date(2026, 10, 20), t)),
            ("over L90", (date(2026, 8, 21), t)),
            (
                "the saturday before last",
                (date(2026, 11, 7), date(2026, 11, 7)),
            ),
            // 2 November 2026 was a Monday; Burns Night is 25 January.
            (
                "in the week commencing 2 november",
                (date(2026, 11, 2), date(2026, 11, 8)),
            ),
            ("w/c 9 nov", (date(2026, 11, 9), date(2026, 11, 15))),
            (
                "the week of the 10th",
                (date(2026, 11, 9), date(2026, 11, 15)),
            ),
            (
                "between burns night (25 jan) and the end of february",
                (date(2026, 1, 25), date(2026, 2, 28)),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(range(text), *expected, "{text}");
        }
    }

    #[test]
    fn future_vague_and_relative_times_are_told_apart() {
        assert_eq!(found("tomorrow"), [When::Future]);
        assert_eq!(found("next week"), [When::Future]);
        assert_eq!(found("this weekend"), [When::Future]);
        assert_eq!(found("in 2027"), [When::Future]);
        assert_eq!(found("early october"), [When::Vague]);
        assert_eq!(found("likes 3/4"), [When::Vague]);
        assert_eq!(
            found("and the week before?"),
            [When::Before(Some(Length::Days(7)))]
        );
        assert_eq!(
            found("the 30 days before that"),
            [When::Before(Some(Length::Days(30)))]
        );
        assert_eq!(found("the one before"), [When::Before(None)]);
        assert_eq!(found("the same day last week"), [When::SameDayLastWeek]);
        assert_eq!(found("same period last year"), [When::SameTimeLastYear]);
    }

    #[test]
    fn two_periods_are_both_found_and_words_are_not_months() {
        assert_eq!(found("this week vs last week").len(), 2);
        assert_eq!(found("october vs september").len(), 2);
        assert!(found("you may know").is_empty());
        assert!(found("top 5 posts").is_empty());
        assert!(found("which post got the most saves").is_empty());
    }

    #[test]
    fn the_holidays_are_christmas_eve_to_new_years_day_only_after_christmas() {
        let london = ZoneHabits::of(chrono_tz::Europe::London);
        let words = ["over", "the", "hols"];
        let in_january = &mentions(&words, date(2027, 1, 5), london)[0];
        let When::Period(period) = &in_january.when else {
            panic!("{in_january:?}")
        };
        let range = period.resolve(date(2027, 1, 5));
        assert_eq!(
            (range.first, range.last),
            (date(2026, 12, 24), date(2027, 1, 1))
        );
        // (In July "the hols" are the summer's, whose dates Pulse cannot know.)
        assert!(mentions(&words, date(2026, 7, 5), london)
            .iter()
            .all(|m| !matches!(m.when, When::Period(_))));
    }

    #[test]
    fn seasons_turn_around_in_the_southern_hemisphere() {
        let words = ["this", "summer"];
        let down_under = ZoneHabits::of(chrono_tz::Australia::Sydney);
        let mention = &mentions(&words, today(), down_under)[0];
        let When::Period(period) = &mention.when else {
            panic!()
        };
        let range = period.resolve(today());
        assert_eq!(
            (range.first, range.last),
            (date(2025, 12, 1), date(2026, 2, 28))
        );
        assert!(southern(chrono_tz::Australia::Sydney));
        assert!(!southern(chrono_tz::Europe::London));
    }
}
