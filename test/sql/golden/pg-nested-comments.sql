/* outer /* inner ; */ still comment ; */
SELECT 1 /* mid ; */ + 1;
-- trailing ; comment
SELECT 2; /* after */
