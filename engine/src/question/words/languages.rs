//! Words of other languages that creators mix into an English question — "combien de vues
//! ce mois-ci", "kitne views is hafte", "berapa likes minggu ini", "mi mejor post del año" —
//! each with the English it stands for, and the few places where the order or the meaning
//! of a word differs from English: a period's "last" or "this" said after its unit ("mes
//! pasado", "minggu lalu", "3 bulan terakhir"), a word that means one thing in one language
//! and another in the next ("mes" is a month in Spanish and "my" in French, "mon" is "my" or
//! Monday), and pairs that mean one thing together ("sabse zyada", "paling banyak", "jab se").
//!
//! Only words that are no English word people use in a question are here: "son", "pays",
//! "war", "hat", "tag" or "me" keep their English meaning.

use std::sync::LazyLock;

use super::aliases::ALIAS_OF;
use super::pairs::PAIRS;

/// Words of Spanish, Portuguese, French, German, romanised Hindi, Indonesian and Tagalog,
/// with the English they stand for, from `languages.txt`.
pub(super) static WORDS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("languages.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(' '))
        .collect()
});

/// Units of a period in the languages above, that a "last" or "this" may follow ("mes
/// pasado", "minggu ini"), as the English ones may ("week", "days").
const PERIOD_UNITS: &[&str] = &[
    "mes", "mês", "meses", "semana", "semanas", "mois", "semaine", "semaines", "monat", "woche",
    "bulan", "bln", "minggu", "tahun", "año", "años", "ano", "anos", "jahr", "hafte", "hafta",
    "haftay", "mahine", "mahina", "saal", "din", "hari", "jour", "jours", "dias", "días", "tháng",
    "tuần", "năm", "ngày",
];

/// Whether `word` is the unit of a period, in English or in the languages above.
fn is_period_unit(word: &str) -> bool {
    PERIOD_UNITS.contains(&word)
        || matches!(
            word,
            "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
        )
}

/// A period's "last" or "this" said after its unit, with the English said before it.
const AFTER_THE_UNIT: &[(&str, &str)] = &[
    ("pasado", "last"),
    ("pasada", "last"),
    ("pasados", "last"),
    ("passado", "last"),
    ("passada", "last"),
    ("passados", "last"),
    ("anterior", "last"),
    ("dernier", "last"),
    ("dernière", "last"),
    ("derniere", "last"),
    ("derniers", "last"),
    ("dernières", "last"),
    ("lalu", "last"),
    ("terakhir", "last"),
    ("ini", "this"),
    ("actual", "this"),
    ("atual", "this"),
    ("passé", "last"),
    ("passée", "last"),
    ("passe", "last"),
    ("passee", "last"),
    ("này", "this"),
    ("trước", "last"),
];

/// Hindi and Indonesian units that "is" ("this") may stand before.
const HINDI_UNITS: &[&str] = &["hafte", "hafta", "haftay", "mahine", "mahina", "saal"];

/// Rewrites the words of a question where another language's order or meaning differs
/// from English, before each word is read on its own: the results may hold two words
/// ("last month"), and a word made empty is dropped.
pub(super) fn in_english(words: &mut [String]) {
    for at in 0..words.len() {
        let next = words.get(at + 1).map(String::as_str).unwrap_or("");
        if let Some((_, _, both)) = PAIRS
            .iter()
            .find(|(first, second, _)| words[at] == *first && next == *second)
        {
            words[at] = (*both).to_owned();
            words[at + 1].clear();
            continue;
        }
        let previous = at.checked_sub(1).map(|p| words[p].as_str()).unwrap_or("");
        match words[at].as_str() {
            // "Sabyasachi ke page ka engagement": Sabyasachi's page (the Hindi "of" said
            // after its owner; "mere page ka" is the asker's own).
            "ke" | "ka" | "ki"
                if matches!(next, "page" | "account" | "profile" | "insta" | "handle")
                    && at > 0
                    && !matches!(previous, "my" | "our" | "mera" | "mere" | "meri" | "hamara")
                    && previous.chars().all(char::is_alphabetic) =>
            {
                words[at - 1] = format!("{previous}s");
                words[at].clear();
            }
            // "cuántos me dejaron de seguir": how many stopped following (unfollowed).
            "dejaron" | "deixaram" | "smisero"
                if matches!(next, "de" | "di")
                    && words.get(at + 2).is_some_and(|w| {
                        matches!(w.as_str(), "seguir" | "seguirme" | "seguirmi")
                    }) =>
            {
                words[at] = "unfollowed".into();
                words[at + 1].clear();
                words[at + 2].clear();
            }
            // "qual meu pior post do mês": of this month ("do mês passado": of last month).
            "do" | "del"
                if matches!(next, "mês" | "mes")
                    // ("en lo que va del mes": so far this month, read as a whole.)
                    && previous != "va"
                    && !words.get(at + 2).is_some_and(|after| {
                        AFTER_THE_UNIT.iter().any(|(word, _)| word == after)
                    }) =>
            {
                words[at] = "this".into();
            }
            // "reels o carruseles", "likes o commenti": the Spanish and Italian "or" between
            // two kinds of post or two figures (the Scots "o", "of", elsewhere).
            "o" if names_a_kind_or_figure(previous) && names_a_kind_or_figure(next) => {
                words[at] = "or".into();
            }
            // "ai comment trên post": the Vietnamese "who" ("AI" otherwise).
            "ai" if matches!(
                next,
                "comment" | "comments" | "like" | "likes" | "follow" | "đã" | "hay"
            ) =>
            {
                words[at] = "who".into();
            }
            // "wo banarasi wala": that (one); the German "wo" is "where".
            "wo" if words
                .iter()
                .skip(at + 1)
                .take(3)
                .any(|w| matches!(w.as_str(), "wala" | "wali" | "wale")) =>
            {
                words[at] = "that".into();
            }
            // "cuántos seguidores voy a tener": will (not "voy a ver mis likes", a plan).
            "voy"
                if next == "a"
                    && words.get(at + 2).is_some_and(|verb| {
                        matches!(
                            verb.as_str(),
                            "tener" | "llegar" | "conseguir" | "alcanzar" | "ganar" | "perder"
                        )
                    }) =>
            {
                words[at] = "will".into();
            }
            // "show am for views", "compare am with last month": the Pidgin "it".
            "am" if matches!(
                previous,
                "show" | "compare" | "give" | "break" | "rank" | "sort" | "tell" | "run"
            ) =>
            {
                words[at] = "it".into();
            }
            // "sabse views": the most.
            "sabse" | "paling" => words[at] = "most".into(),
            // "followers ke hisaab se": by followers; "Diwali ke baad se": since Diwali. The
            // word said after is said before in English.
            "hisaab" | "hisab" | "baad" if previous == "ke" && at >= 2 => {
                let english = if words[at] == "baad" { "since" } else { "by" };
                let then_on = next == "se";
                words[at - 2] = format!("{english} {}", words[at - 2]);
                words[at - 1].clear();
                words[at].clear();
                if then_on {
                    words[at + 1].clear();
                }
            }
            // "3 hafte mein", "ek week mein": within the last weeks counted.
            "mein"
                if at >= 2
                    && is_period_unit(previous)
                    && (words[at - 2].parse::<u32>().is_ok()
                        || matches!(words[at - 2].as_str(), "ek" | "one")) =>
            {
                words[at - 2] = format!("last {}", words[at - 2]);
                words[at].clear();
            }
            // "is hafte": this week ("is" stays "is" before an English word).
            "is" if HINDI_UNITS.contains(&next) => words[at] = "this".into(),
            // "is month ka", "is week mein": this month, said in Hinglish.
            "is" if matches!(next, "week" | "month" | "year")
                && words.get(at + 2).is_some_and(|after| {
                    matches!(after.as_str(), "ka" | "ke" | "ki" | "mein" | "me" | "main")
                }) =>
            {
                words[at] = "this".into();
            }
            // "im September", "im Oktober": in (a lower-case "im" is also "I'm").
            "im" if crate::period::month_number(ALIAS_OF.get(next).unwrap_or(&next)).is_some()
                || next == "jahr" =>
            {
                words[at] = "in".into();
            }
            // "el mes", "este mes", "mes pasado": a month; "mes abonnés": my.
            "mes" => {
                let a_month = matches!(
                    previous,
                    "el" | "este" | "ese" | "esse" | "del" | "cada" | "un" | "por" | "al" | "o"
                ) || AFTER_THE_UNIT.iter().any(|(word, _)| *word == next);
                words[at] = if a_month { "month" } else { "my" }.into();
            }
            // "mon dernier post", "quel est mon pire post": my (and Monday otherwise).
            "mon" => {
                let french = matches!(
                    previous,
                    "est" | "sur" | "de" | "pour" | "dans" | "quel" | "quelle" | "à"
                ) || matches!(
                    next,
                    "dernier"
                        | "meilleur"
                        | "pire"
                        | "compte"
                        | "profil"
                        | "taux"
                        | "premier"
                        | "post"
                        | "reel"
                        | "carrousel"
                        | "engagement"
                );
                if french {
                    words[at] = "my".into();
                }
            }
            // "Reichweite pro Reel": per (the English "pro" is a professional account: "my
            // pro video").
            "pro"
                if !matches!(previous, "my" | "our" | "a" | "the" | "your" | "ur")
                    && matches!(
                        next,
                        "reel"
                            | "post"
                            | "beitrag"
                            | "video"
                            | "foto"
                            | "bild"
                            | "story"
                            | "tag"
                            | "woche"
                    ) =>
            {
                words[at] = "per".into();
            }
            // "del 15 al 30 de septiembre": from the 15th to the 30th.
            "al" if previous.starts_with(|c: char| c.is_ascii_digit())
                && next.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                words[at] = "to".into();
            }
            // Yorkshire "sin' Christmas": since (the Spanish "sin" is "without").
            "sin"
                if matches!(next, "christmas" | "xmas" | "then" | "last" | "yesterday")
                    || crate::period::month_number(ALIAS_OF.get(next).unwrap_or(&next))
                        .is_some() =>
            {
                words[at] = "since".into();
            }
            // "8 june se ab tak": from that day to now (the Hindi "from" said after it).
            // ("Diwali se leke ab tak": from Diwali to now.)
            "se" if matches!(next, "ab" | "abhi")
                && words.get(at + 2).is_some_and(|w| w == "tak") =>
            {
                words[at].clear();
            }
            // "ho guadagnato 50 follower", "y cuántos gané": gained; "quanto ho guadagnato",
            // "cuánto dinero gané": earned (money, or how much, said beside it).
            "guadagnato" | "guadagnati" | "guadagnata" | "gané" | "gane" | "ganhei" | "ganei" => {
                let near: Vec<&str> = words
                    .iter()
                    .skip(at.saturating_sub(3))
                    .take(7)
                    .map(String::as_str)
                    .collect();
                let followers = near.iter().any(|w| {
                    matches!(
                        *w,
                        "follower" | "followers" | "seguaci" | "iscritti" | "seguidores"
                    )
                });
                let money = near.iter().any(|w| {
                    matches!(
                        *w,
                        "quanto"
                            | "cuánto"
                            | "cuanto"
                            | "dinero"
                            | "dinheiro"
                            | "soldi"
                            | "money"
                            | "plata"
                            | "euros"
                            | "euro"
                            | "dólares"
                            | "dolares"
                            | "reais"
                    )
                });
                words[at] = if money && !followers {
                    "earned"
                } else {
                    "gained"
                }
                .into();
            }
            // "les 14 derniers jours": the last 14 days.
            "derniers" | "dernières" | "dernieres"
                if at > 0 && previous.parse::<u32>().is_ok() && is_period_unit(next) =>
            {
                words[at - 1] = format!("last {previous}");
                words[at].clear();
            }
            // "son 3 ayda", "son bir yılda": the last months, the last year (Turkish).
            "son"
                if (next == "bir" || next.parse::<u32>().is_ok())
                    && words.get(at + 2).is_some_and(|unit| {
                        matches!(
                            unit.as_str(),
                            "ayda"
                                | "yılda"
                                | "yilda"
                                | "günde"
                                | "haftada"
                                | "ay"
                                | "gün"
                                | "hafta"
                        )
                    }) =>
            {
                words[at] = "last".into();
            }
            // "8 feb se 9 march tak": from the one day to the other.
            "se" if (at + 2..at + 5).any(|k| words.get(k).is_some_and(|w| w == "tak"))
                && (previous.parse::<u32>().is_ok()
                    || crate::period::month_number(
                        ALIAS_OF.get(previous).unwrap_or(&previous),
                    )
                    .is_some()) =>
            {
                words[at] = "to".into();
                if let Some(tak) =
                    (at + 2..at + 5).find(|k| words.get(*k).is_some_and(|w| w == "tak"))
                {
                    words[tak].clear();
                }
            }
            "se" if matches!(next, "leke" | "lekar" | "lekr")
                && words
                    .get(at + 2)
                    .is_some_and(|w| matches!(w.as_str(), "ab" | "abhi"))
                && words.get(at + 3).is_some_and(|w| w == "tak") =>
            {
                words[at].clear();
                words[at + 1].clear();
            }
            // "usse pehle wale 7 days": the 7 days before that (said before the days);
            // "usse pehle": before that.
            "usse" if next == "pehle" => {
                let wale = words
                    .get(at + 2)
                    .is_some_and(|w| matches!(w.as_str(), "wale" | "vale" | "wali" | "wala"));
                let number = at + 2 + usize::from(wale);
                let counted = words.get(number).is_some_and(|w| w.parse::<u32>().is_ok())
                    && words.get(number + 1).is_some_and(|w| is_period_unit(w));
                if counted {
                    words[at] = "the".into();
                    for word in &mut words[at + 1..number] {
                        word.clear();
                    }
                    words[number + 1] = format!("{} before that", words[number + 1]);
                } else {
                    words[at] = "before that".into();
                    words[at + 1].clear();
                }
            }
            // "sabse zyada comment kaun karta hai": who does it (alone, "kaun" asks which:
            // "photos vs reels kaun zyada saves laata hai").
            "kaun" | "kon"
                if matches!(next, "karta" | "karti" | "karte" | "deta" | "deti" | "dete") =>
            {
                words[at] = "who".into();
            }
            // Pidgin "which post perform pass", "which one dey work pass": best (not "a
            // pass", "pass it on").
            "pass"
                if matches!(
                    previous,
                    "perform" | "performed" | "work" | "worked" | "do" | "did" | "sell" | "go"
                ) && !matches!(next, "it" | "on" | "the" | "a" | "them" | "me") =>
            {
                words[at] = "best".into();
            }
            // Pidgin "how many of my followers dey for Lagos": are in.
            "dey"
                if next == "for" && matches!(previous, "followers" | "fans" | "people" | "dem") =>
            {
                words[at] = "are".into();
                words[at + 1] = "in".into();
            }
            // Italian "a Natale", "per il natale": Christmas (alone, "Natale" is also a name).
            "natale"
                if matches!(
                    previous,
                    "a" | "di"
                        | "da"
                        | "il"
                        | "per"
                        | "on"
                        | "at"
                        | "since"
                        | "over"
                        | "for"
                        | "buon"
                        | "the"
                        | "before"
                        | "after"
                        | "during"
                ) =>
            {
                words[at] = "christmas".into();
            }
            // Pidgin "how many post I don drop": have (not the name "Don").
            "don"
                if matches!(previous, "i" | "we" | "you" | "una" | "dem" | "e")
                    && !next.is_empty() =>
            {
                words[at] = "have".into();
            }
            // "kitna hai is month": Hindi "is", this (not "what is month over month").
            // ("best day is week days", "my engagement is year low": English.)
            "is" if matches!(next, "month" | "week" | "year")
                && matches!(
                    previous,
                    "hai"
                        | "kitna"
                        | "kitne"
                        | "kitni"
                        | "kya"
                        | "mera"
                        | "meri"
                        | "mere"
                        | "bhai"
                        | "yaar"
                        | "ka"
                        | "ki"
                        | "ke"
                        | "se"
                )
                && words.get(at + 2).is_none_or(|w| w.parse::<u32>().is_err()) =>
            {
                words[at] = "this".into();
            }
            // "e semana passada?", "e hoje?": and, before a word of these languages.
            "e" if is_foreign(next) => words[at] = "and".into(),
            // "e per la festa della mamma?": and for the.
            "e" if matches!(next, "per" | "para" | "pour")
                && matches!(
                    words.get(at + 2).map(String::as_str),
                    Some("la" | "il" | "o" | "le")
                ) =>
            {
                words[at] = "and".into();
                words[at + 1] = "for".into();
                words[at + 2] = "the".into();
            }
            // "e o menos curtido?", "e la festa?": and the, before a word of these languages.
            "e" if matches!(next, "o" | "os" | "a" | "as" | "la" | "il" | "le" | "el")
                && words.get(at + 2).is_some_and(|w| is_foreign(w)) =>
            {
                words[at] = "and".into();
                words[at + 1] = "the".into();
            }
            // "depuis Noël": Christmas (not "la bûche de Noël", "Père Noël": a cake, Santa).
            "noël" if !matches!(previous, "de" | "of" | "père" | "pere" | "papa") => {
                words[at] = "christmas".into();
            }
            // ("noel commented on my reel": a name; "desde o natal": Christmas, "in natal": a
            // city.)
            "noel" if matches!(previous, "depuis" | "à" | "avant" | "après" | "since") => {
                words[at] = "christmas".into();
            }
            "natal" if matches!(previous, "o" | "no" | "do" | "desde" | "since") => {
                words[at] = "christmas".into();
            }
            // "17. mai", "1er mai", "mai 2026": May in French, German and Norwegian (alone,
            // "mai" is the Hindi "in").
            "mai"
                if super::is_day(previous)
                    || previous == "1er"
                    || (next.len() == 4 && next.chars().all(|c| c.is_ascii_digit())) =>
            {
                words[at] = "may".into();
            }
            // "compara com março": with, beside a word of these languages (not "booking com").
            "com" if is_foreign(previous) || is_foreign(next) => words[at] = "with".into(),
            // "reels o carousel", "fotos o videos": or, between two kinds of post or two
            // figures (the Portuguese "o" is "the").
            "o" if is_posted_or_counted(previous) && is_posted_or_counted(next) => {
                words[at] = "or".into();
            }
            // "mañana o tarde", "sa umaga o sa gabi": or, between two parts of the day.
            "o" if is_part_of_day(previous)
                && (is_part_of_day(next)
                    || (next == "sa" && words.get(at + 2).is_some_and(|w| is_part_of_day(w)))) =>
            {
                words[at] = "or".into();
            }
            // Parts of the day in Tagalog and Spanish, where a word places them ("sa umaga o
            // sa gabi", "por la tarde", "mañana o tarde"; not "my post with Gabi").
            "umaga" | "gabi" | "tarde" | "noche"
                if matches!(
                    previous,
                    "sa" | "ng" | "tuwing" | "la" | "por" | "o" | "or" | "in"
                ) =>
            {
                words[at] = match words[at].as_str() {
                    "umaga" => "morning",
                    "tarde" => "afternoon",
                    _ => "night",
                }
                .into();
            }
            // "mga tao": people, in Tagalog (not "my reel with Tao").
            "tao" if previous == "mga" => words[at] = "people".into(),
            // "notre reach monte ou descend": goes up or down (not "the monte carlo post").
            "monte" if next == "ou" => words[at] = "going up".into(),
            "descend" if previous == "ou" || previous == "or" => words[at] = "going down".into(),
            // "por la mañana", "mañana o tarde": the morning (alone, "mañana" is tomorrow).
            "mañana" | "manana"
                if matches!(previous, "la" | "por") || matches!(next, "o" | "y" | "or") =>
            {
                words[at] = "morning".into();
            }
            // "para alam ko kung kailan …": the Tagalog "so that I know" (the Spanish "para" is
            // "for").
            "para" if matches!(next, "alam" | "malaman" | "makita" | "ma-plan" | "maplan") => {
                words[at] = "because".into();
            }
            // "ilan followers ko ngayon at ilan ang nadagdag": the Tagalog "and", before a
            // Tagalog question word.
            "at" if matches!(
                next,
                "ilan" | "ilang" | "ano" | "anong" | "kailan" | "sino" | "paano" | "magkano"
            ) =>
            {
                words[at] = "and".into();
            }
            // "since con season ended": a convention, not the Spanish "with".
            "con" if matches!(next, "season" | "weekend" | "week" | "day" | "days") => {
                words[at] = "convention".into();
            }
            // "whit should ah pit up next": the Scots "put" (a fire pit otherwise).
            "pit" if next == "up" => words[at] = "put".into(),
            // "hoo mony likes": the Scots "how" (a typo of "who" otherwise).
            "hoo" if matches!(next, "mony" | "many" | "much" | "muckle") => {
                words[at] = "how".into();
            }
            // "ano po mas okay": the Tagalog "what" (the Portuguese "ano" is a year).
            "ano" if matches!(next, "po" | "ba" | "ang" | "yung" | "mas" | "pinaka") => {
                words[at] = "what".into();
            }
            // "du 20 décembre au 6 janvier": from one day to another ("du" is "of the"
            // otherwise, and "AU" may be Australia).
            "du" if next.starts_with(|c: char| c.is_ascii_digit()) => words[at] = "from".into(),
            "au" if next.starts_with(|c: char| c.is_ascii_digit())
                && (previous.starts_with(|c: char| c.is_ascii_digit())
                    || crate::period::month_number(
                        ALIAS_OF.get(previous).unwrap_or(&previous),
                    )
                    .is_some()) =>
            {
                words[at] = "to".into();
            }
            // "elle performe comment?", "comment ça marche": how (a comment otherwise).
            "comment"
                if matches!(
                    previous,
                    "performe" | "marche" | "va" | "fonctionne" | "passe" | "elle" | "il" | "ça"
                ) || matches!(
                    next,
                    "ça" | "va" | "est" | "sont" | "elle" | "il" | "marche"
                ) =>
            {
                words[at] = "how".into();
            }
            // "y reels?", "y el mes pasado?": and ("y is my reach down": why).
            "y" if !next.is_empty() && !is_asked_why(next) => words[at] = "and".into(),
            // "em agosto", "em setembro": in ("em" is "them" otherwise).
            "em" if is_foreign(next) => words[at] = "in".into(),
            // "und die wenigsten?": the ("die" is English otherwise).
            "die" if is_foreign(previous) || is_foreign(next) => words[at] = "the".into(),
            // "la semana", "de la semaine": the ("LA" is also a city).
            "la" if is_foreign(next)
                || matches!(
                    previous,
                    "de" | "en" | "por" | "sur" | "à" | "avec" | "dans"
                )
                || (at == 0 && !next.is_empty()) =>
            {
                words[at] = "the".into();
            }
            // "los comentarios": the ("Los Angeles", "Las Vegas" stay places).
            "los" | "las" if !matches!(next, "angeles" | "vegas") => words[at] = "the".into(),
            // "quel est mon pire post": is (and a time zone otherwise).
            "est" if is_foreign(next) || matches!(next, "mon" | "ma") => words[at] = "is".into(),
            // "mere reels": my ("a mere 10 likes" stays English).
            "mere" if !matches!(previous, "a" | "the" | "just" | "only") => {
                words[at] = "my".into();
            }
            // "que post tuvo más likes": what; "los seguidores que más comentan": that.
            "que" if at == 0 => words[at] = "what".into(),
            "que" if is_foreign(previous) || is_foreign(next) => words[at] = "that".into(),
            // "cómo va mi reach": how ("Lake Como" stays a lake).
            "como" | "cómo" if at == 0 || is_foreign(previous) || is_foreign(next) => {
                words[at] = "how".into();
            }
            // "fin de semana", "fim de semana": the weekend.
            "fin" | "fim" if next == "de" && words.get(at + 2).is_some_and(|w| w == "semana") => {
                words[at] = "weekend".into();
                words[at + 1].clear();
                words[at + 2].clear();
            }
            // "bester Tag für Posts": the day (a "tag" is a hashtag otherwise).
            "tag" if matches!(previous, "beste" | "besten" | "bester" | "welcher" | "am") => {
                words[at] = "day".into();
            }
            // "ce mois-ci": the "ci" after the unit says nothing more.
            "ci" if is_period_unit(previous) => words[at].clear(),
            word => {
                let Some((_, english)) = AFTER_THE_UNIT.iter().find(|(after, _)| *after == word)
                else {
                    continue;
                };
                if !is_period_unit(previous) {
                    continue;
                }
                // "3 bulan terakhir": the last 3 months.
                let mut start = at - 1;
                if start > 0
                    && !words[start - 1].is_empty()
                    && words[start - 1].chars().all(|c| c.is_ascii_digit())
                {
                    start -= 1;
                }
                words[start] = format!("{english} {}", words[start]);
                words[at].clear();
                // "la semana pasada", "du mois dernier": last week, of last month ("the
                // last month" would be the past 30 days).
                if let Some(article) = start.checked_sub(1).map(|a| &mut words[a]) {
                    match article.as_str() {
                        "la" | "the" | "le" | "el" | "o" | "a" | "l" => article.clear(),
                        "du" | "del" | "do" | "da" => *article = "of".into(),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// Whether `word` after a "y" makes it "why": "y is my reach down", "y did i lose
/// followers", "y u no post".
fn is_asked_why(word: &str) -> bool {
    matches!(
        word,
        "is" | "are"
            | "r"
            | "was"
            | "were"
            | "do"
            | "does"
            | "did"
            | "has"
            | "have"
            | "my"
            | "our"
            | "not"
            | "dont"
            | "didnt"
            | "doesnt"
            | "isnt"
            | "arent"
            | "cant"
            | "u"
            | "you"
            | "so"
            | "would"
            | "wont"
            | "am"
            | "i"
            | "we"
            | "they"
            | "no"
    )
}

/// Whether `word` names a part of the day, in English or in the languages above.
fn is_part_of_day(word: &str) -> bool {
    matches!(
        word,
        "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "mañana"
            | "manana"
            | "tarde"
            | "noche"
            | "umaga"
            | "gabi"
    )
}

/// Whether `word` names a kind of post or a figure, in English or in the languages above
/// ("reels", "fotos", "likes").
fn is_posted_or_counted(word: &str) -> bool {
    let one = word.strip_suffix('s').unwrap_or(word);
    matches!(
        one,
        "reel"
            | "carousel"
            | "carrousel"
            | "carrusel"
            | "photo"
            | "foto"
            | "pic"
            | "video"
            | "vídeo"
            | "post"
            | "like"
            | "comment"
            | "comentario"
            | "save"
            | "share"
            | "view"
            | "reach"
    )
}

/// Whether `word` is one of the words of other languages above.
/// Whether `word`, in English or another language, names a kind of post or a figure
/// ("carruseles", "reel", "likes", "comentarios").
fn names_a_kind_or_figure(word: &str) -> bool {
    let english = WORDS
        .iter()
        .find(|(foreign, _)| *foreign == word)
        .map(|(_, english)| *english)
        .or_else(|| ALIAS_OF.get(word).copied())
        .unwrap_or(word);
    matches!(
        english.trim_end_matches('s'),
        "reel"
            | "carousel"
            | "post"
            | "photo"
            | "video"
            | "storie"
            | "story"
            | "like"
            | "comment"
            | "save"
            | "share"
            | "view"
            | "reach"
            | "follower"
    )
}

fn is_foreign(word: &str) -> bool {
    WORDS.iter().any(|(foreign, _)| *foreign == word)
        || PERIOD_UNITS.contains(&word)
        || matches!(
            word,
            "la" | "los" | "las" | "est" | "mes" | "mon" | "em" | "hoje" | "ontem" | "hoy" | "ayer"
        )
        || crate::period::month_number(ALIAS_OF.get(word).unwrap_or(&word)).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::{aliases::ALIASES, is_known, words};
    use super::*;

    #[test]
    fn each_word_is_listed_once_and_is_no_word_pulse_knows_in_english() {
        let mut seen = std::collections::HashSet::new();
        for (word, _) in ALIASES.iter().chain(WORDS.iter()) {
            assert!(seen.insert(*word), "{word} is listed twice");
        }
        let known: Vec<&str> = WORDS
            .iter()
            .map(|(word, _)| *word)
            .filter(|word| is_known(word))
            .collect();
        assert!(known.is_empty(), "English words too: {known:?}");
    }

    #[test]
    fn periods_said_in_another_order_read_in_english_order() {
        for (text, english) in [
            ("la semana pasada", "last week"),
            ("del mes pasado", "of last month"),
            ("le mois dernier", "last month"),
            ("ce mois-ci", "this month"),
            ("3 bulan terakhir", "last 3 month"),
            ("minggu ini", "this week"),
            ("pichle 7 din", "last 7 days"),
            ("is hafte", "this week"),
            ("im Oktober", "in october"),
            ("fim de semana", "weekend"),
        ] {
            assert_eq!(words(text).join(" "), english, "{text}");
        }
    }

    #[test]
    fn a_word_with_two_meanings_is_read_by_its_neighbours() {
        for (text, read) in [
            ("este mes", "this month"),
            ("mes abonnés", "my followers"),
            ("quel est mon pire post", "which is my worst post"),
            ("posts on mon", "posts on mon"),
            ("followers in LA", "followers in la"),
            ("de la semana", "of the week"),
            ("los comentarios", "the comments"),
            ("followers in los angeles", "followers in los angeles"),
            ("the lake como wedding", "the lake como wedding"),
            ("posted at 9am est", "posted at 9am est"),
            ("a mere 10 likes", "a mere 10 likes"),
            ("mere reels", "my reels"),
            ("y comentarios", "and comments"),
            ("y is my reach down", "y is my reach down"),
            ("y reels?", "and reels"),
            ("e em agosto", "and in august"),
            ("sabse zyada likes", "most likes"),
            ("paling banyak", "most"),
            ("bester Tag", "best day"),
            ("the best tag", "the best tag"),
            ("reels o carousel", "reels or carousel"),
            ("fotos o videos", "photos or videos"),
            ("ano po mas okay", "what please most okay"),
            ("ano passado", "last year"),
            (
                "du 20 décembre au 6 janvier",
                "from 20 december to 6 january",
            ),
            ("followers du canada", "followers of the canada"),
            ("followers in au", "followers in au"),
            ("elle performe comment", "it performe how"),
            (
                "sabyasachi ke page ka engagement",
                "sabyasachis page of engagement",
            ),
            (
                "tháng này so với tháng trước",
                "this month compared with last month",
            ),
            ("post mới nhất của chị", "post latest of my"),
            ("được bao nhiêu like", "got how many like"),
            ("mere page ka engagement", "my page of engagement"),
            ("wo banarasi wala", "that banarasi the"),
            ("comment on my reel", "comment on my reel"),
        ] {
            assert_eq!(words(text).join(" "), read, "{text}");
        }
    }
}
