-- PostgreSQL's search index gets a short pending list; SQLite's full-text index has none.
SELECT 1;
