DROP TABLE calendar_feeds;
DROP TABLE jobs;
DROP TABLE tasks;
ALTER TABLE history_entries DROP COLUMN task_id;
ALTER TABLE history_entries DROP COLUMN event;
ALTER TABLE list_items DROP COLUMN icon;
