//! What the client tells an observer about each request it sends: which kind of call it was
//! ([`CallFamily`]) and how it ended ([`CallOutcome`]) — never a URL, an id or a token — so the
//! runtime can count Instagram calls without the client knowing how they are counted.

/// The kind of an Instagram request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallFamily {
    /// The OAuth code exchange, the long-lived exchange and the refresh.
    Token,
    /// `GET /me`.
    Profile,
    /// Pages of `GET /me/media`.
    Media,
    /// Post insights, account insights, follower activity and demographics.
    Insights,
    /// Comments and their replies.
    Comments,
    /// Actions on comments: public and private replies, hiding, the webhook subscription.
    Actions,
    /// Publishing: containers, their status, `media_publish`, the limit, permalinks.
    Publishing,
}

impl CallFamily {
    /// Every family.
    pub const ALL: [CallFamily; 7] = [
        CallFamily::Token,
        CallFamily::Profile,
        CallFamily::Media,
        CallFamily::Insights,
        CallFamily::Comments,
        CallFamily::Actions,
        CallFamily::Publishing,
    ];

    /// The family's name in metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            CallFamily::Token => "token",
            CallFamily::Profile => "profile",
            CallFamily::Media => "media",
            CallFamily::Insights => "insights",
            CallFamily::Comments => "comments",
            CallFamily::Actions => "actions",
            CallFamily::Publishing => "publishing",
        }
    }
}

/// How one request ended (each attempt of a retried call is one request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallOutcome {
    /// Answered.
    Ok,
    /// Instagram throttled it (codes 4, 17, 32, 341, 613, 80002).
    Throttled,
    /// A temporary failure: code 1 or 2, a 5xx, the network, a timeout.
    Transient,
    /// The token no longer works (codes 190, 102).
    Reauth,
    /// Refused for good: a permission, a rejected request or authorization code.
    Refused,
    /// An answer that could not be read.
    Malformed,
}

impl CallOutcome {
    /// Every outcome.
    pub const ALL: [CallOutcome; 6] = [
        CallOutcome::Ok,
        CallOutcome::Throttled,
        CallOutcome::Transient,
        CallOutcome::Reauth,
        CallOutcome::Refused,
        CallOutcome::Malformed,
    ];

    /// The outcome's name in metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Ok => "ok",
            CallOutcome::Throttled => "throttled",
            CallOutcome::Transient => "transient",
            CallOutcome::Reauth => "reauth",
            CallOutcome::Refused => "refused",
            CallOutcome::Malformed => "malformed",
        }
    }
}

/// Told about every request the client sends, as it ends. Called on the request's task:
/// keep it quick and never block.
pub trait CallObserver: Send + Sync {
    /// One request of `family` ended with `outcome`.
    fn call_ended(&self, family: CallFamily, outcome: CallOutcome);
}
