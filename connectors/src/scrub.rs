//! Secret scrubbing shared by the clients: error messages lose the exact secrets of the
//! call, the values of secret parameters and anything shaped like a token before they are
//! kept, and are capped in length.
//!
//! What counts as a token differs by network (its characters, its prefixes, its least
//! length, whether the prefix is matched without case); each client describes its tokens
//! with a [`Scrubber`].
//!
//! Transport errors are described by [`transport_reason`], never by their own text, which
//! carries the URL (and with it, at times, a token).

/// Replacement text.
const REDACTED: &str = "[redacted]";

/// How one network's secrets look.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scrubber {
    /// Characters a token may hold besides ASCII letters and digits.
    pub(crate) token_chars: &'static [char],
    /// Prefixes of the network's tokens.
    pub(crate) prefixes: &'static [&'static str],
    /// Whether a prefix matches without regard to ASCII case.
    pub(crate) prefix_ignores_case: bool,
    /// The least length (in bytes) of a word taken for a token.
    pub(crate) min_len: usize,
    /// Parameters (lower case, with their `=`) whose values are secrets; matched without
    /// regard to case.
    pub(crate) secret_params: &'static [&'static str],
    /// The longest message kept, in characters (an ellipsis marks a cut).
    pub(crate) max_chars: usize,
}

impl Scrubber {
    /// Removes secrets from a message: the exact `secrets` (of 4 bytes or more), the values
    /// of the secret parameters, and anything that looks like a token. Also caps the length.
    pub(crate) fn scrub(&self, message: &str, secrets: &[&str]) -> String {
        let mut out = message.to_owned();
        for secret in secrets {
            if secret.len() >= 4 {
                out = out.replace(secret, REDACTED);
            }
        }
        for param in self.secret_params {
            out = self.redact_after(&out, param);
        }
        out = self.redact_token_like(&out);
        if out.chars().count() > self.max_chars {
            out = out.chars().take(self.max_chars).collect::<String>() + "…";
        }
        out
    }

    fn is_token_char(&self, c: char) -> bool {
        c.is_ascii_alphanumeric() || self.token_chars.contains(&c)
    }

    /// The length in bytes of the token characters `input` starts with.
    fn token_len(&self, input: &str) -> usize {
        input
            .chars()
            .take_while(|c| self.is_token_char(*c))
            .map(char::len_utf8)
            .sum()
    }

    /// Replaces the value following every occurrence of `param` (case-insensitive).
    fn redact_after(&self, input: &str, param: &str) -> String {
        let lower = input.to_ascii_lowercase();
        let mut out = String::with_capacity(input.len());
        let mut last = 0;
        let mut search = 0;
        while let Some(found) = lower[search..].find(param) {
            let value_start = search + found + param.len();
            let value_len = self.token_len(&input[value_start..]);
            if value_len > 0 {
                out.push_str(&input[last..value_start]);
                out.push_str(REDACTED);
                last = value_start + value_len;
            }
            search = value_start + value_len;
            if search >= input.len() {
                break;
            }
        }
        out.push_str(&input[last..]);
        out
    }

    /// Replaces words that start with a token prefix and are long enough to be a token.
    fn redact_token_like(&self, input: &str) -> String {
        let mut out = String::with_capacity(input.len());
        let mut rest = input;
        while !rest.is_empty() {
            let word_len = self.token_len(rest);
            if word_len == 0 {
                let Some(c) = rest.chars().next() else { break };
                out.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            let word = &rest[..word_len];
            out.push_str(if self.looks_like_token(word) {
                REDACTED
            } else {
                word
            });
            rest = &rest[word_len..];
        }
        out
    }

    fn looks_like_token(&self, word: &str) -> bool {
        if word.len() < self.min_len {
            return false;
        }
        self.prefixes.iter().any(|prefix| {
            let head = word.as_bytes().get(..prefix.len());
            if self.prefix_ignores_case {
                head.is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
            } else {
                head == Some(prefix.as_bytes())
            }
        })
    }
}

/// Describes a transport error without its URL.
pub(crate) fn transport_reason(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "the request timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the response body could not be read"
    } else if error.is_redirect() {
        "unexpected redirect"
    } else {
        "the request failed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Scrubber = Scrubber {
        token_chars: &['_'],
        prefixes: &["TOK"],
        prefix_ignores_case: false,
        min_len: 8,
        secret_params: &["key="],
        max_chars: 40,
    };

    #[test]
    fn the_parameters_decide_what_is_a_token() {
        assert_eq!(
            STRICT.scrub("TOKabc_123 tokabc_123", &[]),
            "[redacted] tokabc_123"
        );
        let loose = Scrubber {
            prefix_ignores_case: true,
            ..STRICT
        };
        assert_eq!(
            loose.scrub("TOKabc_123 tokabc_123", &[]),
            "[redacted] [redacted]"
        );
        assert_eq!(
            STRICT.scrub("TOKabc1 TOKabc~12345", &[]),
            "TOKabc1 TOKabc~12345"
        );
        assert_eq!(
            STRICT.scrub("KEY=a_b;c secret!", &["secret"]),
            "KEY=[redacted];c [redacted]!"
        );
        assert_eq!(STRICT.scrub(&"é".repeat(50), &[]).chars().count(), 41);
    }
}
