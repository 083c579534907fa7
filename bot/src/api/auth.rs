//! Who is calling: the one extractor every stats endpoint takes. The key was checked, counted
//! against its allowance and, for a key that signs, its signature verified over the body by
//! the API's middleware ([`super::gate`]), which hands the caller over in the request's
//! extensions; here the scope is checked (`stats:read` for the figures, `export:read` for
//! the export, `admin` for pause, resume and erasure; 403 without). The caller's chat is
//! whose accounts the request may read.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use engine::api_keys::Scope;
use engine::pulse::ApiCaller;

use super::problem::{Problem, INTERNAL, SCOPE};
use crate::app::AppState;

/// A caller whose key may read the figures.
pub struct StatsReader {
    /// Who.
    pub caller: ApiCaller,
}

impl FromRequestParts<Arc<AppState>> for StatsReader {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let caller = caller_with(
            parts,
            Scope::StatsRead,
            "This key may not read the figures: it needs the stats:read scope (/apikey new <name> stats:read).",
        )?;
        Ok(StatsReader { caller })
    }
}

/// A caller whose key may read the chat's export (`export:read`, or `admin`).
pub struct Exporter {
    /// Who.
    pub caller: ApiCaller,
}

impl FromRequestParts<Arc<AppState>> for Exporter {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let caller = caller_with(
            parts,
            Scope::ExportRead,
            "This key may not read the chat's export: it needs the export:read scope (/apikey new <name> export:read).",
        )?;
        Ok(Exporter { caller })
    }
}

/// A caller whose key may act for the chat's administrators (`admin`): pause, resume,
/// erase.
pub struct Administrator {
    /// Who.
    pub caller: ApiCaller,
}

impl FromRequestParts<Arc<AppState>> for Administrator {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let caller = caller_with(
            parts,
            Scope::Admin,
            "This key may not do what the chat's administrators do: it needs the admin scope (/apikey new <name> admin).",
        )?;
        Ok(Administrator { caller })
    }
}

/// The caller the gate handed over, if its key allows `scope`; 403 with `refusal` if not.
fn caller_with(parts: &Parts, scope: Scope, refusal: &str) -> Result<ApiCaller, Problem> {
    // Only the gate puts a caller there: a route outside it has none, and is refused.
    let Some(caller) = parts.extensions.get::<ApiCaller>().cloned() else {
        tracing::error!("a stats API route is served without the API's middleware");
        return Err(Problem::new(
            &INTERNAL,
            "Pulse could not check this request's key.",
        ));
    };
    if !caller.allows(scope) {
        return Err(Problem::new(&SCOPE, refusal));
    }
    Ok(caller)
}
