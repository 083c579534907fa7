//! Supervision, from the operator's side: a task that should run until shutdown and stops
//! early ends Pulse with an error that names it (so the process exits non-zero and a
//! supervisor restarts it), instead of leaving Pulse running without it.

use std::time::Duration;

use bot::health::Part;
use pulse_tests::spawn_app;

#[tokio::test]
async fn a_task_that_dies_before_shutdown_stops_pulse_with_an_error_naming_it() {
    let mut app = spawn_app().await;
    assert!(
        app.stopped_by_itself(Duration::from_millis(300))
            .await
            .is_none(),
        "Pulse runs until asked to stop"
    );
    // A loop of the running app with a bug: it panics on its tenth round.
    bot::app::supervise(&app.state, Part::Background, "round counter", async {
        for round in 1.. {
            assert!(round < 10, "a bug in round {round}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    let ended = app
        .stopped_by_itself(Duration::from_secs(20))
        .await
        .expect("Pulse stops by itself, within the drain deadline");
    let error = ended.expect_err("with an error, for a non-zero exit");
    assert_eq!(
        format!("{error:#}"),
        "Pulse stopped because a background loop: the round counter panicked"
    );
}

#[tokio::test]
async fn a_task_that_returns_before_shutdown_stops_pulse_too() {
    let mut app = spawn_app().await;
    bot::app::supervise(&app.state, Part::Background, "quiet loop", async {});
    let error = app
        .stopped_by_itself(Duration::from_secs(20))
        .await
        .expect("Pulse stops by itself")
        .expect_err("with an error");
    assert!(
        format!("{error:#}").ends_with("the quiet loop ended"),
        "{error:#}"
    );
}
