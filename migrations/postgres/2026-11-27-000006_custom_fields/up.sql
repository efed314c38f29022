-- Custom fields per record kind and their typed values.
CREATE TABLE custom_fields (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    label TEXT NOT NULL,
    field_type TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '[]',
    next_option_id BIGINT NOT NULL DEFAULT 1,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX custom_fields_portal_kind ON custom_fields (portal_id, record_kind, position);

CREATE TABLE custom_values (
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    field_id BIGINT NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    value_text TEXT,
    value_key TEXT,
    value_number BIGINT,
    value_bool BOOLEAN,
    value_option BIGINT,
    PRIMARY KEY (field_id, record_id)
);
CREATE INDEX custom_values_record ON custom_values (portal_id, record_kind, record_id);
CREATE INDEX custom_values_field_key ON custom_values (portal_id, field_id, value_key);
CREATE INDEX custom_values_field_number ON custom_values (portal_id, field_id, value_number);
