//! What a chat's time zone says about how its people write times: seasons turned around in
//! the southern hemisphere, "2/11" day first or month first, Mothering Sunday.

/// What a chat's time zone says about how its people write times.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZoneHabits {
    /// In the southern hemisphere, where seasons are turned around.
    pub southern: bool,
    /// How "2/11" reads: the day first (`Some(true)`, most of the world), the month first
    /// (`Some(false)`: the United States, the Philippines), or unknown (UTC).
    pub day_first: Option<bool>,
    /// Whether Mother's Day is Mothering Sunday, three weeks before Easter (the UK and
    /// Ireland), rather than the second Sunday of May.
    pub mothering_sunday: bool,
}

impl ZoneHabits {
    /// The habits of the people of `zone`.
    pub fn of(zone: chrono_tz::Tz) -> ZoneHabits {
        const MOTHERING_SUNDAY: &[&str] = &[
            "Europe/London",
            "Europe/Dublin",
            "Europe/Belfast",
            "Europe/Guernsey",
            "Europe/Jersey",
            "Europe/Isle_of_Man",
            "GB",
            "Eire",
        ];
        ZoneHabits {
            southern: southern(zone),
            day_first: day_first(zone),
            mothering_sunday: MOTHERING_SUNDAY.contains(&zone.name()),
        }
    }
}

/// Whether people in `zone` write the day before the month ("2/11" for 2 November); `None`
/// for a zone of no country (UTC).
fn day_first(zone: chrono_tz::Tz) -> Option<bool> {
    // The zones of the United States and of the Philippines, which write the month first.
    const MONTH_FIRST: &[&str] = &[
        "US/",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "America/Adak",
        "America/Boise",
        "America/Detroit",
        "America/Indiana/",
        "America/Kentucky/",
        "America/Menominee",
        "America/North_Dakota/",
        "America/Juneau",
        "America/Sitka",
        "America/Nome",
        "America/Metlakatla",
        "America/Yakutat",
        "America/Puerto_Rico",
        "Pacific/Honolulu",
        "Pacific/Guam",
        "Asia/Manila",
    ];
    let name = zone.name();
    if name == "UTC" || name.starts_with("Etc/") || matches!(name, "GMT" | "UCT" | "Zulu") {
        return None;
    }
    // Canada writes both ways.
    if name.starts_with("Canada/")
        || matches!(
            name,
            "America/Toronto"
                | "America/Vancouver"
                | "America/Edmonton"
                | "America/Winnipeg"
                | "America/Halifax"
                | "America/St_Johns"
                | "America/Regina"
        )
    {
        return None;
    }
    Some(!MONTH_FIRST.iter().any(|prefix| name.starts_with(prefix)))
}

/// Whether a time zone is in the southern hemisphere, where seasons are turned around.
pub fn southern(zone: chrono_tz::Tz) -> bool {
    const SOUTHERN: &[&str] = &[
        "Australia/",
        "Antarctica/",
        "Pacific/Auckland",
        "Pacific/Chatham",
        "Pacific/Fiji",
        "Pacific/Tongatapu",
        "Pacific/Noumea",
        "Pacific/Efate",
        "Pacific/Apia",
        "Pacific/Tahiti",
        "America/Argentina",
        "America/Buenos_Aires",
        "America/Santiago",
        "America/Punta_Arenas",
        "America/Sao_Paulo",
        "America/Montevideo",
        "America/Asuncion",
        "America/La_Paz",
        "America/Lima",
        "Africa/Johannesburg",
        "Africa/Maputo",
        "Africa/Harare",
        "Africa/Windhoek",
        "Africa/Lusaka",
        "Africa/Gaborone",
        "Africa/Maseru",
        "Africa/Mbabane",
        "Africa/Blantyre",
        "Indian/Mauritius",
        "Indian/Reunion",
        "Indian/Antananarivo",
        "Atlantic/Stanley",
        "NZ",
    ];
    let name = zone.name();
    SOUTHERN.iter().any(|prefix| name.starts_with(prefix))
}
