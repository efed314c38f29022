DROP TABLE contact_references;
DROP TABLE contact_tags;
DROP TABLE tags;
DROP TABLE contact_details;
DROP TABLE contact_managers;
DROP TABLE contacts;
DROP TABLE list_items;
