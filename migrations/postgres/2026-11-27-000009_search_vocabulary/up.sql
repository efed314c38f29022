-- SQLite keeps a vocabulary of its search index; PostgreSQL's trigram index serves searches
-- as it is and needs nothing here.
SELECT 1;
