DROP TABLE deal_stage_changes;
DROP TABLE record_contacts;
DROP TABLE deals;
DROP TABLE deal_stages;
DROP TABLE pipelines;
