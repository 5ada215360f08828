//go:build clp && cgo && clpexp

package clp

/*
#include "Clp_C_Interface.h"
*/
import "C"

func expSetup(m *Model, pert, scale int) {
	C.Clp_setPerturbation(m.ptr, C.int(pert))
	C.Clp_scaling(m.ptr, C.int(scale))
}

func expInfo(m *Model) (iters, status int, obj float64) {
	return int(C.Clp_numberIterations(m.ptr)), int(C.Clp_status(m.ptr)), float64(C.Clp_objectiveValue(m.ptr))
}

func expDual(m *Model) { C.Clp_dual(m.ptr, 0) }

func coldRun(m *Model, how string) {
	p := m.ptr
	switch how {
	case "initial":
		C.Clp_initialSolve(p)
	case "dual":
		C.Clp_dual(p, 0)
	case "primal":
		C.Clp_primal(p, 0)
	case "initdual":
		C.Clp_initialDualSolve(p)
	case "initprimal":
		C.Clp_initialPrimalSolve(p)
	case "barrier":
		C.Clp_initialBarrierSolve(p)
	case "nopre", "nopredual", "noprepri":
		o := C.ClpSolve_new()
		C.ClpSolve_setPresolveType(o, 1, -1)
		switch how {
		case "nopredual":
			C.ClpSolve_setSolveType(o, 0, -1)
		case "noprepri":
			C.ClpSolve_setSolveType(o, 1, -1)
		}
		C.Clp_initialSolveWithOptions(p, o)
		C.ClpSolve_delete(o)
	case "predual", "prepri":
		o := C.ClpSolve_new()
		if how == "predual" {
			C.ClpSolve_setSolveType(o, 0, -1)
		} else {
			C.ClpSolve_setSolveType(o, 1, -1)
		}
		C.Clp_initialSolveWithOptions(p, o)
		C.ClpSolve_delete(o)
	}
}

func expPrimal(m *Model) { C.Clp_primal(m.ptr, 0) }
