-- Accounts, password history and audit log. Times are Unix epoch seconds (UTC);
-- flags are 0/1 integers so one query text serves SQLite and PostgreSQL.
CREATE TABLE accounts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT    NOT NULL UNIQUE,
    display_name        TEXT    NOT NULL,
    category            TEXT    NOT NULL,
    email               TEXT,
    mobile              TEXT,
    language            TEXT,
    status              TEXT    NOT NULL DEFAULT 'active',
    password_hash       TEXT,
    password_changed_at BIGINT,
    password_expires_at BIGINT,
    must_change         BIGINT  NOT NULL DEFAULT 0,
    temp_uses_left      BIGINT  NOT NULL DEFAULT 0,
    temp_expires_at     BIGINT,
    failed_logins       BIGINT  NOT NULL DEFAULT 0,
    locked_until        BIGINT,
    lock_reason         TEXT,
    recovery_failures   BIGINT  NOT NULL DEFAULT 0,
    version             BIGINT  NOT NULL DEFAULT 0,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);
CREATE INDEX accounts_expires ON accounts (password_expires_at);

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL
);
CREATE INDEX password_history_account ON password_history (account_id, id);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       BIGINT NOT NULL,
    kiosk_id TEXT   NOT NULL,
    actor    TEXT   NOT NULL,
    subject  TEXT,
    action   TEXT   NOT NULL,
    outcome  TEXT   NOT NULL,
    detail   TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
CREATE INDEX audit_log_at ON audit_log (at);
