// Package sparse is a pure-Go LP engine for large sparse problems: a
// bounded dual simplex with a sparse LU factorization of the basis.
package sparse
