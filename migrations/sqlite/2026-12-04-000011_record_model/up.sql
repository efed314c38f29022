-- One record model: tags, members (a contact's managers) and the record a task is about are
-- stored once for every record kind, with the rows of contact_tags, contact_managers and
-- tasks.contact_id carried over.
CREATE TABLE record_tags (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (portal_id, record_kind, record_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX record_tags_portal_tag ON record_tags (portal_id, tag_id, record_kind, record_id);
INSERT INTO record_tags (portal_id, record_kind, record_id, tag_id)
    SELECT portal_id, 'contact', contact_id, tag_id FROM contact_tags;
DROP TABLE contact_tags;

CREATE TABLE record_members (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (portal_id, record_kind, record_id, user_id)
) WITHOUT ROWID;
CREATE INDEX record_members_portal_user ON record_members (portal_id, user_id, record_kind, record_id);
INSERT INTO record_members (portal_id, record_kind, record_id, user_id)
    SELECT portal_id, 'contact', contact_id, user_id FROM contact_managers;
DROP TABLE contact_managers;

-- SQLite drops a column with a foreign key only by building the table anew.
CREATE TABLE tasks_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id BIGINT NOT NULL REFERENCES list_items(id),
    responsible_id BIGINT NOT NULL REFERENCES users(id),
    deadline TIMESTAMP NOT NULL,
    reminder TEXT NOT NULL,
    -- Due reminder; cleared once delivered, on close, or when there is none.
    remind_at TIMESTAMP,
    reminded_at TIMESTAMP,
    closed_at TIMESTAMP,
    closed_by BIGINT REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    -- The record the task is about: both or neither.
    about_kind TEXT,
    about_id BIGINT,
    CHECK ((about_kind IS NULL) = (about_id IS NULL))
);
INSERT INTO tasks_new (id, portal_id, title, sort_title, description, category_id,
        responsible_id, deadline, reminder, remind_at, reminded_at, closed_at, closed_by,
        created_by, created_at, updated_at, version, about_kind, about_id)
    SELECT id, portal_id, title, sort_title, description, category_id, responsible_id,
        deadline, reminder, remind_at, reminded_at, closed_at, closed_by, created_by,
        created_at, updated_at, version,
        CASE WHEN contact_id IS NOT NULL THEN 'contact' END, contact_id
    FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_deadline ON tasks (portal_id, deadline, id);
CREATE INDEX tasks_responsible ON tasks (portal_id, responsible_id, deadline, id);
CREATE INDEX tasks_about ON tasks (portal_id, about_kind, about_id);
CREATE INDEX tasks_category ON tasks (portal_id, category_id);
CREATE INDEX tasks_due_reminders ON tasks (remind_at) WHERE remind_at IS NOT NULL;
