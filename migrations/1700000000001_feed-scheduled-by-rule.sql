-- Up Migration
-- A rule change looks up the orders and leads with a scheduled send of that rule.
CREATE INDEX feed_entries_scheduled_rule_idx ON feed_entries (company_id, rule_id)
  WHERE type = 'notification.scheduled';

-- Down Migration
DROP INDEX feed_entries_scheduled_rule_idx;
