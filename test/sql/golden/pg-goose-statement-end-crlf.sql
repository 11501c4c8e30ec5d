-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
-- +goose StatementEnd
SELECT 2;