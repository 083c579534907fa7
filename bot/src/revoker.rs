//! The revoker, modelled on `publisher.rs`: when a TikTok account is erased (`/disconnect`
//! of its last chat, `/forget`), the engine keeps its sealed tokens in the revocations tree
//! until TikTok confirms Pulse's access is removed. This loop asks at once when woken
//! (`AppState::revoker_wake`, set by the reply that erased the account) and otherwise looks
//! every minute; `Pulse::revoke_pending` spaces out the attempts that failed. A revocation
//! never holds up an erasure: the data is gone before the first attempt.

use std::sync::Arc;
use std::time::Duration;

use crate::app::AppState;
use crate::errors;

/// The longest sleep between two looks.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Runs until shutdown.
pub async fn run(state: Arc<AppState>) {
    loop {
        // Only the instance holding the scheduler's lease runs rounds (crate::leadership).
        if !state.leadership.wait_to_lead(&state.shutdown).await {
            break;
        }
        let woken = state.revoker_wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        round(&state).await;
        tokio::select! {
            () = tokio::time::sleep(MAX_SLEEP) => {}
            () = &mut woken => {}
            () = state.shutdown.cancelled() => break,
        }
    }
    tracing::debug!("revoker stopped");
}

/// One round: every due revocation tried once. How many were done.
pub async fn round(state: &Arc<AppState>) -> usize {
    match state.pulse.revoke_pending((state.clock)()).await {
        Ok(done) => {
            if done > 0 {
                tracing::info!(revoked = done, "tiktok authorizations revoked");
            }
            done
        }
        Err(error) => {
            errors::report("revoking tiktok authorizations failed", &error);
            0
        }
    }
}
