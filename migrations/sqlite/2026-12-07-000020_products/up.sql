-- The catalog of products and services invoice lines are picked from. A price is an exact
-- amount in stored units (four decimal places) of its currency; a tracked stock is counted in
-- thousandths. An SKU, when given, is unique in the portal.
CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sku TEXT NOT NULL DEFAULT '',
    price BIGINT NOT NULL,
    currency TEXT NOT NULL,
    tax1_id BIGINT REFERENCES taxes(id),
    tax2_id BIGINT REFERENCES taxes(id),
    track_stock BOOLEAN NOT NULL DEFAULT FALSE,
    stock BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX products_portal_title ON products (portal_id, sort_title, id);
CREATE INDEX products_portal_created ON products (portal_id, created_at, id);
CREATE UNIQUE INDEX products_portal_sku ON products (portal_id, sku) WHERE sku <> '';
CREATE INDEX products_tax1 ON products (tax1_id);
CREATE INDEX products_tax2 ON products (tax2_id);
