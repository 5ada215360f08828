//go:build clp && cgo

// Package clp is the LP engine backed by COIN-OR Clp, through our own cgo
// binding to Clp's C interface (Clp_C_Interface.h, found with pkg-config;
// Debian package coinor-libclp-dev). It is built only with the build tag
// clp and cgo enabled:
//
//	go test -tags clp ./solver/...
//
// This is the only package of the module that imports "C".
//
// # Algorithm
//
// The first Solve after Load is a cold start with Clp's initialSolve (its
// default presolve, crash and automatic choice of simplex), followed by a
// pass of the dual simplex from the basis it found, which puts basis
// statuses and values back in agreement after postsolve. Every later
// Solve, and any Solve after SetBasis, runs the dual simplex from the basis
// Clp holds: after bound changes or added rows that basis stays dual
// feasible, which is what makes branch-and-bound re-solves cheap. Load
// forgets the basis.
//
// Each Solve is a fresh call of Clp: it rebuilds Clp's work arrays,
// scaling, row copy, factorization and dual pricing weights from the basis.
// Clp 1.17's C interface offers no way to keep them between calls
// (ClpSimplex::dual's startFinishOptions and setSpecialOptions are C++
// only). On the benchmark LPs, neither perturbation nor scaling settings,
// nor the primal simplex, make a warm re-solve faster; initialSolve is the
// fastest cold start (benchmarks/README.md).
//
// # Tolerances
//
// Clp's defaults: primal feasibility tolerance 1e-7 and dual feasibility
// (reduced cost) tolerance 1e-7, applied to the scaled problem (Clp scales
// automatically). Clp reads bounds beyond 1e20 as infinite; package lp
// refuses finite bounds that large. Results with Clp's secondary statuses
// 2 to 4 (optimal for the scaled problem, with small unscaled
// infeasibilities) are reported as Optimal.
//
// Clp prints nothing: every model is created with log level 0.
//
// # Memory and ownership
//
// A Model owns one C Clp_Simplex, freed by Close (idempotent). A cleanup
// registered with runtime.AddCleanup frees a model that was never closed,
// as a safety net only: call Close, with defer. Go memory is passed to C
// only for the duration of a call (Clp copies what it keeps), results are
// copied out of C memory before the next C call, and each method keeps the
// Model alive until its last C call returns. A Model belongs to one
// goroutine; a call made while another is in progress returns lp.ErrBusy
// rather than corrupting C memory. Interrupt is the exception: any
// goroutine may call it, during a Solve too (it sets two of Clp's limits,
// which the solve reads at its checks), and a mutex keeps Close from
// freeing the C model under it.
//
// # Limits
//
// Limits.Time is passed to Clp's maximum seconds, which Clp measures in CPU
// time of the whole process from the start of the solve.
package clp
