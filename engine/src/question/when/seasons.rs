//! Seasons, quarters and holidays (Christmas, Easter, Thanksgiving, Black Friday, Diwali,
//! bank holidays…) as periods: seasons follow the hemisphere, a holiday is the most recent one
//! that has begun.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::dates::{between, last_of_month, recent_date};
use super::easter::{day_counted_from_easter, easter_sunday};
use super::{Mention, When};
use crate::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

pub(super) fn season_of(word: &str) -> Option<Season> {
    Some(match word {
        "spring" => Season::Spring,
        "summer" | "summertime" => Season::Summer,
        "autumn" => Season::Autumn,
        "winter" => Season::Winter,
        _ => return None,
    })
}

/// Whether a word after a season names a thing of that season, not the time ("the autumn
/// reef one", "my summer collection post", "the winter sale", "the spring retreat promo").
pub(super) fn names_a_seasonal_thing(word: &str) -> bool {
    matches!(
        word,
        "one"
            | "post"
            | "reel"
            | "collection"
            | "photo"
            | "pic"
            | "video"
            | "carousel"
            | "drop"
            | "launch"
            | "shoot"
            // ("we've got the winter sale coming up": an event.)
            | "sale"
            | "sales"
            | "menu"
            | "drive"
            | "appeal"
            | "campaign"
            | "range"
            | "edition"
            | "special"
            // ("during the spring retreat promo": an event Pulse cannot date.)
            | "promo"
            | "promotion"
            | "retreat"
            | "event"
            | "festival"
            | "fair"
            | "market"
            | "workshop"
            | "challenge"
            | "series"
            | "tour"
    )
}

/// The first month of a season in a hemisphere.
fn season_start(season: Season, southern: bool) -> u32 {
    let north = match season {
        Season::Spring => 3,
        Season::Summer => 6,
        Season::Autumn => 9,
        Season::Winter => 12,
    };
    if southern {
        (north + 5) % 12 + 1
    } else {
        north
    }
}

/// A season's dates: the most recent one that has begun, the most recent one that is over
/// (`completed`), or the one beginning in `year`.
pub(super) fn season_period(
    season: Season,
    year: Option<i32>,
    completed: bool,
    southern: bool,
    today: NaiveDate,
) -> Option<When> {
    let month = season_start(season, southern);
    let range = |year: i32| -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.checked_add_months(Months::new(3))?.pred_opt()?;
        Some((first, last))
    };
    let (first, last) = match year {
        // "winter 2025": the one that holds January 2025 when it spans two years.
        Some(year) if month == 12 => range(year - 1)?,
        Some(year) => range(year)?,
        None => {
            let mut year = today.year();
            let mut candidate = range(year)?;
            while candidate.0 > today || (completed && candidate.1 >= today) {
                year -= 1;
                candidate = range(year)?;
            }
            candidate
        }
    };
    Some(between(first, last, today))
}

/// "the Australian summer", "summer of Australia", "winter down under": whether the season
/// at `at` is named as the southern hemisphere's, whatever the chat's zone, and how many
/// words after it say so.
pub(super) fn southern_named(words: &[&str], at: usize) -> Option<usize> {
    let word = |k: usize| words.get(k).copied().unwrap_or("");
    let before = at > 0
        && matches!(
            word(at - 1),
            "australian" | "aussie" | "kiwi" | "southern" | "argentinian" | "chilean"
        );
    let after = (matches!(word(at + 1), "of" | "in")
        && matches!(
            word(at + 2),
            "australia" | "oz" | "aus" | "nz" | "argentina" | "chile"
        ))
        || (word(at + 1) == "down" && word(at + 2) == "under");
    (before || after).then_some(if after { 2 } else { 0 })
}

/// "over the holidays", "the hols", "the festive period", "the Christmas break", said
/// between Christmas Eve and the end of February: Christmas Eve to New Year's Day just gone
/// (said at another time, they are no period Pulse can date).
pub(super) fn festive_period_at(
    words: &[&str],
    at: usize,
    today: NaiveDate,
) -> Option<(When, usize)> {
    if let Some(found) = super::listed_days::listed_day_at(words, at, today) {
        return Some(found);
    }
    let word = |k: usize| words.get(k).copied().unwrap_or("");
    // "over Holy Week", "during semana santa": Palm Sunday to Holy Saturday, the most
    // recent that has begun ("semana" comes translated as "week").
    if matches!(
        (word(at), word(at + 1)),
        ("holy", "week") | ("week", "santa")
    ) {
        let palm_sunday = |year| easter_sunday(year)?.checked_sub_days(Days::new(7));
        let year = today.year() - i32::from(palm_sunday(today.year())? > today);
        // ("holy week 2025": that year's.)
        let (year, taken) = match super::dates::year_at(words, at + 2) {
            Some((named, more)) if palm_sunday(named)? <= today => (named, 2 + more),
            _ => (year, 2),
        };
        let first = palm_sunday(year)?;
        return Some((between(first, first + Days::new(6), today), at + taken));
    }
    // "in Advent", "the advent calendar": 1 to 24 December; "twixmas": 27 to 31 December;
    // Songkran: 13 to 15 April; majówka: 1 to 3 May;
    // "BFCM": Black Friday to Cyber Monday — the most recent that has begun.
    let span = |first: &dyn Fn(i32) -> Option<NaiveDate>, days: u64| {
        let this_year = first(today.year())?;
        let first = if this_year <= today {
            this_year
        } else {
            first(today.year() - 1)?
        };
        Some(between(first, first + Days::new(days - 1), today))
    };
    let listed = match word(at) {
        "advent" => Some((span(&|year| NaiveDate::from_ymd_opt(year, 12, 1), 24), 1)),
        "twixmas" => Some((span(&|year| NaiveDate::from_ymd_opt(year, 12, 27), 5), 1)),
        // Thailand's New Year, Songkran, and Poland's May weekend, majówka: 13 to 15 April,
        // 1 to 3 May.
        "songkran" => Some((span(&|year| NaiveDate::from_ymd_opt(year, 4, 13), 3), 1)),
        // China's Golden Week (1 to 7 October) from September on; Japan's (29 April to 5
        // May) before.
        "golden" if word(at + 1) == "week" => {
            let (month, day) = if today.month() >= 9 { (10, 1) } else { (4, 29) };
            Some((
                span(&|year| NaiveDate::from_ymd_opt(year, month, day), 7),
                2,
            ))
        }
        "majówka" | "majówkę" | "majowka" | "majowke" => {
            Some((span(&|year| NaiveDate::from_ymd_opt(year, 5, 1), 3), 1))
        }
        "bfcm" => Some((
            span(&|year| fourth_thursday_of_november(year)?.succ_opt(), 4),
            1,
        )),
        // Munich's: sixteen days to the first Sunday of October (to 3 October when that
        // Sunday comes sooner).
        "oktoberfest" => {
            let first_sunday = |year| nth_weekday(year, 10, Weekday::Sun, 1);
            let days = |year| match first_sunday(year) {
                Some(sunday) if sunday.day() <= 2 => 16 + u64::from(3 - sunday.day()),
                _ => 16,
            };
            let start = |year| first_sunday(year)?.checked_sub_days(Days::new(15));
            let year = today.year() - i32::from(start(today.year())? > today);
            Some((span(&|_| start(year), days(year)), 1))
        }
        _ => None,
    };
    if let Some((Some(when), taken)) = listed {
        // ("the advent calendar giveaway" is its days; "my advent calendar series", posts.)
        let calendar = usize::from(word(at + 1) == "calendar");
        if matches!(
            word(at + taken + calendar),
            "series" | "campaign" | "posts" | "post"
        ) {
            return Some((When::Vague, at + taken + calendar + 1));
        }
        return Some((when, at + taken + calendar));
    }
    let taken = match (word(at), word(at + 1)) {
        ("holidays" | "hols", _) if at > 0 && word(at - 1) == "the" => 1,
        ("festive", "period" | "season" | "break" | "holidays") => 2,
        ("christmas" | "xmas", "holidays" | "hols" | "break" | "period") => 2,
        _ => return None,
    };
    // ("the festive period last year", "the holidays 2025": another year's, not dated here.)
    let after = word(at + taken);
    if matches!(after, "last" | "this" | "next") || after.parse::<i32>().is_ok() {
        return None;
    }
    // Outside the season, which holidays are meant is asked ("how did I do over the holidays"
    // in May); planned "for the holidays", none.
    let planned_for = (1..=2).any(|back| at >= back && word(at - back) == "for");
    let year = match today.month() {
        12 if today.day() >= 24 => today.year(),
        1 | 2 => today.year() - 1,
        _ if planned_for => return None,
        _ => return Some((When::Vague, at + taken)),
    };
    let first = NaiveDate::from_ymd_opt(year, 12, 24)?;
    Some((between(first, first + Days::new(8), today), at + taken))
}

pub(super) fn quarter_period(quarter: u32, year: Option<i32>, today: NaiveDate) -> Option<When> {
    let first_month = (quarter - 1) * 3 + 1;
    let year = year.unwrap_or(if first_month <= today.month() {
        today.year()
    } else {
        today.year() - 1
    });
    let first = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let last = last_of_month(year, first_month + 2)?;
    Some(between(first, last, today))
}

pub(super) fn this_quarter(today: NaiveDate) -> u32 {
    (today.month() - 1) / 3 + 1
}

/// A named day: Christmas, New Year's Eve, Halloween, Valentine's Day, Easter, Diwali,
/// Thanksgiving, Black Friday, Cyber Monday — the most recent one that has begun.
pub(super) fn holiday_at(
    words: &[&str],
    at: usize,
    today: NaiveDate,
    mothering_sunday: bool,
) -> Option<(NaiveDate, usize)> {
    let (date, taken) = named_holiday_at(words, at, today, mothering_sunday)?;
    // "the Easter Monday bank holiday": the day named, a bank holiday.
    let bank_holiday_after = words.get(at) != Some(&"bank")
        && words.get(at + taken) == Some(&"bank")
        && matches!(words.get(at + taken + 1), Some(&("holiday" | "hol")));
    Some((date, taken + if bank_holiday_after { 2 } else { 0 }))
}

fn named_holiday_at(
    words: &[&str],
    at: usize,
    today: NaiveDate,
    mothering_sunday: bool,
) -> Option<(NaiveDate, usize)> {
    let word = *words.get(at)?;
    let next = words.get(at + 1).copied().unwrap_or("");
    let after = words.get(at + 2).copied().unwrap_or("");
    let fixed = |month, day, taken| Some((recent_date(month, day, today)?, taken));
    // A holiday whose date moves: this year's if it has come, else last year's.
    let moving = |date_in: &dyn Fn(i32) -> Option<NaiveDate>, taken| {
        let this_year = date_in(today.year())?;
        let date = if this_year <= today {
            this_year
        } else {
            date_in(today.year() - 1)?
        };
        Some((date, taken))
    };
    // "the Christmas rush", "Christmas turkeys", "orders for Christmas": what is sold or
    // planned for it, not the day.
    let for_the_season = matches!(word, "christmas" | "xmas")
        && (matches!(
            next,
            "rush"
                | "do"
                | "party"
                | "parties"
                | "market"
                | "turkey"
                | "turkeys"
                | "jumper"
                | "jumpers"
                | "menu"
                | "menus"
                | "orders"
                | "order"
                | "stock"
                | "shopping"
                | "sale"
                | "gifts"
                | "gift"
                | "hampers"
                | "hamper"
                | "fair"
                | "range"
                | "collection"
                | "grotto"
                | "cards"
                | "lights"
                | "dinner"
                | "lunch"
        ) || (at > 0 && words[at - 1] == "for" && today.month() < 12));
    if for_the_season {
        return None;
    }
    if let Some((month, day, taken)) = super::national_days::fixed_day_at(words, at) {
        return fixed(month, day, taken);
    }
    match (word, next, after) {
        ("christmas" | "xmas", "eve", _) => fixed(12, 24, 2),
        ("christmas" | "xmas", "day", _) => fixed(12, 25, 2),
        ("christmas" | "xmas", _, _) => fixed(12, 25, 1),
        ("boxing", "day", _) => fixed(12, 26, 2),
        ("new", "years" | "year", "eve") | ("nye", _, _) => {
            fixed(12, 31, if word == "nye" { 1 } else { 3 })
        }
        ("new", "years" | "year", "day") => fixed(1, 1, 3),
        // "since the new year": since New Year's Day.
        ("new", "years" | "year", _)
            if (1..=2).any(|back| at >= back && words[at - back] == "since")
                && (at < 2 || words[at - 1] == "the" || words[at - 1] == "since") =>
        {
            fixed(1, 1, 2)
        }
        // "between Christmas and New Year", "from Xmas to new years": to New Year's Day.
        ("new", "years" | "year", _)
            if at >= 2
                && (matches!(words[at - 1], "and" | "to" | "till" | "until" | "through")
                    || (words[at - 1] == "the"
                        && matches!(words[at - 2], "and" | "to" | "till" | "until")))
                && words[at.saturating_sub(5)..at - 1]
                    .iter()
                    .any(|w| matches!(*w, "christmas" | "xmas")) =>
        {
            fixed(1, 1, 2)
        }
        // Sweden's and Finland's Midsummer: the Friday between 19 and 25 June is its eve.
        ("midsummer", "eve", _) => moving(&midsummer_eve, 2),
        ("midsummer", "day", _) => moving(&|year| midsummer_eve(year)?.succ_opt(), 2),
        ("midsummer", _, _) => moving(&|year| midsummer_eve(year)?.succ_opt(), 1),
        (_, _, _) if day_counted_from_easter(word, next, after).is_some() => {
            let (days, taken) = day_counted_from_easter(word, next, after)?;
            moving(
                &|year| easter_sunday(year)?.checked_add_signed(chrono::TimeDelta::days(days)),
                taken,
            )
        }
        ("easter", "sunday", _) => moving(&easter_sunday, 2),
        // The United Kingdom's: the first Saturday of December.
        ("small", "business", "saturday") => {
            moving(&|year| nth_weekday(year, 12, Weekday::Sat, 1), 3)
        }
        ("easter", "saturday", _) | ("holy", "saturday", _) => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(1)),
            2,
        ),
        ("easter", _, _) => moving(&easter_sunday, 1),
        ("diwali", _, _) => moving(&diwali, 1),
        // Canada's: the second Monday of October.
        ("thanksgiving", "monday", _) | ("canadian", "thanksgiving", _) => {
            moving(&|year| nth_weekday(year, 10, Weekday::Mon, 2), 2)
        }
        ("thanksgiving", _, _) => moving(&|year| fourth_thursday_of_november(year), 1),
        ("black", "friday", _) => moving(
            &|year| fourth_thursday_of_november(year)?.checked_add_days(Days::new(1)),
            2,
        ),
        // "since BF", "on BF weekend" (not "my bf": a boyfriend).
        ("bf", _, _)
            if at > 0
                && matches!(
                    words[at - 1],
                    "on" | "since"
                        | "before"
                        | "after"
                        | "during"
                        | "for"
                        | "till"
                        | "until"
                        | "from"
                        | "over"
                ) =>
        {
            moving(
                &|year| fourth_thursday_of_november(year)?.checked_add_days(Days::new(1)),
                1,
            )
        }
        ("cyber", "monday", _) => moving(
            &|year| fourth_thursday_of_november(year)?.checked_add_days(Days::new(4)),
            2,
        ),
        // The United States' Memorial Day (the last Monday of May) and Labor Day (the
        // first of September).
        ("memorial", "day", _) => moving(&|year| last_weekday_of_month(year, 5, Weekday::Mon), 2),
        ("labor", "day", _) => moving(&|year| nth_weekday(year, 9, Weekday::Mon, 1), 2),
        // Presidents' Day and Martin Luther King Jr. Day: the third Monday of February and
        // of January.
        ("presidents", "day", _) => moving(&|year| nth_weekday(year, 2, Weekday::Mon, 3), 2),
        ("mlk", "day", _) => moving(&|year| nth_weekday(year, 1, Weekday::Mon, 3), 2),
        // Super Bowl Sunday: the second Sunday of February since 2022, the first before.
        ("super", "bowl", _) => moving(
            &|year| nth_weekday(year, 2, Weekday::Sun, if year >= 2022 { 2 } else { 1 }),
            2 + usize::from(words.get(at + 2) == Some(&"sunday")),
        ),
        // Mother's Day: Mothering Sunday in the UK and Ireland, the second Sunday of May
        // in most other places.
        ("mothers" | "mother", "day", _) if mothering_sunday => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(21)),
            2,
        ),
        ("mothers" | "mother", "day", _) => {
            moving(&|year| nth_weekday(year, 5, Weekday::Sun, 2), 2)
        }
        // Mother's Day as Italians, Germans and Brazilians name it: the second Sunday of
        // May ("dia" comes translated as "day").
        ("festa", "della", "mamma") | ("day" | "dia", "das" | "days", "mães" | "maes") => {
            moving(&|year| nth_weekday(year, 5, Weekday::Sun, 2), 3)
        }
        ("muttertag", _, _) => moving(&|year| nth_weekday(year, 5, Weekday::Sun, 2), 1),
        // Brazil's Father's Day: the second Sunday of August ("dia" comes as "day").
        ("day" | "dia", "dos", "pais") => moving(&|year| nth_weekday(year, 8, Weekday::Sun, 2), 3),
        // La fête des mères: the last Sunday of May, or the first of June when Pentecost
        // takes that Sunday ("des" comes translated as "the").
        ("fête" | "fete", "the" | "des", "mères" | "meres") => moving(
            &|year| {
                let last_sunday = last_weekday_of_month(year, 5, Weekday::Sun)?;
                let pentecost = easter_sunday(year)?.checked_add_days(Days::new(49))?;
                if last_sunday == pentecost {
                    nth_weekday(year, 6, Weekday::Sun, 1)
                } else {
                    Some(last_sunday)
                }
            },
            3,
        ),
        ("mothering", "sunday", _) => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(21)),
            2,
        ),
        ("fathers", "day", _) => moving(&|year| nth_weekday(year, 6, Weekday::Sun, 3), 2),
        ("remembrance", "sunday", _) => moving(&|year| nth_weekday(year, 11, Weekday::Sun, 2), 2),
        ("remembrance", _, _) => moving(&|year| nth_weekday(year, 11, Weekday::Sun, 2), 1),
        // Europe's clocks change on the last Sunday of March and of October.
        ("clocks", "went" | "go" | "changed", "back") => {
            moving(&|year| last_weekday_of_month(year, 10, Weekday::Sun), 3)
        }
        ("clocks", "went" | "go" | "changed", "forward") => {
            moving(&|year| last_weekday_of_month(year, 3, Weekday::Sun), 3)
        }
        // England's named bank holidays: the first and last Mondays of May, the last of
        // August.
        ("august", "bank", "holiday" | "hol") => {
            moving(&|year| last_weekday_of_month(year, 8, Weekday::Mon), 3)
        }
        ("spring", "bank", "holiday" | "hol") => {
            moving(&|year| last_weekday_of_month(year, 5, Weekday::Mon), 3)
        }
        ("may", "bank", "holiday" | "hol") => {
            moving(&|year| nth_weekday(year, 5, Weekday::Mon, 1), 3)
        }
        // "the bank holiday monday", "over the bank holiday": England's last one.
        ("bank", "holiday" | "hol", "monday") => Some((last_bank_holiday(today)?, 3)),
        // ("so far this bank holiday weekend" on its Sunday: the Monday to come.)
        ("bank", "holiday" | "hol", "weekend") => {
            Some((last_bank_holiday(today + Days::new(2))?, 2))
        }
        ("bank", "holiday" | "hol", _) => Some((last_bank_holiday(today)?, 2)),
        _ => FIXED_DAYS.iter().find_map(|(name, month, day)| {
            let name: Vec<&str> = name.split(' ').collect();
            let named = words
                .get(at..at + name.len())
                .is_some_and(|w| w == name.as_slice());
            named.then(|| fixed(*month, *day, name.len())).flatten()
        }),
    }
}

/// Days named around the world that fall on the same date every year (words as the
/// sentence spells them: lower case, apostrophes gone), with their month and day.
const FIXED_DAYS: &[(&str, u32, u32)] = &[
    ("canada day", 7, 1),
    // The equinoxes and solstices, on their usual days (as the northern hemisphere names
    // them).
    ("spring equinox", 3, 20),
    ("vernal equinox", 3, 20),
    ("march equinox", 3, 20),
    ("summer solstice", 6, 21),
    ("june solstice", 6, 21),
    ("autumn equinox", 9, 22),
    ("autumnal equinox", 9, 22),
    ("fall equinox", 9, 22),
    ("september equinox", 9, 22),
    ("winter solstice", 12, 21),
    ("december solstice", 12, 21),
    // Valentine's Day in French.
    ("saint valentin", 2, 14),
    ("st valentin", 2, 14),
    ("san valentino", 2, 14),
    ("april fools day", 4, 1),
    ("april fools", 4, 1),
    ("fourth of july", 7, 4),
    ("july 4th", 7, 4),
    ("bastille day", 7, 14),
    ("quatorze juillet", 7, 14),
    // Brazil's Independence Day ("sete de setembro": "de" and "setembro" come translated).
    ("sete of september", 9, 7),
    ("ferragosto", 8, 15),
    ("santo stefano", 12, 26),
    ("orthodox christmas", 1, 7),
    // Brazil's Valentine's Day.
    ("day dos namorados", 6, 12),
    ("dia dos namorados", 6, 12),
    // ("la vigilia di Natale" comes as "the vigilia of christmas", or "the" for "di".)
    ("vigilia of christmas", 12, 24),
    ("vigilia the christmas", 12, 24),
    // ("fête de la musique" comes as "fête of the musique".)
    ("fête of the musique", 6, 21),
    ("fete of the musique", 6, 21),
    ("santo antónio", 6, 13),
    ("santo antonio", 6, 13),
    ("juneteenth", 6, 19),
    // (Spanish and French words come translated: "de" is "of", "mayo" "may", "día" and
    // "jour" "day" by then.)
    ("cinco of may", 5, 5),
    // New Year's Eve and Day in German and French ("jour de l'an" comes as "day of lan").
    ("silvester", 12, 31),
    ("neujahr", 1, 1),
    ("day of lan", 1, 1),
    ("nouvel an", 1, 1),
    ("day of the dead", 11, 2),
    ("day of the muertos", 11, 2),
    ("day of muertos", 11, 2),
    ("australia day", 1, 26),
    ("anzac day", 4, 25),
    ("waitangi day", 2, 6),
    ("jamhuri day", 12, 12),
    ("madaraka day", 6, 1),
    ("mashujaa day", 10, 20),
    ("heritage day", 9, 24),
    ("epiphany", 1, 6),
    // Epiphany as Spain, Latin America, Italy and Germany name it ("Día de Reyes" comes
    // translated: "day of reyes").
    ("day of reyes", 1, 6),
    ("day of the reyes", 1, 6),
    ("reyes magos", 1, 6),
    ("three kings day", 1, 6),
    ("epifanía", 1, 6),
    ("epifania", 1, 6),
    ("befana", 1, 6),
    ("dreikönigstag", 1, 6),
    ("twelfth night", 1, 5),
    ("st nicholas day", 12, 6),
    ("saint nicholas day", 12, 6),
    ("st stephens day", 12, 26),
    ("saint stephens day", 12, 26),
    ("st lucia day", 12, 13),
    ("may day", 5, 1),
    ("womens day", 3, 8),
    ("international womens day", 3, 8),
    ("international women day", 3, 8),
    ("galentines day", 2, 13),
    ("galentines", 2, 13),
    // Father's Day in Italy and Spain: Saint Joseph's day.
    ("festa of the papà", 3, 19),
    ("festa of the papa", 3, 19),
    ("festa del papà", 3, 19),
    ("festa del papa", 3, 19),
    ("earth day", 4, 22),
    ("singles day", 11, 11),
    ("kwanzaa", 12, 26),
    ("sinterklaas", 12, 5),
    ("sinterklaasavond", 12, 5),
    ("pakjesavond", 12, 5),
    ("nikolaustag", 12, 6),
    ("koningsdag", 4, 27),
    ("kings day", 4, 27),
];

/// The `n`th `weekday` of `month` in `year` (1-based).
pub(super) fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
}

/// The last Monday of `month` in `year`.
pub(super) fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    last_weekday_of_month(year, month, Weekday::Mon)
}

/// The last `weekday` of `month` in `year`.
/// Midsummer Eve in Sweden and Finland: the Friday between 19 and 25 June.
fn midsummer_eve(year: i32) -> Option<NaiveDate> {
    (19..=25)
        .filter_map(|day| NaiveDate::from_ymd_opt(year, 6, day))
        .find(|date| date.weekday() == Weekday::Fri)
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let last = last_of_month(year, month)?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// England's most recent bank holiday on or before `today` (New Year's Day, Good Friday,
/// Easter Monday, the early May, spring and summer Mondays, Christmas and Boxing Day; the
/// weekday substitutes are left out).
fn last_bank_holiday(today: NaiveDate) -> Option<NaiveDate> {
    [today.year(), today.year() - 1]
        .into_iter()
        .flat_map(|year| {
            let easter = easter_sunday(year);
            [
                NaiveDate::from_ymd_opt(year, 1, 1),
                easter.and_then(|e| e.checked_sub_days(Days::new(2))),
                easter.and_then(|e| e.checked_add_days(Days::new(1))),
                nth_weekday(year, 5, Weekday::Mon, 1),
                last_monday(year, 5),
                last_monday(year, 8),
                NaiveDate::from_ymd_opt(year, 12, 25),
                NaiveDate::from_ymd_opt(year, 12, 26),
            ]
        })
        .flatten()
        .filter(|day| *day <= today)
        .max()
}

/// US Thanksgiving: the fourth Thursday of November.
fn fourth_thursday_of_november(year: i32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 11, 1)?;
    let to_thursday = (7 + 3 - first.weekday().num_days_from_monday()) % 7;
    first.checked_add_days(Days::new(u64::from(to_thursday) + 21))
}

/// Diwali (Lakshmi Puja) follows the lunar calendar: the dates of the years Pulse is asked
/// about.
fn diwali(year: i32) -> Option<NaiveDate> {
    let (month, day) = match year {
        2024 => (11, 1),
        2025 => (10, 20),
        2026 => (11, 8),
        2027 => (10, 29),
        2028 => (10, 17),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The weekend a holiday gives its name to: the Saturday and Sunday nearest the day, run on
/// to a Monday ("the august bank holiday weekend") or from a Friday ("the black friday
/// weekend").
pub(super) fn holiday_weekend(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (saturday, sunday) = weekend_around(date);
    // (A Thursday's — Thanksgiving's — runs from it, with the Friday after.)
    let first = if matches!(date.weekday(), Weekday::Thu | Weekday::Fri) {
        date
    } else {
        saturday
    };
    let last = if date.weekday() == Weekday::Mon {
        date
    } else {
        sunday
    };
    (first, last)
}

/// "the weekend of Valentine's Day", "the week-end of Saint-Valentin", with "weekend" at
/// `at`: that holiday's weekend, and where its words end.
pub(super) fn weekend_of_a_holiday(
    words: &[&str],
    at: usize,
    today: NaiveDate,
    mothering_sunday: bool,
) -> Option<(When, usize)> {
    if words.get(at + 1) != Some(&"of") {
        return None;
    }
    let start = at + 2 + usize::from(words.get(at + 2) == Some(&"the"));
    let (date, taken) = holiday_at(words, start, today, mothering_sunday)?;
    // "the weekend of easter 2025": that year's.
    let (date, taken) = match super::dates::year_at(words, start + taken) {
        Some((year, more)) => {
            let end_of_year = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let (date, _) = holiday_at(words, start, end_of_year, mothering_sunday)?;
            (date, taken + more)
        }
        None => (date, taken),
    };
    let (first, last) = holiday_weekend(date);
    Some((between(first, last, today), start + taken))
}

/// "Halloween weekend": the Saturday and Sunday nearest the day.
pub(super) fn weekend_around(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let saturday = match date.weekday() {
        Weekday::Sat => date,
        Weekday::Sun => date - Days::new(1),
        Weekday::Thu | Weekday::Fri => {
            date + Days::new(u64::from(5 - date.weekday().num_days_from_monday()))
        }
        other => date - Days::new(u64::from(other.num_days_from_monday() + 2)),
    };
    (saturday, saturday + Days::new(1))
}

/// "the summer holidays (July and August)", "over the winter, so December and January": two
/// months joined by "and" just after a longer period that holds them both restate its days,
/// one stretch from the first to the last.
pub(super) fn restated_by_months(words: &[&str], found: &mut Vec<Mention>, today: NaiveDate) {
    let month_of = |m: &Mention| match m.when {
        When::Period(period @ Period::Month { .. }) => Some(period.resolve(today)),
        _ => None,
    };
    // "over lambing? That's March and April for us": a time of the asker's own, said as the
    // months it spans.
    for at in 0..found.len().saturating_sub(1) {
        let (first, last) = (&found[at], &found[at + 1]);
        let (Some(first_month), Some(last_month)) = (month_of(first), month_of(last)) else {
            continue;
        };
        let said_as = (1..=2).any(|back| {
            first.start >= back && matches!(words[first.start - back], "thats" | "ie" | "meaning")
        });
        if said_as
            && last.start == first.end + 1
            && words.get(first.end) == Some(&"and")
            && first_month.first < last_month.first
        {
            let stretch = Period::Between(first_month.first, last_month.last.min(today));
            found[at] = Mention::named(When::Period(stretch), first.start, last.end);
            found.remove(at + 1);
            return;
        }
    }
    for at in 0..found.len().saturating_sub(2) {
        let (named, first, last) = (&found[at], &found[at + 1], &found[at + 2]);
        let When::Period(period) = named.when else {
            continue;
        };
        let (Some(first_month), Some(last_month)) = (month_of(first), month_of(last)) else {
            continue;
        };
        let held = period.resolve(today);
        let joined = last.start == first.end + 1 && words.get(first.end) == Some(&"and");
        let close = first.start >= named.end && first.start - named.end <= 3;
        if joined
            && close
            && first_month.first < last_month.first
            && held.first <= first_month.first
            && last_month.last <= held.last
        {
            let stretch = Period::Between(first_month.first, last_month.last.min(today));
            found[at] = Mention::named(When::Period(stretch), named.start, last.end);
            found.drain(at + 1..at + 3);
            return;
        }
    }
}
