CREATE TABLE spans (begin int, "end" int);
CREATE TABLE x (trigger text, begin text);
SELECT 1;
