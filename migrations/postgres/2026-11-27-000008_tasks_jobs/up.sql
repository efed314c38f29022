-- Tasks with a category, responsible user, deadline and reminder; background jobs; private
-- calendar feeds; icons of list items; system events in history.
ALTER TABLE list_items ADD COLUMN icon TEXT;
ALTER TABLE history_entries ADD COLUMN event TEXT;
ALTER TABLE history_entries ADD COLUMN task_id BIGINT;

CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id BIGINT NOT NULL REFERENCES list_items(id),
    responsible_id BIGINT NOT NULL REFERENCES users(id),
    contact_id BIGINT REFERENCES contacts(id),
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
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tasks_deadline ON tasks (portal_id, deadline, id);
CREATE INDEX tasks_responsible ON tasks (portal_id, responsible_id, deadline, id);
CREATE INDEX tasks_contact ON tasks (portal_id, contact_id);
CREATE INDEX tasks_category ON tasks (portal_id, category_id);
CREATE INDEX tasks_due_reminders ON tasks (remind_at) WHERE remind_at IS NOT NULL;

CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT REFERENCES portals(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    run_at TIMESTAMP NOT NULL,
    -- A running job whose lease has passed belongs to a stopped worker and is taken over.
    lease_until TIMESTAMP,
    worker TEXT,
    progress_done BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT NOT NULL DEFAULT 0,
    result TEXT,
    error TEXT,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX jobs_queued ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (lease_until) WHERE state = 'running';

CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
