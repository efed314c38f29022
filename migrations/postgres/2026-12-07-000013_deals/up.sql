-- Deals: pipelines of stages, the deals themselves, the contacts a record involves (a
-- deal's client and members), and every stage change a deal went through.
CREATE TABLE pipelines (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX pipelines_portal_name ON pipelines (portal_id, sort_name);
CREATE INDEX pipelines_portal_position ON pipelines (portal_id, position, id);

CREATE TABLE deal_stages (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    pipeline_id BIGINT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    status TEXT NOT NULL,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX deal_stages_pipeline_name ON deal_stages (portal_id, pipeline_id, sort_name);
CREATE INDEX deal_stages_pipeline_position ON deal_stages (portal_id, pipeline_id, position, id);

CREATE TABLE deals (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    responsible_id BIGINT NOT NULL REFERENCES users(id),
    pipeline_id BIGINT NOT NULL REFERENCES pipelines(id),
    stage_id BIGINT NOT NULL REFERENCES deal_stages(id),
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    currency TEXT NOT NULL,
    -- Money in units of 1/10000 (crm_domain::deal::MONEY_SCALE); value = amount × periods.
    amount BIGINT NOT NULL,
    bid_type TEXT NOT NULL,
    periods INTEGER NOT NULL,
    value BIGINT NOT NULL,
    expected_close_on DATE,
    actual_close_on DATE,
    access TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX deals_portal_title ON deals (portal_id, sort_title, id);
CREATE INDEX deals_portal_created ON deals (portal_id, created_at, id);
CREATE INDEX deals_portal_stage ON deals (portal_id, stage_id, id);
CREATE INDEX deals_portal_pipeline ON deals (portal_id, pipeline_id, id);
CREATE INDEX deals_portal_responsible ON deals (portal_id, responsible_id, id);
CREATE INDEX deals_portal_contact ON deals (portal_id, contact_id);
CREATE INDEX deals_portal_expected ON deals (portal_id, expected_close_on, id);
CREATE INDEX deals_portal_value ON deals (portal_id, value, id);

CREATE TABLE record_contacts (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (portal_id, record_kind, record_id, contact_id)
);
CREATE INDEX record_contacts_contact ON record_contacts (portal_id, contact_id, record_kind, record_id);

CREATE TABLE deal_stage_changes (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    deal_id BIGINT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    from_stage_id BIGINT REFERENCES deal_stages(id) ON DELETE SET NULL,
    to_stage_id BIGINT REFERENCES deal_stages(id) ON DELETE SET NULL,
    probability INTEGER NOT NULL,
    changed_by BIGINT NOT NULL REFERENCES users(id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX deal_stage_changes_deal ON deal_stage_changes (portal_id, deal_id, changed_at, id);
CREATE INDEX deal_stage_changes_time ON deal_stage_changes (portal_id, changed_at, id);
