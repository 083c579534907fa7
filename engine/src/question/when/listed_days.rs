//! Days listed by year rather than computed: those that lunar and lunisolar calendars set,
//! which move against the Gregorian one — the Hebrew calendar's (Hanukkah, Rosh Hashanah,
//! Yom Kippur, Passover), the Islamic calendar's (Ramadan, Eid al-Fitr, Eid al-Adha, as
//! Saudi Arabia's Umm al-Qura calendar sets them — a place that goes by the moon's sighting
//! may keep them a day apart, and the reply names the days it used), Holi, the Lunar New
//! Year — and the solstices and the football World Cups.

use chrono::{Datelike, Days, NaiveDate};

use super::dates::between;
use super::When;

type Listed = &'static [(i32, u32, u32)];

/// One holiday: the names it goes by (words as the sentence spells them; a word ending in
/// `*` stands for any word it begins, as Turkish endings go: "bayramında"), the lists of
/// dates it is counted from, how many days after the listed date it begins, and how long
/// it lasts.
struct Holiday {
    names: &'static [&'static [&'static str]],
    dates: &'static [Listed],
    from_listed: i64,
    lasts: Lasts,
}

enum Lasts {
    Days(u64),
    /// Up to the day before the next date of a list (Ramadan: up to Eid al-Fitr).
    UntilTheDayBefore(Listed),
}

/// Hanukkah's first evening, by year.
const HANUKKAH_FIRST_EVENINGS: Listed = &[
    (2020, 12, 10),
    (2021, 11, 28),
    (2022, 12, 18),
    (2023, 12, 7),
    (2024, 12, 25),
    (2025, 12, 14),
    (2026, 12, 4),
    (2027, 12, 24),
    (2028, 12, 12),
    (2029, 12, 1),
    (2030, 12, 20),
];

/// Rosh Hashanah's first day (from the evening before), by year; Yom Kippur is the tenth
/// day from it, and Passover's first day (15 Nisan) 163 days before it.
const ROSH_HASHANAH_FIRST_DAYS: Listed = &[
    (2020, 9, 19),
    (2021, 9, 7),
    (2022, 9, 26),
    (2023, 9, 16),
    (2024, 10, 3),
    (2025, 9, 23),
    (2026, 9, 12),
    (2027, 10, 2),
    (2028, 9, 21),
    (2029, 9, 10),
    (2030, 9, 28),
];

/// The first day of Ramadan (1 Ramadan), by year.
const RAMADAN_FIRST_DAYS: Listed = &[
    (2020, 4, 24),
    (2021, 4, 13),
    (2022, 4, 2),
    (2023, 3, 23),
    (2024, 3, 11),
    (2025, 3, 1),
    (2026, 2, 18),
    (2027, 2, 8),
    (2028, 1, 28),
    (2029, 1, 16),
    (2030, 1, 5),
    (2030, 12, 26),
];

/// Eid al-Fitr (1 Shawwal), by year.
const EID_AL_FITR_DAYS: Listed = &[
    (2020, 5, 24),
    (2021, 5, 13),
    (2022, 5, 2),
    (2023, 4, 21),
    (2024, 4, 10),
    (2025, 3, 30),
    (2026, 3, 20),
    (2027, 3, 9),
    (2028, 2, 26),
    (2029, 2, 14),
    (2030, 2, 4),
    (2031, 1, 24),
];

/// Eid al-Adha (10 Dhu al-Hijjah), by year.
const EID_AL_ADHA_DAYS: Listed = &[
    (2020, 7, 31),
    (2021, 7, 20),
    (2022, 7, 9),
    (2023, 6, 28),
    (2024, 6, 16),
    (2025, 6, 6),
    (2026, 5, 27),
    (2027, 5, 16),
    (2028, 5, 5),
    (2029, 4, 24),
    (2030, 4, 13),
];

/// Holi, the day of colours (the day after Holika Dahan), by year.
const HOLI_DAYS: Listed = &[
    (2020, 3, 10),
    (2021, 3, 29),
    (2022, 3, 18),
    (2023, 3, 8),
    (2024, 3, 25),
    (2025, 3, 14),
    (2026, 3, 4),
    (2027, 3, 22),
    (2028, 3, 11),
    (2029, 3, 1),
    (2030, 3, 20),
];

/// The Lunar New Year (Chinese New Year, Tết, Seollal), by year.
const LUNAR_NEW_YEARS: Listed = &[
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
];

/// The Mid-Autumn Festival: the 15th day of the 8th lunar month (checked with the
/// `lunardate` package), by year.
const MID_AUTUMN_DAYS: Listed = &[
    (2020, 10, 1),
    (2021, 9, 21),
    (2022, 9, 10),
    (2023, 9, 29),
    (2024, 9, 17),
    (2025, 10, 6),
    (2026, 9, 25),
    (2027, 9, 15),
    (2028, 10, 3),
    (2029, 9, 22),
    (2030, 9, 12),
];

/// The solstices as the United Kingdom has them, by year.
const SUMMER_SOLSTICES: Listed = &[
    (2020, 6, 20),
    (2021, 6, 21),
    (2022, 6, 21),
    (2023, 6, 21),
    (2024, 6, 20),
    (2025, 6, 21),
    (2026, 6, 21),
    (2027, 6, 21),
    (2028, 6, 20),
    (2029, 6, 21),
    (2030, 6, 21),
];

const WINTER_SOLSTICES: Listed = &[
    (2020, 12, 21),
    (2021, 12, 21),
    (2022, 12, 21),
    (2023, 12, 22),
    (2024, 12, 21),
    (2025, 12, 21),
    (2026, 12, 21),
    (2027, 12, 22),
    (2028, 12, 21),
    (2029, 12, 21),
    (2030, 12, 21),
];

/// The men's World Cup's opening days, and the days after its finals; the women's.
const WORLD_CUP_OPENINGS: Listed = &[(2022, 11, 20), (2026, 6, 11)];
const WORLD_CUP_DAYS_AFTER: Listed = &[(2022, 12, 19), (2026, 7, 20)];
const WOMENS_WORLD_CUP_OPENINGS: Listed = &[(2023, 7, 20), (2027, 6, 24)];
const WOMENS_WORLD_CUP_DAYS_AFTER: Listed = &[(2023, 8, 21), (2027, 7, 26)];

const HOLIDAYS: &[Holiday] = &[
    // The eight nights, from the first evening to the last day.
    Holiday {
        names: &[&["hanukkah"], &["chanukah"], &["hanukah"], &["chanukkah"]],
        dates: &[HANUKKAH_FIRST_EVENINGS],
        from_listed: 0,
        lasts: Lasts::Days(9),
    },
    Holiday {
        names: &[
            &["rosh", "hashanah"],
            &["rosh", "hashana"],
            &["rosh", "hashannah"],
            &["rosh", "hoshana"],
        ],
        dates: &[ROSH_HASHANAH_FIRST_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(2),
    },
    Holiday {
        names: &[&["yom", "kippur"], &["yom", "kipur"]],
        dates: &[ROSH_HASHANAH_FIRST_DAYS],
        from_listed: 9,
        lasts: Lasts::Days(1),
    },
    // Eight days, as kept outside Israel.
    Holiday {
        names: &[&["passover"], &["pesach"], &["pessach"], &["pesah"]],
        dates: &[ROSH_HASHANAH_FIRST_DAYS],
        from_listed: -163,
        lasts: Lasts::Days(8),
    },
    // The festivals by their own names first, then a bare "eid" (the latest of either).
    Holiday {
        names: &[
            &["eid", "al", "fitr"],
            &["eid", "ul", "fitr"],
            &["eid", "al-fitr"],
            &["eid", "ul-fitr"],
            &["eid-al-fitr"],
            &["eid-ul-fitr"],
            &["idul", "fitri"],
            &["idul", "fitr"],
            &["lebaran"],
            &["hari", "raya", "aidilfitri"],
            &["hari", "raya", "puasa"],
            &["meethi", "eid"],
            &["choti", "eid"],
        ],
        dates: &[EID_AL_FITR_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    // The Turkish feasts are counted whole: three days and four.
    Holiday {
        names: &[
            &["ramazan", "bayram*"],
            &["ramadan", "bayram*"],
            &["şeker", "bayram*"],
            &["seker", "bayram*"],
        ],
        dates: &[EID_AL_FITR_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(3),
    },
    Holiday {
        names: &[&["kurban", "bayram*"]],
        dates: &[EID_AL_ADHA_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(4),
    },
    Holiday {
        names: &[
            &["eid", "al", "adha"],
            &["eid", "ul", "adha"],
            &["eid", "al-adha"],
            &["eid", "ul-adha"],
            &["eid-al-adha"],
            &["eid-ul-adha"],
            &["idul", "adha"],
            &["iduladha"],
            &["bakrid"],
            &["bakri", "eid"],
            &["bakra", "eid"],
            &["hari", "raya", "haji"],
        ],
        dates: &[EID_AL_ADHA_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[&["eid"]],
        dates: &[EID_AL_FITR_DAYS, EID_AL_ADHA_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[
            &["ramadan"],
            &["ramzan"],
            &["ramadhan"],
            &["ramazan"],
            &["ramadán"],
        ],
        dates: &[RAMADAN_FIRST_DAYS],
        from_listed: 0,
        lasts: Lasts::UntilTheDayBefore(EID_AL_FITR_DAYS),
    },
    Holiday {
        names: &[&["holi"]],
        dates: &[HOLI_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[
            &["chinese", "new", "year"],
            &["chinese", "new", "years"],
            &["lunar", "new", "year"],
            &["lunar", "new", "years"],
            &["cny"],
            &["seollal"],
            &["tet"],
            &["tết"],
        ],
        dates: &[LUNAR_NEW_YEARS],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[
            &["mid", "autumn", "festival", "day"],
            &["mid", "autumn", "festival"],
            &["mid", "autumn", "day"],
            &["mooncake", "festival"],
            &["moon", "festival"],
        ],
        dates: &[MID_AUTUMN_DAYS],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[&["summer", "solstice"], &["longest", "day"]],
        dates: &[SUMMER_SOLSTICES],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[&["winter", "solstice"], &["shortest", "day"]],
        dates: &[WINTER_SOLSTICES],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[&["solstice"]],
        dates: &[SUMMER_SOLSTICES, WINTER_SOLSTICES],
        from_listed: 0,
        lasts: Lasts::Days(1),
    },
    Holiday {
        names: &[
            &["womens", "world", "cup"],
            &["women", "world", "cup"],
            &["womens", "worldcup"],
        ],
        dates: &[WOMENS_WORLD_CUP_OPENINGS],
        from_listed: 0,
        lasts: Lasts::UntilTheDayBefore(WOMENS_WORLD_CUP_DAYS_AFTER),
    },
    // (Other languages' names come translated word by word: "Coupe du monde" as "coupe the
    // monde", "Copa do Mundo" as "copa do mundo".)
    Holiday {
        names: &[
            &["world", "cup"],
            &["worldcup"],
            &["coupe", "the", "monde"],
            &["coupe", "of", "monde"],
            &["copa", "do", "mundo"],
            &["copa", "the", "mundo"],
            &["copa", "of", "the", "mundo"],
            &["copa", "mundial"],
            &["mondiali"],
            &["piala", "dunia"],
        ],
        dates: &[WORLD_CUP_OPENINGS],
        from_listed: 0,
        lasts: Lasts::UntilTheDayBefore(WORLD_CUP_DAYS_AFTER),
    },
];

fn dates(listed: Listed) -> impl Iterator<Item = NaiveDate> {
    listed
        .iter()
        .filter_map(|(year, month, day)| NaiveDate::from_ymd_opt(*year, *month, *day))
}

/// Whether `word` is the name's word `name` ("bayram*" begins "bayramında").
fn spelled(name: &str, word: &str) -> bool {
    match name.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => name == word,
    }
}

/// "over Hanukkah", "during Ramadan", "since eid", "ramadan 2025", "since the World Cup
/// started": the holiday's or event's days — the most recent that has begun, or the named
/// year's. The lists end in 2030.
pub(super) fn listed_day_at(words: &[&str], at: usize, today: NaiveDate) -> Option<(When, usize)> {
    let (holiday, name_length) = HOLIDAYS.iter().find_map(|holiday| {
        holiday
            .names
            .iter()
            .find(|name| {
                words.get(at..at + name.len()).is_some_and(|said| {
                    name.iter()
                        .zip(said)
                        .all(|(name, word)| spelled(name, word))
                })
            })
            .map(|name| (holiday, name.len()))
    })?;
    // ("during Ramadan and Eid": the Eid that ends it.)
    let lists = if holiday.names == [["eid"].as_slice()] && words.contains(&"ramadan") {
        &[EID_AL_FITR_DAYS][..]
    } else {
        holiday.dates
    };
    let mut begins: Vec<NaiveDate> = lists
        .iter()
        .flat_map(|listed| dates(listed))
        .filter_map(|listed| {
            let shift = Days::new(holiday.from_listed.unsigned_abs());
            if holiday.from_listed < 0 {
                listed.checked_sub_days(shift)
            } else {
                listed.checked_add_days(shift)
            }
        })
        .collect();
    begins.sort();
    // ("Idul Adha kemarin", "lebaran kemarin": the one just gone; "kemarin" comes as
    // "yesterday".)
    let after = at + name_length + usize::from(words.get(at + name_length) == Some(&"yesterday"));
    // "hanukkah 2024", "yom kippur last year", "ramadan this year": that year's.
    let named = match (words.get(after), words.get(after + 1)) {
        (Some(&("this" | "last")), Some(&"year")) => {
            let year = today.year() - i32::from(words[after] == "last");
            Some((year, 2))
        }
        _ => super::dates::year_at(words, after),
    };
    let (first, end) = match named {
        Some((year, more)) => {
            let first = *begins.iter().find(|first| first.year() == year)?;
            if first > today {
                return Some((When::Future, after + more));
            }
            (first, after + more)
        }
        None => {
            let begun: Vec<&NaiveDate> = begins.iter().filter(|first| **first <= today).collect();
            // ("Ramadan vs last Ramadan": the one before the one just named.)
            let named_before = at >= 2
                && words[at - 1] == "last"
                && words[..at - 1].iter().any(|word| spelled(words[at], word));
            let back = usize::from(named_before) + 1;
            (**begun.get(begun.len().checked_sub(back)?)?, after)
        }
    };
    let last = match holiday.lasts {
        Lasts::Days(days) => first + Days::new(days - 1),
        Lasts::UntilTheDayBefore(ends) => dates(ends).find(|end| *end > first)?.pred_opt()?,
    };
    Some((between(first, last, today), end))
}
