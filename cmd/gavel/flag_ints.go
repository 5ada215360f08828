package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/pflag"
)

// decimalFlag is an integer flag read in base 10 only: pflag's own int
// flags read 010 as octal 8 and take 0x10, which a user typing --goods 010
// does not mean.
type decimalFlag[T ~int | ~int64] struct{ p *T }

func (v decimalFlag[T]) String() string { return strconv.FormatInt(int64(*v.p), 10) }
func (v decimalFlag[T]) Type() string   { return "int" }
func (v decimalFlag[T]) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || int64(T(n)) != n {
		return fmt.Errorf("want a whole number written in decimal")
	}
	*v.p = T(n)
	return nil
}

// intFlag defines an int flag read in base 10 (decimalFlag).
func intFlag(fs *pflag.FlagSet, p *int, name string, value int, usage string) {
	*p = value
	fs.Var(decimalFlag[int]{p}, name, usage)
}

// int64Flag defines an int64 flag read in base 10 (decimalFlag).
func int64Flag(fs *pflag.FlagSet, p *int64, name string, value int64, usage string) {
	*p = value
	fs.Var(decimalFlag[int64]{p}, name, usage)
}
