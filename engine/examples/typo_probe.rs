//! Lists the words of a word list (one per line) that the typo table turns into another
//! word: `cargo run -p engine --example typo_probe -- words.txt`. How
//! `question/words/common_words.txt` was made, from the 25,000 most frequent English words
//! of the `wordfreq` lists.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: typo_probe <word list, one word per line>");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(1);
        }
    };
    for word in text.lines().map(str::trim) {
        if let Some(meant) = engine::question::words::correct(word) {
            if meant != word {
                println!("{word}\t{meant}");
            }
        }
    }
}
