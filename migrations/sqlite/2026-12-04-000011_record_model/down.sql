CREATE TABLE contact_tags (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_portal_tag ON contact_tags (portal_id, tag_id, contact_id);
INSERT INTO contact_tags (portal_id, contact_id, tag_id)
    SELECT portal_id, record_id, tag_id FROM record_tags WHERE record_kind = 'contact';
DROP TABLE record_tags;

CREATE TABLE contact_managers (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, user_id)
);
CREATE INDEX contact_managers_portal_user ON contact_managers (portal_id, user_id, contact_id);
INSERT INTO contact_managers (portal_id, contact_id, user_id)
    SELECT portal_id, record_id, user_id FROM record_members WHERE record_kind = 'contact';
DROP TABLE record_members;

CREATE TABLE tasks_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id BIGINT NOT NULL REFERENCES list_items(id),
    responsible_id BIGINT NOT NULL REFERENCES users(id),
    contact_id BIGINT REFERENCES contacts(id),
    deadline TIMESTAMP NOT NULL,
    reminder TEXT NOT NULL,
    remind_at TIMESTAMP,
    reminded_at TIMESTAMP,
    closed_at TIMESTAMP,
    closed_by BIGINT REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO tasks_old (id, portal_id, title, sort_title, description, category_id,
        responsible_id, contact_id, deadline, reminder, remind_at, reminded_at, closed_at,
        closed_by, created_by, created_at, updated_at, version)
    SELECT id, portal_id, title, sort_title, description, category_id, responsible_id,
        CASE WHEN about_kind = 'contact' THEN about_id END, deadline, reminder, remind_at,
        reminded_at, closed_at, closed_by, created_by, created_at, updated_at, version
    FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_old RENAME TO tasks;
CREATE INDEX tasks_deadline ON tasks (portal_id, deadline, id);
CREATE INDEX tasks_responsible ON tasks (portal_id, responsible_id, deadline, id);
CREATE INDEX tasks_contact ON tasks (portal_id, contact_id);
CREATE INDEX tasks_category ON tasks (portal_id, category_id);
CREATE INDEX tasks_due_reminders ON tasks (remind_at) WHERE remind_at IS NOT NULL;
