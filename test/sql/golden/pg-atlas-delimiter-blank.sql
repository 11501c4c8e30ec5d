-- atlas:delimiter \n\n

CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS 'begin return 1; end';

-- about select 1
SELECT 1;
SELECT 2


SELECT 3

-- crlf
SELECT 4
