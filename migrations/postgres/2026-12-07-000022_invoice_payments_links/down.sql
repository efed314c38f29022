DROP INDEX invoices_public_token;
ALTER TABLE invoices DROP COLUMN public_since;
ALTER TABLE invoices DROP COLUMN public_token_hash;
DROP TABLE invoice_payments;
