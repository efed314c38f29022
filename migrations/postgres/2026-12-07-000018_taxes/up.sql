-- Taxes invoice lines and products carry: a name unique in the portal (case-insensitively)
-- and a rate in percent, an exact decimal kept as text.
CREATE TABLE taxes (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    rate TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX taxes_portal_name ON taxes (portal_id, name_key);
