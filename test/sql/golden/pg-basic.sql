CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE INDEX users_name_idx ON users (name);

ALTER TABLE users ADD COLUMN email text;
