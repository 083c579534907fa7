//! A question in plain words as the API answers it: how the parser read it (each query's
//! frame, in the corpus's text form and as a plain question) and the answer the chat would
//! give.

use serde::Serialize;

use crate::question::{Parsed, Query};

use crate::instagram::MediaKind;
use crate::metric::Metric;

/// How a question was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Understood: one frame per part of the question.
    Understood,
    /// Pulse asks back (the frames are the readings it offers).
    Clarify,
    /// About something Pulse cannot see (a frame, if what it can answer instead).
    Outside,
    /// Not a question about the account.
    NotUnderstood,
}

/// One query the question was read as.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameView {
    /// The frame's text form (`top metric=saves n=1 period=30d`).
    pub label: String,
    /// What is asked (`top`, `overview`, `fans` …).
    pub kind: String,
    /// The same query as a plain question Pulse reads back as it.
    pub question: String,
    /// The metric, if the frame has one.
    pub metric: Option<Metric>,
    /// Only posts of this type.
    pub media_type: Option<MediaKind>,
    /// The period in the chat's short form.
    pub period: Option<String>,
    /// How many, for a ranking.
    pub count: Option<usize>,
}

impl FrameView {
    /// The view of `query`.
    pub fn new(query: &Query) -> Self {
        let frame = query.frame();
        Self {
            label: frame.to_string(),
            kind: frame.kind.name().to_owned(),
            question: query.question(),
            metric: frame.metric,
            media_type: frame.media,
            period: frame.period.map(|period| period.label()),
            count: frame.count,
        }
    }
}

/// A question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionView {
    /// The question as asked.
    pub question: String,
    /// The account it was answered about (its handle), if the chat has one.
    pub account: Option<String>,
    /// How it was read.
    pub reading: Reading,
    /// The queries it was read as, in order.
    pub frames: Vec<FrameView>,
    /// The answer as the chat gets it, in plain text.
    pub answer: String,
}

/// How `parsed` reads, and its queries.
pub fn reading_of(parsed: &Parsed) -> (Reading, Vec<FrameView>) {
    let frames = |queries: &[Query]| queries.iter().map(FrameView::new).collect();
    match parsed {
        Parsed::Understood { queries, .. } => (Reading::Understood, frames(queries)),
        Parsed::Clarify(clarification) => (Reading::Clarify, frames(&clarification.options)),
        Parsed::Outside { instead, .. } => (Reading::Outside, frames(instead.as_slice())),
        Parsed::NotUnderstood(_) => (Reading::NotUnderstood, Vec::new()),
    }
}
