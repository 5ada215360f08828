//go:build clp && cgo && clpexp

package clp

import (
	"slices"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

var expSize = flag.String("exp.size", "1000x5000", "")
var expCold = flag.String("exp.cold", "initial,dual,primal,initdual,initprimal,nopre", "")
var expBranches = flag.Int("exp.branches", 20, "")
var expPert = flag.Int("exp.pert", 50, "")
var expScale = flag.Int("exp.scale", 3, "")

var expInt []bool
var expAlg = flag.String("exp.alg", "dual", "")
var expDDU = flag.Bool("exp.ddu", false, "")

func expProblem() *lp.Problem {
	if *expDDU {
		var d lptest.DDUSize
		fmt.Sscanf(*expSize, "%dx%d", &d.DDUs, &d.Bids)
		t0 := time.Now()
		f, err := lptest.DDUFixture(d)
		if err != nil {
			panic(err)
		}
		p := f.Problem
		expInt = f.Integer
		fmt.Fprintf(os.Stderr, "ddu %v: %d rows %d cols %d nnz, built in %v\n", d, p.NumRows(), p.NumCols(), len(p.Value), time.Since(t0))
		return p
	}
	var s lptest.BenchSize
	fmt.Sscanf(*expSize, "%dx%d", &s.Items, &s.Bids)
	return lptest.Fixture(s)
}

func TestExpCold(t *testing.T) {
	pr := expProblem()
	for _, how := range strings.Split(*expCold, ",") {
		m := New()
		if err := m.Load(pr); err != nil {
			t.Fatal(err)
		}
		expSetup(m, *expPert, *expScale)
		t0 := time.Now()
		coldRun(m, how)
		d := time.Since(t0)
		it, st, obj := expInfo(m)
		fmt.Fprintf(os.Stderr, "cold %-10s %10v iters %6d status %d obj %.4f\n", how, d.Round(time.Microsecond), it, st, obj)
		m.Close()
	}
}

func TestExpWarm(t *testing.T) {
	pr := expProblem()
	m := New()
	defer m.Close()
	if err := m.Load(pr); err != nil {
		t.Fatal(err)
	}
	if st, err := m.Solve(lp.Limits{}); st != lp.Optimal {
		t.Fatal(st, err)
	}
	expSetup(m, *expPert, *expScale)
	x, _ := m.Primal(nil)
	var b lp.Basis
	m.Basis(&b)
	var frac []int
	for j, v := range x {
		if v > 1e-6 && v < 1-1e-6 && (expInt == nil || expInt[j]) {
			frac = append(frac, j)
		}
	}
	// a no-change re-solve: the fixed cost.
	t0 := time.Now()
	m.SetBasis(&b)
	expDual(m)
	it0, _, _ := expInfo(m)
	fmt.Fprintf(os.Stderr, "nochange dual %v iters %d\n", time.Since(t0), it0)
	var tot time.Duration
	totIt := 0
	for k := 0; k < *expBranches; k++ {
		j := frac[(k/2)%len(frac)]
		v := float64(k % 2)
		m.SetColBounds([]int{j}, []float64{v}, []float64{v})
		t0 := time.Now()
		var st lp.Status
		var err error
		if *expAlg == "primal" {
			expPrimal(m)
			it, cs, _ := expInfo(m)
			m.iters = it
			st = lp.Status(cs)
		} else {
			st, err = m.Solve(lp.Limits{})
		}
		d := time.Since(t0)
		tot += d
		totIt += m.Iterations()
		if *expBranches <= 20 {
			fmt.Fprintf(os.Stderr, "warm col %d=%v %v iters %d %v %v\n", j, v, d.Round(time.Microsecond), m.Iterations(), st, err)
		}
		m.SetColBounds([]int{j}, []float64{pr.ColLower[j]}, []float64{pr.ColUpper[j]})
		m.SetBasis(&b)
	}
	fmt.Fprintf(os.Stderr, "warm mean %v iters %.1f frac %d\n", tot/time.Duration(*expBranches), float64(totIt)/float64(*expBranches), len(frac))
}

func TestExpDecomp(t *testing.T) {
	var d lptest.DDUSize
	fmt.Sscanf(*expSize, "%dx%d", &d.DDUs, &d.Bids)
	t0 := time.Now()
	in, err := gen.Generate("ddu", gen.Config{Goods: d.DDUs, Bids: d.Bids, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gen %v\n", time.Since(t0))
	t0 = time.Now()
	comps, err := wdp.Decompose(in)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "decompose %v: %d components\n", time.Since(t0), len(comps))
	sizes := []int{}
	big := -1
	for i, c := range comps {
		sizes = append(sizes, len(c.In.Bids))
		if big < 0 || len(c.In.Bids) > len(comps[big].In.Bids) {
			big = i
		}
	}
	slices.Sort(sizes)
	fmt.Fprintf(os.Stderr, "largest sizes %v\n", sizes[max(0, len(sizes)-10):])
	f, err := wdp.Build(comps[big].In)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Problem
	fmt.Fprintf(os.Stderr, "largest component LP: %d rows %d cols %d nnz\n", p.NumRows(), p.NumCols(), len(p.Value))
	m := New()
	defer m.Close()
	m.Load(p)
	t0 = time.Now()
	st, err := m.Solve(lp.Limits{})
	fmt.Fprintf(os.Stderr, "cold %v %v %v\n", time.Since(t0), st, err)
}
