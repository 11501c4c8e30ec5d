-- +goose Up
-- +goose NO TRANSACTION
ALTER TABLE narinfos ALTER COLUMN id DROP DEFAULT;
-- +goose StatementBegin
DO $$ BEGIN
  EXECUTE 'ALTER TABLE narinfos ALTER COLUMN id RESTART WITH ' ||
    (GREATEST(COALESCE((SELECT MAX(id) FROM narinfos), 0), 0) + 1)::text;
  DROP SEQUENCE IF EXISTS narinfos_id_seq;
EXCEPTION WHEN dependent_objects_still_exist THEN
  NULL; -- identity reused the old sequence; RESTART above already synced it
END $$;
-- +goose StatementEnd

-- comment above block
-- +goose StatementBegin
CREATE FUNCTION g() RETURNS int AS 'SELECT 1' LANGUAGE sql
-- +goose StatementEnd
SELECT 9;
