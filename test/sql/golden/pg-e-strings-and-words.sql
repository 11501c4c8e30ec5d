SELECT e FROM t WHERE e = 'x\'; SELECT E'\'';
SELECT some'x' , U&'d\0061t' , B'101', X'1f';
