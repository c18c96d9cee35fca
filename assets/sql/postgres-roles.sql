-- The kiosk's runtime role kiosk_app: the rows it reads and writes, nothing else (no DDL,
-- no UPDATE or DELETE of audit rows). Run by the owner after every `kiosk migrate`:
--   psql -d kiosk -v database=kiosk -f assets/sql/postgres-roles.sql
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO kiosk_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO kiosk_app;
GRANT SELECT ON _sqlx_migrations TO kiosk_app;
GRANT SELECT, INSERT ON audit_log, sms_log TO kiosk_app;
-- The audit chain's head: taken (UPDATE ... RETURNING) by every audit row's transaction.
GRANT SELECT, UPDATE ON audit_chain TO kiosk_app;
GRANT SELECT, INSERT, UPDATE ON accounts, one_time_codes TO kiosk_app;
GRANT SELECT, INSERT, DELETE ON password_history, security_answers, question_challenges TO kiosk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON notices, question_decoys, signin_throttle TO kiosk_app;
-- Google pushes waiting for a retry (sealed crypt hashes).
GRANT SELECT, INSERT, UPDATE, DELETE ON target_queue TO kiosk_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO kiosk_app;
