DROP TABLE contacts_search_vocab;
