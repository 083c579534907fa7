//! Answers to questions, from the store (next step).
