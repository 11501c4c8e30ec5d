CREATE RULE log_insert AS ON INSERT TO t DO ALSO (
  INSERT INTO log VALUES (NEW.id);
  UPDATE counters SET n = n + 1
);
SELECT ')' , "(" ; SELECT 2;
