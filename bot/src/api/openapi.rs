//! The OpenAPI 3.1 document of the stats API: its head (title, version, the bearer key
//! scheme, the tags) here, its paths from each handler's `#[utoipa::path]` as the router
//! adds them (`utoipa_axum::routes!`), and its schemas from the engine's views
//! (`ToSchema`, the engine's `openapi` feature). Served at `/api/openapi.json`.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::problem::Problem;

/// The document's head; the router fills in the paths.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pulse stats API",
        version = "1",
        description = "Read the figures of the accounts linked to a chat — the same figures the chat's commands show. Authenticate with `Authorization: Bearer <key>` (a key made in the chat with `/apikey new <name> stats:read`). Periods take the chat's forms (`7d`, `last-month`, `2026-01-01..2026-01-31`). Missing data is `null`, never 0. Errors are RFC 9457 `application/problem+json`."
    ),
    components(schemas(Problem)),
    modifiers(&BearerKey),
    tags(
        (name = "accounts", description = "The accounts a key reads"),
        (name = "figures", description = "An account's figures over a period"),
        (name = "posts", description = "An account's posts"),
        (name = "audience", description = "The people around an account"),
        (name = "questions", description = "Questions in plain words"),
        (name = "rights", description = "The chat's rights over its data: export, pause, erasure")
    )
)]
pub struct ApiDoc;

/// The `api_key` security scheme every endpoint names.
struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}
