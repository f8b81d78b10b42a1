-- SPEC 9, the client's language: a client may name its language (canonical BCP 47), and a template may
-- carry its text in other languages ({"de": {"subject": ..., "body": ...}}), chosen at send time.
ALTER TABLE clients ADD COLUMN language text;
ALTER TABLE templates ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'::jsonb;
