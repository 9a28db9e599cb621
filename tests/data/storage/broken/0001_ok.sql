CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO things(name) VALUES ('first; with a semicolon');
