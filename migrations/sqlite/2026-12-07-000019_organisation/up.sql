-- The organisation a portal invoices as: printed on every invoice. A portal without a row
-- has an empty profile.
CREATE TABLE organisation_profiles (
    portal_id BIGINT PRIMARY KEY REFERENCES portals(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    tax_id TEXT NOT NULL DEFAULT '',
    bank_details TEXT NOT NULL DEFAULT '',
    logo_file_id BIGINT REFERENCES files(id) ON DELETE SET NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
