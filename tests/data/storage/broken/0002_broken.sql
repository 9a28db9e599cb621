-- A migration that fails half-way: the table must not survive.
CREATE TABLE half_done (id INTEGER PRIMARY KEY);
INSERT INTO things(name) VALUES ('second');
INSERT INTO no_such_table VALUES (1);
