-- How a portal numbers its invoices and what a new one says by default (absent until first
-- changed): automatic numbers are the prefix and the next number, zero-padded to its width.
CREATE TABLE invoice_settings (
    portal_id BIGINT PRIMARY KEY REFERENCES portals(id) ON DELETE CASCADE,
    auto_numbering BOOLEAN NOT NULL DEFAULT TRUE,
    prefix TEXT NOT NULL DEFAULT 'INV-',
    next_number BIGINT NOT NULL DEFAULT 1,
    number_width INTEGER NOT NULL DEFAULT 7,
    due_days INTEGER NOT NULL DEFAULT 15,
    terms TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- Invoices: a record kind seen through its client and deal. Amounts are stored units (four
-- decimal places) of the invoice's currency, computed from the lines on every change.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL,
    status TEXT NOT NULL,
    issue_date DATE NOT NULL,
    due_date DATE NOT NULL,
    client_id BIGINT NOT NULL REFERENCES contacts(id),
    billing_address TEXT NOT NULL DEFAULT '',
    consignee_id BIGINT REFERENCES contacts(id),
    delivery_address TEXT NOT NULL DEFAULT '',
    deal_id BIGINT REFERENCES deals(id),
    language TEXT NOT NULL,
    currency TEXT NOT NULL,
    exchange_rate TEXT,
    base_currency TEXT NOT NULL,
    purchase_order TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    subtotal BIGINT NOT NULL DEFAULT 0,
    discount BIGINT NOT NULL DEFAULT 0,
    tax BIGINT NOT NULL DEFAULT 0,
    total BIGINT NOT NULL DEFAULT 0,
    sent_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX invoices_portal_number ON invoices (portal_id, number_key);
CREATE INDEX invoices_portal_issue ON invoices (portal_id, issue_date, id);
CREATE INDEX invoices_portal_due ON invoices (portal_id, due_date, id);
CREATE INDEX invoices_portal_status ON invoices (portal_id, status, due_date);
CREATE INDEX invoices_portal_total ON invoices (portal_id, total, id);
CREATE INDEX invoices_portal_created ON invoices (portal_id, created_at, id);
CREATE INDEX invoices_client ON invoices (portal_id, client_id, id);
CREATE INDEX invoices_consignee ON invoices (consignee_id);
CREATE INDEX invoices_deal ON invoices (portal_id, deal_id, id);

-- The lines of an invoice, in order, with the amounts the totals function gave them and the
-- rates of their taxes when last saved.
CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    invoice_id BIGINT NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product_id BIGINT REFERENCES products(id),
    description TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    price BIGINT NOT NULL,
    discount TEXT NOT NULL,
    tax1_id BIGINT REFERENCES taxes(id),
    tax1_rate TEXT,
    tax1_amount BIGINT NOT NULL DEFAULT 0,
    tax2_id BIGINT REFERENCES taxes(id),
    tax2_rate TEXT,
    tax2_amount BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL,
    net BIGINT NOT NULL,
    total BIGINT NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);
CREATE INDEX invoice_lines_product ON invoice_lines (product_id);
CREATE INDEX invoice_lines_tax1 ON invoice_lines (tax1_id);
CREATE INDEX invoice_lines_tax2 ON invoice_lines (tax2_id);
