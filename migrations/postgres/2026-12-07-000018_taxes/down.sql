DROP TABLE taxes;
