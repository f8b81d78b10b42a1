-- Up Migration

CREATE TABLE companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- Per-company counters for generated order/lead numbers.
  next_order_number bigint NOT NULL DEFAULT 1,
  next_lead_number bigint NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  -- Only a SHA-256 of the key is stored; the key itself is shown once, at creation.
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  label text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE company_settings (
  company_id uuid PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
  phone_consent_by_default boolean NOT NULL DEFAULT false,
  email_consent_by_default boolean NOT NULL DEFAULT false,
  prevent_duplicate_clients boolean NOT NULL DEFAULT false,
  default_country text,
  locale text NOT NULL DEFAULT 'en-GB',
  sms_sender_id text,
  email_from_name text,
  email_from_address text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name text NOT NULL,
  timezone text NOT NULL,
  address text,
  phone text,
  working_hours jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX locations_company_idx ON locations (company_id, created_at, id);

CREATE TABLE statuses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  entity text NOT NULL CHECK (entity IN ('order', 'lead')),
  name text NOT NULL,
  final boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statuses_company_idx ON statuses (company_id, created_at, id);

CREATE TABLE clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name text NOT NULL,
  phone text,
  email text,
  consent_sms boolean NOT NULL,
  consent_whatsapp boolean NOT NULL,
  consent_viber boolean NOT NULL,
  consent_email boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clients_company_idx ON clients (company_id, created_at, id);
CREATE INDEX clients_phone_idx ON clients (company_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX clients_email_idx ON clients (company_id, email) WHERE email IS NOT NULL;

CREATE TABLE consent_events (
  id bigserial PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  channel text NOT NULL,
  granted boolean NOT NULL,
  source text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX consent_events_client_idx ON consent_events (client_id, id);

-- Addresses a provider told us never to send to again (hard bounce, spam complaint).
CREATE TABLE suppressions (
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  channel text NOT NULL,
  address text NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, channel, address)
);

CREATE TABLE templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name text NOT NULL,
  subject text,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX templates_company_idx ON templates (company_id, created_at, id);

CREATE TABLE notification_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  entity text NOT NULL CHECK (entity IN ('order', 'lead')),
  kind text NOT NULL CHECK (kind IN ('notification', 'reminder')),
  location_id uuid REFERENCES locations(id) ON DELETE CASCADE,
  trigger_type text,
  trigger_status_id uuid REFERENCES statuses(id) ON DELETE RESTRICT,
  channel text NOT NULL,
  template_id uuid NOT NULL REFERENCES templates(id) ON DELETE RESTRICT,
  delay_value integer,
  delay_unit text,
  working_hours_only boolean NOT NULL DEFAULT false,
  remind_before_value integer,
  remind_before_unit text,
  enabled boolean NOT NULL DEFAULT true,
  -- Set on copies made by copy_to_all_locations, so a repeated copy creates nothing new.
  copied_from_rule_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_rules_company_idx ON notification_rules (company_id, created_at, id);
CREATE UNIQUE INDEX notification_rules_copy_idx ON notification_rules (copied_from_rule_id, location_id)
  WHERE copied_from_rule_id IS NOT NULL;

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  number text NOT NULL,
  client_id uuid NOT NULL REFERENCES clients(id),
  location_id uuid NOT NULL REFERENCES locations(id),
  status_id uuid NOT NULL REFERENCES statuses(id),
  due_date timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, number)
);

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  number text NOT NULL,
  client_id uuid NOT NULL REFERENCES clients(id),
  status_id uuid NOT NULL REFERENCES statuses(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, number)
);

-- Transactional outbox: each accepted change's event, stored with the change, relayed to Temporal.
CREATE TABLE entity_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial UNIQUE,
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  dispatched_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX entity_events_pending_idx ON entity_events (seq) WHERE dispatched_at IS NULL;

CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  -- workflow + rule + trigger event: a retried activity finds its earlier row instead of sending again.
  idempotency_key text NOT NULL UNIQUE,
  kind text NOT NULL,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  rule_id uuid,
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  status text NOT NULL,
  provider text,
  provider_message_id text,
  error_code text,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX deliveries_company_idx ON deliveries (company_id, created_at, id);
CREATE INDEX deliveries_entity_idx ON deliveries (entity_id);
CREATE INDEX deliveries_provider_msg_idx ON deliveries (provider_message_id) WHERE provider_message_id IS NOT NULL;

CREATE TABLE outbox_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial UNIQUE,
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  delivery_id uuid UNIQUE,
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  order_id uuid,
  lead_id uuid,
  client_id uuid,
  rule_id uuid,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX outbox_messages_company_idx ON outbox_messages (company_id, seq);

CREATE TABLE feed_entries (
  id bigserial PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  type text NOT NULL,
  rule_id uuid,
  channel text,
  scheduled_for timestamptz,
  reason text,
  delivery_id uuid,
  recipient text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Activities may run more than once; the key makes a feed write happen once.
  dedupe_key text UNIQUE
);
CREATE INDEX feed_entries_entity_idx ON feed_entries (entity_id, id);

-- Down Migration
DROP TABLE feed_entries, outbox_messages, deliveries, entity_events, leads, orders, notification_rules,
  templates, suppressions, consent_events, clients, statuses, locations, company_settings, api_keys, companies;
