//go:build !unix

package sparse

import "time"

// processCPU is the CPU time of the process where the platform tells it;
// here it does not.
func processCPU() time.Duration { return 0 }
