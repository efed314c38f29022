-- A contact photo is a stored file.
ALTER TABLE contacts ADD COLUMN photo_file_id BIGINT REFERENCES files(id) ON DELETE SET NULL;
