-- Up Migration
-- The relay retries a failing event with backoff (next_attempt_at) and parks it after bounded attempts
-- (parked_at) until an operator retries it; the entity's later events wait behind it, in order.
ALTER TABLE entity_events
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN parked_at timestamptz;

-- Picking a batch: each company's pending events oldest first (round robin across companies), and the
-- entity's earlier pending events (is one of them parked or backing off?).
CREATE INDEX entity_events_pending_company_idx ON entity_events (company_id, seq) WHERE dispatched_at IS NULL;
CREATE INDEX entity_events_pending_entity_idx ON entity_events (entity_id, seq) WHERE dispatched_at IS NULL;
-- Pruning dispatched events, oldest first.
CREATE INDEX entity_events_dispatched_idx ON entity_events (dispatched_at) WHERE dispatched_at IS NOT NULL;

-- Down Migration
DROP INDEX entity_events_dispatched_idx;
DROP INDEX entity_events_pending_entity_idx;
DROP INDEX entity_events_pending_company_idx;
ALTER TABLE entity_events DROP COLUMN parked_at, DROP COLUMN next_attempt_at;
