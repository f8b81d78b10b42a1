-- Sender identities the operator assigned to each company (SPEC 7). A company's settings may only name
-- one of these: sms_sender_id an assigned sms sender, email_from_address an assigned address or an
-- address at an assigned @domain. Without any, the company sends from the platform's defaults.
CREATE TABLE company_senders (
  company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  -- sms: an E.164 number or an alphanumeric sender id; email: a lower-cased address or "@domain".
  sender text NOT NULL,
  -- Lists answer in the order the operator gave.
  position integer NOT NULL,
  PRIMARY KEY (company_id, channel, sender)
);

-- Until now any company could name any sender (the platform's accounts would send from it). Nothing is
-- assigned yet, so no sender setting is backed by an assignment: every company falls back to the
-- platform's defaults until the operator assigns its senders and the company chooses one again.
UPDATE company_settings SET sms_sender_id = NULL, email_from_address = NULL, updated_at = now()
  WHERE sms_sender_id IS NOT NULL OR email_from_address IS NOT NULL;
