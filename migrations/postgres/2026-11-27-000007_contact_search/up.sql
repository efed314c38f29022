-- Substring search over names, e-mails and phones without scanning every contact:
-- a trigram index that `search_key LIKE '%…%'` uses. pg_trgm is a trusted extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX contacts_search_trgm ON contacts USING gin (search_key gin_trgm_ops);
