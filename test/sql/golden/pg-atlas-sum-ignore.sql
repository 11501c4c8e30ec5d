-- atlas:sum ignore
-- atlas:txmode NONE
SELECT 1;
