//! From signals to a frame: what the question is about, from the most specific subject to
//! the most general, each needing the roles that make it, never one keyword alone; which
//! roles a frame uses, and the words it would leave unused or that Pulse must ask about.

mod audience;
mod named;
mod performance;
mod periods;
mod roles;
mod topics;
mod trend;
mod unknowns;
mod weekdays;

use super::follow_up::{follow_up_cue, refinement, Cue};
use super::signals::{Part, Signals};
use super::Reading;
use crate::analytics::Order;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;
use crate::question::{Audience, Missing, RateBasis};
use named::{
    against_the_one_before, it_got, one_piece_named, one_post_described, one_post_its_owner_knows,
};
use weekdays::weekday_group;

pub(super) use periods::{
    and_the_one_before, compared_periods, distinct_versus, figure, followers_now_against_then,
    like_for_like, now_like, own_window_over_a_told_time, resolve_periods,
    same_days_a_year_earlier, shift,
};
use roles::lowest_wins;
pub(super) use roles::{is_head, leftover, strong};
pub(super) use unknowns::{blocking_unknowns, mostly_unknown};

/// Builds the frame of a part from its signals: the subjects from the most specific to the
/// most general, each needing the roles that make it.
pub(super) fn decide(
    part: &Part<'_>,
    s: &Signals,
    periods: &[When],
    previous: Option<&Frame>,
) -> Reading {
    let today = part.sentence.today;
    let (period, second, after_than) = resolve_periods(part, periods, previous, today);
    let frame = |kind: Kind| {
        let mut frame = Frame::new(kind);
        if kind.takes_period() {
            frame.period = period;
            // Two periods joined without a comparison ("hashtags of August and
            // September"): both.
            if let (Some(first), Some(second)) = (period, second) {
                if !kind.comparable() && !s.compare {
                    let (a, b) = (first.resolve(today), second.resolve(today));
                    frame.period = Some(Period::Between(a.first.min(b.first), a.last.max(b.last)));
                }
            }
        }
        frame
    };
    // "and on average per post?" after the likes of October: still the likes.
    let carried = previous
        .filter(|_| follow_up_cue(part, s) == Cue::Strong && s.average)
        .and_then(|p| p.metric);
    let metric = s.metrics.first().copied().or(carried);
    // "how's the new format doing", "is my engagement better with the new format": which
    // format is new, Pulse cannot tell.
    if part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Format))
            && matches!(part.word(t.at.saturating_sub(1)), "new" | "latest")
    }) {
        return Reading::Clarify(Missing::Meaning, vec!["the new format".to_owned()]);
    }

    let media = s.media.first().copied();
    let count = || {
        s.number.map(|n| n as usize).or(Some(
            if !s.which_of_many
                && (s.which_one
                    || s.plural == Some(false)
                    || (s.plural.is_none() && (s.caption || one_piece_named(part))))
            {
                1
            } else {
                5
            },
        ))
    };
    let weekday_group = weekday_group(part, s);
    // "weekend posts vs weekday ones"
    let weekend_group = part
        .mentions
        .iter()
        .any(|m| part.word(m.start) == "weekend" && matches!(part.word(m.end), "posts" | "ones"));
    // Posting advice learns from a window of past posts: a single day, or a window not yet
    // over that nobody asked to learn from ("post this week"), is when to post.
    let learning_window = |frame: &mut Frame| {
        let asked = part.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "based" | "looking" | "using" | "use" | "going" | "data" | "check" | "only"
                // ("given what's worked for us lately": learnt from lately)
                    | "given" | "worked" | "lately" | "recently"
            )
        }) || part.mentions.iter().any(|m| {
            matches!(
                part.word(m.start.saturating_sub(1)),
                "over" | "during" | "since" | "in" | "from"
            ) || part.word(m.start) == "since"
        });
        // "best time to post on a friday so they see it before the weekend": the days to
        // post on, not the days to learn from.
        let only_days =
            part.mentions.iter().filter(|m| !m.weak).all(|m| {
                m.weekday.is_some() || (m.start..m.end).any(|at| part.word(at) == "weekend")
            });
        let to_post_in = periods::only_when_to_post(part);
        if let Some(p) = frame.period {
            let range = p.resolve(today);
            if range.first == range.last
                || (range.last >= today || only_days) && !asked
                || to_post_in
            {
                frame.period = None;
            }
        }
    };
    // "my follower count and where they live": they are the followers asked about.
    let they = part
        .tokens
        .iter()
        .any(|t| matches!(t.text.as_str(), "they" | "them" | "their"));
    let about_followers = previous.is_some_and(|p| {
        matches!(
            p.kind,
            Kind::Followers | Kind::Growth | Kind::Online | Kind::Demographics
        )
    });
    // "… and how many are from Italy?" after the followers: they are the ones counted.
    let audience_word = s.followers
        || s.people
        || s.commenters
        || (s.who && s.unknown.is_empty())
        || ((they || s.how_many) && about_followers)
        // "top cities", "top 5 countries": only an audience has them.
        || (s.highest
            && s.place
            && s.metrics.is_empty()
            && !s.posts
            && s.media.is_empty()
            && !s.hashtags
            && s.unknown.is_empty())
        // "age split and top countries": the audience of the question before.
        || (previous.is_some_and(|p| p.kind == Kind::Demographics)
            && s.metrics.is_empty()
            && !s.posts
            && s.media.is_empty());
    let asks_time = s.when || s.time;
    let ranked_post = (s.highest || s.lowest) && metric.is_some() && !s.advice && !s.time;

    // A follow-up with nothing to follow: "same but by shares", "and for carousels?".
    let strong_follow_up = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::FollowUp))
            && matches!(
                t.text.as_str(),
                "same"
                    | "same but"
                    | "instead"
                    | "sort by"
                    | "rank by"
                    | "order by"
                    | "sorted by"
                    | "ranked by"
                    | "what about"
                    | "how about"
                    | "again"
            )
    });
    if previous.is_none()
        && s.kind_heads == 0
        && (strong_follow_up
            || (s.metrics.is_empty() && !s.followers && (s.follow_up || part.word(0) == "and")))
        && !s.highest
        && !s.lowest
    {
        let standalone = !s.metrics.is_empty() && !strong_follow_up;
        if !standalone {
            // (Asked first, a follow-up has nothing to refine: `finish` asks back.)
            return Reading::Fragment(refinement(s, periods));
        }
    }
    // "how many likes did it get", asked first: which post "it" is, only the asker knows.
    let asks_of_it = it_got(part)
        .is_some_and(|at| at > 0 && matches!(part.word(at - 1), "did" | "does" | "has" | "had"));
    if previous.is_none()
        && asks_of_it
        && !s.metrics.is_empty()
        && !s.posts
        && s.media.is_empty()
        && !s.publish
        && !s.followers
        && !s.compare
        && part.sentence.clauses.iter().all(|clause| *clause == 0)
    {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    if one_post_described(part) && !s.unknown.is_empty() && !s.metrics.is_empty() {
        let told: Vec<String> = s.unknown.iter().map(|(w, _)| w.clone()).collect();
        return Reading::Clarify(Missing::Meaning, told);
    }
    let specific_post = one_post_its_owner_knows(part, s);
    if specific_post && (s.how_many || s.performance || s.overview || !s.metrics.is_empty()) {
        let named: Vec<String> = part
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::Posts | Role::Media(_))))
            .map(|t| format!("the {}", t.text))
            .take(1)
            .collect();
        return Reading::Clarify(Missing::Meaning, named);
    }
    if s.hashtags {
        return Reading::Frame(frame(Kind::Hashtags));
    }
    if s.leads {
        return Reading::Frame(frame(Kind::Leads));
    }
    let from_a_place = audience::followers_from_a_place(part, s, metric);
    if (s.age || s.gender || (s.place && audience_word) || from_a_place) && !s.online {
        let mut f = frame(Kind::Demographics);
        f.audience = Some(if s.place || from_a_place {
            Audience::Places
        } else if s.age {
            Audience::Ages
        } else {
            Audience::Genders
        });
        return Reading::Frame(f);
    }
    // ("When are our followers on Instagram? want to post the order form at the right
    // time": the posting is why it is asked.)
    let posting_told = part.tokens.iter().all(|t| {
        !matches!(t.role, Some(Role::Publish | Role::Posts | Role::Media(_)))
            || part.sentence.statement(t.clause)
    });
    if s.online
        || ((s.when || s.time || s.part_of_day)
            && (s.followers || s.people)
            && (posting_told || !s.publish && !s.posts)
            && s.media.is_empty()
            && metric.is_none())
    {
        return Reading::Frame(frame(Kind::Online));
    }
    // "what time do I post for max reach": when to post, not which post ranked ("when did I
    // post my most liked reel").
    let past = part
        .sentence
        .words
        .iter()
        .any(|w| matches!(w.as_str(), "did" | "was" | "were" | "posted" | "uploaded"));
    let when_to_post = s.when && s.publish && !past;
    // "how do we do on reach when we post pictures compared to reels?": the types compared.
    let types_compared = s.media.len() >= 2 && (s.compare || s.more || s.less);
    // "what time of day should we post?", "is there a better time of day to put my
    // pictures on?": when to post, asked with the words for a part of the day.
    let part_of_day_advice = s.part_of_day
        && part
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::PartOfDay)))
            .all(|t| t.text.contains("time of"))
        && s.publish
        && metric.is_none()
        && part.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "should" | "better" | "best" | "ideal" | "optimal"
            )
        });
    if (asks_time || part_of_day_advice)
        && (s.publish || s.posts || s.advice || s.highest)
        && (!ranked_post || when_to_post)
        && (!s.part_of_day || part_of_day_advice)
        && !types_compared
        // ("when was my last post": the newest post, shown with its day.)
        && !(s.latest && past)
    {
        let mut f = frame(Kind::BestTime);
        learning_window(&mut f);
        return Reading::Frame(f);
    }
    if s.day_of_week || weekday_group || weekend_group {
        let mut f = frame(Kind::Weekdays);
        // The weekdays named are the groups, not the period; a period told beside the
        // question is none ("Busy this year. Last summer, which weekday…").
        f.period = part
            .mentions
            .iter()
            .filter(|m| !m.weak && m.weekday.is_none() && part.word(m.start) != "weekend")
            .filter(|m| periods.contains(&m.when))
            .find_map(|m| match m.when {
                When::Period(p) => Some(p),
                _ => None,
            });
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    if s.part_of_day {
        let mut f = frame(Kind::PartsOfDay);
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    // "ER by followers for October, all formats": one rate over every type of post.
    let every_format_in_one = s.by_followers
        && s.media.is_empty()
        && !s.compare
        && !s.highest
        && !s.lowest
        && !s.more
        && super::follow_up::widens(part);
    // "reels vs posts engagement": reels against the other posts, each type of post.
    let type_of_post_at = |at: usize| {
        part.token_at(at).and_then(|t| match t.role {
            Some(Role::Media(_)) => Some(true),
            Some(Role::Posts) => Some(false),
            _ => None,
        })
    };
    let type_against_posts = s.media.len() == 1
        && part.tokens.iter().any(|t| {
            matches!(t.text.as_str(), "vs" | "versus" | "or")
                && t.at > 0
                && matches!(
                    (type_of_post_at(t.at - 1), type_of_post_at(t.at + 1)),
                    (Some(true), Some(false)) | (Some(false), Some(true))
                )
        });
    if (s.media.len() >= 2 || type_against_posts || (s.format && !s.advice)) && !every_format_in_one
    {
        let mut f = frame(Kind::ByType);
        // "photos or reels — which gets me more followers?": the followers each brought.
        let brought_followers = metric.is_none() && s.followers && (s.more || s.gain || s.highest);
        f.metric = metric
            .filter(|m| *m != Metric::EngagementRate)
            .or(brought_followers.then_some(Metric::Follows));
        return Reading::Frame(f);
    }
    // "did it do better than the last one", with nothing asked before: which post "it" is,
    // Pulse must ask.
    if previous.is_none() && s.reference && against_the_one_before(part) {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    // The newest post.
    let previous_latest = previous.is_some_and(|p| {
        matches!(
            p.kind,
            Kind::LatestPost | Kind::LatestComments | Kind::LatestCommenters
        )
    });
    let about_latest = s.latest
        || (s.reference
            && previous_latest
            && (s.who
                || s.saying
                || s.commenters
                || s.performance
                || s.overview
                || metric.is_some()))
        // "wat r ppl sayin in the comments" after the new reel: on it.
        || (previous_latest
            && s.saying
            && !s.how_many
            && part.mentions.is_empty()
            && matches!(metric, None | Some(Metric::Comments)));
    if about_latest && (!s.followers || s.posts || !s.media.is_empty() || s.who) {
        let commenting = metric == Some(Metric::Comments) || s.commenters || s.saying;
        if (s.who || s.commenters) && commenting {
            return Reading::Frame(frame(Kind::LatestCommenters));
        }
        if s.saying || (metric == Some(Metric::Comments) && !s.how_many && !s.who) {
            return Reading::Frame(frame(Kind::LatestComments));
        }
        if s.who && metric.is_none() && part.sentence.words.iter().any(|w| w.starts_with("comment"))
        {
            return Reading::Frame(frame(Kind::LatestCommenters));
        }
        let mut f = frame(Kind::LatestPost);
        f.media = media;
        return Reading::Frame(f);
    }
    // The people who comment most.
    let engaging = matches!(
        metric,
        Some(Metric::Comments | Metric::EngagementRate | Metric::Interactions)
    );
    // ("which of my trick reels left people most speechless — most comments": a post.)
    let which_post = s.which_one && (s.posts || !s.media.is_empty()) && !s.who;
    // ("what to post next to get more people engaged": advice, its aim told.)
    let aim_of_advice = s.advice && !s.who && !s.commenters;
    // ("Top 3 posts by comments — people love arguing": the posts are ranked, people are
    // told of after them.)
    let first_at = |wanted: &dyn Fn(&Role) -> bool| {
        part.tokens
            .iter()
            .find(|t| t.role.as_ref().is_some_and(wanted))
            .map(|t| t.at)
    };
    let posts_ranked_first = !s.who
        && first_at(&|r| matches!(r, Role::Posts | Role::Media(_)))
            .zip(first_at(&|r| matches!(r, Role::People)))
            .is_some_and(|(posts, people)| posts < people);
    let fans = s.commenters
        || ((s.who || s.people)
            && engaging
            && (s.highest || s.more)
            && !which_post
            && !aim_of_advice
            && !posts_ranked_first)
        || (s.who && metric == Some(Metric::Comments) && !s.how_many)
        || (s.followers && engaging && s.highest && !s.posts && s.media.is_empty());
    if fans {
        let mut f = frame(Kind::Fans);
        // "who is my follower that comments most": one person.
        let words = &part.sentence.words;
        let one_person = part.tokens.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "follower" | "fan" | "commenter" | "supporter" | "person"
            )
        }) || words.windows(3).any(|w| {
            // "who's the geezer who keeps commenting", "the guy that comments on everything"
            w[0] == "the"
                && !w[1].ends_with('s')
                && matches!(w[2].as_str(), "who" | "that")
                && !matches!(
                    w[1].as_str(),
                    "one"
                        | "post"
                        | "reel"
                        | "photo"
                        | "video"
                        | "people"
                        | "ppl"
                        | "folk"
                        | "peeps"
                        | "crowd"
                        | "women"
                        | "men"
                        | "children"
                        | "mums"
                        | "same"
                )
        }) || words.windows(4).any(|w| {
            // "who's the main character in my comments", "who is the loudest in my comments"
            matches!(
                (w[0].as_str(), w[1].as_str()),
                ("who", "is") | ("whos", "the" | "my")
            ) && (w[1] != "is" || w[2] == "the")
                && (w[1] != "my" || matches!(w[2].as_str(), "#1" | "no1" | "number"))
                && !w[3].ends_with('s')
        }) || words.windows(3).any(|w| {
            // "which mum comments the most"
            w[0] == "which"
                && !w[1].ends_with('s')
                && !matches!(w[1].as_str(), "people" | "folk" | "ppl" | "peeps" | "one")
                && matches!(w[2].as_str(), "comments" | "commented")
        });
        // ("who are the people that comment on my post the most": people, whatever the post.)
        let people = part
            .tokens
            .iter()
            .any(|t| matches!(t.text.as_str(), "people" | "ones" | "fans" | "commenters"));
        // ("who always comment on my post": one post named, not one person.)
        let singular_post = s.posts || !s.media.is_empty();
        // ("who is the person that comments most on my posts": one, whatever the posts.)
        f.count = s.number.map(|n| n as usize).or(match s.plural {
            Some(false) if !people && (one_person || !singular_post) => Some(1),
            Some(true) if one_person && !people => Some(1),
            _ if s.which_one => Some(1),
            None if one_person && !people => Some(1),
            _ => None,
        });
        return Reading::Frame(f);
    }
    // "are we posting more often? compare this month with last month": the number of
    // posts over two periods.
    if s.frequency && s.compare && second.is_some() && metric.is_none() {
        let mut f = Frame::new(Kind::PostCount);
        f.media = s.media.first().copied();
        let (current, versus) = compared_periods(s, period, second, after_than, previous, today);
        f.period = Some(current);
        f.versus = Some(versus);
        distinct_versus(&mut f, today);
        return Reading::Frame(f);
    }
    // "how many posts this year, and how often is that per week?": the same posts, how often.
    let counted_before = previous.filter(|p| p.kind == Kind::PostCount && p.versus.is_none());
    if let Some(counted) = counted_before.filter(|_| s.frequency && s.reference && metric.is_none())
    {
        let mut f = frame(Kind::Frequency);
        f.period = f.period.or(counted.period);
        f.media = f.media.or(counted.media);
        return Reading::Frame(f);
    }
    if s.frequency && (s.publish || s.posts || !s.media.is_empty()) {
        let mut f = frame(Kind::Frequency);
        if f.period.is_some_and(|p| p.is_one_day(today)) {
            f.period = None;
        }
        return Reading::Frame(f);
    }
    // "can you recommend a good chalk paint for oak": advice about something else.
    let about_the_account =
        s.subject() || s.publish || s.format || s.hashtags || s.caption || s.time || s.when;
    if s.advice && !about_the_account && mostly_unknown(part, s) {
        return Reading::Nothing;
    }
    if s.advice && (!ranked_post || s.format) {
        let mut f = frame(Kind::Recommend);
        learning_window(&mut f);
        return Reading::Frame(f);
    }
    // A figure over two periods.
    let comparing = s.compare || s.over.is_some() || second.is_some();
    if comparing && !(s.trend && second.is_none() && !s.compare) {
        // "so yesterday more or less than day before?" after yesterday's likes: the figure
        // asked before, over the two periods named now.
        let asked_before = previous
            .filter(|p| {
                metric.is_none()
                    && second.is_some()
                    && (s.compare || s.trend)
                    && !s.subject()
                    && p.kind.comparable()
            })
            .map(|p| periods::Compared {
                kind: p.kind,
                metric: p.metric,
                media: p.media,
                basis: p.basis,
            });
        if let Some(figure) = figure(s).or(asked_before) {
            let periods = compared_periods(s, period, second, after_than, previous, today);
            let mut f = figure.over(periods);
            distinct_versus(&mut f, today);
            return Reading::Frame(f);
        }
        if s.reference && metric.is_none() {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
    }
    // A direction over time.
    if let Some(reading) = trend::direction(s, metric, previous, &frame, period, today) {
        return reading;
    }
    // Followers: the count now, or its change.
    if s.followers && !s.commenters && !s.by_followers {
        let changing = s.gain || s.loss || s.change || s.trend;
        // ("What's our follower count these days": the count now.)
        let count_these_days = part
            .sentence
            .words
            .windows(3)
            .any(|w| w[0] == "count" && w[1] == "these" && w[2] == "days");
        let named_period = period.is_some_and(|p| p != Period::Today || changing)
            && (changing || !count_these_days);
        if changing || (named_period && !s.now) {
            return Reading::Frame(frame(Kind::Growth));
        }
        if metric.is_none() || s.now || s.milestone {
            return Reading::Frame(frame(Kind::Followers));
        }
    }
    if s.milestone && metric.is_none() {
        return Reading::Frame(frame(Kind::Followers));
    }
    // "did we gain or lose any since the gig": followers, the one thing gained or lost
    // without a name.
    let any_of_them = part.sentence.words.windows(2).any(|w| {
        matches!(
            w[0].as_str(),
            "gain" | "gained" | "lose" | "lost" | "loose" | "get" | "got"
        ) && w[1] == "any"
    });
    if (s.grow || ((s.loss || s.gain) && (s.how_many || any_of_them)))
        && metric.is_none()
        && !s.posts
        && s.media.is_empty()
    {
        // "how much did I grow", "how many did I lose"
        return Reading::Frame(frame(Kind::Growth));
    }
    // Posts ranked.
    let ranked = (s.highest || s.lowest)
        && (s.posts || !s.media.is_empty() || metric.is_some() || s.caption || s.which_one);
    let which_post = (s.which_one
        || part
            .sentence
            .words
            .iter()
            .any(|w| matches!(w.as_str(), "which" | "what")))
        && (s.posts || !s.media.is_empty() || s.which_one)
        && metric.is_some()
        && !s.how_many
        && !s.average
        && !s.total
        && (s.plural == Some(false) || s.which_one);
    // "which posts drove new follows", "which reels got saves": the posts, ranked by it.
    let which_posts = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Posts | Role::Media(_)))
            && t.text.ends_with('s')
            && t.at > 0
            && matches!(part.word(t.at - 1), "which" | "what")
    }) && metric.is_some()
        && !s.how_many
        && !s.average
        && !s.total
        && !s.compare
        && !s.rate;
    // "the 10 posts more commented": the most.
    let ranked = ranked
        || (s.more
            && s.number.is_some()
            && !s.compare
            && (s.posts || !s.media.is_empty())
            && metric.is_some());
    if ranked
        || (s.caption && (s.posts || !s.media.is_empty() || s.highest))
        || which_post
        || which_posts
    {
        let mut f = frame(Kind::Top);
        let lowest = s.lowest && (!s.highest || lowest_wins(part));
        f.order = Some(if lowest {
            Order::Lowest
        } else {
            Order::Highest
        });
        f.metric = Some(match metric {
            Some(m) => m,
            None if lowest => Metric::EngagementRate,
            None => Metric::Interactions,
        });
        f.media = media;
        f.count = count();
        f.caption = s.caption;
        return Reading::Frame(f);
    }
    // "how many times do we post in a week": how often, not a count of the last 7 days.
    let per_one = part.mentions.iter().any(|m| {
        m.end == m.start + 2
            && matches!(part.word(m.start), "a" | "one" | "per" | "each" | "every")
            && matches!(part.word(m.start + 1), "week" | "month" | "day")
            && !matches!(
                part.word(m.start.saturating_sub(1)),
                "last" | "past" | "this"
            )
    });
    // Means per post.
    if s.average {
        if let Some(m) = metric {
            if m == Metric::EngagementRate {
                let mut f = frame(Kind::Rate);
                f.media = media;
                if s.by_followers || (s.followers && s.rate) {
                    f.basis = Some(RateBasis::Followers);
                }
                return Reading::Frame(f);
            }
            let mut f = frame(Kind::PostMean);
            f.metric = Some(m);
            f.media = media;
            return Reading::Frame(f);
        }
        // ("how much posts I do in one week normally": posts a week, how often.)
        if s.publish || (s.posts && per_one) {
            let mut f = frame(Kind::Frequency);
            if per_one {
                f.period = None;
            }
            return Reading::Frame(f);
        }
        if s.posts {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
    }
    // Posts published.
    let publishing = s.publish || (s.loss && (s.posts || !s.media.is_empty()) && !s.followers);
    if metric.is_none()
        && (s.how_many || s.total || publishing)
        && (s.posts || !s.media.is_empty() || publishing)
        && !s.rate
    {
        let times = part.tokens.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "how many times" | "how many time" | "how much times"
            )
        });
        if times && per_one && publishing && media.is_none() {
            let mut f = frame(Kind::Frequency);
            f.period = None;
            return Reading::Frame(f);
        }
        let mut f = frame(Kind::PostCount);
        f.media = media;
        return Reading::Frame(f);
    }
    // The engagement rate.
    if metric == Some(Metric::EngagementRate) || (s.rate && metric.is_none()) {
        let mut f = frame(Kind::Rate);
        f.media = media;
        if s.by_followers || (s.followers && s.rate) {
            f.basis = Some(RateBasis::Followers);
        }
        return Reading::Frame(f);
    }
    // Totals: of the posts named, or of the account.
    if let Some(m) = metric {
        // ("we posted the menu on friday, what reach did it get": the post told of.)
        // (not "what was my reach on monday, I posted the pack and it felt like nobody saw
        // it": the account's figure asked.)
        let post_told_of = s.publish && s.reference && it_got(part).is_some();
        let of_posts = s.posts
            || !s.media.is_empty()
            || post_told_of
            || crate::question::frame::account_metric(m).is_none();
        let mut f = frame(if of_posts {
            Kind::PostTotal
        } else {
            Kind::AccountTotal
        });
        f.metric = Some(m);
        if of_posts {
            f.media = media;
        }
        return Reading::Frame(f);
    }
    if let Some(how_it_did) = performance::how_it_did(part, s, periods, media, &frame) {
        // "are we doing better than last month": better by which figure? (Two periods
        // named, "how did october go vs september", are a summary of each.)
        if let Reading::Frame(f) = &how_it_did {
            if f.kind == Kind::Overview && s.compare && period.is_some() && second.is_none() {
                return Reading::Clarify(Missing::Metric, Vec::new());
            }
        }
        return how_it_did;
    }
    // Nothing that asks: a follow-up without a previous question, a word Pulse does not
    // know, or nothing about the account.
    let unknown: Vec<String> = s.unknown.iter().map(|(w, _)| w.clone()).collect();
    let many_unknown = mostly_unknown(part, s);
    if !refinement(s, periods).is_empty() && unknown.is_empty() || (s.follow_up && !many_unknown) {
        return match previous {
            None => Reading::Fragment(refinement(s, periods)),
            Some(_) => Reading::Clarify(Missing::Context, Vec::new()),
        };
    }
    if many_unknown {
        return Reading::Nothing;
    }
    if s.on_topic()
        || s.performance
        || ((s.reference || !periods.is_empty()) && !unknown.is_empty())
        || (!unknown.is_empty() && unknowns::names_a_thing_asked_about(part, s))
    {
        return Reading::Clarify(
            if unknown.is_empty() {
                Missing::Metric
            } else {
                Missing::Meaning
            },
            unknown,
        );
    }
    if s.reference {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    Reading::Nothing
}
