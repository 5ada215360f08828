package sparse

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMatrixBasicSplit moves random columns in and out of the basis and
// checks the row-major copy against the column-major one after each
// move: every row lists exactly the entries of its nonbasic columns
// first, with their values, then those of its basic columns, and the
// links between the two copies agree.
func TestMatrixBasicSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 20 {
		m, n := 1+rng.IntN(12), 1+rng.IntN(20)
		a, _ := randomBasis(rng, m, n, 0.3)
		basic := make([]bool, n)
		check := func() {
			want := 0
			for j := range n {
				if !basic[j] {
					want += int(a.colStart[j+1] - a.colStart[j])
				}
			}
			require.Equal(t, want, a.nbNnz, "trial %d: nonbasic entries", trial)
			for i := range m {
				// The entries of row i, from the column-major copy.
				entries := map[int32]float64{}
				nb := 0
				for j := range n {
					for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
						if a.rowIdx[k] == int32(i) {
							entries[int32(j)] = a.val[k]
							if !basic[j] {
								nb++
							}
							require.Equal(t, k, a.rkey[a.cpos[k]], "trial %d: links", trial)
						}
					}
				}
				require.Equal(t, int32(nb), a.rowNB[i], "trial %d: row %d", trial, i)
				s, e := a.rowStart[i], a.rowStart[i+1]
				require.Equal(t, len(entries), int(e-s), "trial %d: row %d", trial, i)
				for p := s; p < e; p++ {
					j := a.colIdx[p]
					v, ok := entries[j]
					require.True(t, ok, "trial %d: row %d lists column %d", trial, i, j)
					require.Equal(t, v, a.rval[p])
					require.Equal(t, p < s+a.rowNB[i], !basic[j], "trial %d: row %d, column %d on the wrong side", trial, i, j)
					require.Equal(t, p, a.cpos[a.rkey[p]])
				}
			}
		}
		check()
		for range 3 * n {
			j := rng.IntN(n)
			b := rng.IntN(2) == 0
			a.setBasic(j, b)
			basic[j] = b
			check()
		}
	}
}
