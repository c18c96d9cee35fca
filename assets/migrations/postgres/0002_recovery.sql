-- Recovery methods (security questions, SMS codes), expiry notices, helpdesk role.
ALTER TABLE accounts ADD COLUMN mobile_confirmed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN questions_locked_until BIGINT;
ALTER TABLE accounts ADD COLUMN questions_lock_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN helpdesk BIGINT NOT NULL DEFAULT 0;
-- Username and display name folded (lowercase, no diacritics) for staff look-ups.
ALTER TABLE accounts ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
CREATE INDEX accounts_search_name ON accounts (search_name);

-- Security answers: only argon2id hashes of the normalised answers.
CREATE TABLE security_answers (
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    question_id TEXT   NOT NULL,
    answer_hash TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, position)
);

-- The questions chosen for the current attempt window: asked again until answered.
CREATE TABLE question_challenges (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    positions  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- One-time codes: only a keyed HMAC of the code, bound to one kiosk session and account.
CREATE TABLE one_time_codes (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose     TEXT   NOT NULL,
    session_ref TEXT   NOT NULL,
    target      TEXT   NOT NULL,
    code_hmac   TEXT   NOT NULL,
    tries_left  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    voided      BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX one_time_codes_account ON one_time_codes (account_id, purpose, id);

-- Every SMS send attempt, for the per-account and per-kiosk quotas.
CREATE TABLE sms_log (
    id         BIGSERIAL PRIMARY KEY,
    at         BIGINT NOT NULL,
    kiosk_id   TEXT   NOT NULL,
    account_id BIGINT,
    purpose    TEXT   NOT NULL,
    outcome    TEXT   NOT NULL
);
CREATE INDEX sms_log_account ON sms_log (account_id, at);
CREATE INDEX sms_log_kiosk ON sms_log (kiosk_id, at);

-- Expiry notices: one row per account, expiry cycle and notice; claimed before sending.
CREATE TABLE notices (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    cycle      BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    state      TEXT   NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (account_id, cycle, kind)
);

-- Keys generated at first start (HMAC keys for codes and decoy questions).
CREATE TABLE kiosk_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
