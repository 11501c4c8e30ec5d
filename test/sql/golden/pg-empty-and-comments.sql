-- only comments

/* and blocks */
;;
