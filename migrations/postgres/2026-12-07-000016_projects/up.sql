-- Projects: the work a deal turns into, with a manager, a team (record_members) and the
-- contacts it serves (record_contacts).
CREATE TABLE projects (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    deadline DATE,
    deal_id BIGINT REFERENCES deals(id) ON DELETE SET NULL,
    manager_id BIGINT NOT NULL REFERENCES users(id),
    access TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX projects_portal_title ON projects (portal_id, sort_title, id);
CREATE INDEX projects_portal_created ON projects (portal_id, created_at, id);
CREATE INDEX projects_portal_status ON projects (portal_id, status, created_at, id);
CREATE INDEX projects_portal_deal ON projects (portal_id, deal_id);
CREATE INDEX projects_portal_manager ON projects (portal_id, manager_id);
