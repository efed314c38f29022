-- Payments recorded against invoices: the day, the amount in stored units (four decimal
-- places) of the invoice's currency, and how it was paid.
CREATE TABLE invoice_payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    invoice_id BIGINT NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    paid_on DATE NOT NULL,
    amount BIGINT NOT NULL,
    method TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id, paid_on, id);

-- The client's link to an invoice: only a digest of its secret is kept; absent when none.
ALTER TABLE invoices ADD COLUMN public_token_hash TEXT;
ALTER TABLE invoices ADD COLUMN public_since TIMESTAMP;
CREATE UNIQUE INDEX invoices_public_token ON invoices (public_token_hash);
