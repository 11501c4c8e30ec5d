INSERT INTO t VALUES ('a;b', 'it''s; fine', '');
SELECT E'tab\t; quote\' still string', e'\\';
SELECT 'plain \' ; SELECT 2;
