-- Expiry notices: the job's view of the accounts it still has to look at.
-- `expiry_closed` is the expiry (a password_expires_at value) whose notices and lock are all
-- finished. A new password brings a new expiry, so the account is open again without
-- anyone resetting the column.
ALTER TABLE accounts ADD COLUMN expiry_closed BIGINT;
-- Only open accounts are in this index, so the job's range scan (expiry up to today plus
-- the longest notice period) costs what the due accounts cost, however many accounts
-- there are and however many old expiries are already dealt with.
CREATE INDEX accounts_expiry_open ON accounts (password_expires_at)
    WHERE status = 'active' AND password_expires_at IS NOT NULL
      AND (expiry_closed IS NULL OR expiry_closed <> password_expires_at);
