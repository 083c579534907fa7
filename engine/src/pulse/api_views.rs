//! The stats API's reads: each `Pulse::api_*` gives a structured view (`crate::views`) of
//! one of the chat's accounts, computed by the functions the chat's commands use — the
//! overview and ranking of `figures.rs`, the answers' `AnswerData` (fans, best time), the
//! leads of `sales.rs` —, in the chat's time zone, so the API and the chat agree.
//!
//! An account is named by Pulse's id of it or its handle (with or without `@`), among the
//! chat's own accounts only: another chat's account is as unknown as one that does not
//! exist. A paused account (`/pause`) is refused as such.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::analytics::{self, Order};
use crate::command::LeadFilter;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::answer::{best_times, fan_counts};
use crate::question::{parse_after, Query};
use crate::records::AccountRecord;
use crate::views::audience::{DemographicsView, FanView, FansView, LeadView, LeadsView};
use crate::views::figures::{
    daily_insights, follower_points, BestTimeView, DailyInsightsView, FollowerSeriesView,
    OverviewView,
};
use crate::views::posts::{
    page_of_posts, PostSort, PostView, PostsPage, RankedPostView, RankingView,
};
use crate::views::question::{reading_of, QuestionView};
use crate::views::{AccountView, PeriodView, ViewError};

use super::commands::leads::{keeps, leads_range};
use super::{Pulse, PulseError};

/// What a page of posts asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostsQuery {
    /// Published in.
    pub period: Period,
    /// Only this type.
    pub kind: Option<crate::instagram::MediaKind>,
    /// Sorted by.
    pub sort: PostSort,
    /// Which end first.
    pub order: Order,
    /// The page, from 1.
    pub page: usize,
    /// Posts per page.
    pub per_page: usize,
}

impl Pulse {
    /// The chat's accounts, as `/accounts` lists them.
    pub fn api_accounts(&self, chat: &crate::chat::ChatId) -> Result<Vec<AccountView>, PulseError> {
        let records = self.records();
        let active = self.active_account(chat)?.map(|account| account.id);
        let mut accounts = Vec::new();
        for id in records.chat_accounts(chat)? {
            if let Some(account) = records.account(&id)? {
                accounts.push(AccountView::new(&account, active.as_ref() == Some(&id)));
            }
        }
        Ok(accounts)
    }

    /// The chat's account named `reference` (its id, or its handle with or without `@`,
    /// in any case), and the chat's time zone.
    fn api_account(
        &self,
        chat: &crate::chat::ChatId,
        reference: &str,
    ) -> Result<(AccountRecord, Tz), ViewError> {
        let account = self.api_named_account(chat, reference)?;
        if self.is_paused(&account.id)? {
            return Err(ViewError::Paused(account.username));
        }
        Ok((account, self.timezone(chat)?))
    }

    /// The chat's account named `reference`, paused or not.
    pub(super) fn api_named_account(
        &self,
        chat: &crate::chat::ChatId,
        reference: &str,
    ) -> Result<AccountRecord, ViewError> {
        let records = self.records();
        let handle = reference.strip_prefix('@').unwrap_or(reference);
        for id in records.chat_accounts(chat)? {
            let Some(account) = records.account(&id)? else {
                continue;
            };
            if id.as_str() == reference || account.username.eq_ignore_ascii_case(handle) {
                return Ok(account);
            }
        }
        Err(ViewError::UnknownAccount(reference.to_owned()))
    }

    /// `/stats`: the overview of `period`.
    pub fn api_overview(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<OverviewView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        let figures = self.overview_figures(&account, period, timezone, now)?;
        Ok(OverviewView::new(
            account.username.clone(),
            PeriodView::new(&period, figures.overview.range, timezone),
            &figures.overview,
            figures.leads,
            account.last_sync_at,
        ))
    }

    /// `/top` (or its lowest twin): `count` posts of `period` ranked by `metric`.
    pub fn api_top(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        ranking: (Metric, Order, usize),
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<RankingView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        let ranked = self
            .ranked_posts(&account, ranking, period, timezone, now)?
            .map_err(ViewError::NotReported)?;
        Ok(RankingView {
            account: account.username.clone(),
            metric: ranking.0,
            order: ranking.1,
            period: PeriodView::new(&period, ranked.range, timezone),
            published: ranked.published,
            without_data: ranked.without_data,
            posts: ranked
                .posts
                .iter()
                .enumerate()
                .map(|(index, (post, value))| RankedPostView {
                    rank: index + 1,
                    value: *value,
                    post: PostView::new(post),
                })
                .collect(),
            data_as_of: account.last_sync_at,
        })
    }

    /// A page of the posts published in a period.
    pub fn api_posts(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        query: PostsQuery,
        now: DateTime<Utc>,
    ) -> Result<PostsPage, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        if let PostSort::Metric(metric) = query.sort {
            let asked = Query::Posts {
                metric,
                order: query.order,
                count: query.per_page,
                kind: query.kind,
                period: query.period,
                caption: false,
            };
            if let Some(cannot) = super::networks::cannot_answer(&account, &asked) {
                return Err(ViewError::NotReported(cannot));
            }
        }
        let posts = self.records().posts(&account.id)?;
        let range = query.period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &[], &[], timezone),
        );
        let published = analytics::posts_in(&posts, range, timezone);
        let (page, total) = page_of_posts(
            published,
            query.kind,
            query.sort,
            query.order,
            (query.page, query.per_page),
        );
        Ok(PostsPage {
            account: account.username.clone(),
            period: PeriodView::new(&query.period, range, timezone),
            media_type: query.kind,
            sort: match query.sort {
                PostSort::Published => "published_at".to_owned(),
                PostSort::Metric(metric) => metric.noun().replace(' ', "_"),
            },
            order: query.order,
            page: query.page,
            per_page: query.per_page,
            total,
            posts: page.into_iter().map(PostView::new).collect(),
        })
    }

    /// Every day of `period` with the account's daily insights.
    pub fn api_daily_insights(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<DailyInsightsView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        self.with_answer_data(&account, timezone, false, now, |data| {
            let period_view = PeriodView::new(&period, data.resolve(&period), timezone);
            let (days, days_with_data) = daily_insights(data.daily, &period_view);
            DailyInsightsView {
                account: account.username.clone(),
                period: period_view,
                days_with_data,
                days,
            }
        })
        .map_err(Into::into)
    }

    /// Followers per day over `period`, as the follower chart draws them.
    pub fn api_follower_series(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<FollowerSeriesView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        if let Some(cannot) =
            super::networks::cannot_answer(&account, &Query::FollowerGrowth { period })
        {
            return Err(ViewError::NotReported(cannot));
        }
        self.with_answer_data(&account, timezone, false, now, |data| {
            let range = data.resolve(&period);
            let series = analytics::follower_series(data.snapshots, data.daily, range, timezone);
            FollowerSeriesView {
                account: account.username.clone(),
                period: PeriodView::new(&period, range, timezone),
                points: follower_points(&series, data.snapshots, timezone),
            }
        })
        .map_err(Into::into)
    }

    /// `/fans`: the `count` people who commented most in `period`.
    pub fn api_fans(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        period: Period,
        count: usize,
        now: DateTime<Utc>,
    ) -> Result<FansView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        if let Some(cannot) =
            super::networks::cannot_answer(&account, &Query::Fans { count, period })
        {
            return Err(ViewError::NotReported(cannot));
        }
        self.with_answer_data(&account, timezone, true, now, |data| {
            let range = data.resolve(&period);
            let fans = fan_counts(data, range);
            FansView {
                account: account.username.clone(),
                period: PeriodView::new(&period, range, timezone),
                commenters: fans.len(),
                fans: fans
                    .into_iter()
                    .take(count)
                    .map(|(handle, comments)| FanView { handle, comments })
                    .collect(),
            }
        })
        .map_err(Into::into)
    }

    /// `/leads`: the leads of `period` that `filter` keeps, and the period's figures.
    pub fn api_leads(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        filter: LeadFilter,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<LeadsView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        if let Some(cannot) = super::networks::cannot_answer(&account, &Query::Leads { period }) {
            return Err(ViewError::NotReported(cannot));
        }
        let posts = self.records().posts(&account.id)?;
        let comments = self.account_comments(&account)?;
        let range = leads_range(&comments, period, timezone, now);
        let actions = self.comment_actions_of(&account)?;
        let leads = self.leads_of(&account, &comments, range.instants(timezone), &actions);
        let permalink = |post_id: &str| {
            posts
                .iter()
                .find(|post| post.id == post_id)
                .and_then(|post| post.permalink.clone())
        };
        Ok(LeadsView {
            account: account.username.clone(),
            period: PeriodView::new(&period, range, timezone),
            filter: filter.word().to_owned(),
            counts: crate::lead_status::lead_counts(&leads).into(),
            leads: leads
                .iter()
                .filter(|lead| keeps(filter, lead.status))
                .map(|lead| LeadView::new(lead, permalink(&lead.comment.post_id)))
                .collect(),
        })
    }

    /// `/best_time`: when to post, from the posts of `period` (the chat's is the last 90
    /// days).
    pub fn api_best_time(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<BestTimeView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        if let Some(cannot) = super::networks::cannot_answer(&account, &Query::BestTime { period })
        {
            return Err(ViewError::NotReported(cannot));
        }
        self.with_answer_data(&account, timezone, false, now, |data| {
            let times = best_times(data, &period);
            BestTimeView::new(
                account.username.clone(),
                PeriodView::new(&period, times.range, timezone),
                &times,
            )
        })
        .map_err(Into::into)
    }

    /// The followers' demographics.
    pub fn api_demographics(
        &self,
        chat: &crate::chat::ChatId,
        account: &str,
        now: DateTime<Utc>,
    ) -> Result<DemographicsView, ViewError> {
        let (account, timezone) = self.api_account(chat, account)?;
        let asked = Query::Demographics(crate::question::Audience::Places);
        if let Some(cannot) = super::networks::cannot_answer(&account, &asked) {
            return Err(ViewError::NotReported(cannot));
        }
        self.with_answer_data(&account, timezone, false, now, |data| {
            DemographicsView::new(account.username.clone(), data.demographics)
        })
        .map_err(Into::into)
    }

    /// A question in plain words, read by the parser alone (no model, no previous
    /// question: each call stands alone) and answered about `account`, or the account in
    /// use: the frames it was read as, and the answer the chat would give.
    pub fn api_question(
        &self,
        chat: &crate::chat::ChatId,
        question: &str,
        account: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<QuestionView, ViewError> {
        let (account, timezone) = match account {
            Some(reference) => {
                let (account, timezone) = self.api_account(chat, reference)?;
                (Some(account), timezone)
            }
            None => (self.active_account(chat)?, self.timezone(chat)?),
        };
        let today = now.with_timezone(&timezone).date_naive();
        let parsed = parse_after(question, &[], today, timezone);
        let (reading, frames) = reading_of(&parsed);
        let reply = crate::question::answer::reply(&parsed, |query| {
            self.answer_query_for(chat, account.clone(), query, now)
        })?;
        Ok(QuestionView {
            question: question.to_owned(),
            account: account.map(|account| account.username),
            reading,
            frames,
            answer: reply.to_plain_text(),
        })
    }
}
