//! The publishing runner, modelled on `alerts.rs`: it sleeps until
//! `Pulse::next_publication_at` (1 s to a minute) or a wake-up (`AppState::publisher_wake`:
//! a post made due now by `/publish` or a time already here), lets `Pulse::publish_due`
//! move every due post on — claims, containers, status reads, the one `media_publish` —
//! and sends each piece of news (published with its link, failed with Retry, unconfirmed,
//! the first-hour note) to the post's chat through the `Outbox`. At shutdown a round under
//! way finishes its calls (each state is saved before and after them), and the next start
//! takes over from where it stood.

use std::sync::Arc;
use std::time::Duration;

use crate::app::AppState;
use crate::errors;

/// The longest sleep between two looks.
pub const MAX_SLEEP: Duration = Duration::from_secs(60);
/// The shortest.
const MIN_SLEEP: Duration = Duration::from_millis(200);

/// Runs until shutdown.
pub async fn run(state: Arc<AppState>) {
    loop {
        // Only the instance holding the scheduler's lease runs rounds (crate::leadership).
        if !state.leadership.wait_to_lead(&state.shutdown).await {
            break;
        }
        let woken = state.publisher_wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        let this_round = tokio::spawn({
            let state = state.clone();
            tracing::Instrument::instrument(
                async move { round(&state).await },
                crate::telemetry::job_span(crate::telemetry::JobKind::Publishing),
            )
        });
        if let Err(error) = this_round.await {
            tracing::error!(error = %error, "a publishing round failed; the next one runs as usual");
        }
        let now = (state.clock)();
        let sleep = match state.pulse.next_publication_at() {
            Ok(Some(next)) => (next - now)
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(MIN_SLEEP, MAX_SLEEP),
            Ok(None) => MAX_SLEEP,
            Err(error) => {
                errors::report("finding the next publishing time failed", &error);
                MAX_SLEEP
            }
        };
        tokio::select! {
            () = tokio::time::sleep(sleep + Duration::from_millis(5)) => {}
            () = &mut woken => {}
            () = state.shutdown.cancelled() => break,
        }
    }
    tracing::debug!("publishing runner stopped");
}

/// One round: every due post moved on, its news sent. How many messages went out.
pub async fn round(state: &Arc<AppState>) -> usize {
    let now = (state.clock)();
    let news = match state.pulse.publish_due(now).await {
        Ok(news) => news,
        Err(error) => {
            errors::report("a publishing round failed", &error);
            return 0;
        }
    };
    let mut sent = 0;
    for item in news {
        match state.outbox.send(&item.chat, &item.reply).await {
            Ok(_) => sent += 1,
            Err(error) => tracing::warn!(
                platform = item.chat.platform.as_str(),
                error = %error,
                "news of a post did not reach its chat"
            ),
        }
    }
    if sent > 0 {
        tracing::info!(messages = sent, "publishing round");
    }
    sent
}
