//! The previous question with one thing swapped: "and saves?" asks the same of another
//! metric, "only reels" the same of one type of post. Used by follow-ups and by lists of
//! metrics asked one after another.

use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::question::frame::{Frame, Kind};
use crate::question::RateBasis;

/// The previous frame about another metric: the same kind where it has metrics, else the
/// account total (or the post total when it asked about posts) of that metric.
pub(super) fn with_metric(frame: &Frame, metric: Metric) -> Option<Frame> {
    let mut f = frame.clone();
    match f.kind {
        Kind::Top
        | Kind::PostTotal
        | Kind::PostMean
        | Kind::ByType
        | Kind::PartsOfDay
        | Kind::Weekdays => f.metric = Some(metric),
        // The newest post shows all its figures.
        Kind::LatestPost => {}
        // "now by reach" after the engagement rate by followers: the rate by reach.
        Kind::Rate if metric == Metric::Reach && f.basis == Some(RateBasis::Followers) => {
            f.basis = None;
        }
        Kind::AccountTotal | Kind::Trend
            if crate::question::frame::account_metric(metric).is_some() =>
        {
            f.metric = Some(metric)
        }
        _ => {
            let kind = if metric == Metric::EngagementRate {
                Kind::Rate
            } else if f.media.is_some() || crate::question::frame::account_metric(metric).is_none()
            {
                Kind::PostTotal
            } else {
                Kind::AccountTotal
            };
            let mut g = Frame::new(kind);
            g.period = f.period;
            g.versus = f.versus.filter(|_| kind.comparable());
            if kind != Kind::Rate {
                g.metric = Some(metric);
            }
            if kind != Kind::AccountTotal {
                g.media = f.media;
            }
            f = g;
        }
    }
    Some(f)
}

/// The previous frame about one type of post.
pub(super) fn with_media(frame: &Frame, media: MediaKind) -> Option<Frame> {
    let mut f = frame.clone();
    match f.kind {
        Kind::Top
        | Kind::PostTotal
        | Kind::PostMean
        | Kind::PostCount
        | Kind::Rate
        | Kind::LatestPost => f.media = Some(media),
        Kind::AccountTotal => {
            f.kind = Kind::PostTotal;
            f.media = Some(media);
        }
        _ => return None,
    }
    Some(f)
}
