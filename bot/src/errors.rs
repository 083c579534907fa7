//! Internal errors meet users here: the log gets the cause chain under a short reference, the
//! user gets a plain sentence with the same reference and never a Rust error.

use rand::Rng;

/// A short reference like `R-7K2Q9D` that ties a user's report to a log line.
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let code: String = (0..6)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    format!("R-{code}")
}

/// Logs `error` with its whole cause chain and returns the reference to show the user.
pub fn report(context: &str, error: &(dyn std::error::Error + 'static)) -> String {
    let reference = new_reference();
    let mut chain = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    tracing::error!(%reference, error = %error, cause_chain = ?chain, "{context}");
    reference
}

#[cfg(test)]
mod tests {
    #[test]
    fn references_are_short_and_varied() {
        let a = super::new_reference();
        assert_eq!(a.len(), 8);
        assert!(a.starts_with("R-"));
        assert!((0..20).map(|_| super::new_reference()).any(|b| b != a));
    }
}
