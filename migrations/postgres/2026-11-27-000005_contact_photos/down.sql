ALTER TABLE contacts DROP COLUMN photo_file_id;
