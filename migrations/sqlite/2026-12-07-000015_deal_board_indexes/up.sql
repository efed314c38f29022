-- A board column's first cards (newest first), and the counts and totals of every column or
-- list read from the index alone.
CREATE INDEX deals_portal_stage_created ON deals (portal_id, stage_id, created_at, id);
CREATE INDEX deals_portal_pipeline_totals ON deals (portal_id, pipeline_id, stage_id, currency, value, probability, access);
