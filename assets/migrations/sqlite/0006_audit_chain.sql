-- Keys leave the database: every HMAC key is now derived from the secret key file
-- (`keys.file`), so the keys the kiosks made and kept here are deleted. Codes issued under
-- them stop verifying and unknown names' tags start afresh.
DELETE FROM kiosk_secrets;

-- The audit chain: each row's MAC covers its fields and the previous row's MAC, under the
-- key id it names. Rows from before this migration have none.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
ALTER TABLE audit_log ADD COLUMN mac TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- One row: the last sequence number and MAC. Writers take this row first (UPDATE ...
-- RETURNING locks it until commit), so one chain is extended by one writer at a time.
-- older_rows: how many rows the log held when the chain began.
CREATE TABLE audit_chain (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        BIGINT  NOT NULL,
    mac        TEXT    NOT NULL,
    older_rows BIGINT  NOT NULL
);
INSERT INTO audit_chain (id, seq, mac, older_rows) SELECT 1, 0, '', COUNT(*) FROM audit_log;
