-- How many contacts each trigram of the search index occurs in, so that a text search can look
-- up its rarest trigrams only.
CREATE VIRTUAL TABLE contacts_search_vocab USING fts5vocab(contacts_search, 'row');
