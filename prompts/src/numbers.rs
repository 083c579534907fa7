//! Numbers in messages: thousands separators, and a count with its noun in the right number
//! ("1 day", "0 days", "5,899 days"). Every count a message shows goes through [`count`] (or
//! [`noun`] where the number is written apart from its noun), so no reply says "1 accounts".

/// `12345` → `12,345`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The noun for `n` things: `one` for exactly one, `many` otherwise (English: "0 days").
pub fn noun<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n` with thousands separators and its noun: `count(1, "day", "days")` → `1 day`,
/// `count(5899, "day", "days")` → `5,899 days`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), noun(n, one, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(5899), "5,899");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(0, "record", "records"), "0 records");
        assert_eq!(count(1, "record", "records"), "1 record");
        assert_eq!(count(2, "account", "accounts"), "2 accounts");
        assert_eq!(count(5899, "day", "days"), "5,899 days");
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(noun(1, "has", "have"), "has");
        assert_eq!(noun(30, "has", "have"), "have");
    }
}
