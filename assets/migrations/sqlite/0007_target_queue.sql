-- Pushes to a cloud target (Google) waiting after a temporary failure: the $6$ crypt hash
-- only, never the password, sealed with a key from the kiosk's key file. One row per
-- account and target: a newer change replaces or removes it (supersession).
CREATE TABLE target_queue (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target      TEXT   NOT NULL,
    sealed_hash TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    next_try_at BIGINT NOT NULL,
    tries       BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT   NOT NULL DEFAULT '',
    UNIQUE (account_id, target)
);
CREATE INDEX target_queue_due ON target_queue (next_try_at);
