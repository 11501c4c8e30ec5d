CREATE OR REPLACE FUNCTION convert_duration_to_interval(duration text) RETURNS interval AS $$
DECLARE
    num_value int;
BEGIN
    num_value := substring(duration from '^\d+');
    RETURN make_interval(secs => num_value);
END;
$$ LANGUAGE plpgsql;
