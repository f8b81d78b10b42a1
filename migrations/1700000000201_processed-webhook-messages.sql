-- Provider webhooks already acted on (SPEC 7): a webhook delivered again — a provider's retry, or a
-- replayed signed request — finds its message here and changes nothing. Written in the same transaction
-- as what the webhook changed.
CREATE TABLE processed_webhook_messages (
  provider text NOT NULL,
  -- Twilio: the inbound message's MessageSid; Postmark: "<RecordType>:<MessageID>" (one message has a
  -- Delivery and later maybe a Bounce, each acted on once).
  message_key text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, message_key)
);
