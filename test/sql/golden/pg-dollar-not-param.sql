PREPARE q AS SELECT $1, a$b$ FROM t WHERE c = $2;
SELECT $_$ a;b $_$;
