-- Stored files and the history of records (notes, calls, mails …) with attachments.
CREATE TABLE files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    storage_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX files_storage_key ON files (storage_key);
CREATE INDEX files_portal_creator ON files (portal_id, created_by, id);

CREATE TABLE history_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    category_id BIGINT REFERENCES list_items(id),
    content TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    happened_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX history_entries_record ON history_entries (portal_id, record_kind, record_id, happened_at, id);
CREATE INDEX history_entries_category ON history_entries (portal_id, category_id);

CREATE TABLE history_attachments (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES history_entries(id) ON DELETE CASCADE,
    file_id BIGINT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, file_id)
);
CREATE UNIQUE INDEX history_attachments_file ON history_attachments (file_id);
