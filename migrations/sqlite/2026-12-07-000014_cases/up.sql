-- Cases: events with a group of clients (participants in record_contacts), open or closed.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    closed BOOLEAN NOT NULL DEFAULT FALSE,
    closed_at TIMESTAMP,
    access TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_portal_title ON cases (portal_id, sort_title, id);
CREATE INDEX cases_portal_created ON cases (portal_id, created_at, id);
CREATE INDEX cases_portal_closed ON cases (portal_id, closed, created_at, id);
