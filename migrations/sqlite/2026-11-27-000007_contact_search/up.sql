-- Substring search over names, e-mails and phones without scanning every contact:
-- an FTS5 trigram index (SQLite 3.34+) kept in step with contacts.search_key by triggers.
CREATE VIRTUAL TABLE contacts_search USING fts5(search_key, content='contacts', content_rowid='id', tokenize='trigram');
INSERT INTO contacts_search(rowid, search_key) SELECT id, search_key FROM contacts;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_search(rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_search(contacts_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_key ON contacts BEGIN
    INSERT INTO contacts_search(contacts_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO contacts_search(rowid, search_key) VALUES (new.id, new.search_key);
END;
