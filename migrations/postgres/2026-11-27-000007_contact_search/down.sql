DROP INDEX contacts_search_trgm;
