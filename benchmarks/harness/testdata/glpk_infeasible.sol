Problem:    
Rows:       2
Columns:    2 (2 integer, 2 binary)
Non-zeros:  4
Status:     INTEGER EMPTY
Objective:  obj = 0 (MAXimum)

   No.   Row name        Activity     Lower bound   Upper bound
