//! The parser's vocabulary, as data: every word and phrase it knows, with the [`Role`] it
//! plays in a question. One table per role; a new synonym is one line in one table.
//!
//! Phrases (several words) are matched before single words, longest first. A word in no
//! table and not in [`FILLER`] is *unknown*: the parser never answers as if it were not
//! there (it asks what the word means instead). Periods ("last week", "on Thursday") are
//! not here: `when/` reads them first.

mod audience;
mod intents;
mod phrases;
mod subjects;
mod unseen;

use crate::instagram::MediaKind;
use crate::metric::Metric;

use Role::*;

pub use audience::{AUDIENCE_AND_TIME, PLACES};
pub use intents::INTENTS;
pub use phrases::{IDIOMS, NUMBERS, OFF_TOPIC};
pub use subjects::{
    AGGREGATES, MEDIA, METRICS, ORDERS, POSTS_NAMED_BY_HOW_THEY_DID, RANKS_WITHOUT_PICKING,
    SUBJECTS,
};
pub use unseen::UNSEEN;

/// Something Pulse cannot see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unseen {
    /// Another account (a competitor, a friend, `@someone`).
    OtherAccount(Option<String>),
    /// Another platform (TikTok, YouTube …), by name.
    OtherPlatform(&'static str),
    /// Direct messages.
    DirectMessages,
    /// Who followers are as people: names, emails, who followed, unfollowed or viewed.
    PersonalData,
    /// What has not happened yet.
    Future,
    /// Stories (Pulse keeps posts, not stories).
    Stories,
    /// Money: sales, revenue, earnings, ad spend.
    Money,
    /// Link and website clicks.
    Clicks,
    /// What happens off Instagram: calls, bookings, visits to the shop.
    Offline,
    /// Ads and boosted posts.
    Ads,
    /// A change on Instagram asked in a question ("delete the rude comment"), which Pulse
    /// makes only on a command.
    Action,
    /// Other things Instagram does not tell apps (shadowbans, the algorithm).
    Other,
}

/// Words that deny what follows ("nobody is seeing them any more", "not any longer").
pub(crate) const NEGATING: &[&str] = &[
    "nobody", "noone", "not", "dont", "doesnt", "isnt", "never", "hardly", "arent", "wont", "cant",
    "didnt",
];

/// Words that describe a time before "one" ("it was a busy one", "a slow one"): the "one"
/// is the period, not a post pointed at.
pub(crate) const BUSY_OR_SLOW: &[&str] = &["busy", "slow", "quiet", "hectic", "crazy", "rough"];

/// The asker's own words ("my", "we", "I've"): a question with one of them is about the
/// asker's account, not someone else's.
pub(crate) const OWN_WORDS: &[&str] = &[
    "my", "our", "i", "we", "me", "us", "mine", "ours", "im", "ive", "weve",
];

/// A group of people told of ("a loyal little group who always leave kind comments"): the
/// "who" after it describes them, it asks nothing.
pub(crate) const GROUPS_TOLD_OF: &[&str] = &["group", "crowd", "bunch", "community"];

/// Words that leave out what follows ("except reels", "skip the giveaway one").
pub(crate) const LEAVING_OUT: &[&str] = &[
    "exclude",
    "excluding",
    "without",
    "except",
    "minus",
    "skip",
    "skipping",
    "ignore",
    "ignoring",
    "omit",
];

/// The name of a platform the question points at without a name Pulse knows ("follow us
/// also on Strava").
pub(crate) const UNNAMED_PLATFORM: &str = "that platform";

/// What a word does in a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A post metric ("saves", "engagement rate").
    Metric(Metric),
    /// A type of post ("reels", "pics").
    Media(MediaKind),
    /// Posts as the subject ("post", "content", "uploads").
    Posts,
    /// The verb of publishing ("posted", "upload", "put out").
    Publish,
    /// The followers as a number or a crowd ("followers", "audience").
    Followers,
    /// People ("who", "people", "accounts").
    People,
    /// The people who comment ("commenters", "fans").
    Commenters,
    /// Hashtags.
    Hashtags,
    /// A post's caption.
    Caption,
    /// The top of a ranking ("best", "most").
    Highest,
    /// The bottom of a ranking ("worst", "fewest").
    Lowest,
    /// A comparative upwards ("better", "more").
    More,
    /// A comparative downwards ("worse", "less").
    Less,
    /// "how many", "number of".
    HowMany,
    /// "total", "altogether".
    Total,
    /// "average", "per post".
    Average,
    /// "rate", "percentage".
    Rate,
    /// "compare", "vs".
    Compare,
    /// Week over week and its kin: a comparison with the period before.
    OverPrevious(PeriodUnit),
    /// Followers gained ("gain", "grow").
    Gain,
    /// Followers lost ("lose", "drop").
    Loss,
    /// A change ("change", "difference", "net").
    Change,
    /// A direction over time ("trend", "going up").
    Trend,
    /// "when".
    When,
    /// A time of day ("time", "hour").
    Time,
    /// Followers being online ("online", "active").
    Online,
    /// Where followers are ("where", "countries").
    Where,
    /// How old followers are.
    Age,
    /// Followers' genders.
    Gender,
    /// Buyers in the comments ("buy", "price").
    Leads,
    /// The newest post ("latest", "newest").
    Latest,
    /// What people write ("saying", "feedback").
    Saying,
    /// How often ("often", "frequency").
    Frequency,
    /// Advice ("tips", "should").
    Advice,
    /// The overview ("stats", "recap").
    Overview,
    /// How something did ("perform", "doing").
    Performance,
    /// Parts of the day ("morning", "evening").
    PartOfDay,
    /// Days of the week as groups ("weekday", "which day").
    DayOfWeek,
    /// Types of post as groups ("format", "type").
    Format,
    /// Something Pulse cannot see.
    Unseen(Unseen),
    /// "now", "currently".
    Now,
    /// "not", "no", "zero".
    Negation,
    /// Words that set something aside ("not", "forget", "I don't care about"): what Pulse
    /// cannot see, named after them in the same clause, is not asked about.
    Dismiss,
    /// A word that refines the previous question ("what about", "instead", "only").
    FollowUp,
    /// A word pointing at something said before ("it", "that one").
    Reference,
    /// A count ("top 5", "ten").
    Number(u32),
    /// A milestone ("10k").
    Milestone,
    /// Two things joined ("and", "plus"): where a question with two parts may split.
    Joiner,
    /// A topic that is no question about an account ("weather", "recipe", "python").
    OffTopic,
    /// A word that changes nothing.
    Filler,
}

/// The unit of a week-over-week style comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodUnit {
    /// WoW.
    Week,
    /// MoM.
    Month,
    /// QoQ.
    Quarter,
    /// YoY.
    Year,
}

/// Every role table, in the order a word is looked up (the first table that has a word or
/// phrase wins; a test checks no word is in two tables).
pub const TABLES: &[(&str, &[(&str, Role)])] = &[
    ("METRICS", METRICS),
    ("MEDIA", MEDIA),
    ("SUBJECTS", SUBJECTS),
    ("ORDERS", ORDERS),
    ("AGGREGATES", AGGREGATES),
    ("AUDIENCE_AND_TIME", AUDIENCE_AND_TIME),
    ("INTENTS", INTENTS),
    ("UNSEEN", UNSEEN),
    ("PLACES", PLACES),
    ("OFF_TOPIC", OFF_TOPIC),
    ("NUMBERS", NUMBERS),
    ("IDIOMS", IDIOMS),
];

/// Words that change nothing in a question, one per line (`filler.txt`).
pub const FILLER: &str = include_str!("../filler.txt");
