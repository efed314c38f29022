-- New entries of a GIN index wait in a pending list, which every search reads through from
-- start to end: at the default 4 MB limit, about 500 pages, several times the cost of the
-- lookup itself. A short list is merged into the index more often, by the writes.
ALTER INDEX contacts_search_trgm SET (gin_pending_list_limit = 256);
SELECT gin_clean_pending_list('contacts_search_trgm'::regclass);
