//! `pulse check`: validates the configuration and the secrets and says, in plain words,
//! what is missing or wrong. It starts nothing and changes nothing; it only listens on
//! `http.bind` for a moment to see that Pulse could.

use std::path::Path;

use engine::vault::MasterKey;
use secrecy::ExposeSecret;

use crate::app::redirect_uri;
use crate::config::{self, FileConfig, Secrets};

/// The warning when no chat front end is configured (`pulse check`, and `pulse run`'s log).
pub fn no_front_end(secrets: &Secrets) -> Option<&'static str> {
    (secrets.telegram_token.is_none() && secrets.discord_token.is_none()).then_some(
        "no chat front end is configured: set PULSE__TELEGRAM__TOKEN to serve Telegram or PULSE__DISCORD__TOKEN to serve Discord (the HTTP server, syncs and `pulse chat` work without one)",
    )
}

/// Whether Pulse could listen on `http.bind` now (another program may hold the port).
fn listening(file: &FileConfig) -> Option<Finding> {
    // An address that does not resolve is already one of the configuration's problems.
    let addresses = file.typed().ok()?.bind;
    Some(match std::net::TcpListener::bind(&addresses[..]) {
        Ok(_) => Finding::Ok(format!("http.bind {} is free to listen on", file.http.bind)),
        Err(error) => Finding::Problem(config::cannot_listen(&file.http.bind, &error)),
    })
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Fine.
    Ok(String),
    /// Works, but worth a look.
    Warning(String),
    /// Pulse cannot run like this.
    Problem(String),
}

/// Checks a loaded configuration and the secrets.
pub fn check(file: &FileConfig, secrets: &Secrets) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut push = |finding: Finding| findings.push(finding);

    match &secrets.master_key {
        None => push(Finding::Problem(
            "PULSE__VAULT__MASTER_KEY is not set: run `pulse keygen` and set the key it prints"
                .into(),
        )),
        Some(key) => match MasterKey::from_base64(key.expose_secret()) {
            Ok(key) => push(Finding::Ok(format!(
                "master key set (key id {})",
                key.id_hex()
            ))),
            Err(error) => push(Finding::Problem(format!(
                "PULSE__VAULT__MASTER_KEY: {error}"
            ))),
        },
    }
    if file.instagram.app_id.trim().is_empty() {
        push(Finding::Problem("instagram.app_id is empty: set the Instagram App ID (App Dashboard → Instagram → API setup with Instagram login)".into()));
    } else {
        push(Finding::Ok("instagram.app_id set".into()));
    }
    if secrets.instagram_app_secret.is_none() {
        push(Finding::Problem("PULSE__INSTAGRAM__APP_SECRET is not set: use the Instagram App Secret from the same page".into()));
    } else {
        push(Finding::Ok("Instagram app secret set".into()));
    }
    match (
        file.tiktok.client_key.trim().is_empty(),
        secrets.tiktok_client_secret.is_some(),
    ) {
        (true, false) => push(Finding::Ok(
            "TikTok is off (set tiktok.client_key and PULSE__TIKTOK__CLIENT_SECRET to link TikTok accounts)".into(),
        )),
        (false, true) => push(Finding::Ok(format!(
            "TikTok is on: register this redirect URI with your TikTok app (Login Kit): {}",
            crate::app::tiktok_redirect_uri(&file.http.public_url)
        ))),
        (true, true) => push(Finding::Problem(
            "PULSE__TIKTOK__CLIENT_SECRET is set but tiktok.client_key is empty: set both, or neither".into(),
        )),
        (false, false) => push(Finding::Problem(
            "tiktok.client_key is set but PULSE__TIKTOK__CLIENT_SECRET is not: set both, or neither".into(),
        )),
    }
    for problem in file.problems() {
        push(Finding::Problem(problem));
    }
    if let Some(finding) = listening(file) {
        push(finding);
    }
    if let Ok(url) = url::Url::parse(&file.http.public_url) {
        let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if url.scheme() != "https" && !local {
            push(Finding::Warning(format!(
                "http.public_url {} is not https: Instagram only redirects to https addresses",
                file.http.public_url
            )));
        }
        let private = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_private() || ip.is_loopback() || ip.is_link_local(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback() || (ip.segments()[0] & 0xfe00) == 0xfc00,
            Some(url::Host::Domain(name)) => {
                name == "localhost"
                    || name.ends_with(".local")
                    || name.ends_with(".lan")
                    || name.ends_with(".internal")
            }
            None => true,
        };
        if private || url.scheme() != "https" {
            push(Finding::Warning(format!(
                "Instagram fetches the photos and videos Pulse publishes from {}/media/…: that must be an https address reachable from the internet without a login, or publishing fails with \"media could not be fetched\"",
                file.http.public_url.trim_end_matches('/')
            )));
        }
        push(Finding::Ok(format!(
            "register this OAuth redirect URI with Instagram: {}",
            redirect_uri(&file.http.public_url)
        )));
        let base = file.http.public_url.trim_end_matches('/');
        push(Finding::Ok(format!(
            "register these with Instagram too: deauthorize callback {base}/meta/deauthorize, data deletion request URL {base}/meta/data-deletion"
        )));
        push(match (file.http.metrics, &secrets.metrics_token) {
            (false, _) => Finding::Ok("/metrics is off (http.metrics = false)".into()),
            (true, Some(_)) => Finding::Ok(format!(
                "Prometheus can scrape {base}/metrics with the bearer token in PULSE__HTTP__METRICS_TOKEN"
            )),
            (true, None) if local => {
                Finding::Ok(format!("Prometheus can scrape {base}/metrics"))
            }
            (true, None) => Finding::Warning(format!(
                "{base}/metrics is open to anyone who reaches it (counts, no personal data): set PULSE__HTTP__METRICS_TOKEN for scrapes to send, or http.metrics = false"
            )),
        });
    }
    if file.store.backend == config::Backend::Postgres {
        store_findings(file, secrets, &mut push);
    } else {
        sled_findings(file, &mut push);
    }
    if secrets.telegram_token.is_some() {
        push(Finding::Ok(format!(
            "Telegram front end on (long polling via {})",
            file.telegram.api_url
        )));
    }
    if secrets.discord_token.is_some() {
        push(Finding::Ok(format!(
            "Discord front end on ({} mode)",
            file.discord.mode
        )));
        if file.discord.mode == "endpoint"
            && (file.discord.application_id.is_empty() || file.discord.public_key.is_empty())
        {
            push(Finding::Problem(
                "discord.mode = \"endpoint\" needs discord.application_id and discord.public_key"
                    .into(),
            ));
        }
    }
    match file.discord.sign_in(secrets) {
        Ok(Some(_)) => push(Finding::Ok(format!(
            "Discord /connect links are bound to who asked: register {}/oauth/discord/callback as an OAuth2 redirect in the Developer Portal",
            file.http.public_url.trim_end_matches('/')
        ))),
        Ok(None) => {}
        Err(problem) => push(Finding::Problem(problem)),
    }
    push(match &secrets.api_pepper {
        None => Finding::Ok(
            "the stats API is off (set PULSE__API__PEPPER, 32+ random characters, to let chat administrators make keys with /apikey new)".into(),
        ),
        Some(pepper) => match engine::ApiPepper::new(pepper.expose_secret()) {
            Ok(_) => Finding::Ok(format!(
                "the stats API is on at {}/api/v1 (docs at /api/docs): {} requests an hour per key, {} at once; {} a minute per address without a valid key",
                file.http.public_url.trim_end_matches('/'),
                file.api.requests_per_hour,
                file.api.burst,
                file.api.unauthenticated_requests_per_minute
            )),
            Err(error) => Finding::Problem(format!("PULSE__API__PEPPER: {error}")),
        },
    });
    if let Some(warning) = no_front_end(secrets) {
        push(Finding::Warning(warning.into()));
    }
    findings
}

/// What `pulse check` says about a PostgreSQL store: what is missing, in plain words. It
/// does not connect (opening migrates the schema; `pulse run` says whether it can).
fn store_findings(file: &FileConfig, secrets: &Secrets, push: &mut impl FnMut(Finding)) {
    match crate::database::postgres_settings(file, secrets) {
        Err(missing) => push(Finding::Problem(format!(
            "store.backend = \"postgres\": {missing}"
        ))),
        Ok(settings) => {
            let from = if secrets.store_url.is_some() {
                "PULSE__STORE__URL"
            } else {
                "store.url"
            };
            push(Finding::Ok(format!(
                "PostgreSQL database at {from} (the keyring is kept in it, wrapped by the master key)"
            )));
            let url_password = config::url_holds_password(settings.url.expose_secret());
            if secrets.store_password.is_none() && !url_password {
                push(Finding::Warning(
                    "PULSE__STORE__PASSWORD is not set: fine only if the PostgreSQL server lets this user in without a password".into(),
                ));
            }
        }
    }
}

/// What `pulse check` says about the sled database directory.
fn sled_findings(file: &FileConfig, push: &mut impl FnMut(Finding)) {
    let data_parent = file
        .store
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if data_parent.exists()
        && data_parent
            .metadata()
            .is_ok_and(|m| m.permissions().readonly())
    {
        push(Finding::Problem(format!(
            "the data directory {} is read-only",
            data_parent.display()
        )));
    } else {
        push(Finding::Ok(format!(
            "database at {}",
            file.store.path.display()
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    /// The defaults, listening on a free port (8080 may be taken on the machine running tests).
    fn defaults() -> FileConfig {
        let mut file = FileConfig::default();
        file.http.bind = "127.0.0.1:0".into();
        file
    }

    #[test]
    fn an_empty_setup_names_every_missing_piece() {
        let findings = check(&defaults(), &Secrets::default());
        let problems: Vec<&String> = findings
            .iter()
            .filter_map(|f| match f {
                Finding::Problem(p) => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems
            .iter()
            .any(|p| p.contains("PULSE__VAULT__MASTER_KEY")));
        assert!(problems.iter().any(|p| p.contains("instagram.app_id")));
        assert!(problems
            .iter()
            .any(|p| p.contains("PULSE__INSTAGRAM__APP_SECRET")));
    }

    #[test]
    fn a_complete_setup_has_no_problem() {
        let mut file = defaults();
        file.instagram.app_id = "123".into();
        let secrets = Secrets {
            master_key: Some(SecretString::from(MasterKey::generate().to_base64())),
            instagram_app_secret: Some(SecretString::from("s".to_owned())),
            ..Secrets::default()
        };
        let findings = check(&file, &secrets);
        assert!(
            !findings.iter().any(|f| matches!(f, Finding::Problem(_))),
            "{findings:?}"
        );
        assert!(findings.iter().any(|f| matches!(f, Finding::Ok(t) if t.contains("http://127.0.0.1:8080/oauth/instagram/callback"))));
        assert!(findings.iter().any(|f| matches!(f, Finding::Ok(t) if t.contains("http://127.0.0.1:8080/meta/data-deletion"))));
        assert!(findings
            .iter()
            .any(|f| matches!(f, Finding::Ok(t) if t.starts_with("TikTok is off"))));
        // TikTok: both halves, or a problem that names the missing one.
        let mut tiktok = file.clone();
        tiktok.tiktok.client_key = "awx123".into();
        let half = check(&tiktok, &secrets);
        assert!(half.iter().any(|f| matches!(f, Finding::Problem(t) if t.contains("PULSE__TIKTOK__CLIENT_SECRET is not"))), "{half:?}");
        let both = Secrets {
            tiktok_client_secret: Some(SecretString::from("t".to_owned())),
            master_key: secrets.master_key.clone(),
            instagram_app_secret: secrets.instagram_app_secret.clone(),
            ..Secrets::default()
        };
        let on = check(&tiktok, &both);
        assert!(on.iter().any(|f| matches!(f, Finding::Ok(t) if t.contains("http://127.0.0.1:8080/oauth/tiktok/callback"))), "{on:?}");
        let mut bad = file.clone();
        bad.chats.default_timezone = "Mars/Base".into();
        bad.http.bind = "nowhere".into();
        let problems = check(&bad, &secrets)
            .into_iter()
            .filter(|f| matches!(f, Finding::Problem(_)))
            .count();
        assert_eq!(problems, 2);
    }

    #[test]
    fn an_address_another_program_listens_on_is_a_problem() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut file = defaults();
        file.http.bind = taken.local_addr().unwrap().to_string();
        let findings = check(&file, &Secrets::default());
        assert!(
            findings.iter().any(|f| matches!(f, Finding::Problem(p)
                if p.starts_with(&format!("http.bind = {:?} is already in use", file.http.bind)))),
            "{findings:?}"
        );
        drop(taken);
        let findings = check(&file, &Secrets::default());
        assert!(
            findings
                .iter()
                .any(|f| matches!(f, Finding::Ok(t) if t.contains("free to listen on"))),
            "{findings:?}"
        );
    }
}
