//! What Instagram's crawler fetches: `GET /media/{id}.{ext}` serves a post's file while
//! Instagram may fetch it (`Pulse::hosted_media`: from the post's first container until
//! `media_publish` answered, a day at most) with its `Content-Type`, its length, no login,
//! no redirect and no caching; anything else is a plain 404 that says nothing about whether
//! the id ever existed. `GET /robots.txt` lets crawlers fetch `/media/` (a rule against it
//! is a known cause of Meta's "media could not be fetched").

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::app::AppState;

/// The routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/media/{name}", get(media))
        .route("/robots.txt", get(robots))
        .with_state(state)
}

async fn media(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    let now = (state.clock)();
    match state.pulse.hosted_media(&name, now) {
        Ok(Some(file)) => {
            let mut response = (StatusCode::OK, file.bytes).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::HeaderName::from_static("x-robots-tag"),
                HeaderValue::from_static("noindex"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            crate::errors::report("serving a post's file failed", &error);
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn robots() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "User-agent: *\nAllow: /media/\nDisallow: /\n",
    )
        .into_response()
}
