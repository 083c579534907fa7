//! Follow-ups: whether a message follows up the previous question ("and in October?",
//! "ok now by saves", "what was the reach on them") and how it changes that question.

use super::decide::{distinct_versus, like_for_like, now_like, shift};
use super::sentence::Token;
use super::signals::{Part, Signals};
use super::swapped::{with_media, with_metric};
use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::{PeriodUnit, Role};
use crate::question::when::When;
use crate::question::RateBasis;
use chrono::{Datelike, NaiveDate};

/// What a follow-up changes.
#[derive(Debug, Clone, Default)]
pub(super) struct Refinement {
    pub(super) period: Option<When>,
    pub(super) second_period: Option<When>,
    pub(super) media: Vec<MediaKind>,
    pub(super) metrics: Vec<Metric>,
    pub(super) count: Option<usize>,
    /// "3 more": the count is added to the list's.
    pub(super) more_of_them: bool,
    pub(super) order: Option<Order>,
    /// "and which one flopped?": the bottom by judgement, so by engagement rate.
    pub(super) judged_low: bool,
    pub(super) caption: bool,
    pub(super) compare: bool,
    /// "so is that better or worse?": which way, against another period.
    pub(super) either_way: bool,
    /// "and this month v last?": the period named, against the one before it.
    pub(super) against_last: bool,
    pub(super) over: Option<PeriodUnit>,
    pub(super) by_followers: bool,
    pub(super) followers: bool,
    /// "how many did I get yesterday" after a ranking: the total of what was ranked.
    pub(super) total: bool,
    /// "include all formats": no longer one type of post.
    pub(super) every_type: bool,
    /// "and the average per carousel" after a total or a ranking: the mean per post.
    pub(super) average: bool,
    /// "and now the total" after an average: the figure summed ("total", not "how many").
    pub(super) summed: bool,
    /// "how many times a week is that?" after a count of posts: how often.
    pub(super) frequency: bool,
}

impl Refinement {
    pub(super) fn is_empty(&self) -> bool {
        self.period.is_none()
            && self.media.is_empty()
            && self.metrics.is_empty()
            && self.count.is_none()
            && self.order.is_none()
            && !self.caption
            && !self.compare
            && self.over.is_none()
            && !self.by_followers
            && !self.followers
            && !self.every_type
            && !self.average
            && !self.summed
            && !self.frequency
    }
}

/// Words that open a reply in conversation before what it says: skipped when looking for
/// how a follow-up starts.
pub(super) const OPENERS: &[&str] = &[
    "ok",
    "okay",
    "but",
    "k",
    "kk",
    "so",
    "well",
    "wait",
    "hmm",
    "hm",
    "i mean",
    "right",
    "alright",
    "cool",
    "nice",
    "great",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "now",
    "yeah",
    "yes",
    "yep",
    "ah",
    "oh",
    "actually",
    "please",
    "pls",
    "plz",
    "hey",
    "and now",
    "ok so",
    "lovely",
    "perfect",
    "brilliant",
    "awesome",
    "amazing",
    "wonderful",
    "cheers",
    "got it",
    "ta",
    "sweet",
    "fab",
    "super",
    "interesting",
    "wow",
    "ooh",
    "oooh",
    "ooo",
    "splendid",
    "marvellous",
    "brill",
    "ace",
    "gosh",
];

/// How a part says it follows up, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Cue {
    /// It does not.
    None,
    /// It points at what was asked only loosely ("is it more than…", "what was the caption
    /// on that one"): enough to refine, not to carry the period over.
    Loose,
    /// It starts as a follow-up ("and", "also", "what about", "only", "by") or points back
    /// at it ("them", "those", "in that time").
    Strong,
}

/// Whether a part says it follows up: it starts with "and", "what about", "only" and the like,
/// or points back at what was asked ("them", "in that time", "is that more…"). "It" and
/// "that" alone are too common to count ("is it better to post…"), and so are words met
/// later in a question ("… only the single pictures").
pub(super) fn follow_up_cue(part: &Part<'_>, s: &Signals) -> Cue {
    let start = part
        .tokens
        .iter()
        .map(|t| t.at)
        .chain(part.mentions.iter().map(|m| m.start))
        .min()
        .unwrap_or(0);
    // "ok, now by saves", "i mean by views", "wait, and for reels?": what opens a reply in
    // conversation is not yet the question.
    let mut starts_at: Vec<usize> = part
        .tokens
        .iter()
        .map(|t| t.at)
        .chain(part.mentions.iter().map(|m| m.start))
        .collect();
    starts_at.sort_unstable();
    let mut start = start;
    let mut opened_with_now = false;
    while let Some(token) = part.token_at(start) {
        if !OPENERS.contains(&token.text.as_str()) {
            break;
        }
        opened_with_now |= token.text == "now";
        match starts_at.iter().find(|&&at| at > start) {
            Some(&next) => start = next,
            None => break,
        }
    }
    let first = part.word(start);
    let leading = part
        .tokens
        .iter()
        .filter(|t| t.at >= start && t.at < start + 3)
        .any(|t| matches!(t.role, Some(Role::FollowUp)));
    // "calculate with followers instead", "can u pull the same thing for october".
    // ("use saves instead of ER": in place of what was just asked.)
    let anywhere = part.tokens.iter().any(|t| {
        (matches!(t.role, Some(Role::FollowUp))
            && matches!(
                t.text.as_str(),
                "instead" | "same" | "same but" | "include" | "also include"
            ))
            || (matches!(t.role, Some(Role::Dismiss))
                && matches!(t.text.as_str(), "instead of" | "rather than")
                && part
                    .token_at(t.at + 2)
                    .is_some_and(|n| matches!(n.role, Some(Role::Metric(_)))))
    });
    // "on average", "in total", "by far": a preposition that starts its own phrase.
    let own_phrase = part.token_at(start + 1).is_some_and(|next| {
        matches!(
            next.role,
            Some(Role::Average | Role::Total | Role::HowMany | Role::Highest | Role::Lowest)
        )
    });
    // "top 3 by shares tho": a turn on what was just asked.
    // ("top 5 tho, by views": at the end of its clause.)
    let ends_with_tho = part.tokens.iter().any(|t| {
        matches!(t.text.as_str(), "tho" | "though" | "tho?")
            && part
                .token_at(t.at + 1)
                .is_none_or(|next| next.clause != t.clause)
    });
    // "ok but rank it by reach", "sort them by saves": what was just asked, again.
    let again = matches!(
        first,
        "rank" | "sort" | "order" | "redo" | "do" | "split" | "break" | "show" | "run"
    ) && matches!(
        part.word(start + 1),
        "it" | "them" | "that" | "those" | "this"
    );
    // "measured by likes", "going by saves": what was just asked, by another figure.
    let by_another = matches!(first, "measured" | "judged" | "going" | "counting")
        && part.word(start + 1) == "by";
    // "how many were photos" after a count: how many of them.
    let of_them = part
        .token_at(start)
        .is_some_and(|t| matches!(t.role, Some(Role::HowMany)) && t.text == "how many")
        && matches!(part.word(start + 2), "were" | "was" | "are" | "is")
        && part.mentions.is_empty();
    // "look at reach not engagement": the metric corrected.
    let metric_at = |at: usize| {
        part.token_at(at)
            .is_some_and(|t| matches!(t.role, Some(Role::Metric(_) | Role::Rate)))
    };
    let corrects_the_metric = part.sentence.words.len() <= 6
        && (1..part.sentence.words.len())
            .any(|at| part.word(at) == "not" && metric_at(at - 1) && metric_at(at + 1));
    let starts = leading
        || anywhere
        || corrects_the_metric
        || again
        || by_another
        || of_them
        || ends_with_tho
        || opened_with_now
        || matches!(
            first,
            "and"
                | "also"
                | "then"
                | "plus"
                | "or"
                | "vs"
                | "versus"
                | "compared"
                | "only"
                | "just"
                | "same"
                | "instead"
                // "Not by engagement, by views please."
                | "not"
        )
        || (matches!(first, "by" | "for" | "in" | "on" | "per")
            && !own_phrase
            && part.token_at(start).is_none_or(|t| t.text == first));
    let own_period = part.mentions.iter().any(|m| !m.weak);
    // "who are my biggest fans? wanna send them a gift", "comments asking me to DM them":
    // people the question itself named first.
    let first_people = part
        .tokens
        .iter()
        .filter(|t| {
            matches!(
                t.role,
                Some(
                    Role::People
                        | Role::Commenters
                        | Role::Leads
                        | Role::Followers
                        | Role::Media(_)
                        | Role::Posts
                )
            )
        })
        .map(|t| t.at)
        .min()
        .unwrap_or(usize::MAX);
    let which_of_them = part.which_of_them(first_people == usize::MAX);
    // "which post got the most likes since then": since the day just asked from.
    let since_then = part
        .sentence
        .words
        .windows(2)
        .any(|w| w[0] == "since" && matches!(w[1].as_str(), "then" | "that"));
    let pronoun = !own_period
        && (which_of_them
            || since_then
            || part.tokens.iter().any(|t| {
                t.at < first_people
                    && matches!(
                        t.text.as_str(),
                        "them"
                            | "they"
                            | "their"
                            | "those"
                            | "these"
                            | "same window"
                            | "same period"
                            | "same dates"
                            | "same days"
                            | "in that time"
                    )
            }));
    // "Most saved, please.", "least liked?": a fragment that names only how to rank,
    // the rest of the question understood from the one before.
    let fragment = part.mentions.is_empty()
        && part.sentence.words.len() <= 5
        && part
            .tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)))
        && only_ranking_words(part, |t| matches!(t.role, Some(Role::Metric(_))))
        && part.tokens.iter().all(|t| {
            !matches!(
                t.text.as_str(),
                "what" | "which" | "how" | "who" | "when" | "show" | "give" | "list" | "my" | "our"
            )
        });
    if starts || pronoun || fragment || splits_it(part) {
        return Cue::Strong;
    }
    let loose = part.tokens.iter().any(|t| {
        matches!(t.text.as_str(), "that" | "it" | "that one")
            && (s.more || s.less || s.compare || s.caption || s.who || s.saying || s.how_did)
    });
    if loose {
        Cue::Loose
    } else {
        Cue::None
    }
}

/// Whether every word of a part only says how to rank ("Most saved, please.", "the 3
/// worst"): filler, an end, a number, a follow-up's word, or what `also` lets in.
pub(super) fn only_ranking_words(part: &Part<'_>, also: impl Fn(&Token) -> bool) -> bool {
    part.tokens.iter().all(|t| {
        matches!(
            t.role,
            Some(Role::Filler | Role::Highest | Role::Lowest | Role::Number(_) | Role::FollowUp)
        ) || also(t)
    })
}

/// Whether a part splits the figure just given ("can you break it down by post type"): in
/// the period it was given for.
pub(super) fn splits_it(part: &Part<'_>) -> bool {
    part.sentence.words.windows(2).any(|w| {
        matches!(w[0].as_str(), "break" | "split" | "breakdown")
            && matches!(w[1].as_str(), "it" | "that" | "this" | "those" | "them")
    })
}

/// Whether a part asks for every type of post ("include all formats", "every post type",
/// "not just reels").
pub(super) fn widens(part: &Part<'_>) -> bool {
    let words = &part.sentence.words;
    // ("and for all our posts?", "all of my posts")
    let kind = |word: &str| {
        matches!(
            word,
            "formats" | "format" | "types" | "type" | "kinds" | "posts" | "post" | "content"
        )
    };
    let whose = |word: &str| matches!(word, "my" | "our" | "the" | "of" | "ur" | "your");
    words
        .windows(2)
        .any(|pair| matches!(pair[0].as_str(), "all" | "every" | "any") && kind(&pair[1]))
        || words
            .windows(3)
            .any(|triple| triple[0] == "all" && whose(&triple[1]) && kind(&triple[2]))
        || words
            .windows(4)
            .any(|four| four[0] == "all" && four[1] == "of" && whose(&four[2]) && kind(&four[3]))
        || words
            .windows(3)
            .any(|triple| triple[0] == "not" && matches!(triple[1].as_str(), "just" | "only"))
}

/// What a follow-up without a question of its own changes.
pub(super) fn refinement(s: &Signals, periods: &[When]) -> Refinement {
    Refinement {
        period: periods.first().cloned(),
        second_period: periods.get(1).cloned(),
        media: s.media.clone(),
        metrics: s.metrics.clone(),
        count: s.number.map(|n| n as usize).or(s.picks),
        more_of_them: s.more_of_them,
        order: if s.lowest || s.less {
            Some(Order::Lowest)
        } else if s.highest {
            Some(Order::Highest)
        } else {
            None
        },
        judged_low: s.judged_low,
        caption: s.caption,
        compare: s.compare || s.more || s.less,
        either_way: s.either_way,
        against_last: s.against_last,
        over: s.over,
        by_followers: s.by_followers,
        followers: s.followers || s.gain,
        total: s.how_many || s.total,
        every_type: false,
        average: s.average,
        summed: s.total,
        frequency: s.frequency,
    }
}

/// Applies a follow-up to the previous frame. Several media or metrics make one frame each
/// ("same for carousels, then photos").
pub(super) fn refine(previous: &Frame, r: &Refinement, today: NaiveDate) -> Option<Vec<Frame>> {
    // ("and for last year 2026?": one year, said twice.)
    let said_twice = !r.compare
        && matches!(
            (&r.period, &r.second_period),
            (Some(When::Period(a)), Some(When::Period(b))) if a.resolve(today) == b.resolve(today)
        );
    let once;
    let r = if said_twice {
        once = Refinement {
            second_period: None,
            ..r.clone()
        };
        &once
    } else {
        r
    };
    let mut frame = previous.clone();
    let mut changed = false;
    // ("and before that?" after the follower count or the latest reel: no period to go
    // back from.)
    if matches!(r.period, Some(When::Before(None)))
        && frame.period.is_none()
        && !frame.kind.takes_period()
    {
        return None;
    }
    // A period for a question that has none: followers then are their change.
    if r.period.is_some() && frame.kind == Kind::Followers {
        frame = Frame::new(Kind::Growth);
    }
    if r.every_type && frame.media.is_some() {
        frame.media = None;
        changed = true;
    }
    // "how many did I get yesterday" after the top posts by saves: the saves, summed.
    if r.total && r.order.is_none() && frame.kind == Kind::Top {
        let metric = frame.metric.unwrap_or(Metric::Interactions);
        let mut total = Frame::new(Kind::PostTotal);
        total.media = frame.media;
        total.metric = Some(metric);
        total.period = frame.period;
        if total.media.is_none() && crate::question::frame::account_metric(metric).is_some() {
            total.kind = Kind::AccountTotal;
        }
        frame = total;
        changed = true;
    }
    // "how many times a week is that?" after the posts of November: how often.
    if r.frequency && frame.kind == Kind::PostCount {
        frame.kind = Kind::Frequency;
        frame.versus = None;
        changed = true;
    }
    // "and now the total" after the average views per reel: the same figure, summed.
    if r.summed && !r.average && r.order.is_none() && frame.kind == Kind::PostMean {
        frame.kind = Kind::PostTotal;
        changed = true;
    }
    // "and the average per carousel" after the total saves on carousels: the same figure,
    // per post.
    if r.average
        && r.order.is_none()
        && matches!(frame.kind, Kind::PostTotal | Kind::Top | Kind::AccountTotal)
    {
        let mut mean = Frame::new(Kind::PostMean);
        mean.metric = frame
            .metric
            .filter(|m| *m != Metric::EngagementRate)
            .or(Some(Metric::Interactions));
        mean.media = frame.media;
        mean.period = frame.period;
        frame = mean;
        changed = true;
    }
    // An order for a question that ranks nothing: its posts, ranked.
    if r.order.is_some() && frame.kind != Kind::Top && frame.kind != Kind::Fans {
        let mut top = Frame::new(Kind::Top);
        top.period = frame.period;
        top.media = frame.media;
        top.count = Some(1);
        // ("saves on my carousels this week" → "top 3 instead": ranked by saves.)
        if matches!(
            frame.kind,
            Kind::PostTotal | Kind::AccountTotal | Kind::PostMean
        ) {
            top.metric = frame.metric;
        }
        frame = top;
        changed = true;
    }
    // "how does that compare with Q4, in terms of reach?" after the overview of Q1: that
    // figure of the overview's period, compared ("and QoQ on ER?" too).
    if frame.kind == Kind::Overview && (r.compare && r.period.is_some() || r.over.is_some()) {
        if let [metric] = r.metrics[..] {
            frame = with_metric(&frame, metric)?;
        }
    }
    match (&r.period, &r.second_period) {
        // "and in september and august": the figure of each, unless compared.
        (Some(When::Period(a)), Some(When::Period(b)))
            if !r.compare && frame.kind.takes_period() && frame.versus.is_none() =>
        {
            let (mut one, mut other) = (frame.clone(), frame);
            one.period = Some(*a);
            other.period = Some(*b);
            return Some(vec![one, other]);
        }
        (Some(When::Period(a)), Some(When::Period(b))) if frame.kind.comparable() => {
            frame.period = Some(*a);
            frame.versus = Some(*b);
            changed = true;
        }
        // "month this compare month before?": both sides named, the second from the first.
        (
            Some(When::Period(a)),
            Some(
                relative @ (When::Before(_)
                | When::SameDayLastWeek
                | When::WeekendBefore
                | When::SameTimeLastYear
                | When::SameTimeLastMonth
                | When::SameDaysIn(_)
                | When::After(_)),
            ),
        ) if r.compare && frame.kind.comparable() => {
            frame.period = Some(*a);
            frame.versus = Some(shift(relative, *a, today));
            distinct_versus(&mut frame, today);
            return Some(vec![frame]);
        }
        (Some(first), _) => {
            let base = frame.period.unwrap_or(frame.kind.default_period());
            let period = match first {
                When::Period(p) => *p,
                When::Before(_)
                | When::SameDayLastWeek
                | When::WeekendBefore
                | When::SameTimeLastYear
                | When::SameTimeLastMonth
                | When::SameDaysIn(_)
                | When::After(_) => {
                    if r.compare && frame.kind.comparable() {
                        frame.versus = Some(shift(first, base, today));
                        frame.period = Some(base);
                        distinct_versus(&mut frame, today);
                        return Some(vec![frame]);
                    }
                    shift(first, base, today)
                }
                _ => return None,
            };
            let a_year_earlier =
                (period == Period::LastYear && frame.versus.is_none() && frame.kind.comparable())
                    .then(|| super::decide::same_days_a_year_earlier(base, today))
                    .flatten();
            if let Some((asked, year_before)) = a_year_earlier.filter(|_| r.compare) {
                frame.period = Some(asked);
                frame.versus = Some(year_before);
            } else if r.compare && r.against_last && frame.kind.comparable() {
                frame.period = Some(period);
                frame.versus = Some(period.before(today));
            } else if r.compare && frame.kind.comparable() && frame.versus.is_none() {
                // "is it better than last month?" after a question of no period: this
                // month so far against last month, like for like.
                frame.period = Some(like_for_like(&frame, period, today));
                frame.versus = Some(period);
            } else if r.compare && frame.versus.is_some() {
                // "this month compared to last month" → "and compared to september": the
                // other side changes.
                frame.period = Some(like_for_like(&frame, period, today));
                frame.versus = Some(period);
                distinct_versus(&mut frame, today);
            } else if frame.kind.takes_period() {
                // "and the previous week?" after last week (the Spanish "la semana anterior"
                // too): the one before it, not the same week again.
                let only_the_period = Refinement {
                    period: None,
                    second_period: None,
                    ..r.clone()
                }
                .is_empty();
                let same_again = only_the_period
                    && matches!(
                        period,
                        Period::LastWeek | Period::LastMonth | Period::LastYear | Period::Yesterday
                    )
                    && frame.period.map(|p| p.resolve(today)) == Some(period.resolve(today));
                // "Growth since 1 November." → "Same, last year.": the same dates a year
                // earlier, not the whole of last year (which it is after "since 1 January").
                let same_dates = only_the_period
                    && period == Period::LastYear
                    && matches!(
                        frame.period,
                        Some(Period::Since(_) | Period::Between(..) | Period::Month { .. })
                    )
                    && frame
                        .period
                        .is_some_and(|asked| asked.resolve(today).first.ordinal() > 1);
                frame.period = Some(match frame.period {
                    Some(asked) if same_dates => asked.year_earlier(today),
                    _ if same_again => period.before(today),
                    _ => period,
                });
                if frame.versus.is_some() {
                    frame.versus = Some(period.before(today));
                }
            }
            changed = true;
        }
        (None, _) => {}
    }
    // "and YoY for April" after a comparison: April against the April before.
    if let (Some(PeriodUnit::Year), Some(When::Period(asked))) = (r.over, &r.period) {
        let year_earlier = super::decide::same_days_a_year_earlier(*asked, today);
        if let Some((asked, before)) = year_earlier.filter(|_| frame.kind.comparable()) {
            frame.period = Some(asked);
            frame.versus = Some(before);
            changed = true;
        }
    }
    // "vs reels" after the average saves per carousel: the types side by side.
    if r.compare
        && r.period.is_none()
        && r.metrics.is_empty()
        && !r.media.is_empty()
        && frame.media.is_some_and(|asked| !r.media.contains(&asked))
        && matches!(frame.kind, Kind::PostMean | Kind::PostTotal)
    {
        let mut by_type = Frame::new(Kind::ByType);
        by_type.metric = frame.metric;
        by_type.period = frame.period;
        return Some(vec![by_type]);
    }
    if r.compare && r.period.is_none() && frame.kind.comparable() && frame.versus.is_none() {
        let base = frame.period.unwrap_or(frame.kind.default_period());
        // ("ok and last month" → "so is that better or worse?": last month against this
        // one so far.)
        if r.either_way
            && matches!(
                base,
                Period::LastWeek | Period::LastMonth | Period::LastYear | Period::Yesterday
            )
        {
            frame.period = Some(now_like(base, today));
            frame.versus = Some(base);
        } else {
            frame.period = Some(base);
            frame.versus = Some(base.before(today));
        }
        changed = true;
    }
    // ("QoQ vs Q3?" after Q4: the quarter named is the other side, set above.)
    if let Some(unit) = r.over.filter(|_| r.period.is_none()) {
        if frame.kind.comparable() {
            // ("QoQ?" after Q1, "and MoM?" after March: that one against the one before.)
            let asked = previous
                .period
                .filter(|_| previous.versus.is_none() || unit == PeriodUnit::Year)
                .and_then(|p| {
                    super::decide::and_the_one_before(p, unit, today).or_else(|| {
                        super::decide::same_days_a_year_earlier(p, today)
                            .filter(|_| unit == PeriodUnit::Year)
                    })
                });
            let current = match unit {
                PeriodUnit::Week => Period::ThisWeek,
                PeriodUnit::Month => Period::ThisMonth,
                PeriodUnit::Year => Period::ThisYear,
                PeriodUnit::Quarter => Period::LastMonths(3),
            };
            let (current, before) = asked.unwrap_or((current, current.before(today)));
            frame.period = Some(current);
            frame.versus = Some(before);
            changed = true;
        }
    }
    if let Some(count) = r.count {
        if matches!(frame.kind, Kind::Top | Kind::Fans) {
            frame.count = Some(if r.more_of_them {
                frame.count.unwrap_or(1) + count
            } else {
                count
            });
            changed = true;
        } else if let Some(Period::LastDays(_)) = frame.period {
            // "make it 30" after the last 14 days: the last 30 (a number said alone).
            if (1..=366).contains(&count)
                && r.metrics.is_empty()
                && r.media.is_empty()
                && r.order.is_none()
                && !r.compare
            {
                frame.period = Some(Period::LastDays(count as u32));
                changed = true;
            }
        }
    }
    if let Some(order) = r.order {
        if frame.kind == Kind::Top {
            // "and the worst?", "which one flopped?" after the most viewed: the lowest
            // engagement rate, unless a metric is named.
            if order == Order::Lowest
                && frame.order != Some(Order::Lowest)
                && r.metrics.is_empty()
                && (frame.metric == Some(Metric::Interactions) || r.judged_low)
            {
                frame.metric = Some(Metric::EngagementRate);
            }
            // "ok and the best one?" after what flopped: the best by interactions.
            if order == Order::Highest
                && frame.order == Some(Order::Lowest)
                && r.metrics.is_empty()
                && frame.metric == Some(Metric::EngagementRate)
            {
                frame.metric = Some(Metric::Interactions);
            }
            frame.order = Some(order);
            changed = true;
        }
    }
    if r.caption && frame.kind == Kind::Top {
        frame.caption = true;
        changed = true;
    }
    let mut frames = vec![frame];
    if !r.metrics.is_empty() {
        frames = frames
            .iter()
            .flat_map(|f| r.metrics.iter().map(move |m| with_metric(f, *m)))
            .collect::<Option<Vec<_>>>()?;
        changed = true;
    } else if r.followers && frames[0].kind != Kind::Rate {
        frames = frames
            .iter()
            .map(|f| {
                let mut g = Frame::new(Kind::Growth);
                g.period = f.period;
                g.versus = f.versus;
                g
            })
            .collect();
        changed = true;
    }
    if !r.media.is_empty() {
        frames = frames
            .iter()
            .flat_map(|f| r.media.iter().map(move |m| with_media(f, *m)))
            .collect::<Option<Vec<_>>>()?;
        changed = true;
    }
    // ("and engagement rate in the same time, by followers" after how often I posted: a
    // rate, made one by the metric just set.)
    if r.by_followers {
        for frame in frames.iter_mut().filter(|f| f.kind == Kind::Rate) {
            frame.basis = Some(RateBasis::Followers);
            changed = true;
        }
    }
    // "WoW" after a question about last week, "the Thursday before" after Thursday: never a
    // period compared with itself — then the one before it.
    for frame in &mut frames {
        distinct_versus(frame, today);
    }
    changed.then_some(frames)
}
