package solver

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// intTol is how far from 0 or 1 a binary column may be and still count as
// integral in an LP solution.
const intTol = 1e-6

// search is the branch and bound of one component. It is used by one
// goroutine.
type search struct {
	ctx context.Context
	// modelCtx interrupts the search's LP models when done: the
	// component's context, which s.ctx stands in for while the root side
	// runs beside an LNS (lns_early.go).
	modelCtx context.Context
	in       *auction.Instance
	f        *wdp.Formulation
	m        lp.Model
	opts     Options
	relGap   float64
	report   func(incumbent, bound float64, nodes int64, open int)

	integer     []bool
	integralObj bool // every allocation's objective is an integer (no divisible bid has value)

	glo, ghi []float64 // global bounds: the formulation's, tightened by root reduced-cost fixing
	lo, hi   []float64 // bounds now loaded in the model
	touched  []int     // columns whose model bounds may differ from the global ones
	isTouch  []bool
	sync     []int // columns whose global bounds changed since the model last saw them

	inc    auction.Allocation // best allocation found (the empty one at first)
	incObj float64
	hasInc bool // inc passes Check: false only while the rule min-winners forbids the empty allocation and nothing better was found (incObj is then −Inf)

	open      nodeHeap
	seq       int64
	nodes     int64   // nodes of this search's tree
	subNodes  int64   // nodes of its heuristics' sub-searches
	iters     int64   // simplex iterations, the sub-searches' included
	prunedMax float64 // largest bound of a subtree closed by the tolerance, not by infeasibility

	sep     separators
	cuts    *lp.Rows // every cut added, for a cold reload
	ncuts   int
	pc      pseudoCosts
	cands   []candidate
	sbBasis lp.Basis
	sbCol   [1]int
	sbLo    [1]float64
	sbHi    [1]float64

	strongIters int64        // simplex iterations spent in strong branching
	rounder     *wdp.Rounder // primal heuristics; nil if it could not be built
	heur        heurState    // the LP-based primal heuristics (RINS)

	rootObj float64   // root LP objective, for global reduced-cost fixing
	rootD   []float64 // root reduced costs
	rootX   []float64

	x, d       []float64 // buffers
	cols       []int
	clo, chi   []float64
	lastReport time.Time
	stopped    bool            // a limit stopped the search
	numerical  error           // the model is unusable
	basisBytes int             // memory held by the open nodes' saved bases
	failed     int             // nodes the engine could not solve, even cold
	failedMax  float64         // largest bound of such a node's subtree
	lagBound   float64         // Lagrangian bound of a large component before its root LP (+Inf: none)
	pace       time.Duration   // time validating the instance took per bid (0: unknown)
	newModel   func() lp.Model // the engine's, for the models of repair
}

// searchComponent runs the branch and bound on one component. pace is the
// time validating the instance took per bid (0: unknown), the yardstick
// of the steps that do not look at the context (see affords).
func searchComponent(ctx context.Context, comp *wdp.Component, start auction.Allocation, eng engines.Engine, opts Options, pace time.Duration, report func(float64, float64, int64, int)) componentResult {
	s := &search{ctx: ctx, modelCtx: ctx, in: comp.In, opts: opts, relGap: opts.relGap(), report: report, pace: pace,
		prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: math.Inf(1)}
	if len(s.in.Check(auction.Allocation{})) == 0 {
		s.hasInc = true
	} else {
		s.incObj = math.Inf(-1)
	}
	r, err := s.run(eng, start)
	if s.m != nil {
		s.m.Close()
	}
	if err != nil {
		return componentResult{err: err}
	}
	return r
}

// run builds the formulation, solves the root and searches the tree.
func (s *search) run(eng engines.Engine, start auction.Allocation) (componentResult, error) {
	in := s.in
	if len(start.Awards) > 0 {
		s.offer(start)
	}
	// The greedy allocation and the formulation do not look at the
	// context, and take a second on the largest markets: a component
	// without the time for them ends with what it has.
	if !s.affords(greedyCost) {
		return s.result(valueBound(in), false), nil
	}
	// The greedy allocation is the first incumbent.
	if r, err := wdp.NewRounder(in); err == nil {
		s.rounder = r
		s.offer(r.Greedy())
		if r.MultiUnit() && s.dynamicStarts() && s.affords(improveCost) {
			s.improve()
		}
	}
	if s.report != nil { // the root LP of a large component can take minutes
		s.report(s.incObj, valueBound(in), 0, 0)
	}
	if !s.affords(buildCost) {
		return s.result(valueBound(in), false), nil
	}
	f, err := wdp.Build(in)
	if err != nil {
		return componentResult{}, fmt.Errorf("solver: build: %w", err)
	}
	if f.Infeasible { // the rule min-winners cannot be met
		return componentResult{status: Infeasible, bound: math.Inf(-1)}, nil
	}
	f.Tighten()
	s.f = f
	p := f.Problem
	n := len(p.Objective)
	s.integer = f.Integer
	s.integralObj = true
	for j, c := range p.Objective {
		if c != 0 && (!f.Integer[j] || c != math.Trunc(c)) {
			s.integralObj = false
		}
	}
	s.glo = append([]float64(nil), p.ColLower...)
	s.ghi = append([]float64(nil), p.ColUpper...)
	s.lo = append([]float64(nil), p.ColLower...)
	s.hi = append([]float64(nil), p.ColUpper...)
	s.isTouch = make([]bool, n)
	s.pc = newPseudoCosts(n)

	if s.ctx.Err() != nil {
		return s.result(valueBound(in), false), nil
	}
	closed, run := s.beforeRoot(eng)
	if closed {
		return s.result(s.lagBound, true), nil
	}
	// The root LP and its cut loop; an LNS still running its passes goes
	// on beside them, and the two join before the tree (lns_early.go).
	var mark rootMark
	ctx := s.ctx
	if run != nil {
		mark = s.markRoot()
		s.ctx = run.root
		run.link.workers.Store(int32(max(run.threads-1, 1)))
	}
	obj, end, err := s.solveRoot(eng, run != nil)
	if run != nil {
		s.ctx = ctx
		if end == rootSolved && err == nil && s.report != nil {
			s.report(s.incObj, obj, 0, 0) // through the merged reporter: the least bound of both
		}
		if lnsTestHook != nil {
			lnsTestHook(run, lnsAtRootEnd)
		}
		run.link.workers.Store(int32(run.threads))
		if err != nil {
			run.cancel() // the search fails: what the LNS finds no longer matters, unless it closes
		}
		if run.join(s, &mark) {
			return s.result(s.lagBound, true), nil
		}
	}
	if err != nil {
		return componentResult{}, err
	}
	switch end {
	case rootInfeasible:
		return componentResult{status: Infeasible, bound: math.Inf(-1), nodes: s.nodes, subNodes: s.subNodes, iterations: s.iters}, nil
	case rootUnsolved: // a limit, before the root was solved
		return s.result(math.Min(valueBound(in), s.lagBound), false), nil
	case rootNoAllocation:
		return s.result(obj, true), nil
	case rootCutsStopped: // a limit during the cut loop: the root bound stands
		s.stopped = true
		return s.result(obj, false), nil
	}
	root := &node{bound: obj, col: -1}
	s.rootObj = obj
	s.rootX = append([]float64(nil), s.x...)
	s.rootD = append([]float64(nil), s.d...)
	s.fixGlobal()
	s.heuristics(obj)

	s.open.push(root)
	s.loop()
	if s.numerical != nil {
		return componentResult{}, s.numerical
	}
	bound := math.Max(math.Max(s.prunedMax, s.failedMax), s.open.top(math.Inf(-1)))
	return s.result(bound, len(s.open) == 0), nil
}

// rootEnd is how the root side of a search ended (solveRoot).
type rootEnd int

const (
	rootSolved       rootEnd = iota // the root LP and its cut loop ended: the tree comes next
	rootInfeasible                  // the root LP has no solution
	rootUnsolved                    // a limit stopped the search before the root LP was solved
	rootNoAllocation                // the cuts make the LP infeasible: there is no allocation
	rootCutsStopped                 // a limit stopped the cut loop: its last bound stands
)

// solveRoot loads the root LP, solves it, runs the rounding heuristic on
// its solution and the cut loop, and returns the root bound and how it
// ended. It reads and changes only the search's own state: an LNS that
// runs beside it (lns_early.go) sees none of it before the join. With
// report set it reports the root LP's bound as soon as it has it (the
// LNS beside it reports until the join, and the cut loop can take long).
func (s *search) solveRoot(eng engines.Engine, report bool) (float64, rootEnd, error) {
	if s.ctx.Err() != nil {
		return 0, rootUnsolved, nil
	}
	// The model's solves stop once the component's context is done: the
	// warm re-solves (the cut loop, the nodes) within a few pivots, a cold
	// solve at once on the native engine, at the end of its CPU slice on
	// Clp (lp.Interrupter).
	s.newModel = func() lp.Model { return lp.WithContext(s.modelCtx, eng.New()) }
	s.m = s.newModel()
	if err := s.m.Load(s.f.Problem); err != nil {
		return 0, 0, fmt.Errorf("solver: load LP: %w", err)
	}
	st, obj, err := s.solveLP()
	if err != nil {
		return 0, 0, err
	}
	switch st {
	case lp.Optimal:
	case lp.Infeasible:
		return 0, rootInfeasible, nil
	default:
		return 0, rootUnsolved, nil
	}
	if err := s.readSolution(); err != nil {
		return 0, 0, err
	}
	if report && s.report != nil {
		s.report(s.incObj, obj, 0, 0)
	}
	s.heuristics(obj)
	obj, ok := s.rootCuts(obj)
	if math.IsInf(obj, -1) {
		return obj, rootNoAllocation, nil
	}
	if s.numerical != nil {
		return 0, 0, s.numerical
	}
	if !ok {
		return obj, rootCutsStopped, nil
	}
	return obj, rootSolved, nil
}

// The cost of the steps of a search that do not look at the context, in
// validations of the component (measured on the national DDU market: the
// greedy allocation with its set-up 2.6, the formulation with its
// tightening 5.5).
const (
	greedyCost  = 3
	buildCost   = 6
	dynamicCost = 6 // one dynamic greedy allocation with its check (national: 4.2)
	improveCost = 3 // local improvement of the start
)

// affords reports whether the time left before the context's deadline is
// enough for a step that costs about k validations of the component: it
// is false once the context is done, and true without a deadline or an
// estimate of the pace.
func (s *search) affords(k float64) bool {
	if s.ctx.Err() != nil {
		return false
	}
	dl, ok := s.ctx.Deadline()
	if !ok || s.pace <= 0 {
		return true
	}
	return time.Until(dl) > time.Duration(k*float64(len(s.in.Bids)))*s.pace
}

// result is the component's result with the given bound on the subtrees
// not closed by the incumbent; complete says whether the search closed
// every subtree.
func (s *search) result(bound float64, complete bool) componentResult {
	if !s.hasInc {
		// No allocation: proven when the search closed every subtree.
		st := NoAward
		if complete && !s.stopped && s.failed == 0 {
			st, bound = Infeasible, math.Inf(-1)
		}
		return componentResult{status: st, bound: bound, nodes: s.nodes, subNodes: s.subNodes, iterations: s.iters, cuts: s.ncuts}
	}
	s.exactIncumbent()
	bound = math.Max(bound, s.incObj)
	st := Optimal
	if !complete || s.stopped || s.failed > 0 {
		st = Feasible
		if errors.Is(s.ctx.Err(), context.Canceled) {
			st = Canceled
		}
		if gap(s.incObj, bound) <= s.relGap {
			st = Optimal // the bound proves the incumbent anyway
		}
	}
	return componentResult{status: st, alloc: s.inc, objective: s.incObj, bound: bound,
		nodes: s.nodes, subNodes: s.subNodes, iterations: s.iters, cuts: s.ncuts}
}

// solveLP solves the model within the remaining time.
func (s *search) solveLP() (lp.Status, float64, error) { return s.solveLPWith(lp.Limits{}) }

// solveLPLimit solves the model within the remaining time and, when iters
// is positive, that many simplex iterations.
func (s *search) solveLPLimit(iters int) (lp.Status, float64, error) {
	return s.solveLPWith(lp.Limits{Iterations: iters})
}

// solveNode solves the LP of a node below the root, which the engine may
// stop (status lp.Cutoff) once it proves the node cannot beat the
// incumbent.
func (s *search) solveNode() (lp.Status, float64, error) {
	return s.solveLPWith(lp.Limits{Cutoff: s.incObj, UseCutoff: s.hasInc})
}

// solveLPWith solves the model within lim and the remaining time.
func (s *search) solveLPWith(lim lp.Limits) (lp.Status, float64, error) {
	if dl, ok := s.ctx.Deadline(); ok {
		lim.Time = time.Until(dl)
		if lim.Time <= 0 {
			return lp.TimeLimit, 0, nil
		}
	}
	st, err := s.m.Solve(lim)
	if it := s.m.Iterations(); it > 0 {
		s.iters += int64(it)
	}
	if err != nil {
		if errors.Is(err, lp.ErrNumerical) {
			return st, 0, fmt.Errorf("solver: LP engine failed at node %d: %w", s.nodes, err)
		}
		return st, 0, fmt.Errorf("solver: LP: %w", err)
	}
	if st != lp.Optimal {
		return st, 0, nil
	}
	obj, err := s.m.Objective()
	return st, obj, err
}

// readSolution reads the primal values and reduced costs into s.x and s.d.
func (s *search) readSolution() (err error) {
	if s.x, err = s.m.Primal(s.x); err != nil {
		return fmt.Errorf("solver: LP primal: %w", err)
	}
	if s.d, err = s.m.ReducedCosts(s.d); err != nil {
		return fmt.Errorf("solver: LP reduced costs: %w", err)
	}
	return nil
}

// closes reports whether a subtree with LP bound b cannot hold an
// allocation better than the incumbent by more than the tolerance, and if
// so records its (rounded) bound for the final proven bound.
func (s *search) closes(b float64) bool {
	if s.closesWith(s.incObj, b) {
		s.prunedMax = math.Max(s.prunedMax, math.Min(s.roundBound(b), b))
		return true
	}
	return false
}

// closesWith reports whether the bound b proves an allocation of
// objective inc within the tolerance (closes, without its record).
func (s *search) closesWith(inc, b float64) bool {
	eb := s.roundBound(b)
	return eb <= inc+s.relGap*math.Max(math.Abs(eb), 1)
}

// offer makes a an incumbent when it passes Check and is better.
func (s *search) offer(a auction.Allocation) bool {
	obj := objective(s.in, a)
	if obj <= s.incObj {
		return false
	}
	if len(s.in.Check(a)) != 0 {
		return false
	}
	s.inc, s.incObj, s.hasInc = a, obj, true
	if s.rootD != nil {
		s.fixGlobal()
	}
	return true
}

// fixGlobal fixes binary columns that the root reduced costs prove cannot
// move from their root value in any allocation better than the incumbent.
func (s *search) fixGlobal() {
	for j, d := range s.rootD {
		if !s.integer[j] || s.glo[j] == s.ghi[j] {
			continue
		}
		switch x := s.rootX[j]; {
		case x <= s.glo[j]+intTol && d < 0 && s.closes(s.rootObj+d*(s.ghi[j]-s.glo[j])):
			s.ghi[j] = s.glo[j]
		case x >= s.ghi[j]-intTol && d > 0 && s.closes(s.rootObj-d*(s.ghi[j]-s.glo[j])):
			s.glo[j] = s.ghi[j]
		default:
			continue
		}
		s.sync = append(s.sync, j)
	}
}

// progress reports to the tracker, at most every 50 ms.
func (s *search) progress(current float64) {
	now := time.Now()
	if now.Sub(s.lastReport) < 50*time.Millisecond {
		return
	}
	s.lastReport = now
	b := math.Max(math.Max(s.prunedMax, s.open.top(math.Inf(-1))), math.Max(current, s.incObj))
	s.report(s.incObj, b, s.nodes, len(s.open))
}

// reloadRows adds the cuts of the search to a freshly loaded model.
func (s *search) reloadRows() error {
	if s.cuts == nil || s.cuts.Len() == 0 {
		return nil
	}
	if err := s.m.AddRows(s.cuts); err != nil {
		return fmt.Errorf("solver: reload cuts: %w", err)
	}
	return nil
}
