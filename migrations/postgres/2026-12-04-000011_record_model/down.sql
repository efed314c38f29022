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

ALTER TABLE tasks ADD COLUMN contact_id BIGINT REFERENCES contacts(id);
UPDATE tasks SET contact_id = about_id WHERE about_kind = 'contact';
ALTER TABLE tasks DROP COLUMN about_kind, DROP COLUMN about_id;
CREATE INDEX tasks_contact ON tasks (portal_id, contact_id);
