//! The insights calls: per post (§4), per day for the account (§5), online followers and
//! demographics.
//!
//! A metric Instagram rejects by name (code 100, e.g. `The metric shares is not supported for
//! this media type`) is dropped and the call repeated without it; the metric stays `None`.
//! In the field only *some* posts of a type reject a metric, so one rejection is not
//! remembered; three in a row for an account's posts of one type set the metric aside for a
//! day ([`super::rejected`]).
//! Within one `daily_insights` call, an account metric rejected for one window or day is not
//! asked again for the following ones (account metrics do not change by day).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveTime};
use engine::instagram::{
    AccessToken, DailyInsights, Demographics, MediaKind, OnlineFollowers, Post, PostMetrics,
    SourceError,
};
use serde_json::Value;

use super::client::{parse_body, InstagramClient};
use super::errors::Failure;
use super::observe::CallFamily;
use super::wire::{count_of, day_of_end_time, signed_of, InsightsWire};

/// Feed photos, videos and carousels.
const FEED_METRICS: &[&str] = &[
    "views",
    "reach",
    "likes",
    "comments",
    "saved",
    "shares",
    "total_interactions",
    "follows",
    "profile_visits",
];
/// Reels (no follows/profile_visits).
const REEL_METRICS: &[&str] = &[
    "views",
    "reach",
    "likes",
    "comments",
    "saved",
    "shares",
    "total_interactions",
];
/// Stories (no likes/comments/saved).
const STORY_METRICS: &[&str] = &[
    "views",
    "reach",
    "shares",
    "total_interactions",
    "follows",
    "profile_visits",
];
/// The daily time series.
const SERIES_METRICS: &[&str] = &["reach", "follower_count"];
/// The per-day totals.
const TOTAL_METRICS: &[&str] = &[
    "views",
    "accounts_engaged",
    "total_interactions",
    "likes",
    "comments",
    "shares",
    "saves",
    "replies",
];
/// Longest `since`..`until` span Instagram accepts, in days.
pub(crate) const WINDOW_DAYS: u64 = 30;
/// The demographic breakdowns, in [`Demographics`] order.
const BREAKDOWNS: [&str; 4] = ["age", "gender", "country", "city"];
/// The subcode of media posted before the account became professional.
const PRE_CONVERSION_SUBCODE: i64 = 2_108_006;

/// The metric set asked for a kind of post.
pub(crate) fn metrics_for(kind: MediaKind) -> &'static [&'static str] {
    match kind {
        MediaKind::Image | MediaKind::Video | MediaKind::Carousel => FEED_METRICS,
        MediaKind::Reel => REEL_METRICS,
        MediaKind::Story => STORY_METRICS,
    }
}

/// True if `word` occurs in `text` as a whole word (metric names contain `_`).
fn mentions(text: &str, word: &str) -> bool {
    let text = text.to_ascii_lowercase();
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The one metric of `asked` that a code-100 error names, if exactly one is named
/// (pre-conversion media, subcode 2108006, is never a metric problem).
fn rejected_metric(failure: &Failure, asked: &[&'static str]) -> Option<&'static str> {
    let graph = failure.graph.as_ref()?;
    if graph.code != 100 || graph.subcode == Some(PRE_CONVERSION_SUBCODE) {
        return None;
    }
    let mut named = asked.iter().filter(|m| mentions(&graph.message, m));
    match (named.next(), named.next()) {
        (Some(metric), None) => Some(metric),
        _ => None,
    }
}

/// Midnight UTC of a day, as Unix seconds.
fn unix(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

impl InstagramClient {
    /// `GET /{id}/insights` with the kind's metric set, dropping rejected metrics.
    pub(crate) async fn fetch_post_insights(
        &self,
        token: &AccessToken,
        post: &Post,
    ) -> Result<PostMetrics, SourceError> {
        let now = std::time::Instant::now();
        let mut asked: Vec<&'static str> = metrics_for(post.kind)
            .iter()
            .copied()
            .filter(|metric| !self.rejected.set_aside(token, post.kind, metric, now))
            .collect();
        // Each retry drops one metric, so this loop runs at most `asked.len() + 1` times.
        while !asked.is_empty() {
            let mut url = self.api_url(&[&post.id, "insights"]);
            url.query_pairs_mut()
                .append_pair("metric", &asked.join(","));
            let failure = match self.get_raw(CallFamily::Insights, url, token).await {
                Ok(body) => return post_metrics(&body),
                Err(failure) => failure,
            };
            if let Some(metric) = rejected_metric(&failure, &asked) {
                tracing::debug!(media_id = %post.id, metric, "metric rejected for this post; asking without it");
                self.rejected.rejected(token, post.kind, metric, now);
                asked.retain(|m| *m != metric);
                continue;
            }
            if failure.has_code(10)
                && failure.graph.as_ref().is_some_and(|g| {
                    g.message
                        .to_ascii_lowercase()
                        .contains("not enough viewers")
                })
            {
                // A story with fewer than 5 viewers: no insights, not a permission problem.
                return Ok(PostMetrics::default());
            }
            return Err(failure.into());
        }
        Ok(PostMetrics::default())
    }

    /// Daily account insights in windows of at most 30 days, plus one totals call per day.
    pub(crate) async fn fetch_daily_insights(
        &self,
        token: &AccessToken,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<DailyInsights>, SourceError> {
        let mut days = BTreeMap::new();
        let mut series: Vec<&'static str> = SERIES_METRICS.to_vec();
        let mut totals: Vec<&'static str> = TOTAL_METRICS.to_vec();
        let mut start = first;
        while start <= last {
            let end = start
                .checked_add_days(Days::new(WINDOW_DAYS - 1))
                .map_or(last, |end| end.min(last));
            self.daily_series(token, (start, end), (first, last), &mut series, &mut days)
                .await?;
            let mut day = start;
            while day <= end {
                self.daily_totals(token, day, &mut totals, &mut days)
                    .await?;
                let Some(next) = day.succ_opt() else { break };
                day = next;
            }
            let Some(next) = end.succ_opt() else { break };
            start = next;
        }
        Ok(days.into_values().collect())
    }

    /// One `time_series` call for the window `[start, end]`.
    async fn daily_series(
        &self,
        token: &AccessToken,
        (start, end): (NaiveDate, NaiveDate),
        (first, last): (NaiveDate, NaiveDate),
        series: &mut Vec<&'static str>,
        days: &mut BTreeMap<NaiveDate, DailyInsights>,
    ) -> Result<(), SourceError> {
        let Some(after_end) = end.succ_opt() else {
            return Ok(());
        };
        while !series.is_empty() {
            let mut url = self.api_url(&["me", "insights"]);
            url.query_pairs_mut()
                .append_pair("metric", &series.join(","))
                .append_pair("period", "day")
                .append_pair("metric_type", "time_series")
                .append_pair("since", &unix(start).to_string())
                .append_pair("until", &unix(after_end).to_string());
            let failure = match self.get_raw(CallFamily::Insights, url, token).await {
                Ok(body) => {
                    let wire: InsightsWire = parse_body(&body, "account insights")?;
                    for metric in wire.data.unwrap_or_default() {
                        let name = metric.name.unwrap_or_default();
                        for value in metric.values.unwrap_or_default() {
                            let Some(day) = day_of_end_time(value.end_time.as_ref()) else {
                                continue;
                            };
                            if day < first || day > last {
                                continue;
                            }
                            match name.as_str() {
                                "reach" => {
                                    if let Some(reach) = count_of(value.value.as_ref()) {
                                        entry(days, day).reach = Some(reach);
                                    }
                                }
                                "follower_count" => {
                                    if let Some(count) = signed_of(value.value.as_ref()) {
                                        entry(days, day).follower_count = Some(count);
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    return Ok(());
                }
                Err(failure) => failure,
            };
            let follower_count_refused = series.contains(&"follower_count")
                && matches!(
                    failure.error,
                    SourceError::Permanent { .. } | SourceError::MissingPermission { .. }
                )
                && failure
                    .graph
                    .as_ref()
                    .is_some_and(|g| mentions(&g.message, "follower_count"));
            let dropped = if follower_count_refused {
                Some("follower_count")
            } else {
                rejected_metric(&failure, series)
            };
            let Some(metric) = dropped else {
                return Err(failure.into());
            };
            tracing::debug!(metric, "account metric unavailable; asking without it");
            series.retain(|m| *m != metric);
        }
        Ok(())
    }

    /// One `total_value` call for one day.
    async fn daily_totals(
        &self,
        token: &AccessToken,
        day: NaiveDate,
        totals: &mut Vec<&'static str>,
        days: &mut BTreeMap<NaiveDate, DailyInsights>,
    ) -> Result<(), SourceError> {
        let Some(next_day) = day.succ_opt() else {
            return Ok(());
        };
        while !totals.is_empty() {
            let mut url = self.api_url(&["me", "insights"]);
            url.query_pairs_mut()
                .append_pair("metric", &totals.join(","))
                .append_pair("period", "day")
                .append_pair("metric_type", "total_value")
                .append_pair("since", &unix(day).to_string())
                .append_pair("until", &unix(next_day).to_string());
            let failure = match self.get_raw(CallFamily::Insights, url, token).await {
                Ok(body) => {
                    let wire: InsightsWire = parse_body(&body, "account insights")?;
                    for metric in wire.data.unwrap_or_default() {
                        let Some(value) = count_of(metric.single_value()) else {
                            continue;
                        };
                        let slot = match metric.name.as_deref().unwrap_or_default() {
                            "views" => &mut entry(days, day).views,
                            "accounts_engaged" => &mut entry(days, day).accounts_engaged,
                            "total_interactions" => &mut entry(days, day).total_interactions,
                            "likes" => &mut entry(days, day).likes,
                            "comments" => &mut entry(days, day).comments,
                            "shares" => &mut entry(days, day).shares,
                            "saves" => &mut entry(days, day).saves,
                            "replies" => &mut entry(days, day).replies,
                            _ => continue,
                        };
                        *slot = Some(value);
                    }
                    return Ok(());
                }
                Err(failure) => failure,
            };
            let Some(metric) = rejected_metric(&failure, totals) else {
                return Err(failure.into());
            };
            tracing::debug!(metric, "account metric rejected; asking without it");
            totals.retain(|m| *m != metric);
        }
        Ok(())
    }

    /// `metric=online_followers&period=lifetime`: one entry per day, hours → followers.
    pub(crate) async fn fetch_online_followers(
        &self,
        token: &AccessToken,
    ) -> Result<Vec<OnlineFollowers>, SourceError> {
        let mut url = self.api_url(&["me", "insights"]);
        url.query_pairs_mut()
            .append_pair("metric", "online_followers")
            .append_pair("period", "lifetime");
        let wire: InsightsWire = self
            .get_json(CallFamily::Insights, url, token, "online followers")
            .await?;
        let mut by_day = BTreeMap::new();
        for metric in wire.data.unwrap_or_default() {
            if metric
                .name
                .as_deref()
                .is_some_and(|n| n != "online_followers")
            {
                continue;
            }
            for value in metric.values.unwrap_or_default() {
                let Some(date) = day_of_end_time(value.end_time.as_ref()) else {
                    continue;
                };
                let mut by_hour: Vec<(u8, u64)> = match &value.value {
                    Some(Value::Object(hours)) => hours
                        .iter()
                        .filter_map(|(hour, count)| {
                            let hour = hour.trim().parse::<u8>().ok().filter(|h| *h < 24)?;
                            Some((hour, count_of(Some(count))?))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                by_hour.sort_unstable();
                by_hour.dedup_by_key(|(hour, _)| *hour);
                by_day.insert(date, OnlineFollowers { date, by_hour });
            }
        }
        Ok(by_day.into_values().collect())
    }

    /// Four `follower_demographics` calls, one per breakdown.
    pub(crate) async fn fetch_demographics(
        &self,
        token: &AccessToken,
    ) -> Result<Demographics, SourceError> {
        let mut lists: [Vec<(String, u64)>; 4] = Default::default();
        for (breakdown, list) in BREAKDOWNS.iter().zip(lists.iter_mut()) {
            let mut url = self.api_url(&["me", "insights"]);
            url.query_pairs_mut()
                .append_pair("metric", "follower_demographics")
                .append_pair("period", "lifetime")
                .append_pair("metric_type", "total_value")
                .append_pair("timeframe", "this_month")
                .append_pair("breakdown", breakdown);
            let wire: InsightsWire = self
                .get_json(CallFamily::Insights, url, token, "demographics")
                .await?;
            *list = buckets(wire);
        }
        let [ages, genders, countries, cities] = lists;
        Ok(Demographics {
            ages,
            genders,
            countries,
            cities,
        })
    }
}

/// The breakdown results of a demographics answer: the last dimension value is the bucket
/// (the first key is `timeframe`). Largest first.
fn buckets(wire: InsightsWire) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for metric in wire.data.unwrap_or_default() {
        let breakdowns = metric
            .total_value
            .and_then(|t| t.breakdowns)
            .unwrap_or_default();
        for result in breakdowns
            .into_iter()
            .flat_map(|b| b.results.unwrap_or_default())
        {
            let bucket = match result.dimension_values.as_deref().and_then(<[Value]>::last) {
                Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
                Some(Value::Number(n)) => n.to_string(),
                _ => continue,
            };
            if let Some(count) = count_of(result.value.as_ref()) {
                out.push((bucket, count));
            }
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn entry(days: &mut BTreeMap<NaiveDate, DailyInsights>, date: NaiveDate) -> &mut DailyInsights {
    days.entry(date).or_insert_with(|| DailyInsights {
        date,
        ..DailyInsights::default()
    })
}

/// Parses a media insights answer. Empty `data` leaves every metric `None`.
fn post_metrics(body: &[u8]) -> Result<PostMetrics, SourceError> {
    let wire: InsightsWire = parse_body(body, "media insights")?;
    let mut metrics = PostMetrics::default();
    for metric in wire.data.unwrap_or_default() {
        let value = count_of(metric.single_value());
        let slot = match metric.name.as_deref().unwrap_or_default() {
            "views" => &mut metrics.views,
            "reach" => &mut metrics.reach,
            "likes" => &mut metrics.likes,
            "comments" => &mut metrics.comments,
            "saved" | "saves" => &mut metrics.saves,
            "shares" => &mut metrics.shares,
            "total_interactions" => &mut metrics.total_interactions,
            "follows" => &mut metrics.follows,
            "profile_visits" => &mut metrics.profile_visits,
            _ => continue,
        };
        if value.is_some() {
            *slot = value;
        }
    }
    Ok(metrics)
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn mentions_whole_words_only() {
        assert!(mentions(
            "(#100) The metric shares is not supported for this media type",
            "shares"
        ));
        assert!(mentions(
            "does not support the views metric for this media product type",
            "views"
        ));
        assert!(mentions(
            "The following metric (follower_count) is incompatible",
            "follower_count"
        ));
        assert!(!mentions("reach_total is wrong", "reach"));
        assert!(!mentions("likesX", "likes"));
    }

    #[test]
    fn metric_sets_by_kind() {
        assert_eq!(metrics_for(MediaKind::Image).len(), 9);
        assert!(!metrics_for(MediaKind::Reel).contains(&"follows"));
        assert!(!metrics_for(MediaKind::Story).contains(&"saved"));
    }

    #[test]
    fn demographics_buckets_sorted() {
        let wire: InsightsWire = serde_json::from_value(serde_json::json!({"data":[{"name":"follower_demographics","total_value":{"breakdowns":[{"dimension_keys":["timeframe","country"],"results":[
            {"dimension_values":["THIS_MONTH","CA"],"value":800},
            {"dimension_values":["THIS_MONTH","US"],"value":5000},
            {"dimension_values":[],"value":1}
        ]}]}}]}))
        .unwrap_or(InsightsWire { data: None });
        assert_eq!(
            buckets(wire),
            vec![("US".to_owned(), 5000), ("CA".to_owned(), 800)]
        );
    }
}
