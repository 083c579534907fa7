//! The parser against every row of `qa/questions.md`, each labelled in the corpus grammar
//! (`engine/corpus/README.md`), and the word tables of `lexicon.rs`, one test per table.
//! The corpus (`corpus.rs`) measures the parser on questions written by other people.

use chrono::NaiveDate;

use super::corpus::{describe, same};
use super::lexicon::{self, Role};
use super::*;

/// Wednesday 18 November 2026, the corpus's reference day.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
}

fn read(question: &str) -> Parsed {
    parse(question, None, today(), chrono_tz::UTC)
}

/// What `question` reads as in a chat of `zone`, in the corpus label form.
fn read_in_zone(zone: chrono_tz::Tz, question: &str) -> String {
    describe(&parse_after(question, &[], today(), zone))
}

/// Each question reads as its label in a chat of its zone.
fn all_read_in_zone(cases: &[(chrono_tz::Tz, &str, &str)]) {
    for (zone, question, label) in cases {
        assert_eq!(
            read_in_zone(*zone, question),
            *label,
            "{question:?} in {zone}"
        );
    }
}

/// Whether `question` reads as `label` (a frame, `clarify`, `outside` or `refuse`).
fn reads_as(question: &str, label: &str) -> Result<(), String> {
    reads_as_after(&[], question, label)
}

/// The queries of a first question, which must be understood.
fn understood(question: &str) -> Vec<Query> {
    match parse(question, None, today(), chrono_tz::UTC) {
        Parsed::Understood { queries, .. } => queries,
        other => panic!("{question:?} is not understood: {other:?}"),
    }
}

/// [`reads_as`] after a question that asked `previous`.
fn reads_as_after(previous: &[Query], question: &str, label: &str) -> Result<(), String> {
    let parsed = parse_after(question, previous, today(), chrono_tz::UTC);
    let ok = match (label, &parsed) {
        ("outside", Parsed::Outside { .. }) => true,
        ("refuse", Parsed::NotUnderstood(_)) => true,
        ("clarify", Parsed::Clarify(_)) => true,
        ("outside" | "refuse" | "clarify", _) => false,
        (label, Parsed::Understood { queries, .. }) => {
            let wanted: Vec<Query> = label
                .split(" ; ")
                .map(|frame| Frame::from_label(frame).unwrap().query().unwrap())
                .collect();
            wanted.len() == queries.len()
                && wanted.iter().zip(queries).all(|(w, g)| same(w, g, today()))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{question}\n   want {label}\n   got  {}",
            describe(&parsed)
        ))
    }
}

/// [`reads_as_after`] the query that `previous` (a question) read as; panics on a misreading.
/// What `then` reads as, in the corpus label form, asked after `previous`.
fn follow_up_described(previous: &str, then: &str) -> String {
    let Parsed::Understood { queries, .. } = read(previous) else {
        panic!("{previous} is understood");
    };
    describe(&parse(then, Some(&queries[0]), today(), chrono_tz::UTC))
}

fn follow_up_reads_as(previous: &str, then: &str, label: &str) {
    let Parsed::Understood { mut queries, .. } = read(previous) else {
        panic!("{previous} is understood");
    };
    let previous = queries.remove(0);
    if let Err(misread) = reads_as_after(std::slice::from_ref(&previous), then, label) {
        panic!("{misread}");
    }
}

fn all_read_as(cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(question, label)| reads_as(question, label).err())
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} misread:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// The 42 rows of `qa/questions.md`, with what each must be understood as.
const QUESTIONS_MD: &[(&str, &str)] = &[
    (
        "Which post got the most saves in the last 30 days?",
        "top metric=saves n=1 period=30d",
    ),
    (
        "Top 5 posts by reach this month",
        "top metric=reach n=5 period=month",
    ),
    (
        "What was my best reel last week?",
        "top n=1 type=reel period=last-week",
    ),
    (
        "How many followers did I gain in the last 7 days?",
        "growth period=7d",
    ),
    ("What's my engagement rate this month?", "rate period=month"),
    (
        "Compare my engagement rate this month to last month",
        "compare of=rate period=month vs=last-month",
    ),
    ("When are my followers online?", "online"),
    ("What's the best time to post?", "best_time period=90d"),
    ("Who comments the most?", "fans period=30d"),
    (
        "Who are my top 10 commenters this year?",
        "fans n=10 period=year",
    ),
    (
        "Any potential buyers in the comments this week?",
        "leads period=week",
    ),
    (
        "How many comments did I get yesterday?",
        "account_total metric=comments period=yesterday",
    ),
    (
        "How did reach change this week vs last week?",
        "compare of=account_total metric=reach period=week vs=last-week",
    ),
    (
        "Do reels or carousels perform better?",
        "by_type period=90d",
    ),
    (
        "What's my average likes per post in the last 90 days?",
        "post_mean metric=likes period=90d",
    ),
    (
        "How many posts did I publish in October?",
        "post_count period=2026-10-01..2026-10-31",
    ),
    (
        "Show me my follower growth this month",
        "growth period=month",
    ),
    (
        "Which post had the most comments ever?",
        "top metric=comments n=1 period=all",
    ),
    (
        "What's my least engaging post this month?",
        "top metric=er order=bottom n=1 period=month",
    ),
    (
        "How many views did my reels get last month?",
        "post_total metric=views type=reel period=last-month",
    ),
    (
        "What was my reach yesterday?",
        "account_total metric=reach period=yesterday",
    ),
    ("Where are my followers from?", "demographics aspect=places"),
    (
        "What age group are most of my followers?",
        "demographics aspect=ages",
    ),
    ("How many followers do I have?", "followers"),
    ("Summarize my last 7 days", "overview period=7d"),
    ("Which hashtags work best?", "hashtags period=90d"),
    (
        "Does posting in the morning work better than in the evening?",
        "parts_of_day period=90d",
    ),
    (
        "What day of the week gets the most engagement?",
        "weekdays period=90d",
    ),
    (
        "How many shares did my posts get in the last 2 weeks?",
        "post_total metric=shares period=14d",
    ),
    (
        "What's my engagement rate by followers?",
        "rate basis=followers period=30d",
    ),
    (
        "Did my followers grow or drop yesterday?",
        "growth period=yesterday",
    ),
    (
        "Which post brought the most new followers?",
        "top metric=follows n=1 period=30d",
    ),
    (
        "What's the caption of my most liked post?",
        "top metric=likes n=1 period=30d caption=yes",
    ),
    ("Who commented on my latest post?", "latest_commenters"),
    (
        "What are people saying about my latest post?",
        "latest_comments",
    ),
    ("How often do I post?", "frequency period=90d"),
    (
        "Is my reach trending up or down?",
        "trend metric=reach period=30d",
    ),
    ("What should I post next?", "recommend period=90d"),
    (
        "Give me my stats for the last 3 months",
        "overview period=3m",
    ),
    (
        "Which of my posts from 2025 had the best engagement rate?",
        "top metric=er n=1 period=2025-01-01..2025-12-31",
    ),
    ("what's the weather tomorrow?", "refuse"),
    ("asdf qwer", "refuse"),
];

#[test]
fn every_row_of_questions_md_is_understood_as_it_should_be() {
    assert_eq!(QUESTIONS_MD.len(), 42);
    all_read_as(QUESTIONS_MD);
}

/// Every entry of `table` reads as its role on its own (no other table or typo shadows it).
fn every_entry_reads_as_its_role(name: &str, table: &[(&str, Role)]) {
    let mut wrong = Vec::new();
    for (text, role) in table {
        let sentence = reading::tokens_of(text, today());
        let roles: Vec<Option<Role>> = sentence.into_iter().map(|(_, role)| role).collect();
        if roles != [Some(role.clone())] {
            wrong.push(format!("{text:?}: {roles:?}, want {role:?}"));
        }
    }
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

#[test]
fn no_word_is_in_two_tables_or_in_the_filler_list() {
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut twice = Vec::new();
    for (name, table) in lexicon::TABLES {
        for (text, _) in table.iter() {
            if let Some(other) = seen.insert(text, name) {
                twice.push(format!("{text:?} in {other} and {name}"));
            }
        }
    }
    for word in words::filler_words() {
        if let Some(table) = seen.get(word) {
            twice.push(format!("{word:?} is filler and in {table}"));
        }
    }
    assert!(twice.is_empty(), "{}", twice.join("\n"));
}

#[test]
fn metrics_table() {
    every_entry_reads_as_its_role("METRICS", lexicon::METRICS);
    all_read_as(&[
        ("top posts by bookmarks", "top metric=saves period=30d"),
        (
            "which reel got the most plays",
            "top metric=views n=1 type=reel period=30d",
        ),
        (
            "most profile visits this month",
            "top metric=profile_visits period=month",
        ),
        (
            "my impressions yesterday",
            "account_total metric=views period=yesterday",
        ),
        ("eng rate this week", "rate period=week"),
    ]);
}

#[test]
fn media_table() {
    every_entry_reads_as_its_role("MEDIA", lexicon::MEDIA);
    all_read_as(&[
        (
            "how many pics did i post in october",
            "post_count type=photo period=2026-10-01..2026-10-31",
        ),
        (
            "best photo dump this year",
            "top n=1 type=carousel period=year",
        ),
        (
            "total views of my feed videos last week",
            "post_total metric=views type=video period=last-week",
        ),
    ]);
}

#[test]
fn subjects_table() {
    every_entry_reads_as_its_role("SUBJECTS", lexicon::SUBJECTS);
    all_read_as(&[
        ("who are my superfans", "fans period=30d"),
        ("which hashtag sets work", "hashtags period=90d"),
        ("how big is my fanbase", "followers"),
        (
            "caption of my most saved post",
            "top metric=saves n=1 period=30d caption=yes",
        ),
    ]);
}

#[test]
fn orders_table() {
    every_entry_reads_as_its_role("ORDERS", lexicon::ORDERS);
    all_read_as(&[
        (
            "which post flopped this month",
            "top metric=er order=bottom n=1 period=month",
        ),
        (
            "my weakest reels last month",
            "top metric=er order=bottom type=reel period=last-month",
        ),
        (
            "fewest likes of all my posts this year",
            "top metric=likes order=bottom period=year",
        ),
    ]);
}

#[test]
fn aggregates_table() {
    every_entry_reads_as_its_role("AGGREGATES", lexicon::AGGREGATES);
    all_read_as(&[
        (
            "typical reach of a carousel",
            "post_mean metric=reach type=carousel period=30d",
        ),
        (
            "reach week over week",
            "compare of=account_total metric=reach period=week vs=last-week",
        ),
        ("did i lose followers last week", "growth period=last-week"),
        (
            "are my saves going up or down",
            "trend metric=saves period=30d",
        ),
    ]);
}

#[test]
fn audience_and_time_table() {
    every_entry_reads_as_its_role("AUDIENCE_AND_TIME", lexicon::AUDIENCE_AND_TIME);
    all_read_as(&[
        ("what time are my followers awake", "online"),
        ("gender split of my audience", "demographics aspect=genders"),
        ("which daypart works best", "parts_of_day period=90d"),
        ("which day is best for posting", "weekdays period=90d"),
        (
            "what format gets the most saves",
            "by_type metric=saves period=90d",
        ),
    ]);
}

#[test]
fn intents_table() {
    every_entry_reads_as_its_role("INTENTS", lexicon::INTENTS);
    all_read_as(&[
        ("any enquiries about prices this week", "leads period=week"),
        ("feedback on my newest reel", "latest_comments"),
        ("what's my posting cadence", "frequency period=90d"),
        (
            "give me a recap of october",
            "overview period=2026-10-01..2026-10-31",
        ),
        ("any tips", "recommend period=90d"),
    ]);
}

#[test]
fn unseen_table() {
    every_entry_reads_as_its_role("UNSEEN", lexicon::UNSEEN);
    for question in [
        "my tiktok views this week",
        "how many dms did i get",
        "followers of my competitor",
        "who unfollowed me",
        "will my reach go up next week",
        "views on my stories",
        "how much revenue did instagram bring",
        "link in bio clicks",
        "how did my boosted post do",
    ] {
        assert!(
            matches!(read(question), Parsed::Outside { .. }),
            "{question}: {}",
            describe(&read(question))
        );
    }
}

#[test]
fn places_table() {
    every_entry_reads_as_its_role("PLACES", lexicon::PLACES);
    all_read_as(&[(
        "how many of my followers are from the uk",
        "demographics aspect=places",
    )]);
}

#[test]
fn off_topic_table() {
    every_entry_reads_as_its_role("OFF_TOPIC", lexicon::OFF_TOPIC);
    all_read_as(&[
        ("what's the weather in paris", "refuse"),
        ("give me a recipe for banana bread", "refuse"),
    ]);
}

#[test]
fn numbers_table() {
    every_entry_reads_as_its_role("NUMBERS", lexicon::NUMBERS);
    all_read_as(&[
        (
            "top three posts by likes",
            "top metric=likes n=3 period=30d",
        ),
        (
            "my twelve best reels this year",
            "top n=12 type=reel period=year",
        ),
    ]);
}

#[test]
fn idioms_table() {
    every_entry_reads_as_its_role("IDIOMS", lexicon::IDIOMS);
    all_read_as(&[
        (
            "good morning! which cities are my followers in",
            "demographics aspect=places",
        ),
        (
            "on average how many comments do my posts get each time",
            "post_mean metric=comments period=30d",
        ),
    ]);
}

#[test]
fn the_filler_list_changes_nothing() {
    // Every filler word, added to a question, leaves its reading as it was.
    let base = "how many likes did i get yesterday";
    let want = "account_total metric=likes period=yesterday";
    let mut wrong = Vec::new();
    for word in words::filler_words() {
        let question = format!("{word} {base}");
        if let Err(problem) = reads_as(&question, want) {
            wrong.push(problem);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn follow_ups_refine_the_previous_question() {
    let previous = |question: &str| match read(question) {
        Parsed::Understood { mut queries, .. } => queries.remove(0),
        other => panic!("{question}: {}", describe(&other)),
    };
    let cases = [
        (
            "top 5 posts by reach this month",
            "only carousels",
            "top metric=reach n=5 type=carousel period=month",
        ),
        (
            "how many likes did i get last week",
            "and the week before?",
            "account_total metric=likes period=2026-11-02..2026-11-08",
        ),
        (
            "top 3 posts by saves in october",
            "same but by shares",
            "top metric=shares n=3 period=2026-10-01..2026-10-31",
        ),
        (
            "engagement rate this month",
            "and in october?",
            "rate period=2026-10-01..2026-10-31",
        ),
        (
            "whats my best post this month",
            "and the worst?",
            "top metric=er order=bottom n=1 period=month",
        ),
        (
            "how many followers did i gain this month",
            "is that more than last month?",
            "compare of=growth period=month vs=last-month",
        ),
    ];
    let mut wrong = Vec::new();
    for (first, then, label) in cases {
        let query = previous(first);
        let parsed = parse(then, Some(&query), today(), chrono_tz::UTC);
        let want = Frame::from_label(label).unwrap().query().unwrap();
        let ok = matches!(&parsed, Parsed::Understood { queries, .. } if queries.len() == 1 && same(&queries[0], &want, today()));
        if !ok {
            wrong.push(format!(
                "[{first}] → {then}\n   want {label}\n   got  {}",
                describe(&parsed)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Without a previous question, a follow-up asks back.
    assert!(matches!(read("and in october?"), Parsed::Clarify(_)));
}

#[test]
fn dates_in_other_languages_and_day_ranges() {
    all_read_as(&[
        // Wednesday 18 November 2026: Monday is the 16th.
        (
            "what was my reach on Montag?",
            "account_total metric=reach period=2026-11-16",
        ),
        (
            "cuántos likes ayer",
            "account_total metric=likes period=yesterday",
        ),
        (
            "followers gained in Ekim",
            "growth period=2026-10-01..2026-10-31",
        ),
        (
            "likes in listopad",
            "account_total metric=likes period=2026-11-01..2026-11-18",
        ),
        (
            "reach 1-15 nov",
            "account_total metric=reach period=2026-11-01..2026-11-15",
        ),
        (
            "reach nov 1-15",
            "account_total metric=reach period=2026-11-01..2026-11-15",
        ),
        (
            "reach 1st–15th November",
            "account_total metric=reach period=2026-11-01..2026-11-15",
        ),
        (
            "reach march to may",
            "account_total metric=reach period=2026-03-01..2026-05-31",
        ),
        (
            "how many likes in may",
            "account_total metric=likes period=2026-05-01..2026-05-31",
        ),
        ("followers gained since 2 weeks", "growth period=14d"),
        ("followers gained in all the year", "growth period=year"),
        (
            "my best reel of all the time",
            "top n=1 type=reel period=all",
        ),
    ]);
}

#[test]
fn typing_mistakes_in_short_words() {
    all_read_as(&[
        (
            "whch reel gt the mst veiws in octobr",
            "top metric=views n=1 type=reel period=2026-10-01..2026-10-31",
        ),
        ("how we doin today", "overview period=today"),
    ]);
    // A short word that could be several words stays unknown.
    assert_eq!(words::correct("pst"), None);
    // "we'd" is "we would", never Wednesday; "wed" itself still is.
    assert_eq!(
        words::words("We'd love to know"),
        ["we", "love", "to", "know"]
    );
    assert!(words::words("posts on wed").contains(&"wed".to_owned()));
    // A five-letter word with another first letter is no typo: "I teach piano" has no reach.
    assert_eq!(words::correct("teach"), None);
}

#[test]
fn a_story_told_beside_the_question_is_background() {
    all_read_as(&[
        (
            "my tiktok is popping off but hows my insta reach this week",
            "account_total metric=reach period=week",
        ),
        (
            "My friend's account grows faster than mine. How many followers did I gain since October?",
            "growth period=2026-10-01..2026-11-18",
        ),
        (
            "the board meets thursday and wants numbers. how many posts did we publish in Q3?",
            "post_count period=2026-07-01..2026-09-30",
        ),
        (
            "i'm going on tour next month, where do most of my followers live?",
            "demographics aspect=places",
        ),
        // Without a question of its own, what Pulse cannot see is the question.
        ("my tiktok views this week", "outside"),
        ("my promoted post, how much reach did it get?", "outside"),
    ]);
}

#[test]
fn what_the_fresh_sets_taught() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "which bakeday got the most saves this month",
            "top metric=saves n=1 period=month",
        ),
        // A commenter named by their handle is one of the asker's fans; the handle is
        // whole ("@jo_b"), and another account's fans stay outside.
        ("is @jo_b still my top fan?", "fans n=1 period=30d"),
        (
            "is @jo_b still the one who comments the most on our posts?",
            "fans n=1 period=30d",
        ),
        ("how many fans does @jo_b have compared to me", "outside"),
        // A question about tags asked whole keeps its own 90 days beside another's period.
        (
            "which hashtags work best, and did i grow this month",
            "hashtags period=90d ; growth period=month",
        ),
        // A unit alone after the post asked of, or alone after a figure: this one.
        ("top reel month", "top n=1 type=reel period=month"),
        // A word that is off topic alone ("a recipe") names the one post asked of.
        (
            "which recipe got the most likes in october",
            "top metric=likes n=1 period=2026-10",
        ),
        (
            "top reals by views in the passed month",
            "top metric=views type=reel period=30d",
        ),
        (
            "kindly share the total reach for the last 7 days",
            "account_total metric=reach period=7d",
        ),
        ("anyone asking about availability this week", "leads period=week"),
        (
            "are my pics averaging more likes this month than last month",
            "compare of=post_mean metric=likes type=photo period=month vs=last-month",
        ),
        (
            // (A bare "… and my least liked" is not read as a second question yet.)
            "what's my most liked reel this year and what's my least liked",
            "top metric=likes n=1 type=reel period=year ; top metric=likes order=bottom n=1 type=reel period=year",
        ),
        (
            "how many posts went up in October and which one did best",
            "post_count period=2026-10-01..2026-10-31 ; top n=1 period=2026-10-01..2026-10-31",
        ),
        (
            "my followers' age and gender please",
            "demographics aspect=ages ; demographics aspect=genders",
        ),
        (
            "what time of day are my followers on the app",
            "online",
        ),
        ("hola! how is my account doing this week", "overview period=week"),
    ]);
}

#[test]
fn listed_figures_and_named_days() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026: Halloween 2026 was
    // a Saturday, Easter 2026 on 5 April.
    all_read_as(&[
        (
            "for my monthly deck: likes, saves and shares in october",
            "account_total metric=likes period=2026-10-01..2026-10-31 ; account_total metric=saves period=2026-10-01..2026-10-31 ; account_total metric=shares period=2026-10-01..2026-10-31",
        ),
        (
            "MoM reach + views",
            "compare of=account_total metric=reach period=month vs=last-month ; compare of=account_total metric=views period=month vs=last-month",
        ),
        (
            "average saves per post this week and total reach on carousels this week",
            "post_mean metric=saves period=week ; post_total metric=reach type=carousel period=week",
        ),
        (
            "my top 3 reels over halloween weekend by views",
            "top metric=views n=3 type=reel period=2026-10-31..2026-11-01",
        ),
        (
            "how many posts have I put up since easter",
            "post_count period=2026-04-05..2026-11-18",
        ),
        (
            "did I lose followers from the 3rd to the 10th of september",
            "growth period=2026-09-03..2026-09-10",
        ),
        // A time Pulse cannot place is asked about, not dropped.
        ("which post had the most likes since the parade", "clarify"),
        ("top 5 posts of carnival week", "clarify"),
    ]);
}

#[test]
fn someone_elses_figures_times_told_and_typed_slips() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Someone else's figures, named without an @.
        ("how many followers does gymshark have", "outside"),
        ("how many followers has nike got", "outside"),
        ("my cousin has way more likes than me, how?", "outside"),
        (
            "my cousin grows faster than me. how many followers did I gain this week?",
            "growth period=week",
        ),
        ("how many followers does my page have", "followers"),
        // A time of day told, not parts of the day compared.
        (
            "what were my views on Friday, the night of the gig?",
            "account_total metric=views period=2026-11-13",
        ),
        ("is 8pm or 6am better for posting", "parts_of_day period=90d"),
        (
            "when we were closed for refurb in september did we lose followers",
            "growth period=2026-09-01..2026-09-30",
        ),
        (
            "I was off sick from the 3rd to the 7th of november, how many followers did I lose during that time",
            "growth period=2026-11-03..2026-11-07",
        ),
        // The newest post, described; a key hit beside the right one.
        ("who commented on my latest bridal post", "latest_commenters"),
        ("most shared poat this month", "top metric=shares n=1 period=month"),
    ]);
    let previous = |question: &str| match read(question) {
        Parsed::Understood { mut queries, .. } => queries.remove(0),
        other => panic!("{question}: {}", describe(&other)),
    };
    for (first, then, label) in [
        (
            "what are people saying on my newest reel",
            "and who wrote them?",
            "latest_commenters",
        ),
        (
            "which time of day gets my posts the most shares",
            "and which weekday?",
            "weekdays metric=shares period=90d",
        ),
        (
            "my most commented reel this year",
            "now the top 5 photos",
            "top metric=comments n=5 type=photo period=year",
        ),
    ] {
        let parsed = parse(then, Some(&previous(first)), today(), chrono_tz::UTC);
        let want = Frame::from_label(label).unwrap().query().unwrap();
        assert!(
            matches!(&parsed, Parsed::Understood { queries, .. } if queries.len() == 1 && same(&queries[0], &want, today())),
            "{first} → {then}: want {label}, got {}",
            describe(&parsed)
        );
    }
}

#[test]
fn age_groups_bases_ranges_to_compare_and_posts_referred_to() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        ("how many of my followers are 25-34", "demographics aspect=ages"),
        (
            "average engagement by followers for carousels this month",
            "rate basis=followers type=carousel period=month",
        ),
        (
            "did my reach grow from last week to this week",
            "compare of=account_total metric=reach period=week vs=last-week",
        ),
        (
            "how many reels did I post in october and the total views on them",
            "post_count type=reel period=2026-10-01..2026-10-31 ; post_total metric=views type=reel period=2026-10-01..2026-10-31",
        ),
        (
            "what were my saves in september, and what are they this month?",
            "account_total metric=saves period=2026-09-01..2026-09-30 ; account_total metric=saves period=month",
        ),
        ("which of my brands grew fastest this month", "outside"),
        ("open @oatly and tell me their reach", "outside"),
    ]);
}

#[test]
fn warm_words_homophones_and_types_compared() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "I'd love to know my reach last week",
            "account_total metric=reach period=last-week",
        ),
        (
            "how many likes did I get the hole month",
            "account_total metric=likes period=month",
        ),
        (
            "carousels or photos, which bring me more followers?",
            "by_type metric=follows period=90d",
        ),
        (
            "how are my shares when I post reels compared to carousels",
            "by_type metric=shares period=90d",
        ),
        (
            "reels or carousels for sharing?",
            "by_type metric=shares period=90d",
        ),
    ]);
}

#[test]
fn other_shops_platforms_homophones_and_asides() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many followers does the nike running account have",
            "outside",
        ),
        ("other florist in town how many likes they get", "outside"),
        ("are my vinted sales better than my insta", "outside"),
        (
            "which pic most like this month",
            "top metric=likes n=1 type=photo period=month",
        ),
        (
            "my best real last month",
            "top n=1 type=reel period=last-month",
        ),
        (
            "best time to post in the evening for me",
            "best_time period=90d",
        ),
        (
            "how many followers do i have and did i lose any this month",
            "followers ; growth period=month",
        ),
        ("are my followers decreasing?", "growth period=30d"),
    ]);
}

#[test]
fn a_follow_up_narrows_the_people_who_comment_most() {
    // Written for this rule (not a row of any set), on Wed 18 Nov 2026.
    for (then, label) in [
        (
            "only the ones who commented last week",
            "fans period=last-week",
        ),
        (
            "just the top 3 commenters in october",
            "fans n=3 period=2026-10-01..2026-10-31",
        ),
    ] {
        follow_up_reads_as("who comments the most on my posts", then, label);
    }
}

#[test]
fn day_ranges_platforms_named_there_and_days_to_post_on() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Two days sharing a month are one stretch; two days apart, two days.
        (
            "how many views did we get on the 10th and 11th of october",
            "account_total metric=views period=2026-10-10..2026-10-11",
        ),
        (
            "likes on the 3rd and the 20th of september",
            "account_total metric=likes period=2026-09-03 ; account_total metric=likes period=2026-09-20",
        ),
        (
            "how many reels did I post in the festival week, the 4th to the 10th of august",
            "post_count type=reel period=2026-08-04..2026-08-10",
        ),
        // "this year" after a date is its year, not a second period.
        (
            "my shop opened on 2 march this year, what was my reach that day",
            "account_total metric=reach period=2026-03-02",
        ),
        (
            "the week before black friday, 20 to 26 november last year, how many likes",
            "account_total metric=likes period=2025-11-20..2025-11-26",
        ),
        // Another platform the question points back at is what it is about.
        (
            "please have a look at my youtube too, I have 3k subs there",
            "outside",
        ),
        (
            "can you check pinterest as well, my older buyers are on there",
            "outside",
        ),
        // Not about the account.
        ("what lens should I buy for portraits", "refuse"),
        ("suggest a good novel for the holidays", "refuse"),
        // Followers by gender, in other words.
        (
            "are my followers more a woman or man",
            "demographics aspect=genders",
        ),
        (
            "is it mostly moms or dads following me",
            "demographics aspect=genders",
        ),
        // The day to post on is not the days to learn from.
        (
            "best hour to post on a thursday so people see it before the weekend",
            "best_time period=90d",
        ),
        // A weekday's post.
        (
            "how many saves did saturday's post get",
            "post_total metric=saves period=2026-11-14",
        ),
    ]);
}

#[test]
fn a_follow_up_about_one_of_them_keeps_what_was_asked() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    for (first, then, label) in [
        (
            "how many likes did tuesday's post get",
            "and how many shares?",
            "post_total metric=shares period=2026-11-17",
        ),
        (
            "how many people watched my videos in september",
            "which one got the most views",
            "top metric=views n=1 type=video period=2026-09-01..2026-09-30",
        ),
        (
            "which of my reels had the best engagement rate this year",
            "show me the top 3 and their captions",
            "top metric=er n=3 type=reel period=year caption=yes",
        ),
        (
            "what was my engagement rate in october",
            "which two had the lowest engagement?",
            "top metric=er order=bottom n=2 period=2026-10-01..2026-10-31",
        ),
    ] {
        let Parsed::Understood { mut queries, .. } = read(first) else {
            panic!("{first}: understood");
        };
        let previous = queries.pop().unwrap();
        if let Err(misread) = reads_as_after(&[previous], then, label) {
            panic!("after {first}: {misread}");
        }
    }
}

#[test]
fn businesses_nearby_requests_for_someone_and_goals_of_advice() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Personal data asked for, inside a story.
        (
            "a follower left a rude comment, who is he, I want his email",
            "outside",
        ),
        // A business nearby is another account.
        (
            "what is the bakery across the road posting lately",
            "outside",
        ),
        (
            "the salon round the corner gets way more likes, how",
            "outside",
        ),
        // A day still to come, asked about with "will".
        ("will I reach 5k followers by valentines day", "outside"),
        // Money raised or bookings made: Pulse cannot see them.
        ("how much was raised at the charity gig", "outside"),
        (
            "how many appointments came through insta this week",
            "outside",
        ),
        // … but more bookings as the goal of advice is advice.
        (
            "what should I post to get more bookings",
            "recommend period=90d",
        ),
        // Asked on the owner's behalf: her page is the account.
        (
            "my gran wants to know how many people follow her crochet page",
            "followers",
        ),
        (
            "she asks which of her reels did best this month",
            "top n=1 type=reel period=month",
        ),
    ]);
}

#[test]
fn posts_described_by_a_word_pulse_does_not_know_and_periods_said_otherwise() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // A kind of post described: all of them (the answer says which words it went
        // without); one post described is asked about.
        (
            "how many views did my pottery reels get this month",
            "post_total metric=views type=reel period=month",
        ),
        (
            "average saves on my recipe carousels last month",
            "post_mean metric=saves type=carousel period=last-month",
        ),
        ("how many likes did the raffle post get", "clarify"),
        (
            "how many likes did my before and after reels get last week",
            "post_total metric=likes type=reel period=last-week",
        ),
        // Periods said otherwise.
        (
            "is my reach better compared to last month",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        ("give me an overview of my week so far", "overview period=week"),
        ("what should I post heading into summer", "recommend period=90d"),
        (
            "most liked clip this year",
            "top metric=likes n=1 period=year",
        ),
        (
            "my 5 best posts in october with the text",
            "top n=5 period=2026-10-01..2026-10-31 caption=yes",
        ),
        (
            "how many reels did I post last week and how many views did they get",
            "post_count type=reel period=last-week ; post_total metric=views type=reel period=last-week",
        ),
    ]);
}

#[test]
fn openers_start_dates_and_seasons_that_name_a_post() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many followers have we gained so far this season? the season started on 5 october",
            "growth period=2026-10-05..2026-11-18",
        ),
        (
            "which post got the most saves in october, i think it was the summer recap one",
            "top metric=saves n=1 period=2026-10-01..2026-10-31",
        ),
        (
            "in the summer which reel got the most likes",
            "top metric=likes n=1 type=reel period=2026-06-01..2026-08-31",
        ),
    ]);
    follow_up_reads_as(
        "which time of day gets my posts the most shares",
        "brilliant — and which weekday?",
        "weekdays metric=shares period=90d",
    );
}

#[test]
fn a_change_after_a_question_of_several_parts_changes_each() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    let Parsed::Understood { queries, .. } = read("total likes and total saves for august") else {
        panic!("understood");
    };
    assert_eq!(queries.len(), 2);
    for (then, label) in [
        (
            "and for july?",
            "account_total metric=likes period=2026-07-01..2026-07-31 ; account_total metric=saves period=2026-07-01..2026-07-31",
        ),
        (
            "only reels",
            "post_total metric=likes type=reel period=2026-08-01..2026-08-31 ; post_total metric=saves type=reel period=2026-08-01..2026-08-31",
        ),
    ] {
        if let Err(misread) = reads_as_after(&queries, then, label) {
            panic!("{misread}");
        }
    }
}

#[test]
fn named_days_written_out_text_speak_and_when_to_post() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026: Easter 2026 was on
    // 5 April, the last bank holiday Monday 31 August.
    all_read_as(&[
        // A name with its dates written out: the dates.
        (
            "reach over our open studio weekend (17th-18th Oct)",
            "account_total metric=reach period=2026-10-17..2026-10-18",
        ),
        (
            "top post from the spring fair week, 4th–10th May",
            "top n=1 period=2026-05-04..2026-05-10",
        ),
        // Days people name.
        (
            "likes on st patrick's day",
            "account_total metric=likes period=2026-03-17",
        ),
        (
            "how many views on shrove tuesday",
            "account_total metric=views period=2026-02-17",
        ),
        (
            "reach on the bank holiday monday",
            "account_total metric=reach period=2026-08-31",
        ),
        (
            "likes on remembrance sunday",
            "account_total metric=likes period=2026-11-08",
        ),
        // Since a day said after the event.
        (
            "has my reach gone up since the rebrand, which was the 12th of october",
            "trend metric=reach period=2026-10-12..2026-11-18",
        ),
        (
            "reach over the last couple of weeks",
            "account_total metric=reach period=14d",
        ),
        // Text-speak.
        (
            "wats my reach dis month vs last",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        // When to post, asked with "time of day".
        (
            "what time of day should I be posting",
            "best_time period=90d",
        ),
        // Asked, not told.
        (
            "will you show me my best reels this month",
            "top type=reel period=month",
        ),
        ("will my next reel do better than the last one", "outside"),
        ("a poem about my follower count please", "refuse"),
        // Others and people Pulse cannot see.
        (
            "do the rovers have more followers compared to us",
            "outside",
        ),
        ("which of my customers follow me", "outside"),
        ("can you see my reviews on tripadvisor", "outside"),
        // Followers in a place named.
        (
            "how many of my followers live in leeds",
            "demographics aspect=places",
        ),
        // Comments not answered yet look like leads.
        ("show me the comments I havent answered", "leads period=30d"),
        // "Share" as in post.
        (
            "how many posts did we share last week",
            "post_count period=last-week",
        ),
    ]);
}

#[test]
fn described_lists_times_since_an_event_and_parts_that_only_tell() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Posts described, in the plural: a list.
        (
            "which cake posts got the most likes this month",
            "top metric=likes n=5 period=month",
        ),
        // Since an event Pulse cannot place: ask; since the start: everything.
        ("how many likes since we moved to the new unit", "clarify"),
        (
            "since i connected my account, who comments the most",
            "fans period=all",
        ),
        // A part that only tells is background.
        (
            "I ran a workshop on saturday and posted about it after, how many likes did I get this week",
            "account_total metric=likes period=week",
        ),
        // "most often" is who comments most.
        ("who comments most often", "fans period=30d"),
    ]);
}

#[test]
fn dates_with_slashes_and_the_clocks() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // A part above 12 says which is the day, whichever way round.
        (
            "likes from 13/10 - 19/10",
            "account_total metric=likes period=2026-10-13..2026-10-19",
        ),
        (
            "top 3 posts since 28/09",
            "top n=3 period=2026-09-28..2026-11-18",
        ),
        (
            "reach on 10/24",
            "account_total metric=reach period=2026-10-24",
        ),
        (
            "reach on 14/11/2025",
            "account_total metric=reach period=2025-11-14",
        ),
        // Either way round: asked.
        ("likes on 3/4", "clarify"),
        (
            "how many posts since the clocks went back",
            "post_count period=2026-10-25..2026-11-18",
        ),
    ]);
}

#[test]
fn predictions_and_time_words_from_other_languages() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // A question that opens with "will" asks for a prediction.
        (
            "will the nativity post get more likes than last year's, what do you reckon",
            "outside",
        ),
        // Time words people bring from other languages.
        (
            "how many followers did I gain since 3 de septiembre",
            "growth period=2026-09-03..2026-11-18",
        ),
        (
            "top posts desde agosto",
            "top period=2026-08-01..2026-11-18",
        ),
        ("likes hier", "account_total metric=likes period=yesterday"),
    ]);
}

#[test]
fn a_list_with_its_length_said_after_it_is_one_list() {
    // Written for this rule (not a row of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "commenter leaderboard - who comments the most this month, top 7",
            "fans n=7 period=month",
        ),
        (
            "best reels of october, top 4",
            "top n=4 type=reel period=2026-10-01..2026-10-31",
        ),
    ]);
}

#[test]
fn what_a_told_sentence_names_does_not_filter_the_question() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // A post type told beside the question is background…
        (
            "Which posts got the most comments in October? I think it was the bake-off photos.",
            "top metric=comments period=2026-10-01..2026-10-31",
        ),
        (
            "we put out a reel on the 3rd and it felt busy, what was our reach that day?",
            "account_total metric=reach period=2026-11-03",
        ),
        // …unless the question points back to it.
        (
            "I posted two reels on Monday. How many views did they get?",
            "post_total metric=views type=reel period=2026-11-16",
        ),
        // A date told of something done does not restate the period asked.
        (
            "which post did best this month? we launched the spring menu on the 4th",
            "top n=1 period=month",
        ),
        // A time of the asker's own told beside the period asked.
        (
            "exam season is finally over, how did october go?",
            "overview period=2026-10-01..2026-10-31",
        ),
        // "when" after a period says which one, it does not ask when to post.
        (
            "top posts from last summer when we opened the garden",
            "top n=5 period=2026-06-01..2026-08-31",
        ),
        (
            "based on the last three months when should i post",
            "best_time period=3m",
        ),
    ]);
}

#[test]
fn text_speak_without_vowels_is_read() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "hw many cmnts did i get ystrdy",
            "account_total metric=comments period=yesterday",
        ),
        ("hw many flwrs now", "followers"),
        // A real word that keeps a vowel is left alone: "flows" is not "follows".
        (
            "do my morning flows get more likes than the evening ones",
            "parts_of_day metric=likes period=90d",
        ),
    ]);
}

#[test]
fn calls_bookings_visits_and_who_follows_are_not_seen() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many customers phoned us because of instagram this week",
            "outside",
        ),
        (
            "did anyone book an appointment after the reel, how many bookings",
            "outside",
        ),
        (
            "how many people came into the store from insta last month",
            "outside",
        ),
        ("can you tell me if my old boss follows me", "outside"),
        (
            "which of my followers are in Leeds, I want to invite them",
            "outside",
        ),
        // Advice towards them is still advice.
        (
            "what should I post to get more appointments",
            "recommend period=90d",
        ),
        // The people who follow, counted, are followers.
        ("how many people follow me", "followers"),
    ]);
    follow_up_reads_as(
        "how many followers did I gain last week",
        "and who were they?",
        "outside",
    );
}

#[test]
fn two_periods_joined_by_and_ask_the_figure_of_each() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many likes did I get on monday and on tuesday",
            "account_total metric=likes period=2026-11-16 ; account_total metric=likes period=2026-11-17",
        ),
        (
            "views on my reels in august and september",
            "post_total metric=views type=reel period=2026-08-01..2026-08-31 ; post_total metric=views type=reel period=2026-09-01..2026-09-30",
        ),
        // A total over both is one sum over the two months.
        (
            "total views on my reels in august and september",
            "post_total metric=views type=reel period=2026-08-01..2026-09-30",
        ),
        // Compared, they are a comparison.
        (
            "did I get more likes in august or september",
            "compare of=account_total metric=likes period=2026-08-01..2026-08-31 vs=2026-09-01..2026-09-30",
        ),
        // A range with its end named and then dated is one stretch.
        (
            "how many posts between 1 October and the big launch on 20 October",
            "post_count period=2026-10-01..2026-10-20",
        ),
    ]);
}

#[test]
fn words_around_a_question_that_name_no_figure() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Voice typing's "our", June by another name, a real word that is not "leads".
        (
            "what was the reach of hour reels last week",
            "post_total metric=reach type=reel period=last-week",
        ),
        (
            "how many followers since pride month",
            "growth period=2026-06-01..2026-11-18",
        ),
        (
            "how is my latest reel doing, the one with the lads at the match",
            "latest_post type=reel",
        ),
        // A part of the day told beside the question.
        (
            "what time should i post? my customers are busy in the morning",
            "best_time period=90d",
        ),
        // "where" that says which thing, not where followers are.
        (
            "i have this routine where i post at lunch, which weekday works best",
            "weekdays period=90d",
        ),
        // One question about when, asked twice.
        (
            "does the hour even matter? which part of the day gets the most engagement",
            "parts_of_day period=90d",
        ),
        (
            "best time to post outside office hours?",
            "best_time period=90d",
        ),
        // One of the account's own posts, not another account.
        ("did the puppy reel do better than the cat one", "clarify"),
        ("did the open day post go down well", "clarify"),
        // A kind of post, all of them.
        (
            "the reach of the carousel posts this month",
            "post_total metric=reach type=carousel period=month",
        ),
    ]);
}

#[test]
fn follow_ups_about_followers_gained_and_told_figures() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    follow_up_reads_as(
        "how many followers do i have",
        "and how many new ones since the week started?",
        "growth period=week",
    );
    follow_up_reads_as(
        "how many followers have we got",
        "how many more than at the beginning of october?",
        "growth period=2026-10-01..2026-11-18",
    );
    // A figure told beside the follow-up is background; "I think" is a hedge.
    follow_up_reads_as(
        "which works better, photos or carousels?",
        "and by shares? people share the recipe ones i think",
        "by_type metric=shares period=90d",
    );
    all_read_as(&[
        (
            "how many more followers do i have than at the start of the year",
            "growth period=year",
        ),
        // A real word near a word off the topic is not taken for it.
        (
            "which pottery reel got the most saves",
            "top metric=saves n=1 type=reel period=30d",
        ),
        // A story told beside "how am I doing".
        (
            "just tell me how we're doing, it's been a mad month with the refit and all",
            "overview period=30d",
        ),
        // One rate over every type of post.
        (
            "ER by followers for september, all formats please",
            "rate basis=followers period=2026-09-01..2026-09-30",
        ),
    ]);
}

#[test]
fn a_date_with_slashes_is_read_as_the_chats_zone_writes_dates() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    all_read_in_zone(&[
        (
            chrono_tz::Europe::London,
            "likes on 3/4",
            "account_total metric=likes period=2026-04-03",
        ),
        (
            chrono_tz::America::New_York,
            "likes on 3/4",
            "account_total metric=likes period=2026-03-04",
        ),
        (
            chrono_tz::Europe::Berlin,
            "reach 02/11 - 08/11",
            "account_total metric=reach period=2026-11-02..2026-11-08",
        ),
    ]);
    // A zone of no country is asked.
    assert!(read_in_zone(chrono_tz::UTC, "likes on 3/4").starts_with("clarify"));
    // A part above 12 says which is the day anywhere.
    all_read_in_zone(&[(
        chrono_tz::America::Chicago,
        "likes on 24/10",
        "account_total metric=likes period=2026-10-24",
    )]);
}

#[test]
fn visits_followers_by_trait_and_the_same_figure_for_the_period_before() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Visits because of Instagram happen off it.
        ("how many people came to the gallery because of insta", "outside"),
        ("which of my followers are vegan", "outside"),
        // …but the ones who comment most are the fans.
        ("which of my followers is commenting the most", "fans n=1 period=30d"),
        // "how many people followed me" is the followers gained.
        ("how many people followed me this week", "growth period=week"),
        // A post picked by what people did on it is a post, not a fan.
        (
            "which of my reels made people laugh most, most comments this month",
            "top metric=comments n=1 type=reel period=month",
        ),
        // The same figure for the period before, after a comma.
        (
            "likes on my posts last month, and the month before?",
            "post_total metric=likes period=last-month ; post_total metric=likes period=2026-09-01..2026-09-30",
        ),
        ("most saved reel ever? and most shared", "top metric=saves n=1 type=reel period=all ; top metric=shares n=1 type=reel period=all"),
        // "than we did last month": last month is the one compared with.
        (
            "are we getting more likes than we did last month",
            "compare of=account_total metric=likes period=month vs=last-month",
        ),
        // A holiday restated by its date, "since" kept; a day told after "after".
        (
            "reach since bonfire night (5th November)",
            "account_total metric=reach period=2026-11-05..2026-11-18",
        ),
        (
            "did we gain followers after the open day? the open day was the 1st",
            "growth period=2026-11-01..2026-11-18",
        ),
        // A spaced dash between a day with its month and another day.
        (
            "best posts 12 oct - 3 nov",
            "top period=2026-10-12..2026-11-03",
        ),
        // When the asker can post, told.
        ("what time should i post, mornings are easier for me", "best_time period=90d"),
    ]);
}

#[test]
fn holidays_by_the_zone_turns_and_a_figure_with_the_followers() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    // Mother's Day: Mothering Sunday in the UK, the second Sunday of May in the US.
    all_read_in_zone(&[
        (
            chrono_tz::Europe::London,
            "likes on mothers day this year",
            "account_total metric=likes period=2026-03-15",
        ),
        (
            chrono_tz::America::Denver,
            "likes on mother's day",
            "account_total metric=likes period=2026-05-10",
        ),
    ]);
    all_read_as(&[
        // A holiday of this year still to come is the future.
        (
            "how many likes will i get on christmas this year",
            "outside",
        ),
        // A figure listed with the followers, over a period.
        (
            "views and followers for the last 7 days",
            "account_total metric=views period=7d ; growth period=7d",
        ),
        // Being online told beside the question.
        (
            "who comments the most? i want to thank the most active ones",
            "fans period=30d",
        ),
    ]);
    follow_up_reads_as(
        "which of my carousels did best last month",
        "top 3 by saves tho",
        "top metric=saves n=3 type=carousel period=last-month",
    );
}

#[test]
fn dashed_month_ranges_and_a_longer_list_asked_after_one() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "top 5 reels for the summer (June–August)",
            "top n=5 type=reel period=2026-06-01..2026-08-31",
        ),
        (
            "total reach 12 Oct – 2 Nov",
            "account_total metric=reach period=2026-10-12..2026-11-02",
        ),
    ]);
    follow_up_reads_as(
        "which of my carousels got the most saves in september",
        "top 4 please, not just the one",
        "top metric=saves n=4 type=carousel period=2026-09-01..2026-09-30",
    );
}

#[test]
fn which_of_my_posts_picks_one_only_when_a_superlative_does() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "which of my reels flopped in october",
            "top order=bottom metric=er n=5 type=reel period=2026-10-01..2026-10-31",
        ),
        (
            "which of my reels did worst in october",
            "top order=bottom metric=er n=1 type=reel period=2026-10-01..2026-10-31",
        ),
        (
            "which of my posts tanked this month, I want to delete it",
            "top order=bottom metric=er n=1 period=month",
        ),
        (
            "which of my posts had more comments this month",
            "top metric=comments n=1 period=month",
        ),
    ]);
}

#[test]
fn more_of_a_figure_or_less_asks_which_way_it_goes() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "am i getting more saves or fewer these days",
            "trend metric=saves period=30d",
        ),
        (
            "is my reach higher or lower over the last 3 months",
            "trend metric=reach period=3m",
        ),
        // Better or worse, with no figure named, is no trend of one.
        (
            "more comments on reels or on carousels?",
            "by_type metric=comments period=90d",
        ),
    ]);
}

#[test]
fn a_story_told_first_names_the_period_but_asks_nothing() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // "show" after "our" or an unknown word is an event, not a request.
        (
            "We ran our dog show the weekend before last and posted lots of reels. How many likes did our reels get that weekend?",
            "post_total metric=likes type=reel period=2026-11-07..2026-11-08",
        ),
        (
            "we posted the new menu on monday the 9th. what was our reach that day?",
            "account_total metric=reach period=2026-11-09",
        ),
        // A title in single quotes names a series, and "we're" is "we are".
        (
            "We're a deli and we post a 'cheese of the week' photo every friday. Average likes per photo this year?",
            "post_mean metric=likes type=photo period=year",
        ),
        // What buyers write, quoted, says which comments are meant.
        (
            "anyone asking 'how much is delivery' this week?",
            "leads period=week",
        ),
    ]);
}

#[test]
fn posts_tips_and_times_told_in_a_story_are_not_asked() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "I run a bakery. In october I started a new menu and I post loads of cake pics. How many followers did I gain since I started the menu in october?",
            "growth period=2026-10-01..2026-11-18",
        ),
        (
            "i posted my styling tips carousel and a haul last week, which post got the most saves last week",
            "top metric=saves n=1 period=last-week",
        ),
        (
            "how often do we post? feels like we only post when the shop is quiet",
            "frequency period=90d",
        ),
        // A picture before a capital ends a sentence.
        (
            "Our lambing reels go wild every spring 🐑 Which reel had the most views in the spring?",
            "top metric=views n=1 type=reel period=2026-03-01..2026-05-31",
        ),
    ]);
}

#[test]
fn the_week_after_a_day_and_the_least_and_the_most_of_the_figure_asked() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    follow_up_reads_as(
        "how many likes did we get on the 1st of november",
        "and the whole week after?",
        "account_total metric=likes period=2026-11-02..2026-11-08",
    );
    follow_up_reads_as(
        "did we gain followers on sunday 8th november",
        "what about the 3 days after it",
        "growth period=2026-11-09..2026-11-11",
    );
    all_read_as(&[
        (
            "which is my carousel with fewer saves this year?",
            "top metric=saves order=bottom n=1 type=carousel period=year",
        ),
        (
            "How many saves did our reels get in october, and which one had the most?",
            "post_total metric=saves type=reel period=2026-10-01..2026-10-31 ; top metric=saves n=1 type=reel period=2026-10-01..2026-10-31",
        ),
    ]);
}

#[test]
fn buyers_asking_about_bookings_donations_and_how_a_figure_is_judged() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "show me comments asking about bookings or prices",
            "leads period=30d",
        ),
        (
            "how much did people donate through instagram in october",
            "outside",
        ),
        ("how many donations came from insta this month", "outside"),
        (
            "how many people bought a cake because of our posts",
            "outside",
        ),
        ("are we posting at the right times", "best_time period=90d"),
        (
            "which reel is most bad this year",
            "top metric=er order=bottom n=1 type=reel period=year",
        ),
        (
            "what share of my followers are in Germany",
            "demographics aspect=places",
        ),
        ("is my engagement flopping this month", "rate period=month"),
        (
            "total shares of my carousels since september",
            "post_total metric=shares type=carousel period=2026-09-01..2026-11-18",
        ),
    ]);
}

#[test]
fn days_told_around_a_question_and_the_weekday_before() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        ("my stats for the week please", "overview period=week"),
        ("top 3 commenters for the year", "fans n=3 period=year"),
        (
            "How many followers did we gain after the open day? It was on Saturday 7th November.",
            "growth period=2026-11-07..2026-11-18",
        ),
        (
            "best posts by saves since the menu launch (2 Nov)",
            "top metric=saves n=5 period=2026-11-02..2026-11-18",
        ),
        (
            "reach over the half-term weekend (23–25 Oct) vs the weekend before",
            "compare of=account_total metric=reach period=2026-10-23..2026-10-25 vs=2026-10-16..2026-10-18",
        ),
        (
            "which of my posts do better, morning or evening? I usually post at 7",
            "parts_of_day period=90d",
        ),
        ("who are the people that comment on my reel the most", "fans period=30d"),
        ("how much did clients pay us through instagram", "outside"),
    ]);
    follow_up_reads_as(
        "how many likes did we get last Sunday",
        "and the Sunday before it?",
        "account_total metric=likes period=2026-11-08",
    );
}

#[test]
fn voice_typing_homophones_and_questions_about_something_else() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        ("my best reel of all thyme", "top n=1 type=reel period=all"),
        ("hoo comments most on my reels", "fans period=30d"),
        ("wear are my followers from", "demographics aspect=places"),
        ("how many views did my video get on you tube", "outside"),
        ("what's the going rate for a wedding cake", "refuse"),
        ("can you recommend a good sander for pine", "refuse"),
        ("any tips for my reels?", "recommend period=90d"),
        ("how many of my followers own a dog", "outside"),
        (
            "how many of my followers are in Leeds",
            "demographics aspect=places",
        ),
        (
            "I run our local bakery page, how many followers do we have",
            "followers",
        ),
        (
            "any comments asking if the royal python is still available",
            "leads period=30d",
        ),
    ]);
}

#[test]
fn since_a_season_ended_and_two_days_named_together() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many followers have we gained since summer ended",
            "growth period=2026-09-01..2026-11-18",
        ),
        (
            "total likes since the summer was over",
            "account_total metric=likes period=2026-09-01..2026-11-18",
        ),
        (
            "how many comments yesterday and today",
            "account_total metric=comments period=2026-11-17..2026-11-18",
        ),
    ]);
}

#[test]
fn that_week_around_a_day_told_and_voice_typed_by_and_which() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "Our fete was on Sunday 4 October. What was our reach that week?",
            "account_total metric=reach period=2026-09-28..2026-10-04",
        ),
        (
            "the market was on saturday 10 october, how many likes did we get that month",
            "account_total metric=likes period=2026-10-01..2026-10-31",
        ),
        (
            "top 3 reels buy views this year",
            "top metric=views n=3 type=reel period=year",
        ),
        (
            "witch of my posts got the most comments this month",
            "top metric=comments n=1 period=month",
        ),
        (
            "which photo's done best this month?",
            "top n=1 type=photo period=month",
        ),
        (
            "are my followers mostly blokes",
            "demographics aspect=genders",
        ),
        ("how many candles did we sell on the online shop", "outside"),
        (
            "We post about twice a week. How many posts did we do in September?",
            "post_count period=2026-09-01..2026-09-30",
        ),
        (
            "total reach of my posts in summer time",
            "post_total metric=reach period=2026-06-01..2026-08-31",
        ),
    ]);
    follow_up_reads_as(
        "how many likes did we get the weekend before last",
        "and comments that same weekend?",
        "account_total metric=comments period=2026-11-07..2026-11-08",
    );
}

#[test]
fn sales_from_instagram_halves_of_the_year_and_christmas_as_a_season() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many cakes did we sell from instagram this month",
            "outside",
        ),
        ("how many people booked a class through insta", "outside"),
        (
            "likes in the first half of the year",
            "account_total metric=likes period=2026-01-01..2026-06-30",
        ),
        (
            "reach over the last half year",
            "account_total metric=reach period=6m",
        ),
        (
            "any comments asking the price of christmas hampers?",
            "leads period=30d",
        ),
        (
            "anyone asking about postage in the comments",
            "leads period=30d",
        ),
        ("how many views on my google listing", "outside"),
        ("hows my latest real doing", "latest_post type=reel"),
    ]);
    follow_up_reads_as(
        "how many comments did I get last week",
        "and the weak before",
        "account_total metric=comments period=2026-11-02..2026-11-08",
    );
}

#[test]
fn a_count_and_the_count_of_some_of_them_are_two_questions() {
    // Written for this rule (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "How many posts did we put out in September, and how many of those were reels?",
            "post_count period=2026-09-01..2026-09-30 ; post_count type=reel period=2026-09-01..2026-09-30",
        ),
        // One count of one type stays one question.
        ("how many reels did I post in september", "post_count type=reel period=2026-09-01..2026-09-30"),
    ]);
}

#[test]
fn a_second_part_that_asks_the_average_the_people_or_the_change() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "total likes on my reels in october and the average per reel",
            "post_total metric=likes type=reel period=2026-10-01..2026-10-31 ; post_mean metric=likes type=reel period=2026-10-01..2026-10-31",
        ),
        (
            "how many comments did I get yesterday, and who wrote them?",
            "account_total metric=comments period=yesterday ; fans period=yesterday",
        ),
        (
            "my follower count and the change over the last 30 days",
            "followers ; growth period=30d",
        ),
        // An average asked alone is one question.
        ("average likes per reel in october", "post_mean metric=likes type=reel period=2026-10-01..2026-10-31"),
    ]);
    follow_up_reads_as(
        "summary for the summer please",
        "which 3 posts did best in that stretch?",
        "top n=3 period=2026-06-01..2026-08-31",
    );
    follow_up_reads_as(
        "how many shares did my carousels get last month",
        "what about the average",
        "post_mean metric=shares type=carousel period=last-month",
    );
}

#[test]
fn static_posts_mid_reels_stretches_to_date_and_metrics_used_instead() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        ("reels vs static posts, which works better", "by_type period=90d"),
        ("which carousel was the most mid in october", "top metric=er order=bottom n=1 type=carousel period=2026-10-01..2026-10-31"),
        ("our best ever reel?", "top n=1 type=reel period=all"),
        ("growth over the 6 months to date", "growth period=6m"),
        ("reach in the last for teen days", "account_total metric=reach period=14d"),
        ("saves on my reels in september and october combined", "post_total metric=saves type=reel period=2026-09-01..2026-10-31"),
        // Two months apart stay two questions.
        ("saves in august and in october", "account_total metric=saves period=2026-08-01..2026-08-31 ; account_total metric=saves period=2026-10-01..2026-10-31"),
        ("views this season please, season started 1 October", "account_total metric=views period=2026-10-01..2026-11-18"),
        ("ER by reach for photos vs reels", "by_type period=90d"),
        ("are my followers mostly from Wales or other places?", "demographics aspect=places"),
        ("I've finally got time to look at this, how many reels did I post in October?", "post_count type=reel period=2026-10-01..2026-10-31"),
        ("I do the posting for a dance school. What's our engagement rate for the last month?", "rate period=last-month"),
        ("is raw cookie dough safe to eat", "refuse"),
        ("how's my newest piece doing?", "latest_post"),
    ]);
    follow_up_reads_as(
        "which format gets the best engagement since September",
        "use shares instead of ER",
        "by_type metric=shares period=2026-09-01..2026-11-18",
    );
    follow_up_reads_as(
        "what are people saying on my latest post",
        "who commented",
        "latest_commenters",
    );
}

#[test]
fn totals_of_all_four_rankings_asked_again_and_periods_each() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "likes, comments, saves and shares combined for october",
            "account_total metric=interactions period=2026-10-01..2026-10-31",
        ),
        (
            "most liked reels this month + my follower count",
            "top metric=likes n=5 type=reel period=month ; followers",
        ),
        (
            "how many people ordered from our website because of instagram",
            "outside",
        ),
        (
            "any ideas what to post for christmas season?",
            "recommend period=90d",
        ),
        ("seguidores last week?", "growth period=last-week"),
    ]);
    follow_up_reads_as(
        "how many saves did my carousels get in october",
        "and in august and september",
        "post_total metric=saves type=carousel period=2026-08-01..2026-08-31 ; post_total metric=saves type=carousel period=2026-09-01..2026-09-30",
    );
    follow_up_reads_as(
        "which post flopped hardest last month",
        "and the best one?",
        "top n=1 period=last-month",
    );
    follow_up_reads_as(
        "my best carousel of all time",
        "top 3 tho, by saves",
        "top metric=saves n=3 type=carousel period=all",
    );
    follow_up_reads_as(
        "my most commented reels this year",
        "rank em by shares",
        "top metric=shares n=5 type=reel period=year",
    );
}

#[test]
fn openers_told_places_expectations_and_people_named_in_the_askers_words() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        ("quick question - what's my engagement rate this week?", "rate period=week"),
        (
            "I run a little bakery in Krakow. How many followers did I gain last month?",
            "growth period=last-month",
        ),
        (
            "average likes per reel since september? my recipe reels should be doing better",
            "post_mean metric=likes type=reel period=2026-09-01..2026-11-18",
        ),
        ("what should be my next reel about?", "recommend period=90d"),
        ("which auntie comments on my posts the most", "fans n=1 period=30d"),
        ("which people commented the most this week", "fans period=week"),
        (
            "how many reels vs photos did we post in october",
            "post_count type=reel period=2026-10-01..2026-10-31 ; post_count type=photo period=2026-10-01..2026-10-31",
        ),
        ("do my followers also follow Gymshark?", "outside"),
        ("Is better to post fotos or reels for me?", "by_type period=90d"),
    ]);
}

#[test]
fn how_posts_did_numbers_after_a_sentence_and_turns_with_but_or_not() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how did my posts do in september?",
            "overview period=2026-09-01..2026-09-30",
        ),
        (
            "Which reels did best in August? 5 please",
            "top n=5 type=reel period=2026-08-01..2026-08-31",
        ),
        (
            "since 3. October how many followers did I gain",
            "growth period=2026-10-03..2026-11-18",
        ),
        (
            "quick one to save time: reach this week?",
            "account_total metric=reach period=week",
        ),
        (
            "how many likes does my sister's page get? it's another account",
            "outside",
        ),
    ]);
    follow_up_reads_as(
        "least liked reels this month",
        "ok but by shares",
        "top metric=shares order=bottom n=5 type=reel period=month",
    );
    follow_up_reads_as(
        "which 3 posts did worst last month",
        "not by engagement, by reach",
        "top metric=reach order=bottom n=3 period=last-month",
    );
    follow_up_reads_as(
        "my most shared post this year",
        "can you show me the text of it?",
        "top metric=shares n=1 period=year caption=yes",
    );
}

#[test]
fn by_reach_beside_a_rate_is_its_basis_and_those_days_are_the_days_asked_before() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "engagement rate in september compared with august, by reach please",
            "compare of=rate period=2026-09-01..2026-09-30 vs=2026-08-01..2026-08-31",
        ),
        // Both bases named: both, never one of them.
        (
            "my ER by followers vs by reach in october",
            "rate basis=followers period=2026-10-01..2026-10-31 ; rate period=2026-10-01..2026-10-31",
        ),
    ]);
    follow_up_reads_as(
        "overview for september please",
        "and the ER for september by reach",
        "rate period=2026-09-01..2026-09-30",
    );
    follow_up_reads_as(
        "how many carousels did I post in the last 14 days",
        "and how many saves did they get in those 14 days?",
        "post_total metric=saves type=carousel period=14d",
    );
}

#[test]
fn a_count_of_posts_with_less_or_more_of_a_metric_is_a_ranking() {
    all_read_as(&[
        (
            "Show me the 3 posts with less likes of this year",
            "top metric=likes order=bottom n=3 period=year",
        ),
        (
            "the 5 reels with more views last month",
            "top metric=views n=5 type=reel period=last-month",
        ),
    ]);
}

#[test]
fn whether_a_figure_improved_is_a_comparison_not_advice() {
    all_read_as(&[
        (
            "Did our engagement rate improve this month compared to last month?",
            "compare of=rate period=month vs=last-month",
        ),
        (
            "has my reach improved this month",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        ("how can I improve my reach", "recommend period=90d"),
    ]);
}

#[test]
fn two_weekdays_weighed_for_posting_compare_the_weekdays() {
    all_read_as(&[
        (
            "Is better to post in Tuesday or Friday for me?",
            "weekdays period=90d",
        ),
        (
            "is it better to post on monday or on sunday",
            "weekdays period=90d",
        ),
    ]);
}

#[test]
fn a_kind_of_post_named_for_its_tips_or_recommendations_is_not_a_request_for_advice() {
    all_read_as(&[
        (
            "Which of our book recommendation carousels had the most shares in the last 6 months?",
            "top metric=shares n=1 type=carousel period=6m",
        ),
        ("any recommendations for my reels", "recommend period=90d"),
    ]);
}

#[test]
fn a_spelled_ordinal_without_a_month_is_a_day_only_where_a_word_places_it() {
    all_read_as(&[
        (
            "how many likes on the second",
            "account_total metric=likes period=2026-11-02",
        ),
        (
            "likes since the first",
            "account_total metric=likes period=2026-11-01..2026-11-18",
        ),
        (
            "likes on the 3rd",
            "account_total metric=likes period=2026-11-03",
        ),
    ]);
    // "the second and third ones" are ranks: never the 2nd of the month.
    assert!(!matches!(
        read("Also the second and third ones?"),
        Parsed::Understood { .. }
    ));
}

#[test]
fn is_that_up_on_another_period_compares_the_figure_asked_before() {
    follow_up_reads_as(
        "What is our reach this month so far?",
        "is that up on last month?",
        "compare of=account_total metric=reach period=month vs=last-month",
    );
    follow_up_reads_as(
        "What is our reach this month so far?",
        "is it down from october",
        "compare of=account_total metric=reach period=month vs=2026-10-01..2026-10-31",
    );
}

#[test]
fn when_you_measure_it_by_another_metric_is_how_not_when() {
    follow_up_reads_as(
        "At which weekday my posts are going best?",
        "And when you measure it with reach?",
        "weekdays metric=reach period=90d",
    );
    all_read_as(&[("when do you post best", "best_time period=90d")]);
}

#[test]
fn a_comparison_with_known_words_after_vs_is_not_another_account() {
    all_read_as(&[(
        "whats the morning vs night situation for my posts",
        "parts_of_day period=90d",
    )]);
    for other in [
        "compare our ER to The Ordinary's",
        "how do we compare with glossier",
    ] {
        assert!(
            matches!(read(other), Parsed::Outside { .. }),
            "{other}: {:?}",
            read(other)
        );
    }
}

#[test]
fn what_a_story_beside_the_question_names_does_not_steer_it() {
    all_read_as(&[
        // A kind of post told of, not asked about.
        (
            "how many likes did we get last week? the harbour reel was supposed to go viral",
            "account_total metric=likes period=last-week",
        ),
        // The audience told of, not asked about.
        (
            "When should we post? Our followers are mostly students",
            "best_time period=90d",
        ),
        // When the story happened, beside a question with a period of its own.
        (
            "In the summer we ran a promo. Did we get more likes in October than in June?",
            "compare of=account_total metric=likes period=2026-10-01..2026-10-31 vs=2026-06-01..2026-06-30",
        ),
        // A choice asked without a question mark is still the question.
        (
            "photo is better or reel is better, for likes?",
            "by_type metric=likes period=90d",
        ),
        // A tag told of as used is background; a tag asked about is the question.
        (
            "we added #shoplocal to every post last week. how many likes did we get this week?",
            "account_total metric=likes period=week",
        ),
        ("does #shoplocal work for me?", "hashtags period=90d"),
    ]);
}

#[test]
fn how_many_times_in_a_week_is_how_often_but_in_the_last_week_is_a_count() {
    all_read_as(&[
        (
            "how many times do I post in a week?",
            "frequency period=90d",
        ),
        (
            "how many time we post in one week usually",
            "frequency period=90d",
        ),
        (
            "how many times did we post last week",
            "post_count period=last-week",
        ),
    ]);
}

#[test]
fn a_post_named_in_unknown_words_and_told_to_be_the_latest_is_the_latest() {
    all_read_as(&[
        (
            "how many likes did the blue lagoon swim reel get? it's the newest one",
            "latest_post type=reel",
        ),
        (
            "did my zine launch carousel do ok? it was the last one i posted",
            "latest_post type=carousel",
        ),
        // Said to be the latest, whatever else describes it (as the people who wrote the
        // corpus read it: "hows the newest devlog reel doing").
        (
            "how many likes did my latest giveaway post get",
            "latest_post",
        ),
    ]);
}

#[test]
fn rank_it_by_another_metric_reranks_what_was_just_asked() {
    follow_up_reads_as(
        "which day of the week is best for us?",
        "ok but rank it by reach",
        "weekdays metric=reach period=90d",
    );
    follow_up_reads_as(
        "top 5 reels this month",
        "sort them by saves",
        "top metric=saves order=top n=5 type=reel period=month",
    );
}

#[test]
fn comments_that_ask_or_quote_a_buyer_are_the_leads() {
    all_read_as(&[
        (
            "how many people commented asking about a private session",
            "leads period=30d",
        ),
        (
            "any order requests in the comments this week?",
            "leads period=week",
        ),
        (
            "folks keep commenting 'is this still available' can you pull those up",
            "leads period=30d",
        ),
        (
            "customers write in comments \"how much for the big one\" — show me them",
            "leads period=30d",
        ),
        (
            "which post got the most comments this week",
            "top metric=comments order=top n=1 period=week",
        ),
    ]);
}

#[test]
fn shorthand_for_periods_and_comparisons() {
    all_read_as(&[
        (
            "saves month on month",
            "compare of=account_total metric=saves period=month vs=last-month",
        ),
        (
            "reach week on week pls",
            "compare of=account_total metric=reach period=week vs=last-week",
        ),
        ("net follows this mo", "growth period=month"),
        ("posting freq last 90 days", "frequency period=90d"),
        (
            "how much like we got today",
            "account_total metric=likes period=today",
        ),
    ]);
}

#[test]
fn when_to_post_with_the_followers_hours_as_its_reason_is_one_question() {
    all_read_as(&[(
        "what's the best time for me to post, given when my customers are online?",
        "best_time period=90d",
    )]);
    assert!(matches!(
        read("when are my followers online and when should i post"),
        Parsed::Understood { ref queries, .. } if queries.len() == 2
    ));
}

#[test]
fn followers_of_an_organisation_named_after_the_are_someone_elses() {
    for other in [
        "how many followers has the big dental practice in Hereford got",
        "how many people follow the Royal Horticultural Society?",
    ] {
        assert!(
            matches!(read(other), Parsed::Outside { .. }),
            "{other}: {:?}",
            read(other)
        );
    }
    all_read_as(&[
        ("how many followers has the club got", "followers"),
        ("how many people follow us now", "followers"),
    ]);
}

#[test]
fn how_many_were_a_kind_after_a_count_counts_those_of_it() {
    follow_up_reads_as(
        "how many posts did we do in september",
        "how many were reels",
        "post_count type=reel period=2026-09-01..2026-09-30",
    );
}

#[test]
fn a_day_or_month_naming_an_event_is_not_the_period() {
    all_read_as(&[
        (
            "who comments on our posts the most? want to give them a shoutout at Friday night dinner",
            "fans period=30d",
        ),
        ("Summary of last week for the Monday report", "overview period=last-week"),
        (
            "what should we post next to lift engagement before the January deadline?",
            "recommend period=90d",
        ),
        // The day an event was held, as the start of the time asked about.
        (
            "how many followers have we gained since the halloween lan party",
            "growth period=2026-10-31..2026-11-18",
        ),
        ("what was my reach on the monday", "account_total metric=reach period=2026-11-16"),
        ("likes at christmas", "account_total metric=likes period=2025-12-25"),
    ]);
}

#[test]
fn voice_typed_hours_and_online_and_buyers_asking() {
    all_read_as(&[
        ("what our should i post at", "best_time period=90d"),
        ("which ours are my followers on line", "online"),
        ("what time are my followers on there phones", "online"),
        ("WHEN ARE MY FOLLOWERS ON THE PHONE", "online"),
        ("what is our best post", "top n=1 period=30d"),
        ("whats my engagement rate buy followers this year", "rate basis=followers period=year"),
        ("anyone asking if we have stock of anything in the comments?", "leads period=30d"),
        (
            "Are any of our followers asking about class prices or how to sign up?",
            "leads period=30d",
        ),
        (
            "Any orders or \"do you deliver\" comments since Friday?",
            "leads period=2026-11-13..2026-11-18",
        ),
        // A story's number, verb in the past and business next door are told.
        (
            "Quiet afternoon, two customers and the cat. Which of our posts this month has the fewest likes?",
            "top metric=likes order=bottom n=1 period=month",
        ),
        (
            "Delivery of fresh fish arrived this morning, all alive! What were our total likes yesterday?",
            "account_total metric=likes period=yesterday",
        ),
        (
            "How many followers did we lose in September? The chippy next door shut for the month.",
            "growth period=2026-09-01..2026-09-30",
        ),
        ("Right, how did my account do last week then?", "overview period=last-week"),
    ]);
    assert!(matches!(
        read("What's the average engagement of travel photographers on Instagram?"),
        Parsed::Outside { .. }
    ));
}

#[test]
fn a_story_before_a_comparison_and_a_request_told_in_a_story() {
    all_read_as(&[
        // The comparison's own two periods win over a day told in the story before it.
        (
            "we repainted the shop on tuesday, did likes go up this week vs last week?",
            "compare of=account_total metric=likes period=week vs=last-week",
        ),
        ("likes in the total of this year", "account_total metric=likes period=year"),
        // "send" and "show" told of customers do not ask anything.
        (
            "Lots of visitors buy my prints and send them to friends abroad. How many saves did I get this month?",
            "account_total metric=saves period=month",
        ),
        ("how much times a week do we post", "frequency period=90d"),
    ]);
}

#[test]
fn unfollows_counted_slots_tea_and_a_since_pulse_cannot_date() {
    all_read_as(&[
        // How many unfollowed is the follower change; who did is not known.
        (
            "how many people unfollowed me last month",
            "growth period=last-month",
        ),
        (
            "how many posts have we shared this year",
            "post_count period=year",
        ),
        (
            "spill the tea on my account this month",
            "overview period=month",
        ),
        (
            "what's the best slot to post a reel",
            "best_time period=90d",
        ),
        // Two weekdays weighed in the present are weekdays in general.
        (
            "are my likes usually higher on mondays or on fridays",
            "weekdays metric=likes period=90d",
        ),
        // "since" and something done on a day Pulse does not know: which day, asked.
        ("how many followers since we moved the shop", "clarify"),
        ("reach since I changed my bio?", "clarify"),
        (
            "followers since we moved to the new studio on the 3rd of October",
            "growth period=2026-10-03..2026-11-18",
        ),
        (
            "since I'm busy, just my likes this week please",
            "account_total metric=likes period=week",
        ),
    ]);
    assert!(matches!(
        read("who unfollowed me this week"),
        Parsed::Outside { .. }
    ));
    assert!(matches!(
        read("how many people unfollowed me after the rant reel"),
        Parsed::Outside { .. } | Parsed::Clarify { .. }
    ));
}

#[test]
fn brand_fees_changes_pulse_cannot_date_occasion_posts_and_formats_judged() {
    all_read_as(&[
        ("what do brands pay for a reel with my following", "outside"),
        ("did switching my profile picture help?", "clarify"),
        ("how did our easter posts do last year", "clarify"),
        (
            "my reach this year, it's been a tough one",
            "account_total metric=reach period=year",
        ),
        (
            "what part of the day do my reels do the most, like mornings or nights",
            "parts_of_day type=reel period=90d",
        ),
        (
            "are photos even worth it for me anymore",
            "by_type period=90d",
        ),
        ("did posting more often help?", "frequency period=90d"),
    ]);
}

#[test]
fn two_sides_of_the_audience_and_a_count_then_how_often() {
    all_read_as(&[
        (
            "followers by age group and top cities",
            "demographics aspect=ages ; demographics aspect=places",
        ),
        (
            "gender split and top countries of my audience",
            "demographics aspect=genders ; demographics aspect=places",
        ),
        (
            "how many reels did I post last month, and how often is that?",
            "post_count type=reel period=last-month ; frequency type=reel period=last-month",
        ),
    ]);
    follow_up_reads_as(
        "how many posts did we put up this year",
        "how often is that a week?",
        "frequency period=year",
    );
}

#[test]
fn a_post_described_by_where_or_what_it_shows_then_named_the_latest() {
    all_read_as(&[
        (
            "how's my latest reel from the lisbon trip going",
            "latest_post type=reel",
        ),
        ("how is my last post from italy doing", "latest_post"),
        (
            "how many likes did my sunset reel get, the one i just posted",
            "latest_post type=reel",
        ),
        // A long time, not the followers' ages.
        (
            "average saves on our carousels? they take ages to make",
            "post_mean metric=saves type=carousel period=30d",
        ),
        (
            "how many followers from italy",
            "demographics aspect=places",
        ),
    ]);
    follow_up_reads_as(
        "how's my nail art reel doing, the new one I just put up",
        "who commented on it",
        "latest_commenters",
    );
}

#[test]
fn followers_picked_out_by_who_they_are_ages_over_a_number_and_getting_worse() {
    all_read_as(&[
        (
            "which of my followers are nurses? would love to reach out to them",
            "outside",
        ),
        (
            "which of the parents at the school follow our page",
            "outside",
        ),
        (
            "how many of my followers are over 50",
            "demographics aspect=ages",
        ),
        ("is my reach getting worse", "trend metric=reach period=30d"),
        (
            "are my likes improving this month",
            "trend metric=likes period=month",
        ),
    ]);
}

#[test]
fn one_post_named_by_unknown_words_the_asker_s_trade_and_a_reason_given() {
    all_read_as(&[
        (
            "how many follows did the book launch announcement bring",
            "clarify",
        ),
        ("how many likes did that latte art reel get", "clarify"),
        (
            "how many likes did my reels get last week",
            "post_total metric=likes type=reel period=last-week",
        ),
        // The asker's trade is no typo of a kind of post.
        (
            "Hi, portrait photographer here. What's my most liked reel this month?",
            "top metric=likes n=1 type=reel period=month",
        ),
        (
            "show me my 3 worst carousels this month so I can decide whether to drop the format",
            "top metric=er order=bottom n=3 type=carousel period=month",
        ),
    ]);
}

#[test]
fn which_posts_brought_a_figure_and_a_corrected_follow_up() {
    all_read_as(&[
        (
            "which posts brought me new follows last month",
            "top metric=follows n=5 period=last-month",
        ),
        (
            "which reels got the saves this month",
            "top metric=saves n=5 type=reel period=month",
        ),
        (
            "give me the 5 posts more liked of this year",
            "top metric=likes n=5 period=year",
        ),
    ]);
    follow_up_reads_as(
        "which reel did best this month",
        "wait no i meant by shares",
        "top metric=shares n=1 type=reel period=month",
    );
    follow_up_reads_as(
        "which post did best this month",
        "no sorry, by reach",
        "top metric=reach n=1 period=month",
    );
}

#[test]
fn another_platform_needed_for_the_figure_and_followers_listed_with_figures() {
    all_read_as(&[
        ("compare my youtube and instagram views this month", "outside"),
        ("FB and IG reach combined for october", "outside"),
        (
            "follower growth, likes and saves for last month",
            "growth period=last-month ; account_total metric=likes period=last-month ; account_total metric=saves period=last-month",
        ),
    ]);
}

#[test]
fn the_best_and_the_worst_asked_together() {
    all_read_as(&[
        (
            "top post this month and the worst",
            "top n=1 period=month ; top metric=er order=bottom n=1 period=month",
        ),
        (
            "worst reel + best reel last week",
            "top metric=er order=bottom n=1 type=reel period=last-week ; top n=1 type=reel period=last-week",
        ),
        (
            "most saved carousel this year and the least",
            "top metric=saves n=1 type=carousel period=year ; top metric=saves order=bottom n=1 type=carousel period=year",
        ),
    ]);
}

#[test]
fn the_follower_count_and_its_change_asked_together() {
    all_read_as(&[
        (
            "how many followers do we have? did we lose any last week?",
            "followers ; growth period=last-week",
        ),
        (
            "How many followers I have and how much I win this week?",
            "followers ; growth period=week",
        ),
        (
            "what's my follower count and how has it moved this month?",
            "followers ; growth period=month",
        ),
    ]);
}

#[test]
fn a_season_then_its_own_dates_is_those_dates() {
    all_read_as(&[
        (
            "my reach in the australian summer (december to february)?",
            "account_total metric=reach period=2025-12-01..2026-02-28",
        ),
        (
            "likes this summer vs last summer",
            "compare of=account_total metric=likes period=2026-06-01..2026-08-31 vs=2025-06-01..2025-08-31",
        ),
    ]);
}

#[test]
fn a_season_said_of_every_year_after_the_question_is_not_its_period() {
    all_read_as(&[
        (
            "what should we post next? Summer is always our slowest time.",
            "recommend period=90d",
        ),
        (
            "anyone asking about gift boxes in the comments? Easter is when they sell.",
            "leads period=30d",
        ),
        // A time told after the question, of that time, still is.
        (
            "how many likes did we get? it was last week we had the sale",
            "account_total metric=likes period=last-week",
        ),
    ]);
}

#[test]
fn tonight_naming_when_a_meeting_is() {
    all_read_as(&[
        (
            "need our total reach this month for the board meeting tonight",
            "account_total metric=reach period=month",
        ),
        (
            "how many likes have we had tonight",
            "account_total metric=likes period=today",
        ),
    ]);
}

#[test]
fn since_something_then_its_date_given_as_an_example() {
    all_read_as(&[(
        "how many followers since the start of the season, like 6 september",
        "growth period=2026-09-06..2026-11-18",
    )]);
}

#[test]
fn also_adds_a_second_question_after_one_about_a_figure() {
    all_read_as(&[
        (
            "what is my er this month? also how many posts did i do",
            "rate period=month ; post_count period=month",
        ),
        (
            "reach last week. also which reel got the most saves",
            "account_total metric=reach period=last-week ; top metric=saves n=1 type=reel period=last-week",
        ),
    ]);
}

#[test]
fn who_the_followers_are_is_not_also_how_many() {
    all_read_as(&[
        (
            "What make our followers: more men or more women?",
            "demographics aspect=genders",
        ),
        (
            "our followers are mostly locals or tourists? which city they are from?",
            "demographics aspect=places",
        ),
        // Counted in words, the count is asked too.
        (
            "how many followers have i got? what age are they",
            "followers ; demographics aspect=ages",
        ),
        // Named beside the cities: both answered.
        (
            "follower count and top cities",
            "followers ; demographics aspect=places",
        ),
    ]);
}

#[test]
fn a_named_accounts_figures_are_outside() {
    all_read_as(&[
        ("what's magnus carlsen's follower count", "outside"),
        ("whats nike's engagement rate this month", "outside"),
        (
            "Is the Rapha account getting more engagement on their posts than I do?",
            "outside",
        ),
        (
            "did I get more likes this week than I did last week",
            "compare of=account_total metric=likes period=week vs=last-week",
        ),
        ("what's my follower count", "followers"),
    ]);
}

#[test]
fn people_sent_to_the_profile_and_who_they_are() {
    all_read_as(&[
        (
            "Which post sent the most people to our profile this month?",
            "top metric=profile_visits n=1 period=month",
        ),
        // Instagram never says who visited or watched.
        ("Who is client that visit my profile most?", "outside"),
        ("who saw my reel the most", "outside"),
        (
            "customer names of the people who commented on the sale post",
            "outside",
        ),
        (
            "which reel was seen by the most people this month",
            "top metric=reach n=1 type=reel period=month",
        ),
    ]);
}

#[test]
fn slang_for_the_best_and_the_worst_and_a_direction() {
    all_read_as(&[
        (
            "which reel went viral last month",
            "top n=1 type=reel period=last-month",
        ),
        ("which post blew up this week", "top n=1 period=week"),
        (
            "Which carousel smashed it in October?",
            "top n=1 type=carousel period=2026-10-01..2026-10-31",
        ),
        ("Is my reach on the up?", "trend metric=reach period=30d"),
        ("will my next reel go viral", "outside"),
    ]);
    follow_up_reads_as(
        "Which reel killed it last month?",
        "And which one died on its arse?",
        "top metric=er order=bottom n=1 type=reel period=last-month",
    );
}

#[test]
fn what_the_answer_is_for_is_not_where_the_figures_are() {
    all_read_as(&[
        (
            "Please summarise October for the newsletter.",
            "overview period=2026-10-01..2026-10-31",
        ),
        (
            "top 3 posts this month for our newsletter",
            "top n=3 period=month",
        ),
        ("how many people signed up for my newsletter", "outside"),
        ("what's the open rate of my newsletter", "outside"),
    ]);
}

#[test]
fn up_or_down_on_a_period_compares_with_it() {
    all_read_as(&[
        (
            "is my reach up or down on last month",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        (
            "are my likes up on last week?",
            "compare of=account_total metric=likes period=week vs=last-week",
        ),
        // Put up on a day: that day's posts.
        (
            "how many likes did the posts we put up on saturday get",
            "post_total metric=likes period=2026-11-14",
        ),
        ("up on last week", "clarify"),
        // A note's unit after the figure is this one.
        ("saves wk", "account_total metric=saves period=week"),
        ("reach month?", "account_total metric=reach period=month"),
    ]);
    // With nothing before "up or down", nothing is looked for before the first word.
    read("up or down on last month");
}

#[test]
fn since_the_begin_of_a_month_as_non_native_speakers_write_it() {
    all_read_as(&[(
        "Give me please the trend of views since begin of October",
        "trend metric=views period=2026-10-01..2026-11-18",
    )]);
}

#[test]
fn how_much_is_it_asks_the_figure_unless_a_buyer_asks_it() {
    all_read_as(&[
        (
            "ngl our reach kinda mid this week?? how much is it",
            "account_total metric=reach period=week",
        ),
        (
            "any comments saying how much is it this week",
            "leads period=week",
        ),
        ("people asking how much is it?", "leads period=30d"),
    ]);
}

#[test]
fn saturday_and_sunday_are_one_stretch() {
    all_read_as(&[
        (
            "how many followers did i gain on saturday and sunday",
            "growth period=2026-11-14..2026-11-15",
        ),
        // Other days stay two.
        (
            "likes on monday and on thursday",
            "account_total metric=likes period=2026-11-16 ; account_total metric=likes period=2026-11-12",
        ),
    ]);
}

#[test]
fn people_who_ask_are_not_an_aspect_of_the_audience() {
    all_read_as(&[
        (
            "The tea ladies want to know who comments most on our page — top 10 please",
            "fans n=10 period=30d",
        ),
        (
            "Would you be able to tell me what people have written beneath my most recent post?",
            "latest_comments",
        ),
        (
            "are my followers mostly ladies?",
            "demographics aspect=genders",
        ),
    ]);
}

#[test]
fn lunch_time_is_a_part_of_the_day() {
    all_read_as(&[
        (
            "Do we get more engagement in evening posts or lunch time posts?",
            "parts_of_day period=90d",
        ),
        // "launch" is no typo of it.
        ("How did the launch go?", "clarify"),
    ]);
}

#[test]
fn while_i_was_away_is_when_not_what() {
    all_read_as(&[(
        "Been out on the hill for a week with no signal. How did my account do while I was away, 10th to 16th November?",
        "overview period=2026-11-10..2026-11-16",
    )]);
}

#[test]
fn people_like_ourselves_are_not_likes() {
    all_read_as(&[(
        "I wonder, are our followers mostly older people like ourselves?",
        "demographics aspect=ages",
    )]);
}

#[test]
fn someones_monday_meeting_is_when_the_meeting_is() {
    all_read_as(&[(
        "my manager asked me to pull numbers for the client's Monday meeting. Could I get the total likes on their posts last week?",
        "post_total metric=likes period=last-week",
    )]);
}

#[test]
fn follow_ups_that_rank_or_name_another_day() {
    follow_up_reads_as(
        "saves on my carousels this wk",
        "top 3 instead",
        "top metric=saves n=3 type=carousel period=week",
    );
    follow_up_reads_as(
        "how many views did i get on the tenth",
        "and the eleventh",
        "account_total metric=views period=2026-11-11",
    );
    follow_up_reads_as(
        "Top 3 posts with most comments last 2 weeks",
        "saves naman",
        "top metric=saves n=3 period=14d",
    );
    all_read_as(&[(
        "shearing seasons done now so Ive got time for this how many posts did I do from may to august",
        "post_count period=2026-05-01..2026-08-31",
    )]);
}

#[test]
fn types_set_against_each_other_after_a_figure_keep_it() {
    follow_up_reads_as(
        "Average comments per post over the last 3 months",
        "carousels vs reels?",
        "by_type metric=comments period=3m",
    );
}

#[test]
fn figures_on_the_page_of_whoever_shared_a_post_are_outside() {
    all_read_as(&[(
        "Our beach clean reel was reshared by the Wildlife Trusts — how many views did it get on their page?",
        "outside",
    )]);
}

#[test]
fn should_as_people_text_it() {
    all_read_as(&[(
        "wat shud i post next, im runing out of idears",
        "recommend period=90d",
    )]);
}

#[test]
fn a_post_named_by_the_day_it_went_up() {
    all_read_as(&[
        (
            "i posted the cardigan carousel on tuesday how many saves did it get",
            "post_total metric=saves type=carousel period=2026-11-17",
        ),
        (
            "how many likes did the calving post get we put it up on monday",
            "post_total metric=likes period=2026-11-16",
        ),
        // Without its day, which post is asked back.
        ("how many likes did the cardigan carousel get", "clarify"),
        // Two days, two posts: which one is asked back.
        (
            "How the pączki post is doing? We put two, one on Thursday and one on Saturday",
            "clarify",
        ),
    ]);
}

#[test]
fn a_post_that_flopped_told_before_the_question_does_not_narrow_it() {
    all_read_as(&[
        (
            "ngl my dunks pic flopped hard, whats my worst post this week",
            "top metric=er order=bottom n=1 period=week",
        ),
        (
            "which reel flopped this month",
            "top metric=er order=bottom n=1 type=reel period=month",
        ),
    ]);
}

#[test]
fn how_told_posts_did_is_not_how_many_there_were() {
    all_read_as(&[
        (
            "Over the half-term holiday I posted a series of seascapes. How did they do?",
            "clarify",
        ),
        (
            "I had a stall at the Christmas market last weekend and put up a few posts. How did the account do overall last week?",
            "overview period=last-week",
        ),
        ("how many posts did i put up last week", "post_count period=last-week"),
    ]);
}

#[test]
fn advice_someone_gave_told_beside_a_question() {
    all_read_as(&[
        (
            "My friend at the art club says one should look at 'reach'. I don't really know what it means but could you tell me my reach for the past fortnight?",
            "account_total metric=reach period=14d",
        ),
        (
            "what should i post next week",
            "recommend period=90d",
        ),
    ]);
}

#[test]
fn the_thing_i_posted_is_a_post() {
    all_read_as(&[
        (
            "What is the most popular thing I have posted this year?",
            "top n=1 period=year",
        ),
        (
            "what are the worst things we posted last month",
            "top metric=er order=bottom n=5 period=last-month",
        ),
    ]);
}

#[test]
fn people_asking_for_things_in_the_comments_are_buyers() {
    all_read_as(&[
        (
            "People ask for reservations in the comments? Show me please",
            "leads period=30d",
        ),
        (
            "How many followers have we got now, and has anyone asked about postage in the comments?",
            "followers ; leads period=30d",
        ),
        (
            "how many comments did we get last week",
            "account_total metric=comments period=last-week",
        ),
    ]);
}

#[test]
fn follows_i_got_are_followers_gained() {
    all_read_as(&[
        ("how many follows did i get this weak", "growth period=week"),
        (
            "how many follows did my reels bring this month",
            "post_total metric=follows type=reel period=month",
        ),
    ]);
}

#[test]
fn a_direction_and_followers_lost_are_two_questions() {
    all_read_as(&[
        (
            "lowkey think my reels are flopping 😭 is my reach going down?? and did i lose followers this month",
            "trend metric=reach period=30d ; growth period=month",
        ),
        (
            "reach and followers for the last 14 days",
            "account_total metric=reach period=14d ; growth period=14d",
        ),
    ]);
}

#[test]
fn a_clause_that_lists_figures_asks_for_them() {
    all_read_as(&[
        (
            "Impressions and reach for last month, both totals please",
            "account_total metric=views period=last-month ; account_total metric=reach period=last-month",
        ),
        (
            "how is the likes this month compare to last month, and also the reach",
            "compare of=account_total metric=likes period=month vs=last-month ; compare of=account_total metric=reach period=month vs=last-month",
        ),
        // Never one figure in silence when two are named.
        (
            "What's my average reach per post, and my engagement rate, for the last 3 months?",
            "clarify",
        ),
    ]);
}

#[test]
fn voice_typed_two_after_a_ranking() {
    all_read_as(&[
        (
            "worst to reels past month",
            "top metric=er order=bottom n=2 type=reel period=30d",
        ),
        ("best time to post reels", "best_time period=90d"),
    ]);
}

#[test]
fn what_theyve_got_after_another_account_is_theirs() {
    all_read_as(&[(
        "can you check the other team's page, @ravensrfc, how many followers they've got",
        "outside",
    )]);
}

#[test]
fn fans_beside_a_figure_for_one_day_keep_their_own_window() {
    all_read_as(&[
        (
            "how many comments did i get yesterday and who comments the most on my posts",
            "account_total metric=comments period=yesterday ; fans period=30d",
        ),
        (
            "quick rundown of how the page did this week, and who my top commenters are",
            "overview period=week ; fans period=week",
        ),
    ]);
}

#[test]
fn a_type_before_posts_lets_the_noun_say_how_many() {
    all_read_as(&[
        (
            "what is the engagement of my reel posts this month",
            "rate type=reel period=month",
        ),
        (
            "do my carousels or single shots get more saves",
            "by_type metric=saves period=90d",
        ),
        // What a post is made of is not a second type.
        (
            "I put up a carousel of pictures from the gig on Friday. how many likes did that carousel get?",
            "post_total metric=likes type=carousel period=2026-11-13",
        ),
    ]);
}

#[test]
fn a_post_told_of_and_asked_about_as_it_is_that_post() {
    all_read_as(&[
        (
            "we put the new menu up on monday, how many saves did it get?",
            "post_total metric=saves period=2026-11-16",
        ),
        // Nothing told: which post "it" is only the asker knows.
        ("how many likes did it get", "clarify"),
    ]);
}

#[test]
fn a_weekday_before_last_is_a_week_earlier() {
    // Wed 18 Nov: the last Saturday was the 14th, the one before it the 7th.
    all_read_as(&[
        (
            "reach on the saturday before last",
            "account_total metric=reach period=2026-11-07",
        ),
        ("posting cadence L90", "frequency period=90d"),
        (
            "how are my saves developing this month",
            "trend metric=saves period=month",
        ),
    ]);
}

#[test]
fn this_period_or_last_compares_the_two() {
    all_read_as(&[
        (
            "were my likes higher this week or last",
            "compare of=account_total metric=likes period=week vs=last-week",
        ),
        (
            "is my reach lower than in september?",
            "compare of=account_total metric=reach period=month vs=2026-09-01..2026-09-30",
        ),
        (
            "are my comments better or worse than last month",
            "compare of=account_total metric=comments period=month vs=last-month",
        ),
    ]);
    follow_up_reads_as(
        "how many new followers this month",
        "is that better or worse than october?",
        "compare of=growth period=month vs=2026-10-01..2026-10-31",
    );
}

#[test]
fn since_that_day_starts_at_the_day_told() {
    all_read_as(&[(
        "our open day was 2 november. how many followers have we gained since that day?",
        "growth period=2026-11-02..2026-11-18",
    )]);
}

#[test]
fn the_askers_wish_and_plans_are_not_posts() {
    all_read_as(&[
        (
            "I just want to know how often we posted in october",
            "frequency period=2026-10-01..2026-10-31",
        ),
        (
            "what was our reach last week we had the open day on the saturday",
            "account_total metric=reach period=last-week",
        ),
    ]);
    follow_up_reads_as(
        "summary for october please",
        "and september too so I can put them side by side",
        "overview period=2026-09-01..2026-09-30",
    );
}

#[test]
fn shorthand_of_people_in_a_hurry() {
    all_read_as(&[
        ("new fols this wk?", "growth period=week"),
        ("fols rn", "followers"),
        (
            "imp + saves L7D",
            "account_total metric=views period=7d ; account_total metric=saves period=7d",
        ),
        (
            "saves wk vs last",
            "compare of=account_total metric=saves period=week vs=last-week",
        ),
        ("my most active commenters this month?", "fans period=month"),
        (
            "what's the average like for one reel",
            "post_mean metric=likes type=reel period=30d",
        ),
    ]);
}

#[test]
fn followers_credited_to_a_post_pulse_cannot_tell_are_asked_about() {
    all_read_as(&[
        (
            "how many followers did the launch teaser bring in",
            "clarify",
        ),
        (
            "our launch teaser reel slapped, how many saves did it get",
            "clarify",
        ),
        ("how many of our followers are bots", "outside"),
        ("what does discogs say about our prices", "outside"),
        (
            "what should we post to get more people engaged",
            "recommend period=90d",
        ),
    ]);
}

#[test]
fn a_period_said_once_at_the_end_is_both_parts() {
    all_read_as(&[(
        "how often did we post, and what was the ER, in Q2?",
        "frequency period=2026-04-01..2026-06-30 ; rate period=2026-04-01..2026-06-30",
    )]);
}

#[test]
fn types_left_out_and_told_beside_the_day_are_not_asked() {
    all_read_as(&[
        (
            "how many videos that arent reels did we post in october",
            "post_count type=video period=2026-10-01..2026-10-31",
        ),
        (
            "what was our reach on monday when we put the new logo carousel up",
            "account_total metric=reach period=2026-11-16",
        ),
        ("whats the florist next door's engagement", "outside"),
        (
            "people comment on every single post! who comments most this month?",
            "fans period=month",
        ),
        (
            "kindly do the needful and share top 3 reels of october by saves",
            "top metric=saves n=3 type=reel period=2026-10-01..2026-10-31",
        ),
    ]);
}

#[test]
fn follow_ups_that_sum_carry_or_switch_to_the_account() {
    // The same posts, summed.
    follow_up_reads_as(
        "top 3 carousels by saves in october",
        "and what did they get altogether?",
        "post_total metric=saves type=carousel period=2026-10-01..2026-10-31",
    );
    // The same two months, another figure.
    follow_up_reads_as(
        "likes october vs september",
        "and follower growth",
        "compare of=growth period=2026-10-01..2026-10-31 vs=2026-09-01..2026-09-30",
    );
    // The account's figure, said so.
    follow_up_reads_as(
        "how many saves did our posts get yesterday",
        "and the reach of the whole account?",
        "account_total metric=reach period=yesterday",
    );
    // Particular people, found off Instagram.
    follow_up_reads_as(
        "who comments the most this month",
        "can you find out where they live?",
        "outside",
    );
}

#[test]
fn both_bases_of_the_rate_and_the_audiences_top_places() {
    all_read_as(&[
        (
            "engagement rate by followers vs by reach for october",
            "rate basis=followers period=2026-10-01..2026-10-31 ; rate period=2026-10-01..2026-10-31",
        ),
        ("top 5 cities?", "demographics aspect=places"),
        (
            "follower count and top countries",
            "followers ; demographics aspect=places",
        ),
        ("whats the legal max altitude for a drone in the UK", "refuse"),
    ]);
}

#[test]
fn a_worry_voiced_beside_the_question_is_told_not_asked() {
    all_read_as(&[
        (
            "Is it normal that people like my posts but nobody buys? Did anyone ask about prices in the comments this week?",
            "leads period=week",
        ),
        (
            "Should I be worried that hardly anyone comments? How many comments did my posts get last month?",
            "post_total metric=comments period=last-month",
        ),
        (
            "I've been baking for years and it feels like nobody sees my posts any more. What was my reach last week?",
            "account_total metric=reach period=last-week",
        ),
        ("is it normal that my saves dropped this month", "trend metric=saves period=month"),
    ]);
}

#[test]
fn this_month_against_last_years_and_days_after_an_event() {
    all_read_as(&[
        (
            "were my saves higher this september than last september?",
            "compare of=account_total metric=saves period=2026-09-01..2026-09-30 vs=2025-09-01..2025-09-30",
        ),
        (
            "how many followers did we gain after the craft fair on 31 october",
            "growth period=2026-10-31..2026-11-18",
        ),
        (
            "Did I mess up by switching to carousels on the 5th? my reach since then please",
            "account_total metric=reach period=2026-11-05..2026-11-18",
        ),
        ("hour many likes did i get this week", "account_total metric=likes period=week"),
        (
            "are the likes you show summed per day? and how many did I get yesterday",
            "account_total metric=likes period=yesterday",
        ),
    ]);
    // A day told beside the account's figure is no post asked about.
    all_read_as(&[(
        "what was my reach on tuesday, I posted the new logo and it felt like nobody saw it",
        "account_total metric=reach period=2026-11-17",
    )]);
}

#[test]
fn which_way_a_figure_went_and_what_pulse_cannot_see_of_it() {
    all_read_as(&[
        ("saves down?", "trend metric=saves period=30d"),
        (
            "are comments up this month",
            "trend metric=comments period=month",
        ),
        (
            "which carousel was the biggest L this month",
            "top metric=er order=bottom n=1 type=carousel period=month",
        ),
        (
            "which reel got the most views on the night of the fireworks, 5 november?",
            "top metric=views n=1 type=reel period=2026-11-05",
        ),
        ("how many tickets did my reels sell", "outside"),
        ("why would instagram restrict my reach", "outside"),
        (
            "do customers ask in the comments if we ship abroad?",
            "leads period=30d",
        ),
    ]);
}

#[test]
fn report_periods_and_shorthand_of_teams() {
    all_read_as(&[
        ("overview month-to-date please", "overview period=month"),
        (
            "likes in the first two weeks of october",
            "account_total metric=likes period=2026-10-01..2026-10-14",
        ),
        (
            "our ER in September, first by reach and then by followers",
            "rate period=2026-09-01..2026-09-30 ; rate basis=followers period=2026-09-01..2026-09-30",
        ),
        ("# reels last 4 wks", "post_count type=reel period=28d"),
        ("fmt comparison by saves, 3m", "by_type metric=saves period=3m"),
        ("new followers in KW 44", "growth period=2026-10-26..2026-11-01"),
        ("bottom 3 flops this month no cap", "top metric=er order=bottom n=3 period=month"),
        ("my biggest flops this year", "top metric=er order=bottom n=5 period=year"),
        ("how are my Lazada listings doing", "outside"),
        ("how much did we make from the summer market", "outside"),
        (
            "list who commented on the raffle post, with their phone numbers",
            "outside",
        ),
        ("which teachers follow us?", "outside"),
    ]);
    follow_up_reads_as(
        "top 5 posts by likes in october",
        "narrow that down to reels please",
        "top metric=likes n=5 type=reel period=2026-10-01..2026-10-31",
    );
}

#[test]
fn someone_elses_account_and_who_the_new_followers_are() {
    all_read_as(&[
        ("could a bakery account be getting more likes with my recipes?", "outside"),
        (
            "managing a choir account. how many followers did we gain this month?",
            "growth period=month",
        ),
        (
            "Our likes in spring were great, now so low. Is it normal? Likes this month compared to spring?",
            "compare of=account_total metric=likes period=month vs=2026-03-01..2026-05-31",
        ),
        ("what's my normal reach", "post_mean metric=reach period=30d"),
    ]);
    follow_up_reads_as(
        "how many new followers this week",
        "and who are the new ones?",
        "outside",
    );
}

#[test]
fn a_time_planned_for_is_not_asked_and_the_same_month_a_year_back() {
    all_read_as(&[(
        "heading into black friday, which day of the week do my posts do best?",
        "weekdays period=90d",
    )]);
    follow_up_reads_as(
        "likes in march 2026",
        "compare with the same month in 2025",
        "compare of=account_total metric=likes period=2026-03-01..2026-03-31 vs=2025-03-01..2025-03-31",
    );
}

#[test]
fn one_basis_set_aside_and_followers_after_a_post_told() {
    all_read_as(&[
        (
            "engagement rate by followers, not by reach, for september",
            "rate basis=followers period=2026-09-01..2026-09-30",
        ),
        (
            "my follower count and where they live",
            "followers ; demographics aspect=places",
        ),
        (
            "did we lose followers after that angry post on tuesday? just on tuesday i mean",
            "growth period=2026-11-17",
        ),
    ]);
}

#[test]
fn who_follows_is_personal_data_whatever_the_reason_given_after_it() {
    all_read_as(&[
        (
            "which clients follow our page, so I can send them a card before their next booking",
            "outside",
        ),
        (
            "which of my students follow me? I want to thank them at our next class",
            "outside",
        ),
    ]);
}

#[test]
fn background_about_the_business_is_told_not_asked() {
    all_read_as(&[
        (
            "been selling online since 2022, most of my customers say they found us on insta - anyway, what's our engagement rate this month?",
            "rate period=month",
        ),
        (
            "Started doing carousels in september, tried reels for a while too, and customers say they like them — what's my engagement rate this month?",
            "rate period=month",
        ),
        (
            "I teach online and most of my students come from instagram. which post got the most saves in october?",
            "top metric=saves n=1 period=2026-10-01..2026-10-31",
        ),
        (
            "I mostly sell online, and most buyers find me through reels. how many followers did I gain last week?",
            "growth period=last-week",
        ),
        ("when is my audience online", "online"),
    ]);
}

#[test]
fn girls_and_boys_are_the_gender_split() {
    all_read_as(&[(
        "what % of my followers are girls vs boys",
        "demographics aspect=genders",
    )]);
}

#[test]
fn a_change_asked_in_percent_is_the_same_change_and_reach_as_the_rates_basis() {
    follow_up_reads_as(
        "how did my reach in october compare with september",
        "can I have that as a percentage change?",
        "compare of=account_total metric=reach period=2026-10-01..2026-10-31 vs=2026-09-01..2026-09-30",
    );
    follow_up_reads_as(
        "how many followers did we gain in october",
        "what's that in percent of where we started",
        "growth period=2026-10-01..2026-10-31",
    );
    all_read_as(&[(
        "what percent of the accounts we reach engage with our posts, this year?",
        "rate period=year",
    )]);
}

#[test]
fn since_then_gained_any_and_which_way_it_goes() {
    follow_up_reads_as(
        "how many followers have we gained since the 2nd",
        "and which reel got the most views since then?",
        "top metric=views n=1 type=reel period=2026-11-02..2026-11-18",
    );
    follow_up_reads_as(
        "what was my reach in september",
        "how many likes have I had since then",
        "account_total metric=likes period=2026-10-01..2026-11-18",
    );
    all_read_as(&[
        (
            "did I lose any since the open day on the 3rd?",
            "growth period=2026-11-03..2026-11-18",
        ),
        ("gained any this week?", "growth period=week"),
    ]);
    follow_up_reads_as(
        "my saves last week",
        "is it going up or down this month though",
        "trend metric=saves period=month",
    );
}

#[test]
fn questions_in_other_languages_or_mixing_them_with_english_read_as_in_english() {
    all_read_as(&[
        (
            "combien de commentaires la semaine dernière",
            "account_total metric=comments period=last-week",
        ),
        (
            "welcher Beitrag hatte diese Woche die meisten Likes?",
            "top metric=likes order=top n=1 period=week",
        ),
        (
            "pichle mahine ka total reach kitna tha",
            "account_total metric=reach period=last-month",
        ),
        (
            "quantos comentários tive ontem?",
            "account_total metric=comments period=yesterday",
        ),
        (
            "media de guardados por carrusel este mes",
            "post_mean metric=saves type=carousel period=month",
        ),
        (
            "mon meilleur reel du mois dernier",
            "top metric=interactions order=top n=1 type=reel period=last-month",
        ),
        (
            "reach 3 bulan terakhir",
            "account_total metric=reach period=3m",
        ),
        (
            "evolução dos seguidores este trimestre",
            "growth period=2026-10-01..2026-11-18",
        ),
        ("melhor horário pra postar reels", "best_time period=90d"),
        (
            "is hafte kitne logon ne meri reels dekhi?",
            "post_total metric=reach type=reel period=week",
        ),
        (
            "sirf carousels ke saves batao is mahine",
            "post_total metric=saves type=carousel period=month",
        ),
        // Taglish.
        (
            "ilang comments ko kahapon?",
            "account_total metric=comments period=yesterday",
        ),
        (
            "ilan nadagdag na followers namin ngayong buwan",
            "growth period=month",
        ),
        (
            "alin yung pinakamaraming saves na carousel ko",
            "top metric=saves n=1 type=carousel period=30d",
        ),
        ("kumusta yung adobo reel namin?", "clarify"),
        (
            "sino yung pinaka madalas mag comment this month",
            "fans n=5 period=month",
        ),
    ]);
    follow_up_reads_as(
        "welcher Beitrag hatte im Oktober die meisten Kommentare?",
        "und die wenigsten?",
        "top metric=comments order=bottom n=1 period=2026-10",
    );
    follow_up_reads_as("likes?", "wk", "account_total metric=likes period=week");
    follow_up_reads_as(
        "compare my reach in october with august",
        "and saves, same comparison?",
        "compare of=account_total metric=saves period=2026-10 vs=2026-08",
    );
    follow_up_reads_as(
        "how many photos did we post this month",
        "y reels?",
        "post_count type=reel period=month",
    );
    follow_up_reads_as(
        "combien de vues sur mes reels ce mois-ci?",
        "et le mois dernier?",
        "post_total metric=views type=reel period=last-month",
    );
    follow_up_reads_as(
        "how many likes this week",
        "y el mes pasado?",
        "account_total metric=likes period=last-month",
    );
}

#[test]
fn what_the_december_sets_taught() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // The engagement rate has no daily line: which way it moves is the period against
        // the one before it.
        (
            "is our engagement dropping this month?",
            "compare of=rate period=month vs=last-month",
        ),
        (
            "engagement rate going up or down lately",
            "compare of=rate period=30d vs=2026-09-20..2026-10-19",
        ),
        (
            "are my likes going down this month",
            "trend metric=likes period=month",
        ),
        // One post named by what it shows, before the question or as "the … one": which
        // post, Pulse must ask.
        ("the tiger tattoo reel, how many likes?", "clarify"),
        ("how many likes did the cat one get", "clarify"),
        ("the last reel, how many shares?", "latest_post type=reel"),
        // "her" and "his" of someone in a story are no other account; of a page, they are.
        (
            "how many new followers did we get this week after her interview",
            "growth period=week",
        ),
        ("whats her engagement rate", "outside"),
        ("how many followers does his page have", "outside"),
        // Others told of in a story are background, unless the question points back at them.
        (
            "I worked with three other florists for 10 years. what was my best post this month",
            "top n=1 period=month",
        ),
        (
            "other florists get more likes than me, how do they do it",
            "outside",
        ),
        (
            "the bakery down the road opened late but anyway whats my reach this week",
            "account_total metric=reach period=week",
        ),
        // How long a story has gone on is no period asked.
        (
            "I have been baking for 12 years. Which type of post gets me the most likes?",
            "by_type metric=likes period=90d",
        ),
        // A weak period asked ("lately") is the one asked, not a season told before it.
        (
            "We shot our lookbook in the spring. Are my views going up or down lately?",
            "trend metric=views period=30d",
        ),
        // Two posts named by what they show and set against each other: which two?
        (
            "which did better the puppy reel or the kitten one",
            "clarify",
        ),
        (
            "which did better, the part 1 video or the part 2 video?",
            "clarify",
        ),
        (
            "which did better, the reel or the carousel?",
            "by_type period=90d",
        ),
        // How long something lasted is no time of day; "normal" before posts says which.
        (
            "did a 3 hour workshop on friday, did my followers go up this week",
            "growth period=week",
        ),
        (
            "total likes on my photos this month, the normal photos not carousels",
            "post_total metric=likes type=photo period=month",
        ),
        // A date told after the question, outside the period asked, is not that period.
        (
            "what's our reach this month? the board meets on the 9th of December",
            "account_total metric=reach period=month",
        ),
        // Doing as advice says is no following; a saying or a wish names nothing counted.
        (
            "following the advice of a coach I post more reels. what's my engagement rate this month",
            "rate period=month",
        ),
        ("how many people are following the page now", "followers"),
        (
            "story of my life, nobody comments. how many comments did we get this week",
            "account_total metric=comments period=week",
        ),
        ("Merry Christmas!", "refuse"),
        ("happy diwali pulse, how many followers do i have", "followers"),
        ("how many likes did my happy easter post get", "clarify"),
        (
            "sum up october for the parish newsletter",
            "overview period=2026-10",
        ),
        // Whose engagement ("my followers") is the question's, by time of day or weekday.
        (
            "do my followers interact more with posts in the morning or at night",
            "parts_of_day metric=interactions period=90d",
        ),
        ("can you show me everybody who follows the page", "outside"),
        // A post named before the question by what it shows: which one.
        ("the blue velvet one, how many likes did it get", "clarify"),
        ("The sourdough tutorial, how many people saw it?", "clarify"),
        ("any tip for my reels?", "recommend period=90d"),
        // One piece, named by a word Pulse does not know, right after the ranking.
        ("what was my most saved sculpture this year", "top metric=saves n=1 period=year"),
        ("my most liked stuff this year", "top metric=likes n=5 period=year"),
        // Which week of a month, counted from its first day or back from its last.
        (
            "how many saves did we get in the third week of october",
            "account_total metric=saves period=2026-10-15..2026-10-21",
        ),
        (
            "views in the last week of october",
            "account_total metric=views period=2026-10-25..2026-10-31",
        ),
        // A question run on after a story, no stop between (voice typing).
        (
            "we re-open the cafe on the 30th so we are getting ready how many likes did we get last week",
            "account_total metric=likes period=last-week",
        ),
        ("i want to know what was my reach this week", "account_total metric=reach period=week"),
        ("my last carousel got how many saves", "latest_post type=carousel"),
        // Slang for the post doing the most; what Instagram never says of a follower.
        ("which carousel is carrying the account this month", "top n=1 type=carousel period=month"),
        ("what are my followers zodiac signs", "outside"),
        ("guy or girl, which followers do i have more of", "demographics aspect=genders"),
        // Words that are a name: a month or "will" before someone speaking, a day in the
        // name of a series, a day the answer is wanted by.
        (
            "May from the front desk asked how many followers we gained this month",
            "growth period=month",
        ),
        (
            "will in marketing wants the reach for last week",
            "account_total metric=reach period=last-week",
        ),
        (
            "how many saves did our Meatless Monday carousels get in october",
            "post_total metric=saves type=carousel period=2026-10",
        ),
        ("how many likes did my monday posts get this month", "weekdays metric=likes period=month"),
        (
            "what were our views last week? need it for Thursday",
            "account_total metric=views period=last-week",
        ),
        // "last thing" closes a conversation; "ours" is the account itself.
        ("thanks! one last thing: comments yesterday?", "account_total metric=comments period=yesterday"),
        // Someone else's account, their name and "account" between; a trade's average.
        ("my cousin Priya page have how many followers", "outside"),
        ("typical engagement rate for wedding photographers?", "outside"),
        ("what's the avg reach for candle businesses", "outside"),
        // What is told before "since then" dates the question and picks no posts.
        (
            "The book signing on 7 November. Likes since then?",
            "account_total metric=likes period=2026-11-07..2026-11-18",
        ),
        ("the launch party was on 3 october, reach since then", "account_total metric=reach period=2026-10-03..2026-11-18"),
        // A story named before the question about it; a stretch of time Pulse cannot place.
        ("our story with the giveaway, how many replies?", "outside"),
        ("what was our engagement rate over the promo window", "clarify"),
        // Two posts set against each other, the second "ones".
        ("which got more saves, the green cake pic or the pink ones", "clarify"),
        // The day a summary is shown, beside the period asked, is no period.
        (
            "give me a recap of october to present at the staff meeting on Friday",
            "overview period=2026-10",
        ),
        // A request that opens its clause, after a story that ends in a word Pulse does not
        // know; the fans told of in the story are not asked about.
        (
            "We are filming a reel for our volunteers. Show me our 3 most liked posts this month",
            "top metric=likes n=3 period=month",
        ),
        (
            "we're doing a shout-out video for our fans. show me the 5 most shared posts this year",
            "top metric=shares n=5 period=year",
        ),
        // "the shop", "the brand" are the asker's own, however far after "average".
        ("what's the average reach for the shop this month", "post_mean metric=reach period=month"),
        ("average engagement for the brand last month", "rate period=last-month"),
    ]);
}

#[test]
fn a_ranking_shown_moves_as_the_follow_up_asks() {
    // Written for the rule, on Wed 18 Nov 2026.
    let most_shared = "which post had the most shares in october";
    follow_up_reads_as(
        most_shared,
        "and the 2nd and 3rd?",
        "top metric=shares n=3 period=2026-10",
    );
    follow_up_reads_as(
        most_shared,
        "the runner-up?",
        "top metric=shares n=2 period=2026-10",
    );
    follow_up_reads_as(
        most_shared,
        "ok now the next four",
        "top metric=shares n=5 period=2026-10",
    );
    follow_up_reads_as(
        "top 10 reels by views",
        "flip it, worst first",
        "top metric=views order=bottom n=10 type=reel period=30d",
    );
    follow_up_reads_as(
        "my 3 least liked posts this month",
        "other way round",
        "top metric=likes order=top n=3 period=month",
    );
    // A place asked of something else is no move along the ranking.
    follow_up_reads_as(
        most_shared,
        "and the second week of november?",
        "top metric=shares n=1 period=2026-11-08..2026-11-14",
    );
    // A comparison with the "it" left out, as a non-native speaker may write it.
    follow_up_reads_as(
        "what was my reach last week",
        "was more than the week before?",
        "compare of=account_total metric=reach period=last-week vs=2026-11-02..2026-11-08",
    );
}

#[test]
fn the_account_itself_after_another_is_asked_about() {
    use crate::question::corpus::{describe, read, reference_day, Expected, Row};
    let after_theirs = |question: &str| {
        describe(&read(&Row {
            id: "test".into(),
            voice: "solo".into(),
            context: Some("how many followers does @northernbrewco have".into()),
            earlier: Vec::new(),
            question: question.into(),
            expected: Expected::Refuse,
            label: String::new(),
            today: reference_day(),
        }))
    };
    assert_eq!(after_theirs("ok and ours?"), "followers");
    assert_eq!(after_theirs("and mine?"), "followers");
}

#[test]
fn a_count_with_no_figure_asks_which_figure_for_the_days_it_names() {
    let Parsed::Clarify(asked_back) = read("how many did I get yesterday") else {
        panic!("asked back");
    };
    assert_eq!(asked_back.missing, Missing::Metric);
    let offered: Vec<String> = asked_back
        .options
        .iter()
        .map(|q| q.frame().to_string())
        .collect();
    assert_eq!(
        offered,
        [
            "account_total metric=likes period=yesterday",
            "account_total metric=reach period=yesterday",
            "account_total metric=views period=yesterday",
        ]
    );
    // What the chat remembers is the first; the answer names the figure.
    if let Err(misread) = reads_as_after(
        &asked_back.options[..1],
        "views i mean",
        "account_total metric=views period=yesterday",
    ) {
        panic!("{misread}");
    }
}

#[test]
fn better_than_a_calendar_period_after_no_period_is_like_for_like() {
    // Written for the rule, on Wed 18 Nov 2026.
    follow_up_reads_as(
        "how many saves did I get",
        "is that more than last month?",
        "compare of=account_total metric=saves period=month vs=last-month",
    );
    follow_up_reads_as(
        "how many saves did I get",
        "more than last week?",
        "compare of=account_total metric=saves period=week vs=last-week",
    );
    // A period asked keeps its own days.
    follow_up_reads_as(
        "how many saves did I get in the last 7 days",
        "is that more than last month?",
        "compare of=account_total metric=saves period=7d vs=last-month",
    );
}

#[test]
fn and_typed_fast_is_still_a_follow_up() {
    follow_up_reads_as(
        "which post got the most comments in september",
        "nd the least?",
        "top metric=comments order=bottom n=1 period=2026-09",
    );
}

#[test]
fn what_clipped_messages_and_report_asks_taught() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // A week or a month written alone after what is counted is this one; not after an
        // event's name or a month's.
        ("followers lost wk", "growth period=week"),
        (
            "best 3 reels mo by saves",
            "top metric=saves n=3 type=reel period=month",
        ),
        ("who commented most wk?", "fans n=5 period=week"),
        ("how did we do in fashion week", "clarify"),
        (
            "total likes in the October month",
            "account_total metric=likes period=2026-10",
        ),
        // Hours before now; a clock time is not a period.
        ("saves past 48h", "account_total metric=saves period=3d"),
        ("likes 24h", "account_total metric=likes period=2d"),
        // "this fortnight": the last fourteen days; "wknd" is the weekend.
        (
            "views this fortnight",
            "account_total metric=views period=14d",
        ),
        (
            "likes over the wknd",
            "account_total metric=likes period=2026-11-14..2026-11-15",
        ),
        // Posts named by how they did.
        (
            "underperformers last mo",
            "top metric=er order=bottom n=5 period=last-month",
        ),
        (
            "my bangers this year",
            "top metric=interactions n=5 period=year",
        ),
        // "the reel with less views": the one with the fewest.
        (
            "the carousel with fewer saves in october",
            "top metric=saves order=bottom n=1 type=carousel period=2026-10",
        ),
        // Posting too much is how often; orders asked for in comments are buyers.
        ("am I posting too much?", "frequency period=90d"),
        ("any orders in the comments this week?", "leads period=week"),
        // "post of the month": the best one of it.
        (
            "reel of the month?",
            "top metric=interactions n=1 type=reel period=month",
        ),
        // "week day" is a day of the week; two weekdays to post on, weighed.
        ("best week day for posting", "weekdays period=90d"),
        (
            "should we post on friday or saturday",
            "weekdays period=90d",
        ),
        // Fans, asked where they are, are the audience.
        ("where are my fans from", "demographics aspect=places"),
        // "so low", "is down": which way the figure went.
        (
            "why are my saves so low this month",
            "trend metric=saves period=month",
        ),
        (
            "are comments up on last month?",
            "compare of=account_total metric=comments period=month vs=last-month",
        ),
        // The asker's own name as they open the message is not a month or a prediction.
        ("hi, june here - how many likes did we get last week?", "account_total metric=likes period=last-week"),
        ("May from the agency here, reach this month please", "account_total metric=reach period=month"),
        ("will here, saves in october?", "account_total metric=saves period=2026-10"),
        // The day of the meeting or call the figure is for is not the period asked.
        ("for the call on Friday I need the saves of last month", "account_total metric=saves period=last-month"),
        ("for the meeting of Tuesday I need the reach of October", "account_total metric=reach period=2026-10"),
        // "last one from me": the last question, not the newest post.
        ("Last one from me: how many followers did I gain this week", "growth period=week"),
        ("how did the last one do?", "latest_post"),
        // A slide's or a page's number is not how many.
        ("Page 2: top 3 reels by views this year", "top metric=views n=3 type=reel period=year"),
        // Both halves of the year, the second one named alone.
        ("likes in the first half of the year vs the second half", "compare of=account_total metric=likes period=2026-01-01..2026-06-30 vs=2026-07-01..2026-11-18"),
        ("followers gained in the first half and in the second half", "growth period=2026-01-01..2026-06-30 ; growth period=2026-07-01..2026-11-18"),
        // A post named by the day it went up, asked how it did: that post, with its figures.
        ("how did the carousel from sunday do", "top metric=interactions n=1 type=carousel period=2026-11-15"),
        ("how did my post on monday do?", "top metric=interactions n=1 period=2026-11-16"),
        ("how did the reel I posted yesterday do?", "top metric=interactions n=1 type=reel period=yesterday"),
        // Posts of a day, or a type over weeks, stay the overview and the rate.
        ("how did my posts do on monday", "overview period=2026-11-16"),
        ("how did my reels do last week", "rate type=reel period=last-week"),
        ("how many posts did I put up yesterday", "post_count period=yesterday"),
        // Dates written with dots, the day first; the year first with slashes; a rate with a
        // decimal point is no date.
        ("likes on 04.11.?", "account_total metric=likes period=2026-11-04"),
        ("saves from 2.10 to 9.10", "account_total metric=saves period=2026-10-02..2026-10-09"),
        ("views from 2026/09/01 to 2026/09/30", "account_total metric=views period=2026-09-01..2026-09-30"),
        ("is 4.5 a good engagement rate", "rate period=30d"),
        ("my ER is 3.25, is that good", "rate period=30d"),
        // "vs." is not the end of a sentence.
        ("likes KW 45 vs. KW 44", "compare of=account_total metric=likes period=2026-11-02..2026-11-08 vs=2026-10-26..2026-11-01"),
        // Periods in the word order of other languages.
        ("Week before, likes how much?", "account_total metric=likes period=last-week"),
        ("followers gained in the last one month", "growth period=30d"),
        ("reach of the 2 last weeks", "account_total metric=reach period=14d"),
        ("4 months last, best reel?", "top metric=interactions n=1 type=reel period=4m"),
        ("comments in month this", "account_total metric=comments period=month"),
        ("how many posts in month 9", "post_count period=2026-09"),
        ("summary of the month of September", "overview period=2026-09"),
        // Non-native words for who comments, now, the newest and the least liked.
        ("my top commentators this month", "fans period=month"),
        ("how many followers in this moment", "followers"),
        ("the photo I posted most recently, how did it go", "latest_post type=photo"),
        ("which reel was the least popular last month", "top metric=er order=bottom n=1 type=reel period=last-month"),
        ("are my followers locals or foreigners", "demographics aspect=places"),
        // "one more" in a clause of its own announces the next question.
        ("ok, one more: saves this week?", "account_total metric=saves period=week"),
        // Periods in other word orders, compared.
        ("week this compare week before, comments more or less?", "compare of=account_total metric=comments period=week vs=last-week"),
        // Two periods of a comparison joined by "between", or each with its figure.
        ("compare saves between August and September", "compare of=account_total metric=saves period=2026-08 vs=2026-09"),
        ("compare likes of august and likes of july", "compare of=account_total metric=likes period=2026-08 vs=2026-07"),
        // Words of posting, basis, happening and buyers as non-native writers put them.
        ("how many carousels did we put online last month", "post_count type=carousel period=last-month"),
        ("engagement rate on a followers basis this week", "rate basis=followers period=week"),
        ("what is happening with my page this month", "overview period=month"),
        ("someone want order in comment this week?", "leads period=week"),
        // A question tagged on to a statement asks the statement.
        ("I will reach 10k followers by december, you think?", "outside"),
        ("my reach is going up this month, right?", "trend metric=reach period=month"),
        // What "since" or "after" names, dated a few words on.
        ("how many followers did we gain after the bake sale promo on the 5th", "growth period=2026-11-05..2026-11-18"),
        ("average saves per reel since the start of the season (12 Sept)", "post_mean metric=saves type=reel period=2026-09-12..2026-11-18"),
        ("new followers since the spring term started in april", "growth period=2026-04-01..2026-11-18"),
        ("likes on my posts since we opened in may of 2025", "post_total metric=likes period=2025-05-01..2026-11-18"),
        ("how much reach after the launch on 2 oct? like 2 oct to 9 oct", "account_total metric=reach period=2026-10-02..2026-10-09"),
        // Side by side is weighed; "of the week before" is the week before the one named.
        ("saves for last month and the month before side by side", "compare of=account_total metric=saves period=last-month vs=2026-09-01..2026-09-30"),
        ("my instagram and tiktok views side by side", "outside"),
        ("likes of last week and of the week before, to compare", "compare of=account_total metric=likes period=last-week vs=2026-11-02..2026-11-08"),
        // Someone else's figures; one person; one post; those posts' figures.
        ("my sister runs a bakery page, how many followers does she have", "outside"),
        ("who's the lady that comments on every post", "fans n=1 period=30d"),
        ("saves across my reels this month - which reel got the most?", "top metric=saves n=1 type=reel period=month"),
        ("how many reels have I posted, and how many views did they get, this year?", "post_count type=reel period=year ; post_total metric=views type=reel period=year"),
        ("how many followers now and did we go up this week", "followers ; growth period=week"),
        // A pace into the months to come; a summary of each of two periods; two weekdays
        // to post on, asked bare.
        ("are we on course to hit 5k by march", "outside"),
        ("summary of last month vs the month before", "overview period=last-month ; overview period=2026-09-01..2026-09-30"),
        ("post on tuesday or thursday?", "weekdays period=90d"),
        ("the sale started 3 Nov, so from then until now, likes", "account_total metric=likes period=2026-11-03..2026-11-18"),
        // Members are people; a trend said as a way; a newsletter's rate; Malay "bln".
        ("which members comment the most", "fans period=30d"),
        ("are my likes going the right way this month", "trend metric=likes period=month"),
        ("what is our newsletter open rate", "outside"),
        ("how did the open mic post do", "clarify"),
        ("avg likes per post bln ini", "post_mean metric=likes period=month"),
        ("Our new manager Tom joined on 9 November. How many reels since he started?", "post_count type=reel period=2026-11-09..2026-11-18"),
        // The asker's business named as the account; two days of the month said alone.
        ("how many likes did the bakery get this week", "account_total metric=likes period=week"),
        ("how many followers does Glossier have", "outside"),
        // Someone the asker names is no question of who; unfollows counted are a figure.
        ("Hi, I'm the intern who looks after the page. How many followers do we have?", "followers"),
        ("how many people unfollowed us last month", "growth period=last-month"),
        ("who unfollowed us last month", "outside"),
        // Better than usual is against the account's own usual: no one else's figures.
        ("did the pumpkin carving reel do better than usual?", "clarify"),
        ("are my saves higher than normal this week?", "compare of=account_total metric=saves period=week vs=last-week"),
        // A year that describes what buyers ask about is no period.
        ("anyone asking about 2027 wedding dates in the comments?", "leads period=30d"),
        ("how many followers will I have in 2027", "outside"),
        // A school's term; "since" said last; a name between the figure and "has"; typos
        // of year and month.
        ("how many reels have we posted this term", "post_count type=reel period=2026-09-01..2026-11-18"),
        ("We moved shop on 5 October, how have our likes changed since?", "account_total metric=likes period=2026-10-05..2026-11-18"),
        ("how many followers Blue Bottle Coffee has", "outside"),
        ("best post this yaer by saves", "top metric=saves n=1 period=year"),
        // What buyers ask, in other words.
        ("anyone asking if we have stock of the blue mugs?", "leads period=30d"),
        ("did someone ask for free dates for booking this week?", "leads period=week"),
        // What comes before "what I want to know is", "my question is" is the story.
        ("so I bake sourdough and I've been posting the loaves every evening what I want to know is how many followers we have", "followers"),
        ("I make candles and post photos of them. My question is what my average likes per post were last month", "post_mean metric=likes period=last-month"),
        // A season or a month with "of last year" after it: that one, a year back.
        ("reach in the summer of last year", "account_total metric=reach period=2025-06-01..2025-08-31"),
        ("likes in march of last year", "account_total metric=likes period=2025-03"),
        // "the week ending Sunday", "the 3 months to October": the days up to the one named.
        ("reach for the week ending sunday", "account_total metric=reach period=2026-11-09..2026-11-15"),
        ("reach for the 10 days up to friday", "account_total metric=reach period=2026-11-04..2026-11-13"),
        ("likes in the 3 months to october", "account_total metric=likes period=2026-08-01..2026-10-31"),
        ("compare reach for the 7 days to Sunday with the 7 days before", "compare of=account_total metric=reach period=2026-11-09..2026-11-15 vs=2026-11-02..2026-11-08"),
        // A short day last in a clipped ask: "reach fri".
        ("reach fri", "account_total metric=reach period=2026-11-13"),
        ("likes sat", "account_total metric=likes period=2026-11-14"),
        // "this q", "last q": the quarter.
        ("top 3 reels by views this q", "top metric=views n=3 type=reel period=2026-10-01..2026-11-18"),
        ("likes last q", "account_total metric=likes period=2026-07-01..2026-09-30"),
        // A dotted date with its year is one date.
        ("likes on 18.10.2026", "account_total metric=likes period=2026-10-18"),
        ("best carousel since 01.09.2026", "top n=1 type=carousel period=2026-09-01..2026-11-18"),
        // "for the week commencing …": that week, not this one.
        ("stats for the week commencing 2 November", "overview period=2026-11-02..2026-11-08"),
        // "the previous Monday" after a Monday: the one a week before.
        ("How did our reach on Monday compare with the previous Monday?", "compare of=account_total metric=reach period=2026-11-16 vs=2026-11-09"),
        // "which of our reels were …": those, the verb says; "the person that …": one.
        ("Which of our carousels were saved the most this year?", "top metric=saves n=5 type=carousel period=year"),
        ("who is the person that comments most on my posts", "fans n=1 period=30d"),
        // Something to write: Pulse reads the account, it does not compose posts.
        ("write me a caption for a beach pic", "refuse"),
        ("can you draft a bio for my page", "refuse"),
        // Whether someone follows, asked with "is … following": who they are.
        ("is my crush following me", "outside"),
        // "will my …": a prediction, even with advice words in it.
        ("will my engagement improve if I post in Spanish too", "outside"),
        // "went the most viral": the most seen.
        ("which reel went the most viral ever", "top metric=views n=1 type=reel period=all"),
        // Another's side set against "ours" or "mine".
        ("how do the Daily Mail's reels compare to ours", "outside"),
        ("is her engagement better than mine", "outside"),
        // Two months just after a longer period that holds them restate its days.
        ("What was our engagement rate during the summer holidays (July and August)?", "rate period=2026-07-01..2026-08-31"),
        // "since I started in the spring": from its first day.
        ("which of my paintings has had the most likes since I started in the spring?", "top metric=likes n=1 period=2026-03-01..2026-11-18"),
        // "how many more than a week ago": the change since that day.
        ("do I have more followers than a week ago", "growth period=7d"),
        // A post named by what it shows and pinned to its day: the post of that day.
        ("how many likes did my chrome nails reel from wednesday get", "post_total metric=likes type=reel period=2026-11-11"),
        ("How many profile visits did my portfolio post from Tuesday get?", "post_total metric=profile_visits period=2026-11-17"),
        // Another's side after a phrase ending in "against": someone Pulse cannot see.
        ("How does Harbour Grill's engagement stack up against the Oyster Shack's?", "outside"),
        // "the shelf of the week ones": a series' name, not this week.
        ("how many comments did our posts get this month, mostly the shelf of the week ones lol", "post_total metric=comments period=month"),
        // "went up on the 3rd" after a thing named: posted that day ("my reach went up" rose).
        ("The Eddystone painting went up on the 3rd. How many people did it reach?", "post_total metric=reach period=2026-11-03"),
        ("my reach went up on monday, how much was it", "account_total metric=reach period=2026-11-16"),
        // "the week passed", "the month past": the last one.
        ("how many likes did my posts get in the week passed?", "post_total metric=likes period=last-week"),
        ("is my engagement better or worse than the month past?", "compare of=rate period=month vs=last-month"),
        // "for the month September 2026": that month, not this one.
        ("the reach of the account for the month September 2026", "account_total metric=reach period=2026-09-01..2026-09-30"),
        // "since the new year": since New Year's Day.
        ("how many posts since the new year", "post_count period=2026-01-01..2026-11-18"),
        // "since monday … since then": both asked, both since Monday.
        ("how many new followers since monday and how many posts did i drop since then", "growth period=2026-11-16..2026-11-18 ; post_count period=2026-11-16..2026-11-18"),
        // A question run on after a greeting and a story told: the story is background.
        ("hi im a piano tuner i post little videos of tunings whats my average views per reel this month", "post_mean metric=views type=reel period=month"),
        // "a before and after reel": what it shows, not a period.
        ("I put up a before and after reel of a cockapoo yesterday how many views has that got so far", "post_total metric=views type=reel period=yesterday"),
        // "the second half of October": its 16th to its end; "last week Thursday".
        ("reach for the second half of October", "account_total metric=reach period=2026-10-16..2026-10-31"),
        ("reach in the first half of october", "account_total metric=reach period=2026-10-01..2026-10-15"),
        ("Last week Thursday, how many share I got?", "account_total metric=shares period=2026-11-12"),
        // "29-10": a date, the day first.
        ("How was the reach on 29-10?", "account_total metric=reach period=2026-10-29"),
        // A day written after a year that holds it says which day.
        ("Reach on the day of the Christmas lights switch-on last year, 28/11/2025?", "account_total metric=reach period=2025-11-28"),
        // Set against "hers": someone else's.
        ("how does my engagement compare to hers?", "outside"),
        // Ideas for what to post are advice Pulse gives from the account's own figures.
        ("generate post ideas based on my data", "recommend period=90d"),
        // A post named by an announcement Pulse cannot pick out is asked about; the week of an
        // announcement is the week.
        ("how many likes did we get on the craft fair announcement?", "clarify"),
        ("how did our open day announcement go down", "clarify"),
        ("how did my reach go down this week", "trend metric=reach period=week"),
        ("Reach for the menu announcement week, 9 to 15 November?", "account_total metric=reach period=2026-11-09..2026-11-15"),
        // "harvest" is a word of its own, not a slip for "hardest".
        ("how did the harvest supper post do", "clarify"),
        // Another client of an agency is another account; "the same" after it is theirs.
        ("and for our other client, Brew & Co, the same numbers?", "outside"),
        ("How many people DMed me about the sale?", "outside"),
        ("my sister says carousels are where it's at. do my carousels get more saves than my reels?", "by_type metric=saves period=90d"),
        // "last week (Mon-Sun)" is last week; "last week mon to thu" the days of it between.
        ("follower change last week (mon-sun)", "growth period=last-week"),
        ("reach last week mon to thu", "account_total metric=reach period=2026-11-09..2026-11-12"),
        // People told of beside a ranking are not the ranking ("… people keep …"); "who" after a
        // sentence has ended asks.
        ("which reels got the most shares this month? people keep sending them to friends", "top metric=shares n=5 type=reel period=month"),
        ("top 4 posts by likes this year? my regulars say the latte art ones are best", "top metric=likes n=4 period=year"),
        ("we're planning a thank-you for our loyal ppl. who comments the most?", "fans n=5 period=30d"),
        // What another business named by more than one word gained is theirs ("the bakery" alone
        // is the asker's).
        ("how many followers did the bakery on main street gain", "outside"),
        ("how many followers did the bakery gain", "growth period=30d"),
        // People seeing, looking at or viewing the account are its reach (or views); "more … or
        // fewer" far apart is which way it goes.
        ("are fewer people seeing my posts this month, or more?", "trend metric=reach period=month"),
        // (Looking at the profile is a profile visit; who did, Instagram does not say.)
        ("how many people looked at my profile this week", "post_total metric=profile_visits period=week"),
        ("who looked at my profile this week", "outside"),
        ("are more people watching my stuff these days or less", "trend metric=views period=30d"),
        // Sign-ups are counted off Instagram; "kids" is no typo for "kinds".
        ("how many kids signed up for the pottery camp from our reel", "outside"),
        // A post named in a clause before the question, by words Pulse does not know, is one post
        // it cannot pick: with no determiner, or with what it shows after it.
        ("banoffee pie reel, how many saves?", "clarify"),
        ("my reel about the lantern parade, how many likes?", "clarify"),
        ("my reel, how many views", "post_total metric=views type=reel period=30d"),
        // Followers of a kind Instagram does not tell apart (where they live, it does).
        ("how many cafes are following us", "outside"),
        ("how many of our customers follow us", "outside"),
        ("how many of my followers are from leeds", "demographics aspect=places"),
        ("how many people are following us", "followers"),
        // A Monday holiday's weekend runs Saturday to Monday; "last fortnight" set against this one
        // is the fourteen days before; "in the fortnight" is the last one.
        ("followers gained over the spring bank holiday weekend", "growth period=2026-05-23..2026-05-25"),
        ("saves this fortnight vs last fortnight", "compare of=account_total metric=saves period=14d vs=2026-10-22..2026-11-04"),
        ("likes this summer vs last summer", "compare of=account_total metric=likes period=2026-06-01..2026-08-31 vs=2025-06-01..2025-08-31"),
        ("how many reels in the fortnight", "post_count type=reel period=14d"),
        // "last one for today" is the chat's last question, not the latest post nor today.
        ("last one for today - how many saves did my reels get in october", "post_total metric=saves type=reel period=2026-10"),
        ("ok one last question, reach this month", "account_total metric=reach period=month"),
        // Things counted off Instagram ("jobs … off instagram", "cakes I sell thanks to
        // Instagram") are outside; likes from Instagram are not.
        ("how many gigs have come in off insta this month", "outside"),
        ("how many cakes do we sell thanks to instagram", "outside"),
        ("how many likes from instagram this week", "account_total metric=likes period=week"),
        ("send me the telephone numbers of the people who commented", "outside"),
        // A follower count asked beside a figure over a period is a question of its own.
        ("shares this week vs last week, and my follower count", "compare of=account_total metric=shares period=week vs=last-week ; followers"),
        ("comments in october and follower count", "account_total metric=comments period=2026-10 ; followers"),
        // A figure listed after a comparison with a period of its own is asked over that period.
        ("likes this month vs last month, and saves this month", "compare of=account_total metric=likes period=month vs=last-month ; account_total metric=saves period=month"),
        ("comments this week vs last week and ER by followers this week", "compare of=account_total metric=comments period=week vs=last-week ; rate basis=followers period=week"),
        ("likes and saves this month vs last month", "compare of=account_total metric=likes period=month vs=last-month ; compare of=account_total metric=saves period=month vs=last-month"),
        // "on Saturday and the Sunday, together": both days, one sum ("together" is a total, not an
        // event on the Sunday).
        ("saves on saturday and the sunday, together", "account_total metric=saves period=2026-11-14..2026-11-15"),
        ("likes on monday and the tuesday", "account_total metric=likes period=2026-11-16 ; account_total metric=likes period=2026-11-17"),
        // "… and how many do I have altogether?" after the followers gained: the count; a letter's
        // sign-off is no part of the question.
        ("how many followers did i gain in october, and how many do i have in total? Kind regards, Edith", "growth period=2026-10 ; followers"),
        ("What was my reach last week? Yours sincerely, Arthur Penhaligon", "account_total metric=reach period=last-week"),
        // "since" an event, then the day it was: since that day.
        ("how many followers since we reopened? we reopened on 3 october", "growth period=2026-10-03..2026-11-18"),
        ("reach since the refurb - it finished on the 2nd of november", "account_total metric=reach period=2026-11-02..2026-11-18"),
        ("followers gained since we reopened", "clarify"),
        // A season said again as its months in the next sentence ("? I mean …") is those months.
        ("saves over the summer holidays? I mean july and august", "account_total metric=saves period=2026-07-01..2026-08-31"),
        // What someone told the asker ("a mate of mine who … reckons I should …") is background.
        ("a neighbour of mine who paints reckons i should post more carousels. how many carousels did i post in october", "post_count type=carousel period=2026-10"),
        // "they" asked of after another account told of, with no posts named first, is that account.
        ("the deli account gets way more saves than us, how many do they get a week?", "outside"),
        ("my friend's account is bigger than mine. my reels flopped, did they get fewer views than my carousels?", "by_type metric=views period=90d"),
        // "the winter sale", "our summer menu": an event named after a season, not the season.
        ("what should i post this week? the autumn sale starts friday", "recommend period=90d"),
        ("reach over the winter", "account_total metric=reach period=2025-12-01..2026-02-28"),
        // "since 10th": the article left out.
        ("comments since 12th", "account_total metric=comments period=2026-11-12..2026-11-18"),
        // People of a group Instagram does not know ("of the choir") who follow: declined.
        ("how many people from the rugby club follow us", "outside"),
        // A clause that only lists figures over the previous period ("MoM on likes and comments") is
        // asked, both figures, beside "can you pull both?".
        ("MoM on likes and comments, can you pull both?", "compare of=account_total metric=likes period=month vs=last-month ; compare of=account_total metric=comments period=month vs=last-month"),
        // A typo of a word of a period ("this montj", "last weeek") is that word.
        ("likes this montj", "account_total metric=likes period=month"),
        ("how many of our followers are nurses?", "outside"),
        // What comes before "anyway" is an aside: its "morning" and "last night" are no period.
        (
            "Sanded floors all morning, knees are gone. Anyway — which post did best last weekend?",
            "top metric=interactions n=1 period=2026-11-14..2026-11-15",
        ),
        (
            "the van broke down in the morning and we lost 2 days. ok anyway which reel got the most likes last week",
            "top metric=likes n=1 type=reel period=last-week",
        ),
        // "One more thing" announces the question; it asks for no one person.
        (
            "One more thing love, who comments on my reels the most?",
            "fans n=5 period=30d",
        ),
        // A post told of beside a question about a day of its own: the day is asked about.
        (
            "we just put up the new menu reel on monday! how many likes did we get monday",
            "account_total metric=likes period=2026-11-16",
        ),
        // A pace towards a goal is the future.
        ("are we on pace for 3k followers by easter?", "outside"),
        // An event named by its season cannot be dated: asked back, not the season.
        ("how many likes did we get during the summer festival", "clarify"),
        ("how many new followers came in over the autumn fair", "clarify"),
        // A ranking among the posts of a topic Pulse cannot pick out is asked back; with a
        // period told, the period picks them.
        ("which reel from the bake-off challenge got the most views", "clarify"),
        ("what's the best photo about the allotment open day", "clarify"),
        (
            "which reel from the bake-off challenge in October got the most views",
            "top metric=views n=1 type=reel period=2026-10-01..2026-10-31",
        ),
        // Messages Pulse cannot read, and which of them are something: theirs, not comments.
        ("go through my messages and tell me which ones are wholesale enquiries", "outside"),
        // What Instagram brought about off it is not seen; Instagram's own figures are.
        ("how many guests at the wine tasting found us via insta", "outside"),
        ("how many of my regulars mentioned instagram at the till", "outside"),
        ("which reels got the most saves from insta this month", "top metric=saves n=5 type=reel period=month"),
        // Asked to write a caption, however politely opened: Pulse does not compose posts.
        ("could you help me draft a caption for the newest carousel", "refuse"),
        ("any chance u could come up with a caption for my latest pic", "refuse"),
        // A thing recommended is not advice about posting; ideas for a new post are.
        ("can you recommend me a good ring light", "refuse"),
        ("suggest an audiobook for the drive", "refuse"),
        ("got any new carousel ideas for me?", "recommend period=90d"),
        // What is in fashion across Instagram is not the account's trend.
        ("which audio is trending on insta this week?", "outside"),
        ("what are the trending songs for reels", "outside"),
        // "last year's <holiday>" is that holiday a year back; a Friday's weekend runs from it.
        ("saves on last year's halloween", "account_total metric=saves period=2025-10-31"),
        (
            "reach over the good friday weekend",
            "account_total metric=reach period=2026-04-03..2026-04-05",
        ),
        ("how many customers came in after seeing my reels", "outside"),
        ("did anyone sign up for the workshop after seeing our post", "outside"),
        ("how many new followers came after seeing my reels", "growth period=30d"),
        ("which carousel people save pass this week", "top metric=saves n=1 type=carousel period=week"),
        ("did we pass 500 followers yet", "followers"),
        ("which of our photos people comment pass this week", "top metric=comments n=1 type=photo period=week"),
        ("how was our month?", "overview period=month"),
        ("how was the week before last", "overview period=2026-11-02..2026-11-08"),
        ("could you compare this quarter's reach with last quarter's", "compare of=account_total metric=reach period=2026-10-01..2026-11-18 vs=2026-07-01..2026-09-30"),
        ("summarising october for me please", "overview period=2026-10-01..2026-10-31"),
        ("how many saves is the risotto reel on", "clarify"),
        ("did our quilt carousel flop?", "clarify"),
        ("what is the best post", "top metric=interactions n=1 period=30d"),
        ("how often should i repot my cactus", "refuse"),
        ("how was my weekend?", "overview period=2026-11-14..2026-11-15"),
        ("which posting has the most shares this year", "top metric=shares n=1 period=year"),
        ("what are the best days for posting", "weekdays period=90d"),
        ("whats the worst day to put stuff up", "weekdays period=90d"),
        ("how much did we take at the craft fair after the reel went out", "outside"),
        ("what were our takings last weekend", "outside"),
        ("who commented on our new one", "latest_commenters"),
        ("what are people saying about our new one", "latest_comments"),
        ("can I get the wrap up for the harvest supper club", "clarify"),
        ("how did the Harbourside pop-up do compared to normal", "clarify"),
        ("figures for the summer giveaway please", "clarify"),
        ("which was better, the first or the second one?", "clarify"),
        ("we sell fishing reels and rods, which photo got the most likes this month", "top metric=likes n=1 type=photo period=month"),
        ("has my reach been lower recently", "trend metric=reach period=30d"),
        ("is my reach holding up", "trend metric=reach period=30d"),
        ("views in the second half of the month", "account_total metric=views period=2026-11-16..2026-11-18"),
        ("Could you please tell me how many people follow my drawings page?", "followers"),
        ("what were my 'views' last week", "account_total metric=views period=last-week"),
        ("thanks so much for your help", "refuse"),
        ("what time is it", "refuse"),
        ("When do my followers go online? I want to put the raffle post up when most of them are on", "online"),
        ("which baking account is the most popular in Wales", "outside"),
        ("how much posts we share since 1 october", "post_count period=2026-10-01..2026-11-18"),
        ("perf on the spring launch teaser?", "clarify"),
        ("how many ppl fw us now", "followers"),
        ("what's the gender split of my followers? trying to work out mums vs dads", "demographics aspect=genders"),
        ("can you see who screenshotted my reel", "outside"),
        ("How did the Movember fundraiser post do?", "clarify"),
        ("hows the gift voucher post doing", "clarify"),
        ("How did the quiz night reel do?", "clarify"),
        ("was it better than the last one?", "clarify"),
        ("did that one do better than the previous one", "clarify"),
        ("Diwali ke baad se kitne likes aaye", "account_total metric=likes period=2026-11-08..2026-11-18"),
        ("engagement rate followers ke hisaab se batao is mahine", "rate basis=followers period=month"),
        ("pichle mahine kitni sale hui?", "outside"),
        ("were my saves up from last month?", "compare of=account_total metric=saves period=month vs=last-month"),
        ("did the wreath stuff do better than the garland stuff", "clarify"),
        ("is my cousin Priya following me?", "outside"),
        ("can you do the same numbers for the Marriott account", "outside"),
        ("how many did we get on the one about the leaking roof", "clarify"),
        ("the numbers for the tote bag reel", "clarify"),
        ("any comments asking is it still available since monday?", "leads period=2026-11-16..2026-11-18"),
        ("what should we plant in the spring", "refuse"),
        ("how many followers did my last carousel bring in", "latest_post type=carousel"),
        ("are we doing any better than last month?", "clarify"),
        ("how are things looking compared to last week", "clarify"),
        ("hows this month looking so far", "overview period=month"),
        ("how is october looking vs september", "overview period=2026-10 ; overview period=2026-09"),
        ("the one with the red kayak, how many likes did it get", "clarify"),
        ("the lemon drizzle one with the sprinkles how many saves", "clarify"),
        ("which one had the most likes, the one with the kayak?", "top metric=likes order=top n=1 period=30d"),
        ("what's the median number of likes on my photos", "post_mean metric=likes type=photo period=30d"),
        ("the usual amount of saves a reel of mine gets?", "post_mean metric=saves type=reel period=30d"),
        ("hey how are you today?", "refuse"),
        ("I run the social media for a choir. total reach for october please", "account_total metric=reach period=2026-10"),
        ("which of my photos got the most likes? I reckon the 3-2-1 countdown one", "top metric=likes order=top n=1 type=photo period=30d"),
        ("my reels are doing ok. which of my reels got the most shares this month", "top metric=shares order=top n=1 type=reel period=month"),
        ("who are my 4 more loyal fans", "fans n=4 period=30d"),
        ("pls hide that nasty comment on my reel", "outside"),
        ("could you reply to everyone who commented thanks", "outside"),
        ("block the spammer in my comments", "outside"),
        ("can you book a client in for tuesday", "outside"),
        ("how many followers do the followers of Greggs have, I mean how many followers of Greggs", "outside"),
        ("Amul ka followers kitna hai", "outside"),
        ("what's the reach of #veganbrunch across instagram", "outside"),
        ("whats the most popular hashtags on ig for knitters", "outside"),
        ("how many followers of mine are in leeds", "demographics aspect=places"),
        ("what's our follower count on instagram now", "followers"),
        ("is our growth slowing down this month", "compare of=growth period=month vs=last-month"),
        ("how many clients are buying from my insta this month", "outside"),
        ("how many people want to buy from me this month", "leads period=month"),
        ("what should we eat tonight haha", "refuse"),
        ("who won the match last night", "refuse"),
        ("any good place to buy cheap ring lights?", "refuse"),
        ("how much did we pay for the boost in october", "outside"),
        ("do people actually read my captions to the end", "outside"),
        ("give me last month's overview in a nutshell", "overview period=last-month"),
        ("out of curiosity whats my top reel this week", "top metric=interactions order=top n=1 type=reel period=week"),
        ("what should i post next time", "recommend period=90d"),
        ("best 3 posts by saves last 30 days with caps", "top metric=saves order=top n=3 period=30d caption=yes"),
        ("schedule my carousel for sunday 6pm", "outside"),
        ("views this week v last week", "compare of=account_total metric=views period=week vs=last-week"),
        ("sabse zyada likes wala post is month ka", "top metric=likes order=top n=1 period=month"),
        ("how many posts i put out in one week usually", "frequency period=90d"),
        ("which time slots do best for us", "best_time period=90d"),
        ("how my shop page dey do this month", "overview period=month"),
        ("since I move the shop, my reach dey go up?", "clarify"),
        ("how many new followers this week po", "growth period=week"),
        ("compare am with the week wey pass", "clarify"),
    ]);
}

#[test]
fn clipped_follow_ups_move_the_period_and_the_type() {
    // Written for the rules, on Wed 18 Nov 2026.
    // "and with September?" after a comparison moves its other side.
    follow_up_reads_as(
        "saves this month compared with october",
        "and with september?",
        "compare of=account_total metric=saves period=month vs=2026-09",
    );
    // "and this month vs last?" names the current side; "last" is the month before it.
    follow_up_reads_as(
        "are my saves this week better than last week?",
        "and this month vs last?",
        "compare of=account_total metric=saves period=month vs=last-month",
    );
    // "per carousel" after a mean per reel moves the type.
    follow_up_reads_as(
        "avg likes per reel last 30 days",
        "per carousel",
        "post_mean metric=likes type=carousel period=30d",
    );
    // "v" is versus.
    follow_up_reads_as(
        "followers gained",
        "v last month",
        "compare of=growth period=month vs=last-month",
    );
    // A Taglish "ay" before the follow-up changes nothing.
    follow_up_reads_as(
        "likes this month vs same time last month",
        "ay and comments?",
        "compare of=account_total metric=comments period=month vs=2026-10-01..2026-10-18",
    );
    // Extending a ranking's period keeps the ranking.
    follow_up_reads_as(
        "bottom 5 posts by ER last 30 days",
        "extend to 90d",
        "top metric=er order=bottom n=5 period=90d",
    );
    // A type left out ("exclude reels") is not the type asked for.
    follow_up_reads_as(
        "top 5 posts by ER last 30 days",
        "exclude reels, carousels only",
        "top metric=er n=5 type=carousel period=30d",
    );
    // The same days of the month, a week earlier or in a month named.
    follow_up_reads_as(
        "likes from the 3rd to the 6th",
        "same dates the week before?",
        "account_total metric=likes period=2026-10-27..2026-10-30",
    );
    follow_up_reads_as(
        "likes from the 3rd to the 6th",
        "and the same days in August",
        "account_total metric=likes period=2026-08-03..2026-08-06",
    );
    // "march" and "may" after "what about" are the months; "comets", after "how many", the
    // comments.
    follow_up_reads_as(
        "reach in april",
        "and what about may",
        "account_total metric=reach period=2026-05-01..2026-05-31",
    );
    follow_up_reads_as(
        "likes on my reels this week",
        "and how many comets",
        "post_total metric=comments type=reel period=week",
    );
    // "wbu" is "what about"; "the second half of the month" is of the month asked about.
    follow_up_reads_as(
        "is my reach dead lately",
        "wbu likes",
        "trend metric=likes period=30d",
    );
    follow_up_reads_as(
        "likes from the 1st to the 15th of october",
        "and the second half of the month",
        "account_total metric=likes period=2026-10-16..2026-10-31",
    );
    // "more or less than the day before" after a day's figure: that figure, both days.
    follow_up_reads_as(
        "how many saves did I get yesterday",
        "so yesterday more or less than the day before?",
        "compare of=account_total metric=saves period=yesterday vs=2026-11-16",
    );
    // A season misspelt, a count with the captions, and Pidgin closing a request.
    follow_up_reads_as(
        "What were my top posts in the summer?",
        "and the automn?",
        "top n=5 period=2026-09-01..2026-11-18",
    );
    follow_up_reads_as(
        "top posts by saves this year",
        "the first 3 with the text",
        "top metric=saves n=3 period=year caption=yes",
    );
    follow_up_reads_as(
        "how many followers did we gain this week",
        "compare am with last week na",
        "compare of=growth period=week vs=last-week",
    );
    // "the one" after a list picks one; "which ones" after one picks a list.
    follow_up_reads_as(
        "my 5 reels with the most comments this year",
        "and the one with the least?",
        "top metric=comments order=bottom n=1 type=reel period=year",
    );
    follow_up_reads_as(
        "which carousel got the most likes in october",
        "which ones got the least",
        "top metric=likes order=bottom n=5 type=carousel period=2026-10-01..2026-10-31",
    );
    // A report's shorthand for the period before: LW, LM.
    follow_up_reads_as(
        "saves WTD",
        "vs LW?",
        "compare of=account_total metric=saves period=week vs=last-week",
    );
    // A judgement of the bottom ("bombed", "flopped") after a ranking by a count is the
    // lowest engagement rate; "fewest" keeps the count.
    follow_up_reads_as(
        "which carousel got the most shares last week",
        "ok and which one bombed",
        "top metric=er order=bottom n=1 type=carousel period=last-week",
    );
    follow_up_reads_as(
        "which carousel got the most shares last week",
        "and the fewest?",
        "top metric=shares order=bottom n=1 type=carousel period=last-week",
    );
    // A weekday after a question about one day: the one beside that day.
    follow_up_reads_as(
        "reach on sat 10 oct",
        "and the sunday after",
        "account_total metric=reach period=2026-10-11",
    );
    follow_up_reads_as(
        "reach on monday 31 august",
        "and the sunday",
        "account_total metric=reach period=2026-08-30",
    );
    follow_up_reads_as(
        "reach on sat 10 oct",
        "and the friday before",
        "account_total metric=reach period=2026-10-09",
    );
    follow_up_reads_as(
        "reach on sat 10 oct",
        "and the saturday before?",
        "account_total metric=reach period=2026-10-03",
    );
    // "the average … for those" after how many posts: per post, over the same days.
    follow_up_reads_as(
        "How many reels did we post in the last 3 months?",
        "What's the average views per reel for those?",
        "post_mean metric=views type=reel period=3m",
    );
    // "better or worse?" after last month: last month against this one so far;
    // "compare to previous": the one before it.
    follow_up_reads_as(
        "likes per post last month",
        "so is that better or worse",
        "compare of=post_mean metric=likes period=month vs=last-month",
    );
    follow_up_reads_as(
        "reach last week",
        "compare to previous",
        "compare of=account_total metric=reach period=last-week vs=2026-11-02..2026-11-08",
    );
    // "sat?" after "reach fri": the day before.
    follow_up_reads_as(
        "reach fri",
        "sat?",
        "account_total metric=reach period=2026-11-14",
    );
    // "the 2 weeks before", "the month before it": as long as the words say, not as long
    // as the period before; "the days before": as many as that one has.
    follow_up_reads_as(
        "reach on 3 november",
        "and the 2 weeks before?",
        "account_total metric=reach period=2026-10-20..2026-11-02",
    );
    follow_up_reads_as(
        "followers gained since 1 october",
        "and in the month before?",
        "growth period=2026-09-01..2026-09-30",
    );
    follow_up_reads_as(
        "reach from 11 to 13 august",
        "and the days before?",
        "account_total metric=reach period=2026-08-08..2026-08-10",
    );
    follow_up_reads_as(
        "reach on 3 november",
        "compare with the same day a week before",
        "compare of=account_total metric=reach period=2026-11-03 vs=2026-10-27",
    );
    follow_up_reads_as(
        "engagement rate on reels for the last 90 days",
        "vs the same 90 days last year?",
        "compare of=rate type=reel basis=reach period=90d vs=2025-08-21..2025-11-18",
    );
    // "prior 30d" after the last 30 days: the 30 before them.
    follow_up_reads_as(
        "likes last 30 days",
        "and the prior 30 days?",
        "account_total metric=likes period=2026-09-20..2026-10-19",
    );
    follow_up_reads_as(
        "reach L7D",
        "prev 7 days?",
        "account_total metric=reach period=2026-11-05..2026-11-11",
    );
    // Not when the period before was another one.
    follow_up_reads_as(
        "reach this week",
        "previous 30 days",
        "account_total metric=reach period=30d",
    );
    // "vs photos" after an average per reel: the types side by side.
    follow_up_reads_as(
        "average likes per reel",
        "vs photos?",
        "by_type metric=likes period=30d",
    );
    // "month this compare month before" after a comparison of weeks: both sides named.
    follow_up_reads_as(
        "saves this week vs last week",
        "month this compare month before?",
        "compare of=account_total metric=saves period=month vs=last-month",
    );
    // "last month compare, more or less?" after a figure of this month: against it.
    follow_up_reads_as(
        "new followers this month",
        "last month compare, more or less?",
        "compare of=growth period=month vs=last-month",
    );
    // "the saves they got" after how many posts: those posts' saves; "the reach that
    // month" is the account's.
    follow_up_reads_as(
        "how many posts did I do in october",
        "and the saves they got?",
        "post_total metric=saves period=2026-10",
    );
    follow_up_reads_as(
        "how many posts did I do in october",
        "and the reach that month?",
        "account_total metric=reach period=2026-10",
    );
    // "make it shares", "change it to reach": the same question, another figure.
    follow_up_reads_as(
        "top 3 reels by likes last month",
        "nah make it comments",
        "top metric=comments n=3 type=reel period=last-month",
    );
    follow_up_reads_as(
        "top 3 reels by likes last month",
        "change it to reach",
        "top metric=reach n=3 type=reel period=last-month",
    );
    // "how many reels" after the posts of last month: the reels of last month.
    follow_up_reads_as(
        "how many posts did I publish last month?",
        "how many carousels",
        "post_count type=carousel period=last-month",
    );
    // "and from 16 to 31?", "same but 16th to 31st" after the first half of October: the
    // rest of it (the latest month that has those days).
    follow_up_reads_as(
        "likes from 1 to 15 October",
        "and from 16 to 31?",
        "account_total metric=likes period=2026-10-16..2026-10-31",
    );
    follow_up_reads_as(
        "top 3 posts by saves between the 1st and the 15th of october",
        "same but 16th to 31st",
        "top metric=saves n=3 period=2026-10-16..2026-10-31",
    );
    // "who are the top 3 people commenting" after the comments of last month: then.
    follow_up_reads_as(
        "how many comments did we get last month",
        "who are the top 3 people commenting",
        "fans n=3 period=last-month",
    );
    // "did I post less?" after a comparison: the posts of both periods.
    follow_up_reads_as(
        "likes in october vs september",
        "did i post more in october?",
        "compare of=post_count period=2026-10 vs=2026-09",
    );
    follow_up_reads_as(
        "saves this month vs last month",
        "is it because I posted fewer reels?",
        "compare of=post_count type=reel period=month vs=last-month",
    );
    // "the same metric" is the one ranked by, not every figure.
    follow_up_reads_as(
        "top 3 reels by shares in september",
        "worst 3, same metric",
        "top metric=shares order=bottom n=3 type=reel period=2026-09",
    );
    // "the same days last month": the dates just asked about, a month earlier.
    follow_up_reads_as(
        "saves from the 4th to the 10th",
        "and the same days last month?",
        "account_total metric=saves period=2026-10-04..2026-10-10",
    );
    follow_up_reads_as(
        "likes since the 5th",
        "is that up on the same time last month?",
        "compare of=account_total metric=likes period=2026-11-05..2026-11-18 vs=2026-10-05..2026-10-18",
    );
    // "which posts dragged it down?" after a figure: its weakest posts by that figure, then.
    follow_up_reads_as(
        "reach this week vs last week",
        "hmm which posts brought it down",
        "top metric=reach order=bottom n=5 period=week",
    );
    follow_up_reads_as(
        "likes this month",
        "which reel dragged it down?",
        "top metric=likes order=bottom n=1 type=reel period=month",
    );
    // "and the carousels, how much?" after a figure of reels: that figure, for carousels;
    // "how many carousels was that?" counts them.
    follow_up_reads_as(
        "how many likes did my reels get in october",
        "and the carousels, how much?",
        "post_total metric=likes type=carousel period=2026-10",
    );
    follow_up_reads_as(
        "how many likes did my reels get in october",
        "and how many carousels was that?",
        "post_count type=carousel period=2026-10",
    );
}

#[test]
fn which_way_after_a_figure_is_that_figure() {
    // Written for the rule, on Wed 18 Nov 2026.
    // A figure with a daily line: its trend over the days asked about.
    follow_up_reads_as(
        "comments last 14 days",
        "up or down?",
        "trend metric=comments period=14d",
    );
    // "better or worse": against the days before.
    follow_up_reads_as(
        "comments last 14 days",
        "better or worse?",
        "compare of=account_total metric=comments period=14d vs=2026-10-22..2026-11-04",
    );
    // The engagement rate has no daily line: against the month before.
    follow_up_reads_as(
        "engagement rate this month",
        "going up or down?",
        "compare of=rate period=month vs=last-month",
    );
}

/// What `chain`'s last message reads as after the ones before it, each remembered as the
/// chat remembers them (the previous question and the one before).
fn chain_reads_as(chain: &[&str], label: &str) {
    let (asked, last) = chain.split_at(chain.len() - 1);
    let (previous, before) = asked.iter().fold(
        (Vec::new(), Vec::new()),
        |(previous, before): (Vec<Query>, Vec<Query>), question| match parse_in_conversation(
            question,
            &previous,
            &before,
            today(),
            chrono_tz::UTC,
        ) {
            Parsed::Understood { queries, .. } => (queries, previous),
            other => panic!("{question} is understood, not {}", describe(&other)),
        },
    );
    let parsed = parse_in_conversation(last[0], &previous, &before, today(), chrono_tz::UTC);
    let wanted = Frame::from_label(label).unwrap().query().unwrap();
    assert!(
        matches!(&parsed, Parsed::Understood { queries, .. }
            if queries.len() == 1 && same(&wanted, &queries[0], today())),
        "{chain:?}: want {label}, got {}",
        describe(&parsed)
    );
}

#[test]
fn the_two_periods_asked_last_are_compared_when_the_message_names_none() {
    // Written for the rule, on Wed 18 Nov 2026: the later period first, whichever way the
    // chat walked.
    chain_reads_as(
        &[
            "reach last month",
            "and the month before?",
            "which month was better?",
        ],
        "compare of=account_total metric=reach period=last-month vs=2026-09-01..2026-09-30",
    );
    chain_reads_as(
        &["saves on my carousels in september", "what about october", "compare both"],
        "compare of=post_total metric=saves type=carousel period=2026-10-01..2026-10-31 vs=2026-09-01..2026-09-30",
    );
    chain_reads_as(
        &["comments monday", "n tuesday?", "did it go up or down"],
        "compare of=account_total metric=comments period=2026-11-17 vs=2026-11-16",
    );
    chain_reads_as(
        &["summary for august", "same for july", "put views for the two side by side"],
        "compare of=account_total metric=views period=2026-08-01..2026-08-31 vs=2026-07-01..2026-07-31",
    );
    // A period of its own, even said short, is that period.
    chain_reads_as(
        &["reach last month", "and this month", "vs the one before"],
        "compare of=account_total metric=reach period=month vs=last-month",
    );
    chain_reads_as(
        &["reach last month", "and in august", "compare with june"],
        "compare of=account_total metric=reach period=2026-08-01..2026-08-31 vs=2026-06-01..2026-06-30",
    );
    // Two figures asked, not one figure moved: the previous one against the period before.
    chain_reads_as(
        &[
            "likes this week",
            "and the comments?",
            "compare with last week",
        ],
        "compare of=account_total metric=comments period=week vs=last-week",
    );
}

#[test]
fn places_and_handles_told_beside_and_followers_added() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // A town the asker tells of is not where their followers are asked to be.
        (
            "We're a bakery in Leeds, ten years now. how many followers do we have?",
            "followers",
        ),
        (
            "I'm from Manchester, where do most of my followers live?",
            "demographics aspect=places",
        ),
        // Who set the page up, and when, is told.
        (
            "My husband set the page up last spring. what's my best post this month?",
            "top n=1 period=month",
        ),
        // "Net adds": followers added.
        (
            "follower count plus net adds this month",
            "followers ; growth period=month",
        ),
        // More of them than then: the followers gained since.
        (
            "how are my followers doing, are there more of them than at the start of the month",
            "growth period=month",
        ),
        // A handle given after the account it names is that account's.
        (
            "How many followers has the café where I work, @beanandleaf?",
            "outside",
        ),
        (
            "how many likes did I get this week, @pulsebot?",
            "account_total metric=likes period=week",
        ),
    ]);
}

#[test]
fn buyers_asking_in_other_words_and_other_peoples_figures() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // What buyers ask, named as questions of a kind.
        (
            "any comments with order questions since Friday?",
            "leads period=2026-11-13..2026-11-18",
        ),
        (
            "booking questions in the comments this week",
            "leads period=week",
        ),
        // Others of a trade, a few words after "other"; a heading that names them.
        ("what ER do other small batch candle makers get?", "outside"),
        (
            "Industry benchmark: avg saves for bridal boutiques",
            "outside",
        ),
        // A relative's figures, told with who and where they are, and nothing of mine asked.
        (
            "My brother's coffee van page has more likes, why?",
            "outside",
        ),
        (
            "my friend salon in Leeds got 20k followers, how she do it",
            "outside",
        ),
        // Mine asked beside them.
        (
            "my friend has 10k followers, how many do I have",
            "followers",
        ),
    ]);
}

#[test]
fn told_advice_purposes_and_words_of_other_languages() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Advice someone gave, told beside posts counted; advice as the reason figures are
        // asked.
        (
            "did I post more in August than July... my daughter says I should post more",
            "compare of=post_count period=2026-08 vs=2026-07",
        ),
        (
            "show me the 5 worst reels this month so we know what we should stop doing",
            "top metric=er order=bottom n=5 type=reel period=month",
        ),
        // Polish months and days as written after a day or "on".
        (
            "total likes since 3 września",
            "account_total metric=likes period=2026-09-03..2026-11-18",
        ),
        (
            "ile likes w niedzielę?",
            "account_total metric=likes period=2026-11-15",
        ),
        // Portuguese, Spanish and Tagalog words mixed in.
        ("e anteontem?", "clarify"),
        (
            "quantos likes anteontem?",
            "account_total metric=likes period=2026-11-16",
        ),
        ("qué debo postear? dame ideas porfa", "recommend period=90d"),
        // TikTok as voice typing hears it; "their" for "there".
        ("how many views would i get on tick tock", "outside"),
        (
            "my son says go on tick tock, how many followers would i have their",
            "outside",
        ),
        // Things bought off Instagram.
        (
            "how many customers buy a cake after they see my insta?",
            "outside",
        ),
        ("how many people came in cos of instagram", "outside"),
    ]);
}

#[test]
fn codes_used_at_the_till_and_the_count_these_days() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many people used the XMAS15 promo code from my post?",
            "outside",
        ),
        (
            "how many comments asked about prices with the discount code this week?",
            "leads period=week",
        ),
        // The words alone stay unknown: which discount is asked back.
        ("how did the discount do?", "clarify"),
        ("what's my follower count these days", "followers"),
        ("anong oras best mag post?", "best_time period=90d"),
        (
            "kaunse age ke log follow karte hain mujhe?",
            "demographics aspect=ages",
        ),
    ]);
}

#[test]
fn a_request_passed_on_and_the_years_buyers_ask_about() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "my manager says show me the reach for october",
            "account_total metric=reach period=2026-10",
        ),
        (
            "any couples asking about dates for 2027 in the comments this month?",
            "leads period=month",
        ),
        ("how many followers will I have in 2027?", "outside"),
    ]);
    let queries = understood("top 3 posts last week by likes");
    reads_as_after(
        &queries,
        "tom says do it by shares instead",
        "top metric=shares n=3 period=last-week",
    )
    .unwrap();
}

#[test]
fn the_same_stretch_last_year_and_how_often_in_a_week() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        ("how often do we post in a week?", "frequency period=90d"),
        ("how often did I post in one month this year?", "frequency period=year"),
        (
            "reach since 1 October vs the same stretch last year",
            "compare of=account_total metric=reach period=2026-10-01..2026-11-18 vs=2025-10-01..2025-11-18",
        ),
    ]);
}

#[test]
fn the_same_figure_again_for_another_period_in_one_message() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "total saves in august, and in september?",
            "account_total metric=saves period=2026-08 ; account_total metric=saves period=2026-09",
        ),
        (
            "which was my best post in spring and which in summer?",
            "top n=1 period=2026-03-01..2026-05-31 ; top n=1 period=2026-06-01..2026-08-31",
        ),
        // Two sides of a comparison stay one comparison.
        (
            "compare my reach between this month and last month?",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
    ]);
}

#[test]
fn one_type_again_the_choices_of_an_answer_and_a_correction_typed() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "how many saves did my posts get in october, and carousels?",
            "post_total metric=saves period=2026-10 ; post_total metric=saves type=carousel period=2026-10",
        ),
        // Two types named together are set side by side, not asked again.
        (
            "how many saves on my photos and reels in october",
            "by_type metric=saves period=2026-10",
        ),
        ("when are my followers on, evening or morning?", "online"),
        (
            "what time slot works best, morning, lunchtime or evening? by likes",
            "parts_of_day metric=likes period=90d",
        ),
        (
            "how many likes in october no wait i mean in september",
            "account_total metric=likes period=2026-09",
        ),
        (
            "reach last week, scratch that, how many comments did my reels get last week",
            "post_total metric=comments type=reel period=last-week",
        ),
        ("how many followers do we have and did we loose any this week", "followers ; growth period=week"),
    ]);
}

#[test]
fn days_named_around_the_world_and_dates_written_month_first() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "total reach since canada day",
            "account_total metric=reach period=2026-07-01..2026-11-18",
        ),
        (
            "how many likes did I get on bastille day",
            "account_total metric=likes period=2026-07-14",
        ),
        (
            "followers gained since australia day",
            "growth period=2026-01-26..2026-11-18",
        ),
        // One date over 12 shows the order of the other.
        (
            "how many comments between 11/3 and 11/17",
            "account_total metric=comments period=2026-11-03..2026-11-17",
        ),
        (
            "how many comments between 3/11 and 17/11",
            "account_total metric=comments period=2026-11-03..2026-11-17",
        ),
    ]);
}

#[test]
fn more_of_the_same_list_adds_to_it() {
    let queries = understood("my top 3 reels this month");
    for (question, label) in [
        ("2 more pls", "top n=5 type=reel period=month"),
        ("and another 3?", "top n=6 type=reel period=month"),
        ("noch 2 mehr bitte", "top n=5 type=reel period=month"),
        ("top 10", "top n=10 type=reel period=month"),
    ] {
        reads_as_after(&queries, question, label).unwrap();
    }
}

#[test]
fn background_told_in_other_ways_and_figures_of_an_unnamed_thing() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        // Advice someone gave, reported beside a question of its own.
        (
            "My son says I should watch my engagement. What is it this month?",
            "rate period=month",
        ),
        ("honestly I have no idea what I'm doing. which reel got the most views ever?", "top metric=views n=1 type=reel period=all"),
        (
            "my friends argue about which post was the funniest. Which post got the most comments last week?",
            "top metric=comments n=1 period=last-week",
        ),
        (
            "how many people asked about prices this month? I have no time to check the comments",
            "leads period=month",
        ),
        ("any saves on the raffle?", "clarify"),
        ("ER on the takeover", "clarify"),
        ("likes on the account this week", "account_total metric=likes period=week"),
        (
            "engagement rate measured against my followers for october",
            "rate basis=followers period=2026-10",
        ),
        (
            "which of my reels had the highest number of shares in october",
            "top metric=shares n=1 type=reel period=2026-10",
        ),
        (
            "likes yesterday and also how many comments on my reels yesterday",
            "account_total metric=likes period=yesterday ; post_total metric=comments type=reel period=yesterday",
        ),
        (
            "how many likes did my reels get last week and also how many comments",
            "post_total metric=likes type=reel period=last-week ; post_total metric=comments type=reel period=last-week",
        ),
        ("did people watch my story of the sunset? a really rare one", "outside"),
        ("can you get me the emails of everyone who commented? want to follow up", "outside"),
    ]);
}

#[test]
fn dates_and_periods_written_other_ways() {
    // Written for these rules (not rows of any set), on Wed 18 Nov 2026.
    all_read_as(&[
        (
            "views in the period from 1.10. to 15.10.",
            "account_total metric=views period=2026-10-01..2026-10-15",
        ),
        (
            "reach in the week of 2.11.",
            "account_total metric=reach period=2026-11-02..2026-11-08",
        ),
        (
            "likes depuis le 1er octobre",
            "account_total metric=likes period=2026-10-01..2026-11-18",
        ),
        (
            "comments since 17 agustus",
            "account_total metric=comments period=2026-08-17..2026-11-18",
        ),
    ]);
    let queries = understood("reach from 1 to 10 november");
    reads_as_after(
        &queries,
        "and the corresponding period of the previous year?",
        "account_total metric=reach period=2025-11-01..2025-11-10",
    )
    .unwrap();
    let queries = understood("followers gained since 1 september");
    reads_as_after(
        &queries,
        "which weekday did best in that time? not fridays I hope",
        "weekdays period=2026-09-01..2026-11-18",
    )
    .unwrap();
}

/// "and now the total" after an average asks the same figure, summed.
#[test]
fn the_total_after_an_average_sums_the_same_figure() {
    let queries = understood("average likes per carousel in october");
    for (then, label) in [
        (
            "and now the total?",
            "post_total metric=likes type=carousel period=2026-10",
        ),
        (
            "what about the total",
            "post_total metric=likes type=carousel period=2026-10",
        ),
    ] {
        reads_as_after(&queries, then, label).unwrap();
    }
}

/// A second part that opens with a day in a clause of its own ("And on Independence Day,
/// 24 August, how many views …") is still a question of its own.
#[test]
fn a_day_named_before_the_second_question_belongs_to_it() {
    all_read_as(&[
        (
            "Please, what is engagement of our posts so far this year? And on Independence Day, 24 August, how many views was on the account?",
            "rate period=year ; account_total metric=views period=2026-08-24",
        ),
        (
            "reach last week? and on 3 october, how many likes?",
            "account_total metric=reach period=last-week ; account_total metric=likes period=2026-10-03",
        ),
    ]);
}

/// "and the previous week?" after last week asks the week before it; after this week,
/// last week.
#[test]
fn the_previous_period_after_the_last_one_is_the_one_before() {
    let last_week = understood("which reel had the most views last week");
    for then in ["and the previous week?", "Y la semana anterior?"] {
        reads_as_after(
            &last_week,
            then,
            "top metric=views n=1 type=reel period=2026-11-02..2026-11-08",
        )
        .unwrap();
    }
    let this_week = understood("which reel had the most views this week");
    reads_as_after(
        &this_week,
        "and the previous week?",
        "top metric=views n=1 type=reel period=last-week",
    )
    .unwrap();
    let yesterday = understood("how many likes yesterday");
    reads_as_after(
        &yesterday,
        "and the day before?",
        "account_total metric=likes period=2026-11-16",
    )
    .unwrap();
}

/// Numbers in words up to the nineties are numbers ("over sixty-five", "top thirty"), and
/// days of the month in words stay days ("the fifth" is no typo of "fifty").
#[test]
fn numbers_and_days_written_as_words() {
    all_read_as(&[
        (
            "What proportion of our followers are over sixty-five?",
            "demographics aspect=ages",
        ),
        (
            "top thirty posts by saves",
            "top metric=saves n=30 period=30d",
        ),
        (
            "how many likes since the fifth of november",
            "account_total metric=likes period=2026-11-05..2026-11-18",
        ),
    ]);
}

/// "only the first half" after a month is its 1st to 15th; after a year, January to June.
#[test]
fn a_half_after_a_period_halves_it() {
    let august = understood("What is the reach of my account in August?");
    reads_as_after(
        &august,
        "Only the first half",
        "account_total metric=reach period=2026-08-01..2026-08-15",
    )
    .unwrap();
    let last_year = understood("reach last year");
    reads_as_after(
        &last_year,
        "and the second half?",
        "account_total metric=reach period=2025-07-01..2025-12-31",
    )
    .unwrap();
}

/// Bengali mixed into English: "amar" my, "koto" how many, and the genitive "er" is no
/// engagement rate.
#[test]
fn bengali_words_mixed_in() {
    all_read_as(&[
        (
            "koto comments ashche amar reels e last week?",
            "post_total metric=comments type=reel period=last-week",
        ),
        ("amar last post ta kemon?", "latest_post"),
        (
            "Puja er time e 12 October, kitne likes hoyechilo?",
            "account_total metric=likes period=2026-10-12",
        ),
    ]);
    let this_month = understood("how many likes on my posts this month");
    reads_as_after(
        &this_month,
        "na, last month er ta bolo",
        "post_total metric=likes period=last-month",
    )
    .unwrap();
}

/// "which of our photos from the <event>" ranks only the posts of that event, which Pulse
/// cannot tell: it asks which posts are meant. A period picks them instead.
#[test]
fn which_of_the_posts_of_an_event_is_asked_back() {
    all_read_as(&[
        (
            "Which of our photographs from the Christmas Fair did best?",
            "clarify",
        ),
        (
            "which of my reels from the Lisbon trip got the most views",
            "clarify",
        ),
        (
            "which of my reels from last week got the most views",
            "top metric=views n=1 type=reel period=last-week",
        ),
    ]);
}

/// "how'd the <thing> go down?" asks how something was received (which, Pulse asks back);
/// "how did my reach go down?" is still the figure's way. Advice "given what's worked
/// lately" learns from lately.
#[test]
fn how_a_thing_went_down_and_advice_from_lately() {
    all_read_as(&[
        ("how'd the new coldwater blend go down?", "clarify"),
        ("how'd last week go down?", "overview period=last-week"),
        ("how did my reach go down?", "trend metric=reach period=30d"),
        (
            "Given what's worked for us lately, what should we post more of?",
            "recommend period=30d",
        ),
    ]);
}

/// "which got me thinking —" tells how a question came up; it asks no "which"; "unloading
/// the kiln" is no upload.
#[test]
fn how_a_question_came_up_is_no_question() {
    all_read_as(&[
        (
            "I was unloading the van and my partner said we should post the mess more. Which got me thinking — what's my engagement rate been over the last three months?",
            "rate period=3m",
        ),
        (
            "it was a slow week at the shop, which brings me to this: how many comments did I get last week?",
            "account_total metric=comments period=last-week",
        ),
        // People asking, told in a clause of its own, are no buyers' comments asked for.
        (
            "people asked about the new hoodies a lot. how many comments did I get last week?",
            "account_total metric=comments period=last-week",
        ),
        ("People ask for reservations in the comments?", "leads period=30d"),
    ]);
}

/// "how many times a week is that?" after a count of posts asks how often, over the same
/// days.
#[test]
fn how_often_after_a_count_of_posts() {
    let november = understood("how many posts did I make in november");
    for then in [
        "how many times a week is that?",
        "so how many a week is that",
    ] {
        reads_as_after(&november, then, "frequency period=2026-11").unwrap();
    }
    reads_as_after(
        &november,
        "and reels?",
        "post_count type=reel period=2026-11",
    )
    .unwrap();
}

/// A figure set against someone the asker knows ("than my friend's", "she … than me") is
/// another account's; a friend told of beside the question is background.
#[test]
fn a_figure_against_someone_known_is_another_account() {
    all_read_as(&[
        ("is my ER better than my friend's?", "outside"),
        ("does my sister get more likes than me?", "outside"),
        ("she have better engagement than me?", "outside"),
        (
            "my mate's salon does way better than me on insta 🙄 is my engagement at least better this month than last month",
            "compare of=rate period=month vs=last-month",
        ),
    ]);
}

/// "BF" after a word of time is Black Friday; "my bf" is no day.
#[test]
fn bf_after_a_word_of_time_is_black_friday() {
    all_read_as(&[
        (
            "how many likes on BF",
            "account_total metric=likes period=2025-11-28",
        ),
        (
            "reach since BF?",
            "account_total metric=reach period=2025-11-28..",
        ),
        (
            "my bf says reels are dead, what's my reach this week",
            "account_total metric=reach period=week",
        ),
    ]);
}

/// "skip reels", "ignoring reels", "leave out reels" leave the type out; "skip the giveaway
/// one" leaves out a post Pulse cannot tell, so it asks.
#[test]
fn what_a_ranking_skips_is_left_out() {
    all_read_as(&[
        (
            "top 5 posts by saves, skip reels",
            "top metric=saves n=5 period=30d",
        ),
        (
            "top 5 posts by saves ignoring reels",
            "top metric=saves n=5 period=30d",
        ),
        (
            "top 5 posts by saves, leave out reels",
            "top metric=saves n=5 period=30d",
        ),
        ("top 5 posts by saves but skip the giveaway one", "clarify"),
        (
            "how much honey should i leave in the hive over winter",
            "refuse",
        ),
    ]);
}

/// "regular" before a post's word is ordinary posts, not how often.
#[test]
fn regular_posts_are_ordinary_posts() {
    all_read_as(&[
        (
            "which regular feed video did best this month",
            "top n=1 type=video period=month",
        ),
        ("how regular are my posts", "frequency period=90d"),
    ]);
}

/// "when should we post? which hour and which day" is one question the best time answers;
/// "…, and which day of the week works best?" asks the days' ranking too.
#[test]
fn the_hour_and_the_day_to_post_is_the_best_time() {
    all_read_as(&[
        (
            "when should we post? which hour and which day",
            "best_time period=90d",
        ),
        (
            "When is the best time for us to post, and which day of the week works best?",
            "best_time period=90d ; weekdays period=90d",
        ),
    ]);
}

/// "the week of the county show" names a time by an event Pulse cannot date: it asks.
#[test]
fn a_week_of_an_event_is_asked_back() {
    all_read_as(&[
        ("reach in the week of the county show", "clarify"),
        ("how many likes did I get the day of the parade", "clarify"),
        (
            "likes in the week of 16 november",
            "account_total metric=likes period=2026-11-16..2026-11-18",
        ),
    ]);
}

/// A figure in scare quotes after "how many" is still asked ("how many 'likes', as she calls
/// them"); a future told in a story is no period of the question.
#[test]
fn a_figure_in_scare_quotes_and_a_future_told() {
    all_read_as(&[
        (
            "how many 'likes', as she calls them, have the shop's posts received in total?",
            "post_total metric=likes period=all",
        ),
        (
            "my nephew says video is the future, which I doubt. how many 'views' did the shop get last week?",
            "account_total metric=views period=last-week",
        ),
    ]);
}

/// A day named again as the other side of a comparison is its last occurrence: a week
/// before for a weekday, a year before for a holiday.
#[test]
fn a_day_compared_with_itself_is_its_last_occurrence() {
    let halloween = understood("how many shares did I get on Halloween?");
    reads_as_after(
        &halloween,
        "ok now compare that with last Halloween, back when I was a nobody",
        "compare of=account_total metric=shares period=2026-10-31 vs=2025-10-31",
    )
    .unwrap();
    let monday = understood("how many shares did I get on monday?");
    reads_as_after(
        &monday,
        "compare that with last monday",
        "compare of=account_total metric=shares period=2026-11-16 vs=2026-11-09",
    )
    .unwrap();
}

/// "stan", slang for a devoted fan.
#[test]
fn a_stan_is_a_fan() {
    all_read_as(&[
        ("who's my biggest stan", "fans n=1 period=30d"),
        ("my top 3 stans this month?", "fans n=3 period=month"),
    ]);
}

/// The Arabizi "men" ("from") is no question about men.
#[test]
fn arabizi_men_is_from() {
    for question in [
        "w kam wa7ed gained men awel el shahr?",
        "anhy perfume byetba3 aktar men el insta posts?",
    ] {
        let parsed = parse(question, None, today(), chrono_tz::UTC);
        assert!(
            !matches!(&parsed, Parsed::Understood { queries, .. } if format!("{queries:?}").contains("Demographics")),
            "{question:?} read as the followers' genders: {parsed:?}"
        );
    }
    all_read_as(&[(
        "are my followers men or women",
        "demographics aspect=genders",
    )]);
}

/// "since the fair? This year the fair started 19 April": since the day told, "this year"
/// only placing it.
#[test]
fn since_an_event_whose_day_is_told_this_year() {
    all_read_as(&[(
        "What is our engagement since the spring fair? This year the fair started 19 April",
        "rate period=2026-04-19..2026-11-18",
    )]);
}

/// A quarter "of this year" is one period; "YoY" after a named month sets it against the
/// same month a year before; a week over week beside another part keeps its own weeks.
#[test]
fn quarters_of_a_year_and_year_over_year() {
    all_read_as(&[
        (
            "average saves per carousel in the third quarter of this year",
            "post_mean metric=saves type=carousel period=2026-07-01..2026-09-30",
        ),
        (
            "reach q2 of last year",
            "account_total metric=reach period=2025-04-01..2025-06-30",
        ),
        (
            "reach last month YoY",
            "compare of=account_total metric=reach period=last-month vs=2025-10-01..2025-10-31",
        ),
        (
            "imps WoW + posting freq L90D",
            "compare of=account_total metric=views period=week vs=last-week ; frequency period=90d",
        ),
    ]);
}

/// Followers "they have" after a shop named are that shop's; "what age they have" are the
/// asker's followers'. Portuguese men and women; reach "sliding" falls.
#[test]
fn their_followers_genders_in_portuguese_and_a_sliding_reach() {
    all_read_as(&[
        (
            "The famous shop Ichiran, how many followers do they have?",
            "outside",
        ),
        (
            "My followers are more men or more women? And what age they have?",
            "demographics aspect=genders ; demographics aspect=ages",
        ),
        (
            "Os seguidores são mais homens ou mulheres?",
            "demographics aspect=genders",
        ),
        ("is my reach slipping?", "trend metric=reach period=30d"),
    ]);
}

/// A ratio of things that are not the account's is no engagement rate.
#[test]
fn a_ratio_of_other_things_is_off_topic() {
    all_read_as(&[(
        "What's a good ratio of butter to sugar for a Swiss meringue buttercream?",
        "refuse",
    )]);
}

/// Enquiries "turned into bookings" ask what buyers did off Instagram.
#[test]
fn enquiries_turned_into_bookings_are_off_instagram() {
    all_read_as(&[
        (
            "How many of my enquiries turned into actual bookings this year through Instagram?",
            "outside",
        ),
        (
            "any enquiries in the comments this week?",
            "leads period=week",
        ),
    ]);
}

/// Someone described by what they keep doing ("who will not stop …") is no prediction and
/// no question about who saw a post.
#[test]
fn someone_who_will_keep_doing_something_is_described_not_asked() {
    all_read_as(&[
        (
            "got a cockapoo in the back who will not stop shaking so quick how many people saw my stuff yesterday",
            "account_total metric=reach period=2026-11-17",
        ),
        ("who will like my next reel?", "outside"),
    ]);
}

/// Engagement "by the followers measure" is the rate on followers, not follower growth.
#[test]
fn engagement_by_the_followers_measure_is_the_rate_on_followers() {
    all_read_as(&[
        (
            "What is my 'engagement' for the year so far, by the followers measure if you please?",
            "rate basis=followers period=year",
        ),
        (
            "engagement per follower this month",
            "rate basis=followers period=month",
        ),
    ]);
}

/// A Taglish or Spanish "o" between two kinds of post is "or", and the Tagalog "ano" is
/// "what".
#[test]
fn an_o_between_two_kinds_of_post_is_or() {
    all_read_as(&[
        (
            "Ano po mas okay para sa bakery namin, reels o carousel?",
            "by_type period=90d",
        ),
        ("que funciona mejor, fotos o videos?", "by_type period=90d"),
    ]);
}

/// A word of address before a follow-up ("bruh and the best one") keeps it a follow-up.
#[test]
fn a_word_of_address_keeps_a_follow_up() {
    follow_up_reads_as(
        "whats my worst reel last month",
        "bruh and the best one",
        "top metric=interactions n=1 type=reel period=last-month",
    );
}

/// "most weeks" says how often the asker posts, not the top of a ranking.
#[test]
fn most_weeks_is_how_often_not_the_most() {
    all_read_as(&[
        (
            "I post a short reflection most weeks. How has the account been doing over the past month?",
            "overview period=30d",
        ),
        ("what days get most likes", "weekdays metric=likes period=90d"),
    ]);
}

/// People who "have joined" since a day are followers gained.
#[test]
fn people_who_have_joined_are_followers_gained() {
    all_read_as(&[
        (
            "Could you tell me how many people have joined since the 2nd of November?",
            "growth period=2026-11-02..2026-11-18",
        ),
        (
            "how many likes since I joined instagram",
            "account_total metric=likes period=all",
        ),
    ]);
}

/// "Same, last year" after a period of dates is those dates a year earlier; after this
/// year, it is the whole of last year.
#[test]
fn the_same_last_year_after_dates_is_those_dates_a_year_earlier() {
    follow_up_reads_as(
        "Growth since 1 November.",
        "Same, last year.",
        "growth period=2025-11-01..2025-11-18",
    );
    follow_up_reads_as(
        "reach from 3 to 9 August",
        "and the same for last year?",
        "account_total metric=reach period=2025-08-03..2025-08-09",
    );
    follow_up_reads_as(
        "growth this year",
        "same for last year",
        "growth period=last-year",
    );
    follow_up_reads_as(
        "How many posts since the 1st of January?",
        "And in the whole of last year?",
        "post_count period=last-year",
    );
}

/// A period said again after "so" or "i.e." is the one asked, not a second one.
#[test]
fn a_period_said_again_is_one_period() {
    follow_up_reads_as(
        "which posts did worst this autumn",
        "Lovely. And the same for the autumn before, so autumn 2025?",
        "top metric=er order=bottom n=5 period=2025-09-01..2025-11-30",
    );
    all_read_as(&[(
        "reach last quarter, i.e. July to September",
        "account_total metric=reach period=2026-07-01..2026-09-30",
    )]);
}

/// Sinterklaas is 5 December; "KW46", "cw 46" and "wk46" are ISO week 46.
#[test]
fn sinterklaas_and_calendar_weeks_written_the_german_way() {
    all_read_as(&[
        (
            "Reach on Sinterklaas.",
            "account_total metric=reach period=2025-12-05",
        ),
        ("KW46 recap pls", "overview period=2026-11-09..2026-11-15"),
        (
            "reach cw 45",
            "account_total metric=reach period=2026-11-02..2026-11-08",
        ),
        (
            "likes wk46",
            "account_total metric=likes period=2026-11-09..2026-11-15",
        ),
    ]);
}

/// French as Québécois creators mix it: "elle performe comment" asks how a post does,
/// "du 20 décembre au 6 janvier" is a range, "(mars-avril)" two months, and "selon mes
/// stats" says where the answer comes from.
#[test]
fn french_how_ranges_and_where_the_answer_comes_from() {
    all_read_as(&[
        (
            "ma dernière vidéo, celle de la coulée, elle performe comment?",
            "latest_post type=video",
        ),
        (
            "combien de vues sur mes reels l'an passé, genre du 20 décembre au 6 janvier?",
            "post_total metric=views type=reel period=2025-12-20..2026-01-06",
        ),
        (
            "C'est quoi ma meilleure publication? (mars-avril)",
            "top n=1 period=2026-03-01..2026-04-30",
        ),
        (
            "c'est quand le meilleur moment pour publier, selon mes stats?",
            "best_time period=90d",
        ),
        (
            "when is the best time to post, according to my stats?",
            "best_time period=90d",
        ),
        (
            "combien de comment sur mon reel",
            "post_total metric=comments type=reel period=30d",
        ),
    ]);
}

/// Hinglish: "kya post karun" asks what to post, "<name> ke page" is someone else's page,
/// "wo … wala" points at the post just named, and a follower's "naam aur number" is
/// personal data.
#[test]
fn hinglish_advice_other_pages_and_personal_data() {
    all_read_as(&[
        (
            "mujhe batao next kya post karun, mere numbers dekh ke",
            "recommend period=90d",
        ),
        (
            "Sabyasachi ke page ka engagement mere se compare karo",
            "outside",
        ),
        (
            "mere page ka engagement kitna hai is mahine",
            "rate period=month",
        ),
        (
            "mera last reel kaisa chal raha hai? wo banarasi wala",
            "latest_post type=reel",
        ),
        (
            "mera koi follower Delhi mein hai toh uska naam aur number batao",
            "outside",
        ),
        (
            "top fans and their number of comments",
            "fans n=5 period=30d ; account_total metric=comments period=30d",
        ),
    ]);
}

/// Vietnamese mixed into English: "tháng này so với tháng trước" is this month against
/// last month, "ai comment" asks who commented, "nhiều like nhất" the most likes.
#[test]
fn vietnamese_periods_comparisons_and_who() {
    all_read_as(&[
        (
            "tháng này so với tháng trước engagement sao em?",
            "compare of=rate period=month vs=last-month",
        ),
        (
            "ai comment trên post mới nhất của chị vậy em?",
            "latest_commenters",
        ),
        (
            "chị post thứ mấy trong tuần thì được nhiều like nhất? weekday nào tốt nha",
            "weekdays metric=likes period=90d",
        ),
        ("can ai write my captions", "refuse"),
    ]);
}

/// Which of two things named in the asker's words did better, or how a collection was
/// received, is asked back (which posts?), even when a thing is named again in a story.
#[test]
fn two_things_named_or_a_collection_received_are_asked_back() {
    all_read_as(&[
        (
            "Which did better, the heron or the lighthouse? My sister says the heron but I am not so sure.",
            "clarify",
        ),
        ("how is the response to the bridal collection?", "clarify"),
        ("bridal collection ka response kaisa hai?", "clarify"),
        ("cómo le fue a la colección Xóchitl?", "clarify"),
        ("¿cómo le fue a mi último reel?", "latest_post type=reel"),
    ]);
    follow_up_reads_as(
        "reach this month",
        "ok y compáralo con octubre",
        "compare of=account_total metric=reach period=month vs=2026-10-01..2026-10-31",
    );
}

/// One post "of" a date is that day's post.
#[test]
fn a_post_of_a_day_is_that_days_post() {
    all_read_as(&[(
        "Can you check the lion post of 14th Nov, how many saves it got?",
        "post_total metric=saves period=2026-11-14",
    )]);
}

/// "and in total?" after an average is the same figure summed over the same posts; after a
/// total it is that total (not all time, and not a refusal).
#[test]
fn in_total_after_an_average_is_the_sum() {
    follow_up_reads_as(
        "average likes per reel this month",
        "and in total?",
        "post_total metric=likes type=reel period=month",
    );
    follow_up_reads_as(
        "how many likes this month",
        "and in total?",
        "account_total metric=likes period=month",
    );
    follow_up_reads_as(
        "how many likes this month",
        "and all time?",
        "account_total metric=likes period=all",
    );
    follow_up_reads_as(
        "average likes per reel this month",
        "and since I started?",
        "post_mean metric=likes type=reel period=all",
    );
}

/// "and overall?" widens the answer just given (every type, or all time); "by day?" asks
/// for its daily line.
#[test]
fn overall_and_by_day_after_a_figure() {
    follow_up_reads_as(
        "average likes per reel this month",
        "and overall?",
        "post_mean metric=likes period=month",
    );
    follow_up_reads_as(
        "how many likes this month",
        "and overall?",
        "account_total metric=likes period=all",
    );
    follow_up_reads_as(
        "reach last week",
        "by day?",
        "trend metric=reach period=last-week",
    );
}

/// A month's short name with a dot ("Sept. 1", "Nov. 3rd") is one date, not a sentence
/// ending before a lone number.
#[test]
fn a_short_month_name_with_a_dot_is_one_date() {
    all_read_as(&[
        (
            "How often did we post since Sept. 1? Our publisher says we slacked off.",
            "frequency period=2026-09-01..2026-11-18",
        ),
        (
            "how many likes did we get on Nov. 3rd",
            "account_total metric=likes period=2026-11-03",
        ),
        (
            "reach from Oct. 5 to Oct. 11",
            "account_total metric=reach period=2026-10-05..2026-10-11",
        ),
    ]);
}

/// Unknown words only in a sentence that tells something beside a question Pulse reads
/// whole are background ("What should we post next? Diwali season is starting."); the same
/// words inside the question still make it one Pulse does not answer.
#[test]
fn unknown_words_told_in_a_sentence_of_their_own_are_background() {
    all_read_as(&[
        (
            "What should we post next? Pongal prep is starting.",
            "recommend period=90d",
        ),
        (
            "what should i post next?? we've a wee barn dance at the hall on Saturday",
            "recommend period=90d",
        ),
        ("which one tastier, pongal prep or biryani", "refuse"),
    ]);
}

/// Words of Swahili, Portuguese and Scots that open or carry a follow-up.
#[test]
fn follow_ups_in_swahili_portuguese_and_scots() {
    follow_up_reads_as(
        "which post got the most saves last month",
        "Sawa, and the top 3 by reach?",
        "top metric=reach n=3 period=last-month",
    );
    follow_up_reads_as(
        "top 3 reels por views desde o Halloween",
        "agora só os carrosséis",
        "top metric=views n=3 type=carousel period=2026-10-31..2026-11-18",
    );
    follow_up_reads_as(
        "how many likes did we get yesterday",
        "Sweet as, and the day before?",
        "account_total metric=likes period=2026-11-16",
    );
    follow_up_reads_as(
        "whit's oor best post this month",
        "same but ower the hale year",
        "top metric=interactions n=1 period=year",
    );
    all_read_as(&[(
        "Compara o alcance desta semana com a semana passada",
        "compare of=account_total metric=reach period=week vs=last-week",
    )]);
}

/// What "instead of" or "rather than" sets aside is not asked for: its period, its basis.
#[test]
fn what_instead_of_or_rather_than_sets_aside_is_not_asked() {
    follow_up_reads_as(
        "which weekday gets us the best engagement?",
        "could you look at the whole of this year instead of just the last few months?",
        "weekdays metric=er period=year",
    );
    all_read_as(&[
        (
            "engagement rate for October rather than for September please",
            "rate period=2026-10-01..2026-10-31",
        ),
        (
            "my nephew says there's a thing called an 'engagement rate', what is mine over \
             the past 3 months, measured against my followers rather than against reach?",
            "rate basis=followers period=3m",
        ),
        (
            "what should I post next, going by my own numbers rather than what the gurus say",
            "recommend period=90d",
        ),
    ]);
}

/// "posts I shared" are posts put out: counted, not the shares metric.
#[test]
fn posts_the_asker_shared_are_posts_put_out() {
    all_read_as(&[
        (
            "how many posts did I actually share in October?",
            "post_count period=2026-10-01..2026-10-31",
        ),
        (
            "how many reels have we shared this month",
            "post_count type=reel period=month",
        ),
        (
            "how many shares did my reels get this month",
            "post_total metric=shares type=reel period=month",
        ),
    ]);
}

/// "and for all our posts?" after a figure of one type widens it to every type.
#[test]
fn all_our_posts_widens_a_follow_up() {
    follow_up_reads_as(
        "what's our engagement rate on reels for the last 2 weeks?",
        "and for all our posts?",
        "rate period=14d",
    );
    follow_up_reads_as(
        "average likes per carousel this month",
        "what about all of my posts",
        "post_mean metric=likes period=month",
    );
}

/// A business nearby whose figures are told in a sentence of their own, beside a question
/// about the asker's own account, is background: the question is answered.
#[test]
fn a_neighbours_figures_told_beside_our_question_are_background() {
    all_read_as(&[
        (
            "The florist next door reckons she gets way more likes than us. How many likes did \
             we get last week?",
            "account_total metric=likes period=last-week",
        ),
        (
            "the salon next door gets way more likes, how many do they get?",
            "outside",
        ),
    ]);
}

/// "…, and also whether that number has gone up since …" is a second question, put
/// indirectly: the change in followers beside their count.
#[test]
fn and_whether_it_went_up_is_a_second_question() {
    all_read_as(&[
        (
            "could you tell me how many followers I have at present, and also whether that \
             number has gone up or down since the first of October",
            "followers ; growth period=2026-10-01..2026-11-18",
        ),
        (
            "I'm wondering, gently, whether my posts reach fewer people. Has my reach been \
             going down over the past month?",
            "trend metric=reach period=30d",
        ),
    ]);
}

/// "when I post it" in the middle of a clause is a condition, not a time asked: a
/// prediction about tomorrow's post is the future.
#[test]
fn when_i_post_it_is_a_condition_not_a_time_asked() {
    all_read_as(&[
        (
            "will the bridal carousel do better than the other one when i post it tomorrow",
            "outside",
        ),
        ("tell me when i should post", "best_time period=90d"),
        ("when should we post reels?", "best_time period=90d"),
    ]);
}

/// Voice typing's "four" for "for", told apart from a count by the words around it.
#[test]
fn four_for_for_in_voice_typing() {
    all_read_as(&[
        (
            "what was my best reel four the past thirty days",
            "top metric=interactions n=1 type=reel period=30d",
        ),
        (
            "likes four last week",
            "account_total metric=likes period=last-week",
        ),
        (
            "top four posts last week",
            "top metric=interactions n=4 period=last-week",
        ),
    ]);
}

/// "how many views are there?" said last, after a clause naming a platform Pulse cannot
/// see, is about that platform.
#[test]
fn are_there_after_a_platform_named_is_about_it() {
    all_read_as(&[
        (
            "Our YouTube channel has the long tutorials, how many views are there?",
            "outside",
        ),
        (
            "how many views are there on my reels this month",
            "post_total metric=views type=reel period=month",
        ),
    ]);
}

/// A type of post named by what it is called ("my videos (I think they're called
/// reels)") is that type; "so I can compare the two" after a follow-up is no count.
#[test]
fn a_type_named_by_what_it_is_called_and_compare_the_two() {
    all_read_as(&[(
        "which of my little videos (I believe they are called reels) got the most views in \
         October?",
        "top metric=views n=1 type=reel period=2026-10-01..2026-10-31",
    )]);
    follow_up_reads_as(
        "which reel got the most views in October? just the one",
        "might I see the same for September, so that I can compare the two?",
        "top metric=views n=1 type=reel period=2026-09-01..2026-09-30",
    );
}

/// Common English words are no typos of the words Pulse knows: "fill" is not "follows",
/// "linked" not "liked", "mourning" not "morning".
#[test]
fn common_words_are_not_taken_for_typos() {
    for word in ["fill", "linked", "mourning", "pots", "ranking", "react"] {
        assert_eq!(crate::question::words::correct(word), None, "{word}");
    }
    all_read_as(&[
        (
            "a lady brought jars to fill with oats. what was our most liked photo this year?",
            "top metric=likes n=1 type=photo period=year",
        ),
        (
            "for the account linked here, top 5 posts by reach last month",
            "top metric=reach n=5 period=last-month",
        ),
    ]);
}

/// "which of the teens comment the most" asks for people, named by a plural Pulse does not
/// know; a weekday in a plan told after it ("want to give them a shout-out on Sunday") is
/// the coming one, not the period.
#[test]
fn people_who_comment_named_by_a_plural_and_a_planned_weekday() {
    all_read_as(&[
        (
            "which of the scouts comment the most?",
            "fans n=1 period=30d",
        ),
        (
            "who comments most? want to give them a shout-out on Friday",
            "fans n=5 period=30d",
        ),
    ]);
}

/// "the same point last year" is the same stretch of last year, as "the same time" is.
#[test]
fn the_same_point_last_year() {
    all_read_as(&[(
        "likes for the year so far vs the same point last year",
        "compare of=account_total metric=likes period=year vs=2025-01-01..2025-11-18",
    )]);
}

/// Posting told in a clause that asks nothing is no second question, whatever the clauses
/// beside it ask ("Is it even worth it?", "Abeg,").
#[test]
fn posting_told_beside_other_questions_is_no_second_part() {
    all_read_as(&[
        (
            "we post fades and the lads love it. Abeg, how many likes did my posts get in \
             October?",
            "post_total metric=likes period=2026-10-01..2026-10-31",
        ),
        (
            "I've been posting reels every day since January. Is it even worth it? How many \
             reels have I posted this year?",
            "post_count type=reel period=year",
        ),
        (
            "how many posts did I do in October and what was my reach?",
            "post_count period=2026-10-01..2026-10-31 ; account_total metric=reach period=2026-10-01..2026-10-31",
        ),
    ]);
}

/// "how many have we put on since …" after the follower count is followers gained; posts
/// "put on" in a month are posts published.
#[test]
fn followers_put_on_are_gained() {
    all_read_as(&[
        (
            "what's our follower count, and how many have we put on since the first of October?",
            "followers ; growth period=2026-10-01..2026-11-18",
        ),
        (
            "how many posts did I put on in August?",
            "post_count period=2026-08-01..2026-08-31",
        ),
    ]);
}

/// A time told in a sentence of its own is not the period of a part that names none when
/// another part asks its own time; the same day asked again ("that day") still is.
#[test]
fn a_told_time_is_no_part_s_period_when_another_time_is_asked() {
    all_read_as(&[
        (
            "My husband set up the Instagram for me last year. Please, how many followers I \
             have and how many I get this month?",
            "followers ; growth period=month",
        ),
        (
            "we had a stall on saturday and put our handle on the sign, did it bring \
             followers? how many did we pick up that day",
            "growth period=2026-11-14",
        ),
    ]);
}

/// "since <something Pulse cannot date>" does not take its date from a month named in the
/// question that follows; "since we reopened on 1 October" still does.
#[test]
fn since_does_not_reach_into_the_question_that_follows() {
    all_read_as(&[
        (
            "I've posted loads less since wedding season ended, how many posts in September \
             vs October?",
            "compare of=post_count period=2026-09-01..2026-09-30 vs=2026-10-01..2026-10-31",
        ),
        (
            "how many followers since we reopened on the 1st of October",
            "growth period=2026-10-01..2026-11-18",
        ),
    ]);
}

/// The newest post set against the best one is both: the newest's figures and the best
/// one's beside them.
#[test]
fn the_newest_post_against_the_best_is_both() {
    all_read_as(&[
        (
            "is my newest reel doing better than my top one this month?",
            "latest_post type=reel ; top metric=interactions n=1 type=reel period=month",
        ),
        (
            "how's my latest post doing compared with my best post",
            "latest_post ; top metric=interactions n=1 period=30d",
        ),
        ("how's my latest post doing?", "latest_post"),
    ]);
}

/// An analysis of groups of posts learns from its own window, not from a time told in a
/// story beside it; a time asked in a sentence of its own still counts.
#[test]
fn a_told_time_does_not_steer_an_analysis_of_groups_of_posts() {
    all_read_as(&[
        (
            "We started doing Taco Tuesdays back in the spring because a friend said Tuesdays \
             were good. Which weekday actually gets us the best engagement?",
            "weekdays metric=er period=90d",
        ),
        (
            "Is it better for us to post in the morning or in the evening? Look at the last \
             half year.",
            "parts_of_day metric=er period=6m",
        ),
    ]);
}

/// A clause that only hopes ("hopefully more than …", "fingers crossed …") asks for no
/// comparison; "quick one before bed time" is a question asked before something else
/// happens, neither a period before nor a time of day asked.
#[test]
fn a_hope_or_an_errand_beside_the_question_is_told() {
    all_read_as(&[
        (
            "how many likes did I get in October? hopefully more than I fear 😅",
            "account_total metric=likes period=2026-10-01..2026-10-31",
        ),
        (
            "what's my reach this month? fingers crossed it's more than last time",
            "account_total metric=reach period=month",
        ),
        (
            "quick one before bed time: what's my reach this week?",
            "account_total metric=reach period=week",
        ),
    ]);
}

/// Words that point back at what the question already named: "new ones" after followers
/// are new followers; "the one people like the most" says again which post is asked for;
/// "a lovely group who always leave comments" tells who they are.
#[test]
fn words_that_point_back_take_what_was_named() {
    all_read_as(&[
        (
            "how many followers do I have and did I get any new ones last week",
            "followers ; growth period=last-week",
        ),
        (
            "show me my best reel from October, the one people like the most",
            "top metric=likes n=1 type=reel period=2026-10-01..2026-10-31",
        ),
        (
            "I have a lovely group who always leave comments and I'd like to thank them, who \
             are my top 3 commenters this month?",
            "fans n=3 period=month",
        ),
    ]);
}

/// A claim someone told, asked about ("is that true in my case"), followed by "and if so
/// …": the second question answers both; "one ought to" is anyone, and "for the best
/// results" asks for no ranking.
#[test]
fn a_claim_checked_and_if_so_asks_the_second_question() {
    all_read_as(&[
        (
            "a friend tells me one ought to post in the mornings for the best results, is that \
             true in my case, and if so what time would you suggest?",
            "best_time period=90d",
        ),
        (
            "one ought to post daily, is that true in my case, and if so what time would you \
             recommend?",
            "best_time period=90d",
        ),
    ]);
}

/// How many posts went up that day, told after the question, is no count of posts asked
/// for.
#[test]
fn how_many_were_posted_told_is_no_count_asked() {
    all_read_as(&[(
        "which reel got the most saves on Monday? I posted 3 that day",
        "top metric=saves n=1 type=reel period=2026-11-16",
    )]);
}

/// "More or less?" after a figure, with another time named, sets that time against the
/// figure's, whatever the story told beside it.
#[test]
fn more_or_less_with_another_time_compares_the_figure() {
    follow_up_reads_as(
        "how many comments did my posts get in September",
        "and in August, is it more or less?",
        "compare of=post_total metric=comments period=2026-09-01..2026-09-30 \
         vs=2026-08-01..2026-08-31",
    );
    follow_up_reads_as(
        "what was my reach last week",
        "And would that be rather more or rather less than the week before? I ask because I \
         was on holiday in Cornwall and did not post a single thing.",
        "compare of=account_total metric=reach period=last-week vs=2026-11-02..2026-11-08",
    );
}

/// Follow-ups that turn the figure into a rate keep what else they ask ("by followers"),
/// and a warm word before them ("Grand, and likes?") changes nothing.
#[test]
fn a_follow_up_that_makes_a_rate_keeps_its_basis() {
    follow_up_reads_as(
        "how often did I post in October",
        "and the engagement rate for the same time, by followers please",
        "rate basis=followers period=2026-10-01..2026-10-31",
    );
    follow_up_reads_as(
        "what was my reach last week?",
        "Grand, and likes?",
        "account_total metric=likes period=last-week",
    );
}

/// Words people use for followers and for the figure: people gained or lost, "the real
/// one", dads or mums, the newest one told after a post named by what it shows.
#[test]
fn people_gained_the_real_one_and_dads_or_mums() {
    all_read_as(&[
        (
            "did we gain or lose people this month?",
            "growth period=month",
        ),
        (
            "what's my engagement rate this week, the real one by reach",
            "rate period=week",
        ),
        (
            "are my followers mostly dads or mums",
            "demographics aspect=genders",
        ),
        (
            "how is the beach reel doing its my newest one",
            "latest_post type=reel",
        ),
    ]);
}

/// "To the end of the month" ends the first day's month; two dates one after the other
/// joined by "and" are one stretch.
#[test]
fn the_end_of_the_month_and_two_days_in_a_row() {
    all_read_as(&[
        (
            "likes from 16 October to the end of the month",
            "account_total metric=likes period=2026-10-16..2026-10-31",
        ),
        (
            "What was my reach over the derby weekend, 24/10 and 25/10?",
            "account_total metric=reach period=2026-10-24..2026-10-25",
        ),
    ]);
}

/// Who started following, wherever they are from, is who they are: Pulse cannot see it.
#[test]
fn who_follows_from_a_place_is_outside() {
    all_read_as(&[(
        "who's been following us from Manchester since the Italian students visited?",
        "outside",
    )]);
}

/// Portuguese and Irish words in an English chat: "a semana antes dessa" is the week before
/// that one, "minha galera" the asker's crowd, "Brasil" Brazil, "how's she cutting" a
/// greeting.
#[test]
fn portuguese_and_irish_words_in_an_english_chat() {
    follow_up_reads_as(
        "how many followers did I gain last week",
        "e a semana antes dessa?",
        "growth period=2026-11-02..2026-11-08",
    );
    all_read_as(&[
        (
            "a minha galera, are they from Brasil or Portugal?",
            "demographics aspect=places",
        ),
        (
            "How's she cutting? What's my reach this week?",
            "account_total metric=reach period=week",
        ),
    ]);
}

/// Scots and Taglish as typed: "hoo mony" is how many, "pit up" put up; "ng mga reels ko"
/// my reels, "nagtatanong ng presyo" asking the price.
#[test]
fn scots_and_taglish_as_typed() {
    all_read_as(&[
        (
            "Hoo mony likes did ma reels get this month?",
            "post_total metric=likes type=reel period=month",
        ),
        ("Whit should ah pit up next?", "recommend period=90d"),
        (
            "Ilan po ang likes ng mga reels ko last week?",
            "post_total metric=likes type=reel period=last-week",
        ),
        (
            "sino yung mga nagtatanong ng presyo sa comments ko this week?",
            "leads period=week",
        ),
        (
            "ilan ang followers ko at ilan ang nadagdag this month?",
            "followers ; growth period=month",
        ),
    ]);
}

/// "Over the week end" is the weekend; "since 1.9." the first of September; a rate
/// "calculated with the followers" is by followers.
#[test]
fn the_week_end_a_dotted_day_and_a_rate_calculated_with_followers() {
    all_read_as(&[
        (
            "how many new followers did I get over the week end",
            "growth period=2026-11-14..2026-11-15",
        ),
        (
            "did my followers go up since 1.9.?",
            "growth period=2026-09-01..2026-11-18",
        ),
        (
            "what is my engagement rate, calculated with the followers, for October?",
            "rate basis=followers period=2026-10-01..2026-10-31",
        ),
    ]);
}

/// Someone else's following, asked with "he" or "she" or "that … got 20k", and no word of
/// the asker's own: Pulse cannot see it.
#[test]
fn someone_elses_following_told_of_by_he_or_she_is_outside() {
    all_read_as(&[
        (
            "how did that florist get 20k followers, what is she posting",
            "outside",
        ),
        (
            "Bloom Studio just hit 50k 😩 how are they growing so quickly?",
            "outside",
        ),
        ("did we hit 1000 followers yet", "followers"),
    ]);
}

/// Who should see a post, or what some followers like to do, told beside the question, does
/// not ask who the followers are; nor does a Tagalog "para alam ko" (so that I know).
#[test]
fn followers_told_of_beside_the_question_are_not_asked_about() {
    all_read_as(&[
        (
            "when should I post so the ladies see it before the school run?",
            "best_time period=90d",
        ),
        (
            "which carousel got the most saves this month? the ladies like to save the patterns",
            "top metric=saves n=1 type=carousel period=month",
        ),
        (
            "kailan online ang mga followers ko? para alam ko kung kailan mag-post",
            "online",
        ),
    ]);
}

/// "That year" after a question about a year is that year, as "that month" is.
#[test]
fn that_year_in_a_follow_up_is_the_year_just_asked_about() {
    follow_up_reads_as(
        "how many likes did I get last year",
        "and show me engagement by post type for that year",
        "by_type period=last-year",
    );
}

/// "Since con season ended": a time only the asker can date, asked about, not read as the
/// Spanish "with".
#[test]
fn since_con_season_ended_is_asked_about() {
    all_read_as(&[("top 3 posts by saves since con season ended", "clarify")]);
}

/// The asker scrolling is no question of when followers are online.
#[test]
fn the_asker_scrolling_is_no_question_of_when_followers_are_online() {
    all_read_as(&[(
        "what are people saying on my latest post i cant scroll through them all",
        "latest_comments",
    )]);
}

/// "The words I wrote" for a post is its caption.
#[test]
fn the_words_the_asker_wrote_are_the_caption() {
    follow_up_reads_as(
        "which of my photos got the most likes in October?",
        "could you show me the words I wrote to go with that one?",
        "top metric=likes n=1 type=photo period=2026-10-01..2026-10-31 caption=yes",
    );
}

/// The narrow rules above stay narrow: a milestone of the asker's own, someone who joined
/// the asker's team, rates that went from one figure to another, a week before an event,
/// and a bed time asked about are read as before.
#[test]
fn the_rules_for_told_things_leave_the_askers_own_questions_alone() {
    all_read_as(&[
        ("how long until followers hit 10k", "followers"),
        (
            "followers gained since she joined the team",
            "growth period=30d",
        ),
        (
            "my engagement rate went from 4.5 to 3.2, is that normal",
            "rate period=30d",
        ),
        ("how many likes one week before the launch", "clarify"),
        ("should i post at bed time", "best_time period=90d"),
    ]);
}

/// Days and stretches said in ways set 79 showed: "since the 9" with no ordinal, a date
/// after what the asker began ("since I started my new job 9/21"), a calendar month, Christmas
/// to the new year, "I mean" putting a period right, and a season of the other hemisphere
/// named.
#[test]
fn days_and_stretches_as_set_79_said_them() {
    all_read_as(&[
        (
            "how many saves since the 9",
            "account_total metric=saves period=2026-11-09..2026-11-18",
        ),
        (
            "followers gained since i started my new job 9/21",
            "growth period=2026-09-21..2026-11-18",
        ),
        (
            "reach in the last calendar month",
            "account_total metric=reach period=last-month",
        ),
        (
            "how many comments from xmas till the new year",
            "account_total metric=comments period=2025-12-25..2026-01-01",
        ),
        (
            "reach in summer, i mean july to september",
            "account_total metric=reach period=2026-07-01..2026-09-30",
        ),
        (
            "likes in the aussie winter",
            "account_total metric=likes period=2026-06-01..2026-08-31",
        ),
        (
            "reach in summer down under",
            "account_total metric=reach period=2025-12-01..2026-02-28",
        ),
    ]);
}

/// Words set 79 showed: "most" that asks for no top ("I'd be most obliged", "the most
/// worst"), "weak day" heard for weekday, "we'll" for "we will", Vietnamese "và", a boosted
/// post named before the question, a reel "del viernes", a pop-up, and a book to read.
#[test]
fn words_as_set_79_said_them() {
    all_read_as(&[
        (
            "I'd be most obliged if you could tell me my reach in October",
            "account_total metric=reach period=2026-10-01..2026-10-31",
        ),
        (
            "which reel was the most worst last month",
            "top metric=er order=bottom n=1 type=reel period=last-month",
        ),
        (
            "what weak day gets me the most comments",
            "weekdays metric=comments period=90d",
        ),
        ("reckon we'll get to 3k followers soon?", "outside"),
        ("my boosted tiger reel, what reach did it get?", "outside"),
        (
            "cuantos comments got my churros reel del viernes",
            "post_total metric=comments type=reel period=2026-11-13",
        ),
        ("how did our pop up go last saturday", "clarify"),
        ("got a good book to recommend for my holiday?", "refuse"),
    ]);
    follow_up_reads_as(
        "how many likes did I get last week",
        "và this week?",
        "account_total metric=likes period=week",
    );
}

/// Days and stretches said in ways set 80 showed: Mardi Gras, Memorial Day and Cinco de Mayo,
/// a day "til now", and the Hindi "se ab tak" (from then until now).
#[test]
fn days_and_stretches_as_set_80_said_them() {
    all_read_as(&[
        (
            "how many likes on mardi gras",
            "account_total metric=likes period=2026-02-17",
        ),
        (
            "how many followers since memorial day",
            "growth period=2026-05-25..2026-11-18",
        ),
        (
            "saves since cinco de mayo",
            "account_total metric=saves period=2026-05-05..2026-11-18",
        ),
        (
            "top reel 3 may til now",
            "top n=1 type=reel period=2026-05-03..2026-11-18",
        ),
        (
            "8 october se ab tak kitne likes",
            "account_total metric=likes period=2026-10-08..2026-11-18",
        ),
    ]);
}

/// Follow-ups set 80 showed: the period before said bare ("and before that?"), in German
/// ("und die Woche davor?"), in Hindi word order ("usse pehle wale 14 days": the 14 days
/// before that), formally ("Repeat for month prior."), and Taglish "pano naman sa" (what
/// about).
#[test]
fn follow_ups_as_set_80_said_them() {
    follow_up_reads_as(
        "how much reach last week",
        "and before that?",
        "account_total metric=reach period=2026-11-02..2026-11-08",
    );
    follow_up_reads_as(
        "how much reach last week",
        "und die Woche davor?",
        "account_total metric=reach period=2026-11-02..2026-11-08",
    );
    follow_up_reads_as(
        "views on my reels in the last 14 days",
        "aur usse pehle wale 14 days?",
        "post_total metric=views type=reel period=2026-10-22..2026-11-04",
    );
    follow_up_reads_as(
        "overview for last month",
        "Repeat for month prior.",
        "overview period=2026-09-01..2026-09-30",
    );
    follow_up_reads_as(
        "views on my reels in the last 14 days",
        "pano naman sa comments",
        "post_total metric=comments type=reel period=14d",
    );
    follow_up_reads_as(
        "which post got the most likes in october",
        "show me the top 3 hun, not just the one",
        "top metric=likes n=3 period=2026-10-01..2026-10-31",
    );
}

/// Questions set 80 showed: off the topic (how to say a word, a substitute in a recipe,
/// money changed), a thing Pulse does not know asked after ("how is the pottery class?":
/// which post?), a time of day after supper, the stats beside the follower count, the best
/// posting day, the account named again ("the bakery one"), a sitrep, and what people say
/// under the latest post, in Spanish.
#[test]
fn questions_as_set_80_asked_them() {
    all_read_as(&[
        ("how do i say thank you in welsh", "refuse"),
        (
            "whats a good substitute for butter in flapjacks, one of the girls cant have dairy",
            "refuse",
        ),
        ("what's the exchange rate for euros today", "refuse"),
        ("how is the pottery class?", "clarify"),
        (
            "should i post my reels after dinner or in the morning",
            "parts_of_day period=90d",
        ),
        (
            "the stats for june and our follower count",
            "overview period=2026-06-01..2026-06-30 ; followers",
        ),
        (
            "what's our best posting day for reach",
            "weekdays metric=reach period=90d",
        ),
        (
            "for this account (the bakery one) how many likes last week",
            "account_total metric=likes period=last-week",
        ),
        (
            "sitrep for october",
            "overview period=2026-10-01..2026-10-31",
        ),
        ("qué dice la gente en mi último post", "latest_comments"),
    ]);
}

/// Leftovers of earlier sets: a new thing named by a word known only inside phrases ("our
/// new range", of "age range") and a giveaway typed as two words are asked back, not read
/// as the overview; the month before the other side of a comparison "between" is one
/// comparison, not two.
#[test]
fn a_new_range_a_give_away_and_the_month_before_in_a_comparison() {
    all_read_as(&[
        ("how is our new range going", "clarify"),
        ("how did the give away do", "clarify"),
        (
            "compare reach between june and the month before",
            "compare of=account_total metric=reach period=2026-06-01..2026-06-30 vs=2026-05-01..2026-05-31",
        ),
    ]);
}

/// Text-speak without vowels, as set 81's nail tech typed it: "wch rl gt th mst vws lst wk"
/// (which reel got the most views last week), "nd th lst vwd" (and the least viewed).
#[test]
fn text_speak_without_vowels() {
    all_read_as(&[(
        "wch rl gt th mst vws lst wk",
        "top metric=views n=1 type=reel period=last-week",
    )]);
    follow_up_reads_as(
        "which reel got the most views last month",
        "nd th lst vwd",
        "top metric=views order=bottom n=1 type=reel period=last-month",
    );
}

/// Dialects and languages set 81 showed: Yorkshire ("ow many … av I had sin' November",
/// "t'best day to put summat on"), Scots "gie", Singlish "lah", German "Silvester" and
/// "Reichweite pro Reel", French "jour de l'an", Spanish "de todo el tiempo" and "cuántas
/// veces posteas", a misspelt Christmas.
#[test]
fn dialects_and_languages_as_set_81_wrote_them() {
    all_read_as(&[
        (
            "ow many likes av I had sin' November?",
            "account_total metric=likes period=2026-11-01..2026-11-18",
        ),
        ("what's t'best day to put summat on", "weekdays period=90d"),
        (
            "how many likes on silvester",
            "account_total metric=likes period=2025-12-31",
        ),
        (
            "durchschnittliche Reichweite pro Reel im Oktober",
            "post_mean metric=reach type=reel period=2026-10-01..2026-10-31",
        ),
        (
            "cual fue mi mejor reel de todo el tiempo",
            "top n=1 type=reel period=all",
        ),
        ("cuántas veces posteas por semana", "frequency period=90d"),
        (
            "whats my reech sinse crismas",
            "account_total metric=reach period=2025-12-25..2026-11-18",
        ),
    ]);
    follow_up_reads_as(
        "how many likes did we get yesterday",
        "and on jour de l'an?",
        "account_total metric=likes period=2026-01-01",
    );
    follow_up_reads_as(
        "how many likes last week",
        "the week before lah?",
        "account_total metric=likes period=2026-11-02..2026-11-08",
    );
}

/// Other things set 81 showed: "who will win" is off the topic, "wear are they from" is
/// where, dropping a new product is posting it, and "QoQ vs Q2?" after Q3 compares the two
/// quarters named.
#[test]
fn other_things_as_set_81_asked_them() {
    all_read_as(&[
        ("who will win the derby on saturday", "refuse"),
        (
            "how many followers and wear are they from",
            "followers ; demographics aspect=places",
        ),
        (
            "what time should we drop our new candle",
            "best_time period=90d",
        ),
    ]);
    follow_up_reads_as(
        "total reach for Q3",
        "QoQ vs Q2?",
        "compare of=account_total metric=reach period=2026-07-01..2026-09-30 vs=2026-04-01..2026-06-30",
    );
}

/// Periods set 82 showed: Spanish "del 3 al 9 de octubre" and "desde el 1ro", an arrow
/// between two dates, a fortnight heard as "for night", and the Bengali "last month er"
/// (of last month, not the engagement rate).
#[test]
fn periods_as_set_82_wrote_them() {
    all_read_as(&[
        (
            "comments del 3 al 9 de octubre",
            "account_total metric=comments period=2026-10-03..2026-10-09",
        ),
        (
            "how many reels desde el 1ro de octubre",
            "post_count type=reel period=2026-10-01..2026-11-18",
        ),
        (
            "saves on reels, 2026-10-05 → 2026-10-11",
            "post_total metric=saves type=reel period=2026-10-05..2026-10-11",
        ),
        (
            "how many reels in the last for night",
            "post_count type=reel period=14d",
        ),
        (
            "last month er total likes koto",
            "account_total metric=likes period=last-month",
        ),
    ]);
}

/// Other things set 82 showed: a message to the asker is a DM ("did anyone dm me"), two
/// countries either side of "vs" are where followers are, Bengali "dekhao" and "shudhu", and "more than I expected" told before a follow-up asks
/// for no comparison.
#[test]
fn other_things_as_set_82_asked_them() {
    all_read_as(&[
        ("did anyone dm me about the van", "outside"),
        (
            "what share of our followers are from latvia vs lithuania",
            "demographics aspect=places",
        ),
    ]);
    follow_up_reads_as(
        "which post got the most comments in the last 2 weeks",
        "top 3 dekhao",
        "top metric=comments n=3 period=14d",
    );
    follow_up_reads_as(
        "top 3 posts by comments in the last 2 weeks",
        "shudhu reels",
        "top metric=comments n=3 type=reel period=14d",
    );
    follow_up_reads_as(
        "how many likes did my posts get in october",
        "that is more than I expected, what about september?",
        "post_total metric=likes period=2026-09-01..2026-09-30",
    );
}

/// What a review of the rules for sets 79–82 found too wide, narrowed: a word after "for
/// night" no longer panics; another brand's page is asked about, not read as the asker's;
/// "how is my bio" is no overview; "drop our reach" is a fall; "what I wear is" stays
/// "wear"; "the pst weekend" is past; "dice", "pro" and "rl" keep their English sense;
/// "between reels and carousels …, and the week before?" asks both; an ad's cost in pesos
/// is an ad; "less than we expected" is told; "Israel" may be a commenter; and "before
/// that?" after the follower count has no period to go back from.
#[test]
fn the_rules_for_sets_79_to_82_stay_narrow() {
    all_read_as(&[
        (
            "how many posts did i do in the last for night and which did best",
            "post_count period=14d ; top n=1 period=14d",
        ),
        ("how many likes did the nike page get last week", "clarify"),
        ("for their account (the nike one) how many likes last week", "clarify"),
        ("how is my bio", "refuse"),
        ("did we drop our reach this month", "trend metric=reach period=month"),
        (
            "what i wear is a big part of my brand, which outfit post did best last month",
            "top n=1 period=last-month",
        ),
        (
            "how many followers did i gain in the pst weekend",
            "growth period=2026-11-14..2026-11-15",
        ),
        ("how many likes did the dice post get", "clarify"),
        ("how many views did my pro video get", "clarify"),
        (
            "my rl friends liked my post, how many likes did it get",
            "post_total metric=likes period=30d",
        ),
        (
            "compare likes between reels and carousels last week, and the week before?",
            "by_type metric=likes period=last-week ; by_type metric=likes period=2026-11-02..2026-11-08",
        ),
        ("how much did my ads cost in pesos last month", "outside"),
        (
            "likes this month, less than we expected?",
            "account_total metric=likes period=month",
        ),
        ("did israel comment on my last post", "latest_comments"),
    ]);
    let Parsed::Understood { mut queries, .. } = read("how many followers do i have") else {
        panic!("the follower count is understood");
    };
    let previous = queries.remove(0);
    assert!(reads_as_after(&[previous], "and before that?", "clarify").is_ok());
}

/// Periods set 83 showed: Lent, Ash Wednesday and Palm Sunday; the final (or last) quarter
/// of a year named; the quarter to date.
#[test]
fn periods_as_set_83_wrote_them() {
    all_read_as(&[
        (
            "how many saves did we get during Lent",
            "account_total metric=saves period=2026-02-18..2026-04-04",
        ),
        (
            "followers gained since Ash Wednesday",
            "growth period=2026-02-18..2026-11-18",
        ),
        (
            "likes on palm sunday please",
            "account_total metric=likes period=2026-03-29",
        ),
        (
            "views in the final quarter of last year",
            "account_total metric=views period=2025-10-01..2025-12-31",
        ),
        (
            "reach in the last quarter of 2025",
            "account_total metric=reach period=2025-10-01..2025-12-31",
        ),
        (
            "total reach quarter to date",
            "account_total metric=reach period=2026-10-01..2026-11-18",
        ),
        // (Still the verb: "I lent my camera".)
        (
            "I lent my camera out, how many likes this week",
            "account_total metric=likes period=week",
        ),
    ]);
}

/// Other things set 83 showed: the hour and the day asked in pieces are the best time to
/// post; "in your view" is no views; the newest post's comments and "stats pls" are its
/// figures; "the new schedule post" is one post to pick; a weekly theme is no weekday; the
/// post that names a day is not asked about; a figure of an overview compared; "same
/// weeks" keeps both sides; Portuguese "quem comentou"; sales "from insta".
#[test]
fn other_things_as_set_83_asked_them() {
    all_read_as(&[
        (
            "what day and what hour, in your view, should I post?",
            "best_time period=90d",
        ),
        (
            "what time of day, and what day, is best to publish",
            "best_time period=90d",
        ),
        (
            "whats the vibe on my newest reel, stats pls",
            "latest_post type=reel",
        ),
        ("how did the new schedule post land with people", "clarify"),
        (
            "are my hashtags working, should i keep #taco tuesday",
            "hashtags period=90d",
        ),
        (
            "how many followers did I gain on the day of my launch reel, last friday",
            "growth period=2026-11-13",
        ),
        ("quem comentou na minha última foto?", "latest_commenters"),
        ("how many candles we sell from insta this month", "outside"),
    ]);
    follow_up_reads_as(
        "give me an overview of the second quarter",
        "and how does that compare with the first quarter, for views?",
        "compare of=account_total metric=views period=2026-04-01..2026-06-30 vs=2026-01-01..2026-03-31",
    );
    follow_up_reads_as(
        "compare my reach this week with last week",
        "ok and new followers, same weeks",
        "compare of=growth period=week vs=last-week",
    );
}

/// Periods set 84 showed: "same period LY", a quarter over the one before said in the
/// first quarter of a year, Christmas in Spanish, Carnaval, and times Pulse cannot date
/// (Ramadan) asked about, not dropped.
#[test]
fn periods_as_set_84_wrote_them() {
    all_read_as(&[
        (
            "likes YTD vs same period LY",
            "compare of=account_total metric=likes period=year vs=2025-01-01..2025-11-18",
        ),
        (
            "how many likes over carnaval",
            "account_total metric=likes period=2026-02-13..2026-02-17",
        ),
        // Ramadan as Saudi Arabia's Umm al-Qura calendar dates it (the reply names the days).
        (
            "how many followers did I gain in Ramadan",
            "growth period=2026-02-18..2026-03-19",
        ),
        (
            "do I have more followers than I did on Halloween?",
            "growth period=2026-10-31..2026-11-18",
        ),
    ]);
    follow_up_reads_as(
        "top 3 reels by reach desde navidad",
        "y por shares?",
        "top metric=shares n=3 type=reel period=2025-12-25..2026-11-18",
    );
    // In February, the quarter before is October to December.
    let february = NaiveDate::from_ymd_opt(2027, 2, 10).unwrap();
    assert_eq!(
        describe(&parse_after("reach QoQ", &[], february, chrono_tz::UTC)),
        "compare of=account_total metric=reach period=2027-01-01..2027-02-10 vs=2026-10-01..2026-12-31"
    );
}

/// Other things set 84 showed: the choices of a question listed before its verb, "night of
/// the week", a milestone hoped for, "pumping or dumping", followers "I get" beside a
/// period, "better" of two months with no figure, places the parser does not know by name,
/// "putting things up", who said it, and what people say after the newest post.
#[test]
fn other_things_as_set_84_asked_them() {
    all_read_as(&[
        ("which weekday, monday, wednesday or friday, is best for my posts?", "weekdays period=90d"),
        ("which night of the week gets the most likes?", "weekdays metric=likes period=90d"),
        ("hopefully we hit 5k followers by summer, what do you reckon", "outside"),
        ("is my reach pumping or dumping lately", "trend metric=reach period=30d"),
        (
            "how many reels i post in october and how many follower i get",
            "post_count type=reel period=2026-10-01..2026-10-31 ; growth period=2026-10-01..2026-10-31",
        ),
        ("did we perform better in september or october?", "clarify"),
        ("are more of my followers in Oaxaca or Puebla?", "demographics aspect=places"),
        (
            "how often am I putting things up? my grandson says I should post more",
            "frequency period=90d",
        ),
    ]);
    follow_up_reads_as(
        "is the newest carousel doing ok",
        "what are people saying in the comments",
        "latest_comments",
    );
}

/// Periods set 85 showed: Patois "dis summa", a year written "'25", "last November" said
/// in November, "past 14" without its unit, a weekday that names a meeting's deck, a
/// season that names what a post shows, and a time of the asker's own said as its months.
#[test]
fn periods_as_set_85_wrote_them() {
    all_read_as(&[
        (
            "which reel got the most likes dis summa",
            "top metric=likes n=1 type=reel period=2026-06-01..2026-08-31",
        ),
        (
            "how many likes did we get in july '25",
            "account_total metric=likes period=2025-07-01..2025-07-31",
        ),
        (
            "comments last november",
            "account_total metric=comments period=2025-11-01..2025-11-30",
        ),
        (
            "whats my reach looking like past 14",
            "account_total metric=reach period=14d",
        ),
        (
            "reach WoW, it's for the Tuesday deck",
            "compare of=account_total metric=reach period=week vs=last-week",
        ),
        (
            "best post from the photos of summer flowers I did in june?",
            "top n=1 type=photo period=2026-06-01..2026-06-30",
        ),
        (
            "how many saves over shearing? that's may and june for us",
            "account_total metric=saves period=2026-05-01..2026-06-30",
        ),
    ]);
}

/// Other things set 85 showed: a supporter is one fan, another platform set against
/// Instagram, other people's followers, which people follow the asker, enquiries in the
/// DMs, "DM me" as a kind of comment, "what'll", people told of after a ranking of posts,
/// and "measure it by" another figure.
#[test]
fn other_things_as_set_85_asked_them() {
    all_read_as(&[
        (
            "who's my biggest supporter this month",
            "fans n=1 period=month",
        ),
        (
            "does my Weibo page get more likes than instagram?",
            "outside",
        ),
        ("which neighbours are following me?", "outside"),
        ("read my DMs and say which enquiries are genuine", "outside"),
        (
            "any buyers? looking for \"how much\" and \"DM me\" type messages this week",
            "leads period=week",
        ),
        ("what'll it be by christmas do u reckon", "outside"),
        (
            "top 3 posts by comments this month — people love debating the best opening",
            "top metric=comments n=3 period=month",
        ),
    ]);
    follow_up_reads_as(
        "how many followers do I have right now? I think it was 500 at Christmas.",
        "And do you know how many followers the other potters in my guild have? A few are on Instagram and I am curious, though not jealous, honestly.",
        "outside",
    );
    follow_up_reads_as(
        "which format works best for me, reels or carousels?",
        "measure it by views please",
        "by_type metric=views period=90d",
    );
    follow_up_reads_as(
        "how many people did my page reach the last 2 weeks",
        "and how many of them dm me?",
        "outside",
    );
}

/// Periods set 86 showed: a day written with an ordinal dot before its month ("3. mai"),
/// Roman Urdu "haftay", the weekend of an event Pulse cannot date, and a voice-typed
/// "than" that ends the message.
#[test]
fn periods_as_set_86_wrote_them() {
    all_read_as(&[
        (
            "how many likes on 3. mai",
            "account_total metric=likes period=2026-05-03",
        ),
        (
            "is haftay kitne comments aaye",
            "account_total metric=comments period=week",
        ),
        ("how did we do over the regatta weekend?", "clarify"),
        (
            "how many likes did my posts get on monday i posted the choir clip than",
            "post_total metric=likes period=2026-11-16",
        ),
    ]);
}

/// Other things set 86 showed: Urdu words for women and men, "the worst" after what
/// "blew up" is by engagement rate, "how many'd", "righto", and "bread" for money.
#[test]
fn other_things_as_set_86_asked_them() {
    all_read_as(&[(
        "followers mein mard zyada hain ya aurtein?",
        "demographics aspect=genders",
    )]);
    follow_up_reads_as(
        "which post blew up this month",
        "ok and the worst 3 carousels?",
        "top metric=er order=bottom n=3 type=carousel period=month",
    );
    follow_up_reads_as(
        "how many followers do I have now?",
        "how many'd I gain this week then?",
        "growth period=week",
    );
    follow_up_reads_as(
        "any comments asking the price this week?",
        "how much bread did that bring in",
        "outside",
    );
    follow_up_reads_as(
        "top reel by views this month",
        "righto, and the least?",
        "top metric=views order=bottom n=1 type=reel period=month",
    );
}

/// What an independent review of the rules for sets 83–86 found too wide, narrowed: "the
/// other day" and "the other one" are no other account; kinds of Instagram post set against
/// each other are no other platform; a milestone told as past, or hoped for beside a request
/// for advice, is no prediction; "the long weekend" and "the shoot sunday" keep their
/// days; "my view count" is the views; "more … than" at the end still compares; "what type
/// messages" is the inbox; Noel is a name; "bread content" is advice; the names of posts are
/// no personal data; school is no place; the season of "summer giveaways" stays; followers
/// "than last month" count from its end; "that March and April" are two months; "my last 7"
/// are posts; and what people said, with the stats, is asked in two parts.
#[test]
fn the_rules_for_sets_83_to_86_stay_narrow() {
    all_read_as(&[
        (
            "i posted a reel the other day, how many likes did it get?",
            "post_total metric=likes type=reel period=30d",
        ),
        ("are reels better than instagram carousels", "by_type period=90d"),
        ("I think I hit 10k followers last week?", "growth period=last-week"),
        ("I hope to hit 10k by christmas, what should I post?", "recommend period=90d"),
        (
            "how many likes over the long weekend",
            "account_total metric=likes period=2026-11-14..2026-11-15",
        ),
        (
            "how many likes did the photos from the shoot sunday get",
            "post_total metric=likes type=photo period=2026-11-15",
        ),
        ("what's the trend in my view count this month", "trend metric=views period=month"),
        (
            "did i get more likes this week than",
            "compare of=account_total metric=likes period=week vs=last-week",
        ),
        ("what type messages should i reply to", "outside"),
        ("how much bread content should i post", "recommend period=90d"),
        ("what are the names of all my posts", "clarify"),
        ("are my followers in school or college", "followers"),
        (
            "likes of summer giveaways",
            "account_total metric=likes period=2026-06-01..2026-08-31",
        ),
        (
            "do I have more followers than last month",
            "growth period=2026-11-01..2026-11-18",
        ),
        (
            "compare that march and april reach",
            "compare of=account_total metric=reach period=2026-03-01..2026-03-31 vs=2026-04-01..2026-04-30",
        ),
        ("avg likes on my last 7", "post_mean metric=likes period=30d"),
        (
            "what did people say on my latest post, stats please",
            "latest_comments ; overview period=30d",
        ),
    ]);
}

#[test]
fn what_set_87_taught_reads_in_other_words() {
    all_read_as(&[
        (
            "people keep talking about \"engagement\" and I don't know mine, what was it over the last two weeks?",
            "rate period=14d",
        ),
        // What is counted, in a word Pulse does not know: asked, not the posts counted.
        ("how many zorps did my carousels get in october", "clarify"),
        (
            "how many visualisations did my reels get last week",
            "post_total metric=views type=reel period=last-week",
        ),
        (
            "engagement rate from 3.8. until 12.8.",
            "rate period=2026-08-03..2026-08-12",
        ),
        ("how many reels have I posted to date", "post_count type=reel period=all"),
        (
            "parso kitne comments aaye",
            "account_total metric=comments period=2026-11-16",
        ),
        ("sabse zyada comment kaun karta hai", "fans period=30d"),
        ("who likes my reels the most", "outside"),
        (
            "how many people unfollowed me last week? I want to know their names",
            "outside",
        ),
        (
            "What's the home address of the man who comments on everything? I should like to send him a parcel.",
            "outside",
        ),
        ("what are folks saying about my new cake photo", "latest_comments"),
        ("which of my reels from Lisbon had the most views", "clarify"),
        (
            "did my saves go down from september to october",
            "compare of=account_total metric=saves period=2026-10-01..2026-10-31 vs=2026-09-01..2026-09-30",
        ),
        ("is it worth paying to promote posts?", "outside"),
        ("best night to drop a reel?", "weekdays period=90d"),
        ("which night should we post the gig flyers", "weekdays period=90d"),
        ("who's the queen of my comments", "fans n=1 period=30d"),
        ("who is the most active in my comments", "fans n=1 period=30d"),
    ]);
    follow_up_reads_as(
        "how many posts did I share since June",
        "and how many were the video ones",
        "post_count type=video period=2026-06-01..2026-11-18",
    );
}

/// What set 88 taught, asked in other words.
#[test]
fn what_set_88_taught_reads_in_other_words() {
    all_read_as(&[
        (
            "comments since the 1st of the year",
            "account_total metric=comments period=2026-01-01..2026-11-18",
        ),
        (
            "top 5 reels by shares since the first of the year",
            "top metric=shares n=5 type=reel period=2026-01-01..2026-11-18",
        ),
        ("posting frequency L6M", "frequency period=6m"),
        ("saves L12M", "account_total metric=saves period=12m"),
        ("how many streams did my mix get on sound cloud", "outside"),
        ("my naver blog visitors this month", "outside"),
        (
            "how many reels since the summer solstice",
            "post_count type=reel period=2026-06-21..2026-11-18",
        ),
        // Valentine's Day 2026 was a Saturday.
        (
            "likes over the weekend of valentines day",
            "account_total metric=likes period=2026-02-14..2026-02-15",
        ),
        (
            "how many posts on the week-end of halloween",
            "post_count period=2026-10-31..2026-11-01",
        ),
        // A period in a sentence of its own before the question is the story's.
        (
            "We had a slow October. Over the summer, which weekday got the most likes?",
            "weekdays metric=likes period=2026-06-01..2026-08-31",
        ),
        // Whether "it" helped, asked before the figure that tells: that figure.
        (
            "Been filming at night lately, editing, captions, all of it. Did it help? How many followers did I gain this month?",
            "growth period=month",
        ),
        (
            "I post in the evenings now. Has it paid off? How many followers did I get this week?",
            "growth period=week",
        ),
        // What buyers write, quoted with its question mark, is one clause.
        ("anyone asking 'size?' under my reels", "leads period=30d"),
        ("did people tell me to DM them in the comments", "leads period=30d"),
        (
            "anyone telling me to dm them under my posts this week",
            "leads period=week",
        ),
        (
            "top 5 posts by likes with copy",
            "top metric=likes n=5 period=30d caption=yes",
        ),
        // "The number of" with which way it goes: the trend, not a count.
        (
            "is the number of saves on my account dropping since september",
            "trend metric=saves period=2026-09-01..2026-11-18",
        ),
    ]);
    // Month over month after a month: that month against the one before.
    follow_up_reads_as(
        "reach in March",
        "MoM?",
        "compare of=account_total metric=reach period=2026-03-01..2026-03-31 vs=2026-02-01..2026-02-28",
    );
    follow_up_reads_as(
        "Q2 saves please",
        "and QoQ?",
        "compare of=account_total metric=saves period=2026-04-01..2026-06-30 vs=2026-01-01..2026-03-31",
    );
    // A comparison of the account's own after a ranking: not the ranking again.
    follow_up_reads_as(
        "top 3 carousels this year by saves",
        "ok now compare my likes this week to last week",
        "compare of=account_total metric=likes period=week vs=last-week",
    );
}

/// What set 89 taught, asked in other words.
#[test]
fn what_set_89_taught_reads_in_other_words() {
    all_read_as(&[
        // Someone else's account, and what is told of it after the question.
        (
            "Can you tell me how my friend Maria's account is doing? I think she has more followers than me.",
            "outside",
        ),
        ("how is my friend's account doing", "outside"),
        // Hinglish: a count of weeks "mein" is within them; "kisne" asks who.
        (
            "kitne comments 2 hafte mein",
            "account_total metric=comments period=14d",
        ),
        ("kisne sabse zyada comment kiya", "fans period=30d"),
        // Tagalog and Spanish parts of the day, and Tagalog earnings.
        ("mag-post ba ako sa umaga o sa gabi?", "parts_of_day period=90d"),
        (
            "por la mañana o por la tarde, when should I post?",
            "parts_of_day period=90d",
        ),
        ("magkano kinita ko this month", "outside"),
        // French "monte ou descend": which way it goes.
        (
            "notre reach monte ou descend ce mois-ci?",
            "trend metric=reach period=month",
        ),
        // "which was the most liked": one post.
        (
            "How many posts went up in March, and which was the most liked?",
            "post_count period=2026-03-01..2026-03-31 ; top metric=likes n=1 period=2026-03-01..2026-03-31",
        ),
        // A figure told of a post before the question is no question of its own.
        (
            "I photographed a heron, which got 450 likes. How many followers did I gain last week?",
            "growth period=last-week",
        ),
    ]);
    // A ranking narrowed keeps its captions.
    follow_up_reads_as(
        "Top 5 reels by saves this month with captions",
        "top 3 instead, carousels only",
        "top metric=saves n=3 type=carousel period=month caption=yes",
    );
    // Quarter over quarter after this quarter so far: the whole quarter before.
    follow_up_reads_as(
        "What's our reach this quarter?",
        "QoQ?",
        "compare of=account_total metric=reach period=2026-10-01..2026-11-18 vs=2026-07-01..2026-09-30",
    );
    // One day, then "up or down?" of another: the two days set against each other.
    follow_up_reads_as(
        "how many comments did I get on monday",
        "and tuesday, up or down?",
        "compare of=account_total metric=comments period=2026-11-17 vs=2026-11-16",
    );
}

/// What set 90 taught, asked in other words.
#[test]
fn what_set_90_taught_reads_in_other_words() {
    all_read_as(&[
        // "Compare X and the day before": one comparison, its other side named second.
        (
            "compare my saves yesterday and the day before",
            "compare of=account_total metric=saves period=yesterday vs=2026-11-16",
        ),
        (
            "compare followers this week and the week before",
            "compare of=growth period=week vs=last-week",
        ),
        (
            "compare my reach today and yesterday",
            "compare of=account_total metric=reach period=today vs=yesterday",
        ),
        // A holiday's night is the day, not a part of the day.
        (
            "which of my reels from halloween night got the most views",
            "top metric=views n=1 type=reel period=2026-10-31",
        ),
        ("who's my #1 hater in the comments", "fans n=1 period=30d"),
        (
            "are my followers mostly in their 20s or 30s",
            "demographics aspect=ages",
        ),
        ("how many likes did my page get on booking.com", "outside"),
        ("wie viel Umsatz hat Instagram gebracht", "outside"),
        (
            "qual foto mais curtido this month",
            "top metric=likes n=1 type=photo period=month",
        ),
        ("how many folks follow my page", "followers"),
        // "stags" is a word of its own, not a typo of "stans".
        (
            "the stags series, 9 carousels. Is my reach going down?",
            "trend metric=reach period=30d",
        ),
    ]);
}

/// The rules of sets 87 to 90, narrowed after an independent review: each of these read
/// worse with the rule as first written.
#[test]
fn the_rules_for_sets_87_to_90_stay_narrow() {
    all_read_as(&[
        // A told sentence between two questions: the first question keeps its period, and
        // what Pulse cannot see stays set aside.
        (
            "how many likes did i get last week? i posted 4 reels. how many this week?",
            "compare of=account_total metric=likes period=last-week vs=week",
        ),
        (
            "What are my TikTok views this month? I cross post everything. And my IG reach?",
            "account_total metric=reach period=month",
        ),
        // A question that ends with a full stop still asks, figures and all.
        (
            "Which posts had 50 comments last month. Whats my follower count?",
            "top metric=comments n=50 period=last-month ; followers",
        ),
        ("how many followers do I gain in a typical week", "growth period=30d"),
        // A quote with a question mark, then a question of its own.
        (
            "someone commented \"price?\" under my reel. how many likes did it get?",
            "leads period=30d ; post_total metric=likes type=reel period=30d",
        ),
        // The asker's relative's account that the asker runs.
        (
            "hi, this is my mums account, i help her with it. how many followers did she gain this month?",
            "growth period=month",
        ),
        // Names and English words that are also words of other languages.
        (
            "which post with gabi got the most likes",
            "top metric=likes n=1 period=30d",
        ),
        ("views on the monte carlo post", "clarify"),
        ("is it better night to post or morning?", "parts_of_day period=90d"),
        ("how many likes did my new zealand reel get", "clarify"),
        ("my ER went from 3.2 to 10.1 percent, why", "rate period=30d"),
        ("which was the best year for me", "clarify"),
    ]);
}

#[test]
fn holidays_named_with_a_year_or_in_italian_german_portuguese_and_french() {
    all_read_as(&[
        // A year after a holiday picks that year's, not the whole year.
        (
            "what were my likes on valentines day 2025",
            "account_total metric=likes period=2025-02-14",
        ),
        (
            "reach on black friday 2024",
            "account_total metric=reach period=2024-11-29",
        ),
        (
            "comments over the weekend of easter 2024",
            "account_total metric=comments period=2024-03-30..2024-03-31",
        ),
        // Mother's Day in other languages; in France it moves to June when Pentecost
        // takes the last Sunday of May, as in 2023.
        (
            "how many likes at Muttertag",
            "account_total metric=likes period=2026-05-10",
        ),
        (
            "views on la fête des mères 2023",
            "account_total metric=views period=2023-06-04",
        ),
        (
            "likes a natale",
            "account_total metric=likes period=2025-12-25",
        ),
        (
            "quanti likes a pasqua",
            "account_total metric=likes period=2026-04-05",
        ),
    ]);
    // "flops" and "duds" name posts by how they did, not posts of every type.
    follow_up_reads_as(
        "top reels this month by likes",
        "now the duds",
        "top metric=likes order=bottom n=5 type=reel period=month",
    );
    // Portuguese and Italian "e" before an article is "and".
    follow_up_reads_as(
        "which reel got the most likes this year",
        "e o menos curtido?",
        "top metric=likes order=bottom n=1 type=reel period=year",
    );
    follow_up_reads_as(
        "how many comments on halloween",
        "e per il natale?",
        "account_total metric=comments period=2025-12-25",
    );
}

#[test]
fn what_sets_91_and_92_taught_reads_in_other_words() {
    all_read_as(&[
        // "may" last in a message is the month.
        (
            "top reels by saves, may",
            "top metric=saves n=5 type=reel period=2026-05-01..2026-05-31",
        ),
        // Hinglish "is week": this week.
        (
            "yaar is week kitne likes aaye",
            "account_total metric=likes period=week",
        ),
        (
            "followers ke hisaab se engagement rate kya hai is month",
            "rate basis=followers period=month",
        ),
        (
            "which carousel got passed around most this year",
            "top metric=shares n=1 type=carousel period=year",
        ),
        // An occasion of the asker's own: which days, asked.
        ("how many likes since my birthday", "clarify"),
        ("how were comments during our sale", "clarify"),
        // "I mean" says what is asked; followers told after the question ended do not.
        (
            "which day is best? saves i mean",
            "weekdays metric=saves period=90d",
        ),
        (
            "how much reach did I get last week? I have lots of followers in Leeds.",
            "account_total metric=reach period=last-week",
        ),
        // A holiday set against a day is a day of its own.
        (
            "likes on halloween vs last friday",
            "compare of=account_total metric=likes period=2026-10-31 vs=2026-11-13",
        ),
        // Tagalog "talaga" (really), Pidgin "don" (have).
        ("ilan na yung followers ko talaga", "followers"),
        (
            "how many carousel we don drop this month",
            "post_count type=carousel period=month",
        ),
    ]);
    follow_up_reads_as(
        "which weekday is best for likes",
        "saves not likes",
        "weekdays metric=saves period=90d",
    );
    follow_up_reads_as(
        "how many saves did my posts get in september",
        "and for the whole profile?",
        "account_total metric=saves period=2026-09-01..2026-09-30",
    );
    follow_up_reads_as(
        "which reels got the most comments this week",
        "gimme 2 of those",
        "top metric=comments n=2 type=reel period=week",
    );
    follow_up_reads_as(
        "how often did I post in the last 60 days",
        "last 14 only",
        "frequency period=14d",
    );
    follow_up_reads_as(
        "top reels this month",
        "which one gained me the most followers?",
        "top metric=follows n=1 type=reel period=month",
    );
    follow_up_reads_as(
        "engagement rate last month",
        "split by format",
        "by_type metric=er period=last-month",
    );
}

#[test]
fn the_rules_for_sets_91_and_92_stay_narrow() {
    all_read_as(&[
        // A verb "may", and a name "Don".
        (
            "i post daily, may i ask how many likes i got this week",
            "account_total metric=likes period=week",
        ),
        (
            "did don comment on my reel this week",
            "post_total metric=comments type=reel period=week",
        ),
        // "what is month over month": no "this".
        (
            "what is month over month reach",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        // A dated occasion is that date; a post named after one is still a post.
        (
            "likes since my birthday (3 june)",
            "account_total metric=likes period=2026-06-03..2026-11-18",
        ),
        // "was meant to" tells.
        (
            "how much reach last week? the sea reel was meant to do big numbers",
            "account_total metric=reach period=last-week",
        ),
    ]);
}

#[test]
fn what_sets_93_and_94_taught_reads_in_other_words() {
    all_read_as(&[
        // "rank" ranks.
        (
            "rank my carousels by saves this year",
            "top metric=saves n=5 type=carousel period=year",
        ),
        // Others in a trade of three words.
        (
            "what's a normal engagement rate for hair salon owners",
            "outside",
        ),
        // A yes-or-no "higher this month": against the month before.
        (
            "is my reach higher this month",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        // Ranges with a wave dash, and with a spaced dash before a month and its day.
        (
            "views 3~9 nov",
            "account_total metric=views period=2026-11-03..2026-11-09",
        ),
        (
            "comments for the account, Oct 1 – Nov 10",
            "account_total metric=comments period=2026-10-01..2026-11-10",
        ),
        // One "thing" ranked is one post; "photo only" is the type.
        (
            "my most shared thing last week",
            "top metric=shares n=1 period=last-week",
        ),
        (
            "what is my engagement rate for photo only",
            "rate type=photo period=30d",
        ),
        // Holidays of the United States and Brazil.
        (
            "how did my posts do on super bowl sunday 2025",
            "overview period=2025-02-09",
        ),
        (
            "follower growth on presidents day",
            "growth period=2026-02-16",
        ),
        (
            "likes on sete de setembro",
            "account_total metric=likes period=2026-09-07",
        ),
        // Pidgin "perform pass": did best.
        (
            "which of my reels perform pass this month",
            "top metric=interactions n=1 type=reel period=month",
        ),
        // Why, said after the question: its day is not the question's.
        (
            "What day is best to post? thinking of moving my live from tuesday",
            "weekdays period=90d",
        ),
    ]);
    follow_up_reads_as(
        "what weekday is best for likes",
        "which time?",
        "best_time metric=likes period=90d",
    );
    follow_up_reads_as(
        "reach in the first week of october",
        "and the third week?",
        "account_total metric=reach period=2026-10-15..2026-10-21",
    );
}

#[test]
fn the_rules_for_sets_93_and_94_stay_narrow() {
    all_read_as(&[
        // "rank them" after a question ranks it again; "best reel only" is one reel.
        ("best reel only", "top n=1 type=reel period=30d"),
        // A "-" before a word that only may be a month is no range.
        ("top 5 posts - march", "top n=5 period=30d"),
        // A yes-or-no question set against a month it names is set against that month.
        (
            "is my reach higher this month than in june",
            "compare of=account_total metric=reach period=month vs=2026-06-01..2026-06-30",
        ),
    ]);
    follow_up_reads_as(
        "which format performs best, reels or carousels?",
        "rank them by reach instead",
        "by_type metric=reach period=90d",
    );
}

#[test]
fn what_sets_95_and_96_taught_reads_in_other_words() {
    all_read_as(&[
        // The month to post in is not the months to learn from.
        (
            "what should I post in march based on my best stuff",
            "recommend period=90d",
        ),
        // Lent with its year; Hanukkah's eight nights.
        (
            "comments during lent this year",
            "account_total metric=comments period=2026-02-18..2026-04-04",
        ),
        (
            "saves over hanukkah",
            "account_total metric=saves period=2025-12-14..2025-12-22",
        ),
        // Holy Week, in English and Spanish, with its year.
        (
            "likes during semana santa",
            "account_total metric=likes period=2026-03-29..2026-04-04",
        ),
        (
            "reach over holy week 2025",
            "account_total metric=reach period=2025-04-13..2025-04-19",
        ),
        // A year "wrapped" is its summary.
        (
            "my instagram wrapped for 2025",
            "overview period=2025-01-01..2025-12-31",
        ),
        // Pidgin "dey for": are in.
        (
            "how many of my followers dey for Accra",
            "demographics aspect=places",
        ),
    ]);
    follow_up_reads_as(
        "overview for april",
        "now may so far",
        "overview period=2026-05-01..2026-05-31",
    );
}

#[test]
fn the_review_of_sets_91_to_96_keeps_each_rule_to_its_words() {
    all_read_as(&[
        // A period said after the question is still asked; only a day something moves
        // from is set aside.
        (
            "how many likes? i need the number for october",
            "account_total metric=likes period=2026-10-01..2026-10-31",
        ),
        // "which one" of two periods compares the periods.
        (
            "which one gained more followers: this week or last week",
            "compare of=growth period=week vs=last-week",
        ),
        // What "passed" 10k is no week that has passed.
        (
            "how many followers did I gain this year, which just passed 10k",
            "growth period=year ; followers",
        ),
        // "rank" in other senses; benchmarks not of the asker's own posts.
        ("do carousels rank better", "clarify"),
        (
            "average engagement for my client testimonials",
            "rate period=30d",
        ),
        // English "is week days", "may" as a name, "Natale" as a name, gifts "wrapped",
        // "the most important thing", "my rising popularity".
        ("best day is week days or weekends?", "weekdays period=90d"),
        (
            "which posts got the most saves? asking for my manager may",
            "top metric=saves n=5 period=30d",
        ),
        (
            "my friend Natale said my reach dropped, did it?",
            "trend metric=reach period=30d",
        ),
        (
            "what's the most important thing for growth",
            "growth period=30d",
        ),
        ("my rising popularity, how many followers now", "followers"),
        // Hanukkah with its year; a holiday's year beside a bare year stays as before.
        (
            "likes during hanukkah 2024",
            "account_total metric=likes period=2024-12-25..2025-01-02",
        ),
        ("top post during hanukkah this year", "outside"),
        (
            "christmas 2025 vs christmas 2024 likes",
            "compare of=account_total metric=likes period=2025-12-25 vs=2024-12-25",
        ),
    ]);
}

#[test]
fn what_sets_97_and_98_taught_reads_in_other_words() {
    all_read_as(&[
        // A holiday told in the story before a question about its weekend.
        (
            "so glad halloween is over. which reel got the most likes over the halloween weekend?",
            "top metric=likes n=1 type=reel period=2026-10-31..2026-11-01",
        ),
        (
            "likes on april fools day",
            "account_total metric=likes period=2026-04-01",
        ),
        // "which drop": one post.
        (
            "which drop got the most saves this month",
            "top metric=saves n=1 period=month",
        ),
    ]);
}

#[test]
fn what_sets_99_and_100_taught_reads_in_other_words() {
    all_read_as(&[
        // The rate's basis said as "follower-based", "reach-based".
        (
            "engagement rate, follower-based, for october",
            "rate basis=followers period=2026-10",
        ),
        (
            "ER (reach-based) for last week plus the post count",
            "rate period=last-week ; post_count period=last-week",
        ),
        // One period said twice, in two languages, beside the one it is set against.
        (
            "wie ist meine reichweite diese woche, this week vs last week",
            "compare of=account_total metric=reach period=week vs=last-week",
        ),
        // The Italian "ad" before a month; the Spanish "antepasado" and "voy a".
        (
            "quante persone ho raggiunto ad ottobre?",
            "account_total metric=reach period=2026-10",
        ),
        ("how did my ad in october do", "outside"),
        (
            "cuántos posts hice el mes antepasado?",
            "post_count period=2026-09",
        ),
        ("cuántos likes voy a tener en diciembre", "outside"),
        // Days of the Hebrew calendar, and Epiphany as Spain names it.
        (
            "likes on yom kippur",
            "account_total metric=likes period=2026-09-21",
        ),
        (
            "comments over rosh hashanah 2025",
            "account_total metric=comments period=2025-09-23..2025-09-24",
        ),
        (
            "reach on día de reyes",
            "account_total metric=reach period=2026-01-06",
        ),
        // The day a deck is due is no period beside "MoM".
        (
            "need the ER MoM, presentation due friday",
            "compare of=rate period=month vs=last-month",
        ),
    ]);
    // "which one" after a figure of posts: the post that got most of it.
    follow_up_reads_as(
        "how many saves did my carousels get in october",
        "which carousel?",
        "top metric=saves n=1 type=carousel period=2026-10",
    );
    follow_up_reads_as(
        "total shares on my posts last week",
        "which one tho",
        "top metric=shares n=1 period=last-week",
    );
    // "why is it lower?": the move asked about, shown.
    follow_up_reads_as(
        "my reach this month",
        "why is it so much lower than last month?",
        "compare of=account_total metric=reach period=month vs=last-month",
    );
    follow_up_reads_as(
        "engagement rate last 30 days",
        "why did it tank",
        "compare of=rate period=30d vs=2026-09-20..2026-10-19",
    );
    // A year back from a month: the same month.
    follow_up_reads_as(
        "views in september",
        "YoY?",
        "compare of=account_total metric=views period=2026-09 vs=2025-09-01..2025-09-30",
    );
    follow_up_reads_as(
        "likes this month so far",
        "and vs last year",
        "compare of=account_total metric=likes period=month vs=2025-11-01..2025-11-18",
    );
    // The long weekend a Monday holiday makes.
    follow_up_reads_as(
        "how many new followers on memorial day",
        "and the whole long weekend",
        "growth period=2026-05-23..2026-05-25",
    );
}

#[test]
fn what_sets_101_and_102_taught_reads_in_other_words() {
    all_read_as(&[
        // "du mois d'octobre": the month named, not this one.
        (
            "best carousel du mois d'octobre",
            "top n=1 type=carousel period=2026-10",
        ),
        // A holiday that is a bank holiday, named both ways.
        (
            "how did the easter monday bank holiday do for reach",
            "account_total metric=reach period=2026-04-06",
        ),
        // Setting the account against others like it, said as a heading.
        ("Compare us with pages like mine on ER", "outside"),
        // The month content is planned for is not the one to learn from.
        (
            "what should we post? need content ideas for december",
            "recommend period=90d",
        ),
    ]);
    // "so far this bank holiday weekend" on its Sunday: the weekend under way.
    let sunday = NaiveDate::from_ymd_opt(2026, 8, 30).unwrap();
    assert_eq!(
        describe(&parse(
            "how many likes so far this bank holiday weekend",
            None,
            sunday,
            chrono_tz::UTC
        )),
        "account_total metric=likes period=2026-08-29..2026-08-30"
    );
    for (previous, then, label) in [
        // A month corrected, said alone or after "I meant".
        (
            "likes in june",
            "nah I meant May",
            "account_total metric=likes period=2026-05",
        ),
        (
            "reach in october",
            "sorry, march",
            "account_total metric=reach period=2026-03",
        ),
        // "#1", and what the post said.
        (
            "top 5 reels this year by saves",
            "just the #1",
            "top metric=saves n=1 type=reel period=year",
        ),
        (
            "my best post in october",
            "and what did it say?",
            "top n=1 period=2026-10 caption=yes",
        ),
        // A filter said as "cut it to".
        (
            "top 10 posts by likes this year",
            "cut it to carousels",
            "top metric=likes n=10 type=carousel period=year",
        ),
        // YoY for a month named after a comparison.
        (
            "likes MoM",
            "and YoY for june",
            "compare of=account_total metric=likes period=2026-06 vs=2025-06-01..2025-06-30",
        ),
        // "please" opens a follow-up as "ok" does.
        (
            "my reach last week",
            "please show it for saves too",
            "account_total metric=saves period=last-week",
        ),
        // One period said twice; a period set right with "not".
        (
            "average likes per reel this year",
            "and for last year 2025?",
            "post_mean metric=likes type=reel period=last-year",
        ),
        (
            "top 5 reels last week",
            "no i meant the last 14 days not last week",
            "top n=5 type=reel period=14d",
        ),
    ] {
        follow_up_reads_as(previous, then, label);
    }
}

#[test]
fn the_rules_for_sets_99_to_102_stay_narrow() {
    all_read_as(&[
        // "may" after "sorry" is a polite verb; "voy a" a plan, unless of what is to come.
        (
            "sorry may i ask what my reach was last week",
            "account_total metric=reach period=last-week",
        ),
        (
            "voy a ver la reach de la semana pasada",
            "account_total metric=reach period=last-week",
        ),
        // Sponsored posts in Italian are ads, "ad agosto" or not.
        ("quanti like ad agosto sulle sponsorizzate", "outside"),
        // What was just posted, told after the question, is background.
        (
            "How many people did we reach today? just posted the fall collection this morning",
            "account_total metric=reach period=today",
        ),
        // "now I'm curious..." leads in to the question after it.
        (
            "I posted a LOT for back to school and now I'm curious... which post got the most saves last month?",
            "top metric=saves n=1 period=last-month",
        ),
    ]);
    for (previous, then, label) in [
        // "which one is the best time", "which post type": another question.
        (
            "how many likes last week",
            "which one is the best time to post",
            "best_time period=90d",
        ),
        (
            "how many likes this month",
            "which post type is best",
            "by_type metric=likes period=month",
        ),
        (
            "likes in april",
            "sorry may i see it for reels",
            "post_total metric=likes type=reel period=2026-04",
        ),
    ] {
        follow_up_reads_as(previous, then, label);
    }
    // "why is my ER lower on weekends" after the rate asks about days, not a move.
    let weekends = follow_up_described(
        "my engagement rate last month",
        "why is my engagement rate lower on weekends",
    );
    assert!(!weekends.starts_with("compare"), "{weekends}");
    // Another long weekend, named: not the one of the Monday before.
    let after = follow_up_described("likes on easter monday", "and the christmas long weekend?");
    assert!(!after.contains("2026-04"), "{after}");
}

#[test]
fn what_sets_103_and_104_taught_reads_in_other_words() {
    all_read_as(&[
        // Two figures set side by side in one period: each, not each against the last.
        (
            "saves vs shares this week",
            "account_total metric=saves period=week ; account_total metric=shares period=week",
        ),
        // Italian: "l'altro ieri", "il numero medio di like".
        (
            "quanti commenti ho avuto l'altro ieri?",
            "account_total metric=comments period=2026-11-16",
        ),
        (
            "il numero medio di like per carosello negli ultimi 2 mesi",
            "post_mean metric=likes type=carousel period=2m",
        ),
        // "last year same time": the same days a year back.
        (
            "reach this year vs last year same time",
            "compare of=account_total metric=reach period=year vs=2025-01-01..2025-11-18",
        ),
    ]);
    // YoY after a month set against the month before: that month a year back.
    follow_up_reads_as(
        "likes MoM for november so far",
        "and YoY?",
        "compare of=account_total metric=likes period=2026-11 vs=2025-11-01..2025-11-18",
    );
    // A season set against "the one before that": the same season a year back.
    follow_up_reads_as(
        "reach over the summer",
        "vs the summer before that?",
        "compare of=account_total metric=reach period=2026-06-01..2026-08-31 vs=2025-06-01..2025-08-31",
    );
}

/// Sets 105 and 106 showed: "of the quarter", German, Italian, French and Indonesian words
/// for the figures and periods, Spanish "entre … y …", "what where", "last vid", and a
/// holiday said again after "last".
#[test]
fn what_sets_105_and_106_taught_reads_in_other_words() {
    all_read_as(&[
        // "of the quarter": the quarter under way, as "of the month" is the month.
        (
            "most saved carousel of the quarter",
            "top metric=saves n=1 type=carousel period=2026-10-01..2026-11-18",
        ),
        // German: "in den letzten 2 Wochen", "entwickelt" (how a figure went).
        (
            "wie haben sich meine Aufrufe in den letzten 2 Wochen entwickelt?",
            "trend metric=views period=14d",
        ),
        // Italian: "qual è stato il mio … migliore quest'anno", "della settimana", "più".
        (
            "qual è stato il mio reel migliore quest'anno?",
            "top n=1 type=reel period=year",
        ),
        (
            "quale giorno della settimana ha più like?",
            "weekdays metric=likes period=90d",
        ),
        // Spanish "entre … y …": one span between the two dates.
        (
            "¿cuántos reels entre el 2 de octubre y el 9 de noviembre?",
            "post_count type=reel period=2026-10-02..2026-11-09",
        ),
        // Indonesian "unggahan mana": which post.
        (
            "unggahan mana yang paling banyak disimpan minggu ini",
            "top metric=saves n=1 period=week",
        ),
        // French "combien de personnes j'ai touché": the reach.
        (
            "combien de personnes j'ai touché cette semaine",
            "account_total metric=reach period=week",
        ),
        // "where" typed for "were".
        (
            "how where my saves last week",
            "account_total metric=saves period=last-week",
        ),
        ("new vid doing ok?", "latest_post type=video"),
        // A holiday said again after "last": the one a year before.
        (
            "reach on halloween vs last halloween",
            "compare of=account_total metric=reach period=2026-10-31 vs=2025-10-31",
        ),
    ]);
}

/// Sets 105–108 showed: a question asked as a list of three, and a breakdown asked again
/// "by avg saves" or "judged by comments".
#[test]
fn a_list_of_three_questions_reads_as_three() {
    all_read_as(&[
        (
            "Need three numbers: follower count, saves this week, best reel this month",
            "followers ; account_total metric=saves period=week ; top n=1 type=reel period=month",
        ),
        (
            "my follower count and the most liked post last week and also the best time to post",
            "followers ; top metric=likes n=1 period=last-week ; best_time period=90d",
        ),
        // A heading that names a period gives it to the items.
        (
            "report for October: total reach, ER, and top 3 posts by saves",
            "account_total metric=reach period=2026-10-01..2026-10-31 ; rate period=2026-10-01..2026-10-31 ; top metric=saves n=3 period=2026-10-01..2026-10-31",
        ),
        // One post's figures, listed, are that post's.
        ("Latest reel: reach, saves, shares", "latest_post type=reel"),
    ]);
    follow_up_reads_as(
        "do photos or reels do better",
        "by avg saves tho",
        "by_type metric=saves period=90d",
    );
    follow_up_reads_as(
        "which time of day is best for my posts",
        "judged by comments",
        "parts_of_day metric=comments period=90d",
    );
}

/// Sets 107–110 showed questions wholly in Turkish, Dutch and Polish, more Italian, French,
/// German and Spanish, "in the last year", and a ranking over two months joined by "and".
#[test]
fn what_sets_107_to_110_taught_reads_in_other_words() {
    all_read_as(&[
        (
            "geçen ay en çok beğeni alan gönderim hangisi?",
            "top metric=likes n=1 period=last-month",
        ),
        (
            "Takipçilerim hangi ülkelerde?",
            "demographics aspect=places",
        ),
        (
            "Hoeveel reacties had ik vorige maand?",
            "account_total metric=comments period=last-month",
        ),
        (
            "Welke post had deze week de meeste weergaven?",
            "top metric=views n=1 period=week",
        ),
        (
            "Ile polubień miałam w zeszłym tygodniu?",
            "account_total metric=likes period=last-week",
        ),
        (
            "Ile postów dodałam w lipcu?",
            "post_count period=2026-07-01..2026-07-31",
        ),
        (
            "Quel a été mon pire post l'année dernière ?",
            "top metric=er order=bottom n=1 period=last-year",
        ),
        (
            "quante visualizzazioni nelle ultime due settimane?",
            "account_total metric=views period=14d",
        ),
        (
            "i miei 5 reel migliori di sempre",
            "top n=5 type=reel period=all",
        ),
        ("chi commenta di più?", "fans period=30d"),
        (
            "Eine Übersicht für letzten Monat bitte",
            "overview period=last-month",
        ),
        ("¿qué contenido me recomiendas?", "recommend period=90d"),
        // "in the last year": the twelve months to today ("last year" is the calendar one).
        (
            "what's my reach like in the last year",
            "account_total metric=reach period=12m",
        ),
        // A ranking over two months joined by "and": one span.
        (
            "which reel got the most saves in september and october",
            "top metric=saves n=1 type=reel period=2026-09-01..2026-10-31",
        ),
    ]);
    follow_up_reads_as(
        "Hoeveel bereik had ik gisteren?",
        "en vandaag?",
        "account_total metric=reach period=today",
    );
}

/// Sets 109–112 showed: Canada's Thanksgiving Monday, Hindi "… se … tak", "the long
/// weekend" alone, "that"/"those comments"/"them" pointing at what was just given, "the
/// same way" after a comparison, and more German, Portuguese, Italian, Indonesian and
/// Tagalog.
#[test]
fn what_sets_109_to_112_taught_reads_in_other_words() {
    all_read_as(&[
        (
            "likes on thanksgiving monday",
            "account_total metric=likes period=2026-10-12",
        ),
        (
            "reach 3 oct se 10 oct tak",
            "account_total metric=reach period=2026-10-03..2026-10-10",
        ),
        // "the long weekend" alone, after an ordinary Monday: the weekend.
        (
            "new followers over the long weekend?",
            "growth period=2026-11-14..2026-11-15",
        ),
        (
            "dicas do que postar baseado nos meus números?",
            "recommend period=90d",
        ),
        (
            "quanti like ho avuto questa settimana?",
            "account_total metric=likes period=week",
        ),
        ("jam berapa followers saya paling aktif?", "online"),
        ("Kailan ako aabot ng 5k followers?", "outside"),
        ("what time does the post office open", "refuse"),
        (
            "how many carousels (the normal feed ones) did I post this month?",
            "post_count type=carousel period=month",
        ),
    ]);
    // After a Monday holiday (the spring bank holiday, Memorial Day): to that Monday.
    let after_the_spring_holiday = NaiveDate::from_ymd_opt(2026, 5, 29).unwrap();
    assert_eq!(
        describe(&parse(
            "new followers over the long weekend?",
            None,
            after_the_spring_holiday,
            chrono_tz::UTC
        )),
        "growth period=2026-05-23..2026-05-25"
    );
    follow_up_reads_as(
        "Wie viele Follower habe ich?",
        "und wer hat mich entfolgt?",
        "outside",
    );
    follow_up_reads_as(
        "top 3 posts last week",
        "any buyers in those comments?",
        "leads period=last-week",
    );
    follow_up_reads_as(
        "my engagement rate last month",
        "how many posts is that based on?",
        "post_count period=last-month",
    );
    follow_up_reads_as(
        "reach this week vs last week",
        "now do saves the same way",
        "compare of=account_total metric=saves period=week vs=last-week",
    );
}

/// The review of this stop's change showed: a period said once for a whole list goes to
/// every item; "in the last calendar year" is last year; "guadagnato" beside followers is
/// gained; Turkish "son 6 ayda"; "the second half of 2025"; Italian "prima" (before).
#[test]
fn a_period_said_once_for_a_list_goes_to_each_item() {
    all_read_as(&[
        (
            "for last month: saves, followers gained, best reel",
            "account_total metric=saves period=last-month ; growth period=last-month ; top n=1 type=reel period=last-month",
        ),
        (
            "comments, shares, and my most saved post from last week",
            "account_total metric=comments period=last-week ; account_total metric=shares period=last-week ; top metric=saves n=1 period=last-week",
        ),
        (
            "followers, likes, top carousel, all for october",
            "followers ; account_total metric=likes period=2026-10-01..2026-10-31 ; top n=1 type=carousel period=2026-10-01..2026-10-31",
        ),
        // One ranking by several figures is asked back, not cut into a list.
        ("top reel by views, likes and comments", "clarify"),
        (
            "growth for the second half of 2025",
            "growth period=2025-07-01..2025-12-31",
        ),
        ("ho guadagnato follower questo mese?", "growth period=month"),
        ("quanto ho guadagnato questo mese?", "outside"),
        ("son 6 ayda kaç beğeni aldım", "account_total metric=likes period=6m"),
        (
            "reach in the last calendar year",
            "account_total metric=reach period=last-year",
        ),
    ]);
    follow_up_reads_as(
        "quanti commenti ho avuto questa settimana",
        "e la settimana prima?",
        "account_total metric=comments period=last-week",
    );
}

/// Sets 113–114 showed: the French "d'" before a vowel ("combien d'abonnés", "tranche
/// d'âge"), "gané" as followers gained or money earned by what is said beside it, "posting
/// times", Italian "quest'estate", Hindi "kar lunga" (the future).
#[test]
fn what_sets_113_and_114_taught_reads_in_other_words() {
    all_read_as(&[
        (
            "combien d'abonnés j'ai gagné en septembre ?",
            "growth period=2026-09-01..2026-09-30",
        ),
        (
            "quelle tranche d'âge domine chez mes abonnés ?",
            "demographics aspect=ages",
        ),
        ("¿cuántos seguidores gané este mes?", "growth period=month"),
        ("¿cuánto dinero gané este mes?", "outside"),
        ("what are my best posting times", "best_time period=90d"),
        (
            "quanti commenti hanno preso i miei post quest'estate?",
            "post_total metric=comments period=2026-06-01..2026-08-31",
        ),
        ("kya main december tak 10k cross kar lunga", "outside"),
        // The "d'" first in the message too.
        ("d'abonnés gagnés cette semaine ?", "growth period=week"),
        // French "les 14 derniers jours", German "aller Zeiten", "the passed weak".
        (
            "mes commentaires sur les 10 derniers jours",
            "account_total metric=comments period=10d",
        ),
        (
            "mein bester Reel aller Zeiten",
            "top n=1 type=reel period=all",
        ),
        (
            "reach for the passed weak",
            "account_total metric=reach period=7d",
        ),
    ]);
}

#[test]
fn what_sets_115_and_116_taught_reads_in_other_words() {
    all_read_as(&[
        // Three periods listed: the figure of each; a total over them, one span.
        (
            "reach in august, september and october",
            "account_total metric=reach period=2026-08-01..2026-08-31 ; \
             account_total metric=reach period=2026-09-01..2026-09-30 ; \
             account_total metric=reach period=2026-10-01..2026-10-31",
        ),
        (
            "how many followers did i gain in january february and march",
            "growth period=2026-01-01..2026-01-31 ; growth period=2026-02-01..2026-02-28 ; \
             growth period=2026-03-01..2026-03-31",
        ),
        (
            "total likes in june, july and august",
            "account_total metric=likes period=2026-06-01..2026-08-31",
        ),
        // A list whose middle item leaves its figure unsaid, or names only a figure.
        (
            "how many followers do i have and how many did i get yesterday and whats my best post this week",
            "followers ; growth period=yesterday ; top n=1 period=week",
        ),
        (
            "followers, reach this week and my top reel",
            "followers ; account_total metric=reach period=week ; top n=1 type=reel period=30d",
        ),
        // "how many … and how many did the carousels get": the figure of each type.
        (
            "how many views did my reals get last week and how many did the carousel's get",
            "post_total metric=views type=reel period=last-week ; \
             post_total metric=views type=carousel period=last-week",
        ),
        // "summarize my week", "weekly overview": the last seven days; days with a dash.
        ("summarize my week pls", "overview period=7d"),
        ("weekly overview pls", "overview period=7d"),
        (
            "Pls send the weekly overview for the client, last week Mon–Sun",
            "overview period=last-week",
        ),
    ]);
    follow_up_reads_as(
        "Top reels by shares in Q1",
        "just March",
        "top metric=shares n=5 type=reel period=2026-03-01..2026-03-31",
    );
    follow_up_reads_as(
        "hey pulse give me a summary of how last month went",
        "now do march",
        "overview period=2026-03-01..2026-03-31",
    );
    follow_up_reads_as(
        "top 5 reels this month by views",
        "make it 10 and include all post types",
        "top metric=views n=10 period=month",
    );
}

#[test]
fn holidays_of_the_moving_calendars_read_as_their_days() {
    all_read_as(&[
        // The Islamic calendar's, as Umm al-Qura dates them; a Turkish feast whole.
        (
            "my most shared post during ramadan?",
            "top metric=shares n=1 period=2026-02-18..2026-03-19",
        ),
        (
            "how many comments did we get on eid",
            "account_total metric=comments period=2026-05-27",
        ),
        (
            "Kurban Bayramı'nda kaç beğeni aldım?",
            "account_total metric=likes period=2026-05-27..2026-05-30",
        ),
        (
            "bakrid pe kitne views aaye?",
            "account_total metric=views period=2026-05-27",
        ),
        (
            "ramadan vs last ramadan reach",
            "compare of=account_total metric=reach period=2026-02-18..2026-03-19 \
             vs=2025-03-01..2025-03-29",
        ),
        // Passover from 15 Nisan; Holi; the feasts counted from Easter, in other languages too.
        (
            "likes since passover",
            "account_total metric=likes period=2026-04-02..2026-11-18",
        ),
        (
            "reach on holi",
            "account_total metric=reach period=2026-03-04",
        ),
        (
            "Wie hoch war meine Reichweite an Fronleichnam?",
            "account_total metric=reach period=2026-06-04",
        ),
        (
            "Quanti like ho preso a Pasquetta?",
            "account_total metric=likes period=2026-04-06",
        ),
        (
            "likes on whit monday",
            "account_total metric=likes period=2026-05-25",
        ),
        // A holiday's post or campaign is a post to ask about; "before Ramadan" has no start.
        ("How my Eid post is doing?", "clarify"),
        ("pull the numbers on the ramadan campaign", "clarify"),
        ("how many posts did we do before ramadan", "clarify"),
        // Days counted from a holiday.
        (
            "reach the week before christmas",
            "account_total metric=reach period=2025-12-18..2025-12-24",
        ),
        (
            "likes the day before halloween",
            "account_total metric=likes period=2026-10-30",
        ),
        (
            "reach the 3 days after black friday",
            "account_total metric=reach period=2025-11-29..2025-12-01",
        ),
        // When a holiday is: the calendar's question, not the account's.
        ("when does ramadan end this year?", "refuse"),
        ("when is diwali", "refuse"),
        ("Selamat Idul Adha!", "refuse"),
    ]);
}

#[test]
fn what_sets_115_to_118_taught_of_other_languages() {
    all_read_as(&[
        (
            "19 Mayıs'ta paylaştığım reels kaç izlenme aldı?",
            "post_total metric=views type=reel period=2026-05-19",
        ),
        (
            "Quels sont mes 5 posts les plus enregistrés en mars ?",
            "top metric=saves n=5 period=2026-03-01..2026-03-31",
        ),
        (
            "Quanti like hanno preso i miei caroselli a maggio?",
            "post_total metric=likes type=carousel period=2026-05-01..2026-05-31",
        ),
        (
            "Ilu obserwujących zyskałam w marcu?",
            "growth period=2026-03-01..2026-03-31",
        ),
        (
            "Was soll ich als nächstes posten? Gib mir Tipps basierend auf meinen Zahlen",
            "recommend period=90d",
        ),
        (
            "Postingan mana yang paling banyak disukai minggu lalu?",
            "top metric=likes n=1 period=last-week",
        ),
    ]);
    follow_up_reads_as(
        "Wie viele Aufrufe hatte ich gestern?",
        "und vorgestern?",
        "account_total metric=views period=2026-11-16",
    );
}

#[test]
fn what_sets_117_to_120_and_the_review_taught() {
    all_read_as(&[
        // Listed days: the Lunar New Year, the solstice, the World Cup; fixed days abroad.
        ("how many views did i get on chinese new year", "account_total metric=views period=2026-02-17"),
        ("what was my reach on the solstice", "account_total metric=reach period=2026-06-21"),
        (
            "Top 5 commenters since the World Cup started",
            "fans n=5 period=2026-06-11..2026-11-18",
        ),
        (
            "Combien de vues j'ai eu pour la fête de la musique ?",
            "account_total metric=views period=2026-06-21",
        ),
        ("Wie viele Likes hatte ich am Vatertag?", "account_total metric=likes period=2026-05-14"),
        ("how many ppl did we reach on galentines", "account_total metric=reach period=2026-02-13"),
        // Turkish: the feast after Ramadan, not Ramadan; a month with its ending.
        (
            "Ramazan Bayramı'nda en çok beğenilen gönderi",
            "top metric=likes n=1 period=2026-03-20..2026-03-22",
        ),
        ("Mayıs'ta kaç beğeni aldım", "account_total metric=likes period=2026-05-01..2026-05-31"),
        (
            "19 Mayıs'ta paylaştığım reels kaç izlenme aldı?",
            "post_total metric=views type=reel period=2026-05-19",
        ),
        ("bu yıl en çok beğeni alan 5 gönderim hangileri?", "top metric=likes n=5 period=year"),
        // French "les plus" and a participle; Indonesian "aku dapat" (I got).
        (
            "quels sont mes posts les plus aimés en octobre",
            "top metric=likes n=5 period=2026-10-01..2026-10-31",
        ),
        ("berapa total likes yang aku dapat minggu lalu?", "account_total metric=likes period=last-week"),
        // Days counted from a day, without "the", and weekends next to it; "Jan 1 to date".
        ("reach 3 days before eid al adha", "account_total metric=reach period=2026-05-24..2026-05-26"),
        (
            "engagement the 2 weeks before ramadan",
            "rate period=2026-02-04..2026-02-17",
        ),
        ("best post the weekend after easter", "top n=1 period=2026-04-11..2026-04-12"),
        ("reach the weekend before christmas", "account_total metric=reach period=2025-12-20..2025-12-21"),
        ("total reach Jan 1 to date", "account_total metric=reach period=year"),
        // "— 3 lines": a count of lines, not the 3rd.
        (
            "Followers now, growth in June, top reel in June — 3 lines for the client",
            "followers ; growth period=2026-06-01..2026-06-30 ; \
             top n=1 type=reel period=2026-06-01..2026-06-30",
        ),
        // A list of months with nothing between them, or "for" before each; a question after
        // them keeps its own reading; the mean of each type when asked on average.
        (
            "views in may june july pls",
            "account_total metric=views period=2026-05-01..2026-05-31 ; \
             account_total metric=views period=2026-06-01..2026-06-30 ; \
             account_total metric=views period=2026-07-01..2026-07-31",
        ),
        (
            "top post in june, july and august",
            "top n=1 period=2026-06-01..2026-06-30 ; top n=1 period=2026-07-01..2026-07-31 ; \
             top n=1 period=2026-08-01..2026-08-31",
        ),
        (
            "how many views do my reels get on average and how many do my videos get",
            "post_mean metric=views type=reel period=30d ; post_mean metric=views type=video period=30d",
        ),
        ("how did my week go on insta", "overview period=week"),
    ]);
}

#[test]
fn the_year_end_and_other_listed_days_read_as_their_days() {
    all_read_as(&[
        (
            "Welcher Post hatte im Advent die meisten Shares?",
            "top metric=shares n=1 period=2025-12-01..2025-12-24",
        ),
        (
            "twixmas engagement, hows it looking?",
            "rate period=2025-12-27..2025-12-31",
        ),
        (
            "BFCM recap for the client pls: total reach and total interactions",
            "account_total metric=reach period=2025-11-28..2025-12-01 ; \
             account_total metric=interactions period=2025-11-28..2025-12-01",
        ),
        (
            "reach on small business saturday?",
            "account_total metric=reach period=2025-12-06",
        ),
        (
            "Wie viele Likes hatte ich während dem Oktoberfest?",
            "account_total metric=likes period=2026-09-19..2026-10-04",
        ),
        (
            "Wie war meine Reichweite an Heiligabend im Vergleich zum Vorjahr?",
            "compare of=account_total metric=reach period=2025-12-24 vs=2024-12-24",
        ),
        (
            "quanti like ho preso la vigilia di natale?",
            "account_total metric=likes period=2025-12-24",
        ),
        (
            "hoeveel likes kreeg ik op tweede kerstdag?",
            "account_total metric=likes period=2025-12-26",
        ),
        (
            "how are the numbers on my advent calendar series",
            "clarify",
        ),
        // Questions asked one after another, each a list item; a restatement is not.
        (
            "3 qs: followers now? best reel this month? when should i post?",
            "followers ; top n=1 type=reel period=month ; best_time period=90d",
        ),
        ("cómo voy este mes?", "overview period=month"),
        ("Quante storie ho pubblicato questa settimana?", "outside"),
        ("how many likes did i get on my birthday", "clarify"),
        (
            "Reach last week vs the same week last year",
            "compare of=account_total metric=reach period=last-week vs=2025-11-10..2025-11-16",
        ),
        ("Quantos seguidores vou ter no fim do mês?", "outside"),
        (
            "Need for the client deck: July reach, views, ER by followers and net follower growth pls",
            "account_total metric=reach period=2026-07-01..2026-07-31 ; \
             account_total metric=views period=2026-07-01..2026-07-31 ; \
             rate basis=followers period=2026-07-01..2026-07-31 ; \
             growth period=2026-07-01..2026-07-31",
        ),
        (
            "wat was mijn slechtste reel deze zomer?",
            "top metric=er order=bottom n=1 type=reel period=2026-06-01..2026-08-31",
        ),
    ]);
    follow_up_reads_as(
        "how many followers did we gain in july",
        "and since then?",
        "growth period=2026-08-01..2026-11-18",
    );
    follow_up_reads_as(
        "top 5 reels this month by views",
        "make it 10 and add the captions",
        "top metric=views n=10 type=reel period=month caption=yes",
    );
}

#[test]
fn what_sets_121_and_122_taught() {
    all_read_as(&[
        (
            "Dec report for the client pls - total reach, views, net follower growth and ER",
            "account_total metric=reach period=2025-12-01..2025-12-31 ; \
             account_total metric=views period=2025-12-01..2025-12-31 ; \
             growth period=2025-12-01..2025-12-31 ; rate period=2025-12-01..2025-12-31",
        ),
        (
            "how many likes did i get on orthodox christmas",
            "account_total metric=likes period=2026-01-07",
        ),
        (
            "qual foi meu post com mais curtidas no dia dos namorados?",
            "top metric=likes n=1 period=2026-06-12",
        ),
        (
            "qual foi meu post com mais curtidas no dia dos pais?",
            "top metric=likes n=1 period=2026-08-09",
        ),
        (
            "geçen hafta kaç kişiye ulaştım",
            "account_total metric=reach period=last-week",
        ),
        (
            "how many followers do i have an how many did i loose this week",
            "followers ; growth period=week",
        ),
        (
            "how many posts did i do in september an october",
            "post_count period=2026-09-01..2026-09-30 ; post_count period=2026-10-01..2026-10-31",
        ),
        (
            "how did my posts do over the thanksgiving weekend",
            "overview period=2025-11-27..2025-11-30",
        ),
        (
            "pls send follower count + net growth past 30 days + ER (reach) same window",
            "followers ; growth period=30d ; rate period=30d",
        ),
    ]);
    follow_up_reads_as(
        "qual è il mio tasso di engagement quest'anno?",
        "e l'anno scorso?",
        "rate period=last-year",
    );
}

#[test]
fn which_was_most_after_a_ranking_is_one_of_it() {
    follow_up_reads_as(
        "best post in january",
        "which was most saved?",
        "top metric=saves n=1 period=2026-01",
    );
    follow_up_reads_as(
        "top reels in march",
        "which was the least liked",
        "top metric=likes order=bottom n=1 type=reel period=2026-03",
    );
    all_read_as(&[("which was most saved?", "top metric=saves n=1 period=30d")]);
}

#[test]
fn what_sets_123_and_124_taught() {
    all_read_as(&[
        (
            "Wie viele Likes hatte ich seit Rosenmontag?",
            "account_total metric=likes period=2026-02-16..2026-11-18",
        ),
        (
            "Jaki był mój zasięg w tłusty czwartek?",
            "account_total metric=reach period=2026-02-12",
        ),
        (
            "Quantos seguidores eu ganhei desde a terça de carnaval?",
            "growth period=2026-02-17..2026-11-18",
        ),
        (
            "Combien de vues sur mes reels depuis la Chandeleur ?",
            "post_total metric=views type=reel period=2026-02-02..2026-11-18",
        ),
        (
            "republic day pe mera sabse accha post kaunsa tha?",
            "top n=1 period=2026-01-26",
        ),
        (
            "Zafer Bayramı'nda kaç yorum aldım?",
            "account_total metric=comments period=2026-08-30",
        ),
        (
            "bästa inlägget på midsommarafton?",
            "top n=1 period=2026-06-19",
        ),
        (
            "hur många följare fick jag i somras?",
            "growth period=2026-06-01..2026-08-31",
        ),
        (
            "hoeveel volgers heb ik erbij gekregen tijdens carnaval?",
            "growth period=2026-02-13..2026-02-17",
        ),
        (
            "berapa reach akun aku sejak imlek?",
            "account_total metric=reach period=2026-02-17..2026-11-18",
        ),
        (
            "carosello o reel, cosa funziona meglio per me?",
            "by_type period=90d",
        ),
        (
            "¿Qué me funciona mejor, reels o carruseles?",
            "by_type period=90d",
        ),
        // (The Scots "o" is still "of".)
        (
            "a lot o likes last week?",
            "account_total metric=likes period=last-week",
        ),
        (
            "Welche Tageszeit funktioniert bei mir am besten?",
            "parts_of_day period=90d",
        ),
        ("Hangi gün paylaşım yapmalıyım?", "weekdays period=90d"),
        (
            "mere followers kis sheher se hai?",
            "demographics aspect=places",
        ),
    ]);
    follow_up_reads_as(
        "hoeveel likes kreeg ik afgelopen weekend?",
        "en het weekend daarvoor?",
        "account_total metric=likes period=2026-11-07..2026-11-08",
    );
    follow_up_reads_as(
        "how many likes on my posts over presidents' day weekend",
        "compared to the weekend before?",
        "compare of=post_total metric=likes period=2026-02-14..2026-02-16 vs=2026-02-07..2026-02-09",
    );
    follow_up_reads_as(
        "what was my reach on memorial day",
        "and the weekend before it",
        "account_total metric=reach period=2026-05-23..2026-05-24",
    );
    follow_up_reads_as(
        "how many followers did i gain last week",
        "and the same stretch before it?",
        "growth period=2026-11-02..2026-11-08",
    );
    follow_up_reads_as(
        "postingan mana yang paling banyak disimpan bulan ini?",
        "kalau yang paling banyak dibagikan?",
        "top metric=shares n=1 period=month",
    );
    follow_up_reads_as(
        "qual è il mio reel più visto di sempre?",
        "e il carosello?",
        "top metric=views n=1 type=carousel period=all",
    );
    follow_up_reads_as(
        "ile zasięgu miałam w styczniu?",
        "a w grudniu?",
        "account_total metric=reach period=2025-12",
    );
    follow_up_reads_as(
        "bu ay erişimim ne kadar?",
        "ya ocak ayında?",
        "account_total metric=reach period=2026-01",
    );
}

#[test]
fn a_flop_and_the_last_post_asked_when() {
    all_read_as(&[
        (
            "whats my biggest flop ever 😬",
            "top metric=er order=bottom n=1 period=all",
        ),
        (
            "what was my biggest flop this year",
            "top metric=er order=bottom n=1 period=year",
        ),
        (
            "my biggest reel flop this year",
            "top metric=er order=bottom n=1 type=reel period=year",
        ),
        ("when was my last post", "latest_post"),
        ("when did i last post a reel", "latest_post type=reel"),
        ("when should i post my next reel", "best_time period=90d"),
    ]);
}

#[test]
fn what_sets_125_and_126_and_the_review_taught() {
    all_read_as(&[
        (
            "how did we do over the 4th of july weekend?",
            "overview period=2026-07-04..2026-07-05",
        ),
        (
            "reach on the 4th of july",
            "account_total metric=reach period=2026-07-04",
        ),
        (
            "reach from the 4th of july to the 10th of july",
            "account_total metric=reach period=2026-07-04..2026-07-10",
        ),
        (
            "what should we post next for the 4th of july sale?",
            "recommend period=90d",
        ),
        ("engagement on singles day", "rate period=2026-11-11"),
        (
            "likes am Tag der Deutschen Einheit",
            "account_total metric=likes period=2026-10-03",
        ),
        (
            "how did our posts do during songkran?",
            "overview period=2026-04-13..2026-04-15",
        ),
        ("how many followers did i gain over the holidays", "clarify"),
        (
            "what kind of posts should i do more of for the holidays",
            "recommend period=90d",
        ),
        (
            "mijn beste carrousel ooit",
            "top n=1 type=carousel period=all",
        ),
        ("mi mejor publicación de siempre", "top n=1 period=all"),
        (
            "qual meu pior post do mês",
            "top metric=er order=bottom n=1 period=month",
        ),
        ("mi mejor post del mes pasado", "top n=1 period=last-month"),
        (
            "wie viele Likes hatte ich am Wochenende",
            "account_total metric=likes period=2026-11-14..2026-11-15",
        ),
        ("mere followers kahan se hai", "demographics aspect=places"),
        ("en iyi paylaşım saatim ne", "best_time period=90d"),
        ("shu a7san wa2t la anzel post?", "best_time period=90d"),
        (
            "is mijn bereik aan het dalen",
            "trend metric=reach period=30d",
        ),
        (
            "i miei follower sono più uomini o donne?",
            "demographics aspect=genders",
        ),
        (
            "jaki mam zasięg w tym miesiącu w porównaniu z poprzednim?",
            "compare of=account_total metric=reach period=month vs=last-month",
        ),
        (
            "cuál fue mi post con más comentarios en San Valentín?",
            "top metric=comments n=1 period=2026-02-14",
        ),
        ("cuántas vistas tuvo mi historia de ayer?", "outside"),
        (
            "bisa kasih nomor hp followers yang sering komen?",
            "outside",
        ),
        ("how do I do my taxes as a sole trader", "refuse"),
        ("who was the first president of indonesia?", "refuse"),
        (
            "Welke dag van de week werkt het best voor mijn posts?",
            "weekdays period=90d",
        ),
    ]);
    follow_up_reads_as(
        "geçen ay en çok beğenilen gönderim hangisi?",
        "ilk 5",
        "top metric=likes n=5 period=last-month",
    );
    follow_up_reads_as(
        "berapa followers saya sekarang?",
        "naik berapa minggu ini?",
        "growth period=week",
    );
    follow_up_reads_as(
        "geçen hafta kaç paylaşım yaptım?",
        "peki kaçı reels?",
        "post_count type=reel period=last-week",
    );
    follow_up_reads_as(
        "who are my top commenters this month",
        "make it 10 and for the whole year",
        "fans n=10 period=year",
    );
}

#[test]
fn a_figure_that_tanked_and_what_followers_do_for_a_living() {
    all_read_as(&[
        (
            "why did my reach tank last week",
            "trend metric=reach period=last-week",
        ),
        (
            "did my reach crash in october",
            "trend metric=reach period=2026-10",
        ),
        (
            "which reels tanked this month",
            "top metric=er order=bottom n=5 type=reel period=month",
        ),
        ("what do my followers do for a living", "outside"),
        ("what did my followers DM me about", "outside"),
        (
            "people asking for the link in bio this week?",
            "leads period=week",
        ),
        ("reels vs posts engagement", "by_type period=90d"),
        (
            "reels or posts, which get more saves",
            "by_type metric=saves period=90d",
        ),
    ]);
}

#[test]
fn what_sets_127_and_128_taught() {
    all_read_as(&[
        ("apa ibu kota australia?", "refuse"),
        ("say something funny bro", "refuse"),
        (
            "jaki był mój najgorszy post w zeszłym tygodniu?",
            "top metric=er order=bottom n=1 period=last-week",
        ),
        (
            "jaki był mój najlepszy post w majówkę?",
            "top n=1 period=2026-05-01..2026-05-03",
        ),
        ("dussehra pe mera reel kitna chalega?", "outside"),
        ("yarın kaç beğeni alırım?", "outside"),
        ("cuántos seguidores tiene mi competencia?", "outside"),
        (
            "how many likes did i get on mid-autumn festival day?",
            "account_total metric=likes period=2026-09-25",
        ),
        (
            "reach during tet",
            "account_total metric=reach period=2026-02-17",
        ),
        ("Tết này bài của mình sẽ được bao nhiêu like?", "outside"),
        (
            "bài nào được lưu nhiều nhất tháng này?",
            "top metric=saves n=1 period=month",
        ),
        (
            "makar sankranti wale din meri reach kitni thi?",
            "account_total metric=reach period=2026-01-14",
        ),
        (
            "quantas curtidas eu tive no réveillon?",
            "account_total metric=likes period=2025-12-31",
        ),
        (
            "yılbaşından beri kaç takipçi kazandım?",
            "growth period=2026-01-01..2026-11-18",
        ),
    ]);
    all_read_as(&[
        (
            "mon taux d'engagement par abonnés sur l'année ?",
            "rate basis=followers period=year",
        ),
        (
            "views on my reels since the start of golden week",
            "post_total metric=views type=reel period=2026-10-01..2026-11-18",
        ),
    ]);
    follow_up_reads_as(
        "total reach last 14 days",
        "make it 30",
        "account_total metric=reach period=30d",
    );
    follow_up_reads_as(
        "top posts last 14 days",
        "by comments, just 3",
        "top metric=comments n=3 period=14d",
    );
    follow_up_reads_as(
        "Please tell me engagement for reels and for carousel, which one is more better?",
        "and which one get more saves?",
        "by_type metric=saves period=90d",
    );
}

#[test]
fn what_the_second_review_found() {
    all_read_as(&[
        (
            "cuántos me dejaron de seguir en enero",
            "growth period=2026-01",
        ),
        ("who's my most loyal follower", "fans n=1 period=30d"),
        ("who are my most loyal followers", "fans period=30d"),
        (
            "engagement during black friday week last year",
            "rate period=2025-11-24..2025-11-30",
        ),
        (
            "likes halloween weekend last year",
            "account_total metric=likes period=2025-10-31..2025-11-02",
        ),
        (
            "reach this time last year",
            "account_total metric=reach period=2025-10-20..2025-11-18",
        ),
        ("Post for Tết this year, how is result?", "clarify"),
        ("how did my post for valentines do", "clarify"),
        ("what should i post for christmas", "recommend period=90d"),
        // (A holiday's post named at the end of a message reads no word past it.)
        ("post for christmas", "clarify"),
        ("reel for diwali", "clarify"),
        (
            "my reach this month vs this time last year",
            "compare of=account_total metric=reach period=month vs=2025-11-01..2025-11-18",
        ),
    ]);
}
