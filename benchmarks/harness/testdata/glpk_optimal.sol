Problem:    
Rows:       30
Columns:    80 (80 integer, 80 binary)
Non-zeros:  240
Status:     INTEGER OPTIMAL
Objective:  obj = 70079 (MAXimum)

   No.   Row name        Activity     Lower bound   Upper bound
