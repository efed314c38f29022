ALTER INDEX contacts_search_trgm RESET (gin_pending_list_limit);
