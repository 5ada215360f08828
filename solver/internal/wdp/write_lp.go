package wdp

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// WriteLP writes the formulation in the CPLEX LP format: a comment header,
// Maximize, Subject To, Bounds, Binaries, Generals, End. Names are those
// of Cols and Rows. A row with two different finite bounds (Build makes
// none) becomes two rows, suffixed _lo and _hi. An integer column with
// bounds [0, 1] is listed under Binaries; one fixed at 0 (a bid that cannot
// win) gets a bound and is listed under Generals, because CPLEX resets the
// bounds of binaries to [0, 1]. Long expressions are wrapped.
func (f *Formulation) WriteLP(w io.Writer) error {
	p := f.Problem
	bw := bufio.NewWriter(w)
	lw := &lineWriter{w: bw}
	lw.comment(f.header())
	sense := "Maximize"
	if p.Sense != lp.Maximize {
		sense = "Minimize"
	}
	lw.line(sense)
	lw.start(" obj:")
	// A model without columns (no bids) gets a placeholder fixed at 0, and
	// one without rows a void row: readers such as glpsol need both.
	// Neither name can clash: every other name has a '_'.
	first := placeholderCol
	if len(f.Cols) > 0 {
		first = f.Cols[0].Name
	}
	terms := 0
	for j, c := range p.Objective {
		if c != 0 {
			lw.term(c, f.Cols[j].Name, terms == 0)
			terms++
		}
	}
	if terms == 0 {
		lw.term(0, first, true)
	}
	lw.end()
	lw.line("Subject To")
	rows := rowWise(f)
	written := 0
	for i, r := range rows {
		lo, hi := p.RowLower[i], p.RowUpper[i]
		name := f.Rows[i].Name
		switch {
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			continue // a free row limits nothing
		case lo == hi:
			lw.row(name, r, f, "=", lo)
		case math.IsInf(lo, -1):
			lw.row(name, r, f, "<=", hi)
		case math.IsInf(hi, 1):
			lw.row(name, r, f, ">=", lo)
		default:
			lw.row(name+"_lo", r, f, ">=", lo)
			lw.row(name+"_hi", r, f, "<=", hi)
		}
		written++
	}
	if written == 0 {
		lw.line(" noconstraints: 0 " + first + " >= 0")
	}
	lw.line("Bounds")
	if len(f.Cols) == 0 {
		lw.line(" " + placeholderCol + " = 0")
	}
	var bins, gens []string
	for j, c := range f.Cols {
		lo, hi := p.ColLower[j], p.ColUpper[j]
		if f.Integer[j] && lo == 0 && hi == 1 {
			bins = append(bins, c.Name)
			continue
		}
		if f.Integer[j] {
			gens = append(gens, c.Name)
		}
		switch {
		case lo == hi:
			lw.line(" " + c.Name + " = " + num(lo))
		case lo == 0 && math.IsInf(hi, 1):
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			lw.line(" " + c.Name + " free")
		case lo == 0:
			lw.line(" " + c.Name + " <= " + num(hi))
		case math.IsInf(hi, 1):
			lw.line(" " + c.Name + " >= " + num(lo))
		default:
			lw.line(" " + num(lo) + " <= " + c.Name + " <= " + num(hi))
		}
	}
	lw.list("Binaries", bins)
	lw.list("Generals", gens)
	lw.line("End")
	if lw.err != nil {
		return lw.err
	}
	return bw.Flush()
}

// placeholderCol names the column written for a model without columns.
const placeholderCol = "nobids"

// header describes the model in comment lines.
func (f *Formulation) header() []string {
	name := f.In.Name
	if name == "" {
		name = "(unnamed)"
	}
	return []string{
		"gavel winner determination MIP for " + strconv.Quote(name),
		"objective: revenue in minor units of " + f.In.CurrencyOrDefault().Code +
			" (1/10^" + strconv.Itoa(f.In.CurrencyOrDefault().Decimals) + ")",
		strconv.Itoa(len(f.Cols)) + " columns (" + strconv.Itoa(len(f.In.Bids)) + " bids), " +
			strconv.Itoa(len(f.Rows)) + " rows; x_<bid> is the awarded fraction of a bid",
	}
}

// rowEntry is one coefficient of a row.
type rowEntry struct {
	col int
	val float64
}

// rowWise returns the matrix row by row, columns ascending.
func rowWise(f *Formulation) [][]rowEntry {
	p := f.Problem
	rows := make([][]rowEntry, p.NumRows())
	for j := range p.NumCols() {
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			rows[p.RowIndex[k]] = append(rows[p.RowIndex[k]], rowEntry{j, p.Value[k]})
		}
	}
	return rows
}

// num writes a number exactly: integers without exponent, others in the
// shortest form that reads back to the same float64.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// lineWriter writes LP text, wrapping long lines and keeping the first
// error.
type lineWriter struct {
	w   *bufio.Writer
	n   int // bytes on the current line
	err error
}

const lpWrap = 78

func (l *lineWriter) put(s string) {
	if l.err == nil {
		_, l.err = l.w.WriteString(s)
	}
	l.n += len(s)
}

func (l *lineWriter) line(s string) {
	l.put(s)
	l.put("\n")
	l.n = 0
}

func (l *lineWriter) comment(lines []string) {
	for _, s := range lines {
		s = strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
				return ' '
			}
			return r
		}, s)
		l.line(`\ ` + s)
	}
}

func (l *lineWriter) start(s string) { l.put(s) }

func (l *lineWriter) end() { l.line("") }

// term writes " + 3 x" (" 3 x" first), wrapping before it when needed.
func (l *lineWriter) term(c float64, name string, first bool) {
	var s string
	switch {
	case c < 0:
		s = " - " + num(-c) + " " + name
	case first:
		s = " " + num(c) + " " + name
	default:
		s = " + " + num(c) + " " + name
	}
	if l.n+len(s) > lpWrap && l.n > 0 {
		l.put("\n  ")
		l.n = 2
	}
	l.put(s)
}

func (l *lineWriter) row(name string, r []rowEntry, f *Formulation, op string, rhs float64) {
	l.put(" " + name + ":")
	if len(r) == 0 { // an empty row (a region of the rule min-winners without bids)
		first := placeholderCol
		if len(f.Cols) > 0 {
			first = f.Cols[0].Name
		}
		l.term(0, first, true)
	}
	for k, e := range r {
		l.term(e.val, f.Cols[e.col].Name, k == 0)
	}
	s := " " + op + " " + num(rhs)
	if l.n+len(s) > lpWrap {
		l.put("\n  ")
	}
	l.line(s)
}

// list writes a section of names, several to a line; nothing when empty.
func (l *lineWriter) list(title string, names []string) {
	if len(names) == 0 {
		return
	}
	l.line(title)
	for _, n := range names {
		if l.n+1+len(n) > lpWrap && l.n > 0 {
			l.line("")
		}
		l.put(" " + n)
	}
	l.line("")
}
