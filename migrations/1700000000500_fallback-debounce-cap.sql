-- Up Migration
-- Channel fallback (SPEC 9): the channel a rule's message goes out on when its own send is skipped,
-- fails, or is not reported delivered within `after`.
ALTER TABLE notification_rules ADD COLUMN fallback_channel text;
ALTER TABLE notification_rules ADD COLUMN fallback_after_value integer;
ALTER TABLE notification_rules ADD COLUMN fallback_after_unit text;
-- Debounce (SPEC 9): a status rule's send is held this long; a newer event of the rule supersedes it.
ALTER TABLE notification_rules ADD COLUMN debounce_value integer;
ALTER TABLE notification_rules ADD COLUMN debounce_unit text;

-- A fallback's delivery says so, and which delivery it stands in for (null when the primary had none).
ALTER TABLE deliveries ADD COLUMN is_fallback boolean NOT NULL DEFAULT false;
ALTER TABLE deliveries ADD COLUMN fallback_of uuid;

-- No floods (SPEC 9): at most this many messages per client in a rolling 24 hours; null = no cap.
ALTER TABLE company_settings ADD COLUMN max_messages_per_client_per_day integer
  CHECK (max_messages_per_client_per_day IS NULL OR max_messages_per_client_per_day >= 1);
-- The cap counts a client's latest deliveries.
CREATE INDEX deliveries_client_recent_idx ON deliveries (client_id, created_at DESC);

-- Down Migration
DROP INDEX deliveries_client_recent_idx;
ALTER TABLE company_settings DROP COLUMN max_messages_per_client_per_day;
ALTER TABLE deliveries DROP COLUMN fallback_of;
ALTER TABLE deliveries DROP COLUMN is_fallback;
ALTER TABLE notification_rules DROP COLUMN debounce_unit;
ALTER TABLE notification_rules DROP COLUMN debounce_value;
ALTER TABLE notification_rules DROP COLUMN fallback_after_unit;
ALTER TABLE notification_rules DROP COLUMN fallback_after_value;
ALTER TABLE notification_rules DROP COLUMN fallback_channel;
