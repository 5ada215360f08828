package main

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// noValue is the magnitude from which CBC's printed numbers mean "none"
// (it prints 1e50 for a missing incumbent).
const noValue = 1e40

// parseCBC reads the end-of-run summary CBC prints for an LP file that
// maximizes:
//
//	Result - Optimal solution found | Stopped on time limit | Problem proven infeasible | ...
//	Objective value:   119202766.00000000   (absent: "No feasible solution found")
//	Upper bound:       192547916.842        (only when stopped)
//	Enumerated nodes:  0
//
// CBC prints the objective in the file's sense (maximized, positive
// revenue) in this summary, although its log lines in between show the
// negated internal minimization.
func parseCBC(stdout []byte) Outcome {
	out := Outcome{Status: StatusError, Detail: "no result line in CBC's output"}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var result string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "Result - "):
			result = strings.TrimPrefix(line, "Result - ")
		case strings.HasPrefix(line, "Problem is infeasible"),
			strings.HasPrefix(line, "Pre-processing says infeasible"):
			result = "infeasible"
		case strings.HasPrefix(line, "Objective value:"):
			if v, ok := lastFloat(line); ok && v < noValue && v > -noValue {
				out.Objective, out.HasObjective = v, true
			}
		case strings.HasPrefix(line, "Upper bound:"):
			if v, ok := lastFloat(line); ok && v < noValue && v > -noValue {
				out.Bound, out.HasBound = v, true
			}
		case strings.HasPrefix(line, "Enumerated nodes:"):
			if v, ok := lastFloat(line); ok {
				out.Nodes = int64(v)
			}
		}
	}
	switch {
	case result == "":
		return out
	case strings.HasPrefix(result, "Optimal solution found"):
		if !out.HasObjective {
			out.Detail = "optimal without an objective value"
			return out
		}
		out.Status, out.Detail = StatusOptimal, ""
		out.Bound, out.HasBound = out.Objective, true
	case strings.Contains(result, "infeasible"):
		out.Status, out.Detail = StatusInfeasible, ""
		out.HasObjective, out.HasBound = false, false
	case strings.HasPrefix(result, "Stopped"):
		out.Status, out.Detail = StatusNoSolution, result
		if out.HasObjective {
			out.Status = StatusFeasible
		}
	default:
		out.Detail = "unexpected result: " + result
	}
	return out
}

// parseGLPK reads glpsol's log of a MIP solve and, when present, the
// header of its solution report (-o FILE), which holds the objective
// exactly ("Objective:  obj = 137602458 (MAXimum)"). The log's progress
// lines hold incumbent and bound to ten digits:
//
//   - 12165: mip =   1.376024580e+08 <=   1.940514390e+08  41.0% (218; 38)
//   - 32: mip =   7.007900000e+04 <=     tree is empty   0.0% (0; 1)
//
// and its last status line how the search ended.
func parseGLPK(stdout, sol []byte) Outcome {
	out := Outcome{Status: StatusError, Detail: "no final status in glpsol's output"}
	var incumbent, bound float64
	var hasInc, hasBound bool
	var final string
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "+"):
			inc, bnd, ok := glpkProgress(line)
			if !ok {
				continue
			}
			incumbent, hasInc = parseNumber(inc)
			bound, hasBound = parseNumber(bnd)
		case strings.HasPrefix(line, "INTEGER OPTIMAL SOLUTION FOUND"),
			strings.HasPrefix(line, "TIME LIMIT EXCEEDED"),
			strings.Contains(line, "NO PRIMAL FEASIBLE SOLUTION"),
			strings.Contains(line, "NO INTEGER FEASIBLE SOLUTION"),
			strings.Contains(line, "HAS NO FEASIBLE SOLUTION"):
			final = line
		}
	}
	if v, ok := glpkSolutionObjective(sol); ok {
		incumbent, hasInc = v, true
	}
	switch {
	case final == "":
		return out
	case strings.HasPrefix(final, "INTEGER OPTIMAL SOLUTION FOUND"):
		if !hasInc {
			out.Detail = "optimal without an objective value"
			return out
		}
		out.Status = StatusOptimal
		out.Objective, out.HasObjective = incumbent, true
		out.Bound, out.HasBound = incumbent, true
		out.Detail = ""
	case strings.HasPrefix(final, "TIME LIMIT"):
		out.Status, out.Detail = StatusNoSolution, ""
		if hasInc {
			out.Status = StatusFeasible
			out.Objective, out.HasObjective = incumbent, true
		}
		if hasBound {
			out.Bound, out.HasBound = bound, true
		}
	default:
		out.Status, out.Detail = StatusInfeasible, ""
	}
	return out
}

// glpkProgress splits a progress line "+ N: mip = INC <= BOUND ..." or
// "+ N: >>>>> INC <= BOUND ..." into its incumbent and bound texts.
func glpkProgress(line string) (inc, bound string, ok bool) {
	_, rest, ok := strings.Cut(line, ":")
	if !ok {
		return "", "", false
	}
	rest = strings.TrimSpace(rest)
	if r, ok2 := strings.CutPrefix(rest, "mip ="); ok2 {
		rest = r
	} else if r, ok2 := strings.CutPrefix(rest, ">>>>>"); ok2 {
		rest = r
	} else {
		return "", "", false
	}
	inc, bound, ok = strings.Cut(rest, "<=")
	if !ok {
		return "", "", false
	}
	f := strings.Fields(bound)
	if len(f) == 0 {
		return "", "", false
	}
	return strings.TrimSpace(inc), f[0], true
}

// glpkSolutionObjective reads "Objective:  NAME = VALUE (MAXimum)" from
// the header of a glpsol solution report whose status says it holds a
// solution.
func glpkSolutionObjective(sol []byte) (float64, bool) {
	var status string
	for line := range strings.Lines(string(sol)) {
		line = strings.TrimSpace(line)
		if s, ok := strings.CutPrefix(line, "Status:"); ok {
			status = strings.TrimSpace(s)
		}
		if s, ok := strings.CutPrefix(line, "Objective:"); ok {
			if status != "INTEGER OPTIMAL" && status != "INTEGER NON-OPTIMAL" {
				return 0, false
			}
			_, v, ok := strings.Cut(s, "=")
			if !ok {
				return 0, false
			}
			f := strings.Fields(v)
			if len(f) == 0 {
				return 0, false
			}
			return parseNumber(f[0])
		}
		if strings.HasPrefix(line, "No.") {
			break
		}
	}
	return 0, false
}

// lastFloat parses the last field of a line as a number.
func lastFloat(line string) (float64, bool) {
	f := strings.Fields(line)
	if len(f) == 0 {
		return 0, false
	}
	return parseNumber(f[len(f)-1])
}

// parseNumber parses a finite number; "not found yet", "+inf" and "tree"
// are not numbers.
func parseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, false
	}
	return v, true
}
