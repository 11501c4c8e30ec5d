-- +goose no transaction
-- +goose up
CREATE INDEX CONCURRENTLY i ON t (c);
