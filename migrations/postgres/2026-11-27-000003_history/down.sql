DROP TABLE history_attachments;
DROP TABLE history_entries;
DROP TABLE files;
