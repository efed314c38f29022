DROP TABLE organisation_profiles;
