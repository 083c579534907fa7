//! A scripted browser: opens a `/connect` link the way a person's browser would, so the demo
//! and the tests go through the real link page, Instagram's (sandbox) authorize page, the
//! OAuth redirect and Pulse's callback.

use anyhow::Context as _;

/// Opens the link page, then continues to Instagram, approves, and follows every redirect
/// back to Pulse. Succeeds when Pulse's final page says the account is linked.
pub async fn follow_link(link: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .context("building the HTTP client")?;
    let page = client
        .get(link)
        .send()
        .await
        .context("opening the link page")?;
    let status = page.status();
    let body = page.text().await.unwrap_or_default();
    anyhow::ensure!(status.is_success(), "the link page answered {status}");
    anyhow::ensure!(
        body.contains("id=\"continue\""),
        "the link page has no continue button"
    );
    let last = client
        .get(format!("{link}/go"))
        .send()
        .await
        .context("continuing to Instagram")?;
    let path = last.url().path().to_owned();
    let status = last.status();
    anyhow::ensure!(
        status.is_success() && path == "/linked",
        "the sign-in ended at {path} with {status}"
    );
    Ok(())
}
