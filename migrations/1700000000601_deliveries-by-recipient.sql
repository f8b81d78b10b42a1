-- Up Migration
-- Reconciliation reads the provider ids already recorded for a recipient's recent deliveries
-- (providerIdsRecordedFor): by company, recipient and time, without scanning the company's deliveries.
CREATE INDEX deliveries_company_recipient_created ON deliveries (company_id, recipient, created_at);

-- Down Migration
DROP INDEX deliveries_company_recipient_created;
