Problem:    
Rows:       445
Columns:    1000 (1000 integer, 1000 binary)
Non-zeros:  12468
Status:     INTEGER NON-OPTIMAL
Objective:  obj = 125040835 (MAXimum)

   No.   Row name        Activity     Lower bound   Upper bound
