CREATE FUNCTION f() RETURNS trigger AS $$
BEGIN
  NEW.updated = now(); -- ; inside
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$;
SELECT $1::int + $2; SELECT 'x' AS "$$";
