-- Security questions: wrong answers given for usernames that do not exist. Their decoy
-- questions count failures and lock with the same rising delay as a real account's, so a
-- lock does not tell who exists. Keyed by a keyed HMAC of the typed name (the kiosk secret
-- `questions_decoy`), never the name itself; rows idle for 90 days are pruned.
CREATE TABLE question_decoys (
    tag          TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL DEFAULT 0,
    lock_count   BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX question_decoys_updated ON question_decoys (updated_at);
