package solver

import (
	"cmp"
	"math"
	"slices"
)

// Relaxation induced neighbourhood search (Danna, Rothberg and Le Pape,
// "Exploring relaxation induced neighborhoods to improve MIP solutions",
// Mathematical Programming 102, 2005): the binary columns on which the
// incumbent and an LP solution of the search agree are fixed to that value,
// and a sub-search of at most rinsNodes nodes looks for a better allocation
// among the others.
//
// On auction instances the columns that agree exactly leave hundreds free,
// more than rinsNodes nodes can search, so the neighbourhood is cut down to
// a target number of free binary columns by also fixing, to the
// incumbent's value, those on which the two differ least (ties to the
// lower column). The target adapts: it grows by half after a sub-search
// that closes its neighbourhood, and shrinks by a third after one that
// stops at its node limit without finding an allocation.
//
// RINS runs at the root and then every interval nodes (counted from the
// merge of its last sub-search: rins_job.go); the interval starts at
// rinsInterval, halves after a run that improves the incumbent and
// doubles after one that does not, within [rinsMinInterval,
// rinsMaxInterval]. What it gains sets what it may spend:
//
//   - its sub-searches earn simplex iterations as a share of the search's
//     own, a share that shrinks while its runs fail (heur.go);
//   - a sub-search gets rinsNodes nodes, half as many with every
//     fruitless run beyond heurGrace in a row (at least rinsMinNodes);
//   - a neighbourhood that closes without a better allocation is widened
//     and searched again (at most rinsRetries times, part of the same run)
//     only while fewer than heurGrace runs in a row have failed, and only
//     when widening frees more columns;
//   - after rinsMaxStreak runs in a row without an improvement RINS stops,
//     until the search itself improves the incumbent (a new
//     neighbourhood), which buys one more run.
//
// Every decision rests on node and iteration counts, never on time.
const (
	rinsNodes       = 200
	rinsMinNodes    = 25
	rinsInterval    = 16
	rinsMinInterval = 4
	rinsMaxInterval = 4096
	rinsFree        = 64 // initial target of free binary columns
	rinsMinFree     = 8
	rinsMaxFree     = 4096
	rinsRetries     = 3
	rinsMaxStreak   = 8
)

// subNodeLimit is the node limit of RINS's next sub-search: rinsNodes,
// halved with every fruitless run beyond heurGrace in a row, at least
// rinsMinNodes.
func (h *heurState) subNodeLimit() int64 {
	if h.subs.streak <= h.subs.grace {
		return rinsNodes
	}
	return max(int64(rinsNodes)>>min(h.subs.streak-h.subs.grace, 16), rinsMinNodes)
}

// rinsFix sets the sub-search's bounds for the neighbourhood of the
// incumbent p and the LP solution x, and reports whether it leaves a
// binary column free.
func (s *search) rinsFix(x, p []float64) bool {
	h := &s.heur
	h.glo = append(h.glo[:0], s.glo...)
	h.ghi = append(h.ghi[:0], s.ghi...)
	h.fix = h.fix[:0]
	h.near = h.near[:0]
	h.agree = 0
	free := 0
	for j, isInt := range s.integer {
		if !isInt || s.glo[j] == s.ghi[j] {
			continue
		}
		free++
		v := math.Round(p[j])
		if v < s.glo[j] || v > s.ghi[j] {
			continue
		}
		if math.Abs(x[j]-p[j]) > intTol {
			h.near = append(h.near, j)
			continue
		}
		h.glo[j], h.ghi[j] = v, v
		h.fix = append(h.fix, j)
	}
	if len(h.fix) == free {
		return false // x agrees with the incumbent
	}
	h.agree = len(h.fix)
	if more := free - len(h.fix) - h.freeCols; more > 0 {
		slices.SortFunc(h.near, func(a, b int) int {
			if c := cmp.Compare(math.Abs(x[a]-p[a]), math.Abs(x[b]-p[b])); c != 0 {
				return c
			}
			return a - b
		})
		for _, j := range h.near[:min(more, len(h.near))] {
			v := math.Round(p[j])
			h.glo[j], h.ghi[j] = v, v
			h.fix = append(h.fix, j)
		}
	}
	return true
}
