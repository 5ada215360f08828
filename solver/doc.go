// Package solver determines the winners of a combinatorial auction: the
// award of largest revenue that respects capacities, the bidders' logic and
// the auctioneer's rules (see DESIGN.md, section 3).
//
// The search solves thousands of LP relaxations that differ by a few
// bounds, through one LP interface (solver/internal/lp) with two engines:
//
//   - "clp": COIN-OR Clp through our own cgo binding to its C interface,
//     built in with the build tag clp (and cgo; Debian package
//     coinor-libclp-dev). Warm re-solves run Clp's dual simplex from the
//     previous basis.
//   - "native": a pure-Go bounded dual simplex on a sparse LU factorization
//     (solver/internal/sparse), built into every binary: within 3× of Clp
//     in CPU time on every relaxation measured, cold and warm (CATS up to
//     1,000 × 5,000, DDU markets up to 2,000 × 10,000, some of them
//     faster), though it has not yet solved the national market's root LP
//     to the end (see benchmarks/README.md). The dense simplex of
//     solver/internal/native remains as a test oracle.
//
// [Options.Engine] chooses one; the default is clp when it is built in.
// [Engines] lists the engines of the running binary, and asking for one it
// lacks fails at once ([Options.Validate]) with the command that builds it.
//
// # Use
//
// Read and validate an instance (package bidlang, or auction/gen), then
//
//	ctx, stop := signal.NotifyContext(ctx, os.Interrupt) // Ctrl-C: Canceled, best award kept
//	defer stop()
//	res, err := solver.Solve(ctx, in, solver.Options{TimeLimit: time.Minute})
//	if err != nil {
//		return err // invalid instance or options, or a bug: never a limit
//	}
//
// and read the [Result]:
//
//   - Status: [Optimal] (proven, within [DefaultRelGap]), [Feasible] (a
//     time or node limit, or a larger [Options.RelGap], stopped the
//     search; [Result.Within] says whether the gap is met), [Canceled],
//     [Infeasible] (only the rule min-winners makes an instance
//     infeasible; Bound is then −Inf) or [NoAward];
//   - Allocation: the award, which has passed auction.Instance.Check
//     (unless the status is Infeasible or NoAward: it is then empty); its
//     awards name bids by index in the instance's Bids;
//   - Revenue: what the winners pay under pay-as-bid, exact, in minor units
//     (auction.Money); Objective (Σ value × fraction) and Bound (a proven
//     upper bound on it) are float64 minor units, and Gap the relative
//     distance between them;
//   - Stats: the work done (components, nodes, LP iterations, cuts).
//
// A time limit is Options.TimeLimit or a deadline on ctx, whichever comes
// first; Options.RelGap ends the search as soon as the gap is that small
// (status Feasible unless the gap is closed: a gap limit is not a proof),
// and Options.NodeLimit after a
// number of nodes. Options.Progress reports the incumbent and the bound
// while the search runs. Options.Start gives a known award to improve on.
// VCG and core payments, and the other allocation rules that gavel bench
// compares, are in package solver/mechanism. [WriteLP] and [WriteMPS] write
// the same problem for another MIP solver.
//
// # The search
//
// [Solve] presolves the instance, splits it into independent components,
// solves trivial components directly and searches the others by branch and
// bound over the LP relaxation of the formulation (package comment of
// solver/internal/wdp), up to [Options.Threads] components at a time:
//
//   - the formulation is built once and loaded into one LP model per
//     component; nodes change column bounds only, and every re-solve is a
//     warm-started dual simplex from the basis the model holds;
//   - nodes are taken best bound first; from each, the search dives one child
//     at a time (the child the LP value rounds to) and pushes the other, and
//     gives up a dive that falls below the midpoint between the best open
//     bound and the incumbent;
//   - it branches on the binary column with the best pseudo-cost product
//     score (most fractional while nothing is known), ties to the lower
//     column;
//   - at the root, rounds of cuts (solver/internal/cuts) tighten the LP
//     while they move its bound: clique cuts on the conflict graph of the
//     bids and lifted knapsack covers on capacity, budget and volume rows;
//     once they stall, odd-cycle cuts on the same graph join them (a round
//     of odd-cycle cuts alone that closes less than 0.1% of the gap to the
//     incumbent is taken out again and ends that phase); then up to ten
//     rounds add Gomory mixed-integer cuts from the optimal basis as well,
//     sparse ones only (at most 40 nonzeros); every cut kept stays in the
//     model for the whole tree;
//   - the greedy allocation in two orders weighing contested items up
//     (wdp.Rounder.GreedyContention) also starts large components;
//   - reduced costs fix binary columns at every node (for the subtree) and at
//     the root (for the whole search, again after each new incumbent);
//   - when every objective coefficient is an integer on a binary column (no
//     divisible bid), bounds are rounded down to integers before pruning;
//   - the greedy allocation of Lehmann, O'Callaghan and Shoham is the first
//     incumbent; on multi-unit markets (items shared by several bids, as
//     DDU markets) two dynamic greedy allocations follow, which take bids
//     by value over their volume relative to the capacity left, so that
//     an item gets dearer as it fills (wdp.Rounder.GreedyDynamic): on
//     generated DDU markets they start 1–8% higher;
//   - between dives, RINS (Danna, Rothberg and Le Pape 2005) searches the
//     neighbourhood of the incumbent and the last LP solution: binary
//     columns on which they agree are fixed, then the closest others until
//     an adaptive number stay free, and a sub-search of at most 200 nodes
//     on the same model (bound changes only, LP rounding at every node)
//     looks for a better allocation. Its share adapts to what it gains:
//     its sub-searches earn 20,000 simplex iterations plus half of the
//     search's own, a share that halves, as does the node limit of a
//     sub-search, with every run beyond the third in a row that finds
//     nothing; and RINS stops after eight fruitless runs in a row, until
//     the search improves the incumbent itself. Its nodes are reported
//     apart (Stats.SubNodes) and count towards Options.NodeLimit;
//   - between dives too, LP dives (Achterberg 2007, chapter 9) look for
//     allocations from the LP solution of the best open node, on the same
//     model: each step takes up the best fractional binary column, by LP
//     value (fractional), the incumbent's first (guided) or by
//     pseudo-costs, and with it the next ones at 1/2 or more, up to 5% to
//     20% of the fractional columns, as far as the rows allow; it re-solves
//     warm and backtracks one level when the LP becomes infeasible or
//     falls to the incumbent. Every LP solution on the way is rounded too.
//     Dives start before the first node and come every 8 nodes at first,
//     an interval that halves after a dive that improves the incumbent
//     and doubles after one that does not; they earn 20,000 simplex
//     iterations plus a quarter of the search's own, a share that halves
//     with every fruitless dive beyond the second in a row; a dive takes
//     at most 50 LP solves, and after three fruitless dives in a row they
//     stop until the search or RINS improves the incumbent. Their LP
//     solves count as sub-search nodes. On L3 1,000 × 5,000 the root dive
//     lifts the incumbent from 2,533,269 to 2,692,437 in 26 LP solves
//     (CBC's feasibility pump: 2,681,152 at 22 s);
//   - before the root LP of a component with 10,000 matrix elements or more,
//     a few hundred subgradient steps on the Lagrangian dual (every row
//     relaxed; solver/internal/lagrange) give a bound that needs no LP and
//     an order for more greedy allocations (by reduced cost over price). On
//     the national DDU market, whose root LP takes Clp about ten minutes, a
//     60 s limit then ends with that bound rather than the capacity bound,
//     and the bound closes components whose LP is integral without an LP;
//   - on a component with 200,000 matrix elements or more (the
//     threshold of PDHG, whose root LP takes minutes: the national market,
//     DDU 2,000 × 10,000), a large-neighbourhood search improves the
//     incumbent before the root LP (lns.go): it frees the bids that demand
//     the items nearest to a seed item (a disc on the map of a DDU
//     market), holds every other bid at the incumbent, and solves the
//     residual sub-instance (capacities, budgets and bidder limits less
//     what the held awards take, wdp.Restricter) with Solve itself, from
//     the incumbent's part and with at most 100 nodes per component; a
//     better allocation, combined with the held awards and checked on the
//     whole component, becomes the incumbent and is improved locally.
//     Neighbourhoods come in batches of two restricted from the same
//     incumbent and solved at once on two threads (one after the other
//     on one), their sub-solutions then put in place in order, each
//     checked. It does at most three passes over the items (fewer when
//     a pass gains under 0.1%), counted in neighbourhoods and nodes, not
//     time, so that it is deterministic up to the deadline that stops it.
//     It runs beside the Lagrangian bounds (lns_early.go), from the
//     incumbent of the greedy orders: with Options.Threads of 2 or more
//     on a goroutine of its own while the subgradient method and PDHG
//     run on the other workers (their products with the matrix split by
//     blocks of rows and columns, so that they are bit-identical whatever
//     the number of workers), with 1 after them; the better allocation
//     stays, and an LNS whose component the Lagrangian bound closes is
//     dropped, so the result does not depend on Threads. Within a minute
//     the LNS runs to the deadline, and the root LP (which could not
//     finish anyway) never starts; on two cores the LNS gains the time of
//     the Lagrangian steps (on the national market 20 s quiet, a minute
//     or more loaded; on DDU 2,000 × 10,000 7 to 20 s). Measured against
//     the LNS after PDHG, one at a time, both binaries run together on
//     two cores loaded 5 to 13, 60-s gap: DDU 2,000 × 10,000 15.06% →
//     14.79% and 16.10% → 15.86%; national, where the load keeps PDHG
//     from ending within the minute, 23.06% → 22.91% and 22.86%
//     (incumbent 4.5261e9 → 4.535e9 and 4.537e9), with a peak of 1.5 to
//     1.6 GB against 1.1 GB; at 150 s 21.27% → 21.25%.
//
// Time limits are wall-clock, counted from the call of Solve. Presolve and
// decomposition look at the context every few thousand steps (a solve
// stopped there returns the start allocation or the empty one, with the
// capacity bound); the search stops early enough to leave time for what
// follows it: closing the models, lifting the allocation and checking it
// on the whole instance. That reserve is four times what validating the
// instance took in the same call (a measure of the machine's speed at
// the instance's size), at most half the time left. By the same measure,
// a component skips its greedy allocation and its formulation (which do
// not look at the context) when too little time is left for them. Clp's
// own limit is process CPU time, which runs ahead of the clock when
// several threads work and behind it on a loaded machine: the binding runs
// Clp in CPU slices of a quarter of the time left and goes on from the
// basis reached while the clock allows, and keeps the idiot crash of cold
// solves (which does not look at the limit) to a quarter of the time
// left. Separation works within step budgets, not time, so that results
// stay deterministic.
//
// Every incumbent passes auction.Instance.Check on its component before it is
// accepted, and the union of the components' allocations passes it on the
// original instance before Solve returns it ([ErrCertificate] otherwise).
// Divisible fractions that an LP engine leaves a tolerance over a capacity
// are shrunk by a relative 1e-8 to 1e-5 until they pass. An integral leaf
// whose point still fails (a min-volume met only within the engine's
// tolerance, often where a budget binds at the same point) is repaired:
// its winners are kept and their divisible fractions solved exactly
// (wdp.ExactFractions, up to 24 of them) or, for more, by an LP of the
// fractions alone, solved as it is and then with the measured limits
// tightened by a relative 1e-8 to 1e-6. A leaf that no repair mends does not count as closed: its
// bound stays in the result, and the status is Feasible unless the
// incumbent comes within 1e-5 of it.
//
// The proven bound is the largest of: the incumbent, the bounds of the open
// nodes when a limit stopped the search, the bounds of subtrees closed within
// the relative gap, and those of nodes the engine failed to solve even from
// scratch (the status is then Feasible).
package solver
