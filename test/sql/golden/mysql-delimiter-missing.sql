DELIMITER
SELECT 1;
DELIMITER $$ trailing words ignored
SELECT 2$$
