-- Contacts with details, managers and tags; admin-editable lists; references that block deletes.
CREATE TABLE list_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    list_kind TEXT NOT NULL,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    color TEXT,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX list_items_portal_kind_title ON list_items (portal_id, list_kind, sort_title);
CREATE INDEX list_items_portal_kind_position ON list_items (portal_id, list_kind, position);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    company_name TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    job_title TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    company_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    type_id BIGINT REFERENCES list_items(id),
    temperature_id BIGINT REFERENCES list_items(id),
    currency TEXT,
    access TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX contacts_portal_sort_name ON contacts (portal_id, sort_name, id);
CREATE INDEX contacts_portal_created ON contacts (portal_id, created_at, id);
CREATE INDEX contacts_portal_activity ON contacts (portal_id, last_activity_at, id);
CREATE INDEX contacts_portal_company ON contacts (portal_id, company_id);
CREATE INDEX contacts_portal_type ON contacts (portal_id, type_id);
CREATE INDEX contacts_portal_temperature ON contacts (portal_id, temperature_id);

CREATE TABLE contact_managers (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, user_id)
);
CREATE INDEX contact_managers_portal_user ON contact_managers (portal_id, user_id, contact_id);

CREATE TABLE contact_details (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    value TEXT NOT NULL,
    normalized TEXT NOT NULL,
    network TEXT,
    is_primary BOOLEAN NOT NULL DEFAULT 0,
    position BIGINT NOT NULL,
    street TEXT,
    city TEXT,
    region TEXT,
    postcode TEXT,
    country TEXT
);
CREATE INDEX contact_details_contact ON contact_details (contact_id, position);
CREATE INDEX contact_details_portal_match ON contact_details (portal_id, kind, normalized);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX tags_portal_kind_key ON tags (portal_id, record_kind, name_key);

CREATE TABLE contact_tags (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_portal_tag ON contact_tags (portal_id, tag_id, contact_id);

CREATE TABLE contact_references (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    referrer_kind TEXT NOT NULL,
    referrer_id BIGINT NOT NULL
);
CREATE INDEX contact_references_contact ON contact_references (portal_id, contact_id);
