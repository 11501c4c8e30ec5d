SELECT 'é😀' AS x;
SELECT 'ünterminated, "x" ;
