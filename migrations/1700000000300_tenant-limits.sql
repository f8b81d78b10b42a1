-- Up Migration

-- API keys can be listed (when was a key last used?) and revoked (the row is deleted).
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_keys_company_idx ON api_keys (company_id, created_at, id);

-- A company's request rate per API key, set by the operator; NULL means the configured default.
ALTER TABLE companies ADD COLUMN rate_limit_per_second integer, ADD COLUMN rate_limit_burst integer;

-- The rate limiter's counters, shared by every API replica (the schema rate-limiter-flexible expects).
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

-- A rule change that concerns open orders and leads: stored with the change, fanned out in batches by a
-- background worker that writes one rules_changed event per entity and moves `after_*` on as it commits.
CREATE TABLE rule_change_fanouts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  -- Notification rules whose scheduled sends no longer apply or changed channel.
  rule_ids uuid[] NOT NULL,
  -- Locations whose open orders with a due date ahead re-plan their reminders.
  location_ids uuid[] NOT NULL,
  phase text NOT NULL DEFAULT 'scheduled' CHECK (phase IN ('scheduled', 'reminders')),
  after_entity text,
  after_id uuid,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Jobs take turns: the one that progressed least recently goes next, so one company cannot starve others.
  progressed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rule_change_fanouts_turn_idx ON rule_change_fanouts (progressed_at);

-- What the fan-out scans: open orders of a location in id order, and scheduled sends of a rule by entity.
CREATE INDEX orders_location_idx ON orders (location_id, id);
CREATE INDEX feed_entries_scheduled_rule_entity_idx ON feed_entries (rule_id, entity, entity_id)
  WHERE type = 'notification.scheduled';
DROP INDEX feed_entries_scheduled_rule_idx;

-- Down Migration
CREATE INDEX feed_entries_scheduled_rule_idx ON feed_entries (company_id, rule_id)
  WHERE type = 'notification.scheduled';
DROP INDEX feed_entries_scheduled_rule_entity_idx;
DROP INDEX orders_location_idx;
DROP TABLE rule_change_fanouts, rate_limits;
ALTER TABLE companies DROP COLUMN rate_limit_per_second, DROP COLUMN rate_limit_burst;
DROP INDEX api_keys_company_idx;
ALTER TABLE api_keys DROP COLUMN last_used_at;
