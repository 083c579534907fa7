//! The PostgreSQL store's schema and its versioned migrations, run on every start.
//!
//! `pulse_schema_version` records each step applied. [`migrate`] takes a transaction-level
//! advisory lock first, so two instances starting at once migrate one after the other (the
//! second finds nothing left to do), and runs every missing step in that one transaction:
//! a step is applied whole or not at all. A database written by a newer Pulse (a version
//! this one does not know) is refused rather than used.

use tokio_postgres::Client;

use super::database_error;
use engine::store::StoreError;

/// The advisory lock held while migrating ("pulse" in ASCII).
const MIGRATION_LOCK: i64 = 0x70_75_6c_73_65;

/// Every step, in order: step `n` (from 1) brings the schema to version `n`. A released step
/// is never edited; a change is a new step.
const STEPS: &[&str] = &[
    // 1: the trees (one table, ordered by bytes within a tree), the keyring (whole), and the
    // upsert that returns the value it replaced.
    r#"
CREATE TABLE pulse_entries (
    tree  text  NOT NULL,
    key   bytea NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (tree, key)
);
CREATE TABLE pulse_keyring (
    id      smallint PRIMARY KEY CHECK (id = 1),
    keyring bytea    NOT NULL
);
CREATE FUNCTION pulse_put(t text, k bytea, v bytea) RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
    previous bytea;
BEGIN
    LOOP
        SELECT value INTO previous FROM pulse_entries WHERE tree = t AND key = k FOR UPDATE;
        IF FOUND THEN
            UPDATE pulse_entries SET value = v WHERE tree = t AND key = k;
            RETURN previous;
        END IF;
        INSERT INTO pulse_entries (tree, key, value) VALUES (t, k, v) ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN NULL;
        END IF;
        -- Another writer inserted the key meanwhile: read it again, locked.
    END LOOP;
END
$$;
"#,
    // 2: the keyring as one row per account, so several instances add keys without losing
    // one another's (each account's key is added only where it has none); the flag of a
    // wholly sealed store in a row of its own. The keyring saved whole by version 1 is
    // split into them.
    r#"
CREATE TABLE pulse_data_keys (
    account text  PRIMARY KEY,
    wrapped bytea NOT NULL
);
CREATE TABLE pulse_keyring_state (
    id           smallint PRIMARY KEY CHECK (id = 1),
    store_sealed boolean  NOT NULL
);
INSERT INTO pulse_data_keys (account, wrapped)
SELECT k.key, decode(k.value, 'base64')
FROM pulse_keyring, jsonb_each_text(convert_from(keyring, 'UTF8')::jsonb -> 'keys') AS k;
INSERT INTO pulse_keyring_state (id, store_sealed)
SELECT 1, coalesce((convert_from(keyring, 'UTF8')::jsonb ->> 'store_sealed')::boolean, false)
FROM pulse_keyring;
DROP TABLE pulse_keyring;
"#,
];

/// The schema version this Pulse writes.
pub const VERSION: i32 = STEPS.len() as i32;

/// Brings the database's schema to [`VERSION`]; returns how many steps ran.
pub(super) async fn migrate(client: &mut Client) -> Result<usize, StoreError> {
    let transaction = client.transaction().await.map_err(database_error)?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(database_error)?;
    transaction
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS pulse_schema_version (
                version    integer     PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .await
        .map_err(database_error)?;
    let current: i32 = transaction
        .query_one(
            "SELECT coalesce(max(version), 0) FROM pulse_schema_version",
            &[],
        )
        .await
        .map_err(database_error)?
        .get(0);
    if current > VERSION {
        return Err(StoreError::Database(format!(
            "the PostgreSQL database has schema version {current}, written by a newer Pulse; this one knows up to {VERSION}"
        )));
    }
    let mut ran = 0;
    for (index, step) in STEPS.iter().enumerate().skip(current as usize) {
        let version = index as i32 + 1;
        transaction
            .batch_execute(step)
            .await
            .map_err(database_error)?;
        transaction
            .execute(
                "INSERT INTO pulse_schema_version (version) VALUES ($1)",
                &[&version],
            )
            .await
            .map_err(database_error)?;
        ran += 1;
    }
    transaction.commit().await.map_err(database_error)?;
    Ok(ran)
}
