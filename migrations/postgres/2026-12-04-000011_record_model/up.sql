-- One record model: tags, members (a contact's managers) and the record a task is about are
-- stored once for every record kind, with the rows of contact_tags, contact_managers and
-- tasks.contact_id carried over.
CREATE TABLE record_tags (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (portal_id, record_kind, record_id, tag_id)
);
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
);
CREATE INDEX record_members_portal_user ON record_members (portal_id, user_id, record_kind, record_id);
INSERT INTO record_members (portal_id, record_kind, record_id, user_id)
    SELECT portal_id, 'contact', contact_id, user_id FROM contact_managers;
DROP TABLE contact_managers;

ALTER TABLE tasks ADD COLUMN about_kind TEXT, ADD COLUMN about_id BIGINT,
    ADD CONSTRAINT tasks_about_both CHECK ((about_kind IS NULL) = (about_id IS NULL));
UPDATE tasks SET about_kind = 'contact', about_id = contact_id WHERE contact_id IS NOT NULL;
ALTER TABLE tasks DROP COLUMN contact_id;
CREATE INDEX tasks_about ON tasks (portal_id, about_kind, about_id);
