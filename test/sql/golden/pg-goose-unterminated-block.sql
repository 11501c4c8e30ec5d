SELECT 1;
-- +goose StatementBegin
SELECT 2;
SELECT 3;
