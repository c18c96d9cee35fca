-- Wrong passwords per typed username, for names that exist and names that do not alike:
-- keyed by a keyed HMAC of the name (the kiosk secret `signin_throttle`), never the name,
-- so a lock tells nothing about who exists. Staff and expiry locks stay on accounts.
CREATE TABLE signin_throttle (
    tag          TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL DEFAULT 0,
    lock_count   BIGINT NOT NULL DEFAULT 0,
    window_start BIGINT,
    locked_until BIGINT,
    until_staff  BIGINT NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX signin_throttle_updated ON signin_throttle (updated_at);
