-- Up Migration
-- A send whose outcome is unknown (timeout, reset, 5xx) is reconciled with the provider before any retry:
-- the attempt's start bounds the provider's search, and the provider is not asked before reconcile_after.
ALTER TABLE deliveries ADD COLUMN attempt_started_at timestamptz;
ALTER TABLE deliveries ADD COLUMN reconcile_after timestamptz;

-- Down Migration
ALTER TABLE deliveries DROP COLUMN reconcile_after;
ALTER TABLE deliveries DROP COLUMN attempt_started_at;
