package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/pflag"
)

// decimalInt is an integer flag read in base 10 only: pflag's own int
// flags read 010 as octal 8 and take 0x10, which a user typing --goods 010
// does not mean.
type decimalInt int

func (v *decimalInt) String() string { return strconv.Itoa(int(*v)) }
func (v *decimalInt) Type() string   { return "int" }
func (v *decimalInt) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, strconv.IntSize)
	if err != nil {
		return fmt.Errorf("want a whole number written in decimal")
	}
	*v = decimalInt(n)
	return nil
}

// decimalInt64 is decimalInt for int64 flags.
type decimalInt64 int64

func (v *decimalInt64) String() string { return strconv.FormatInt(int64(*v), 10) }
func (v *decimalInt64) Type() string   { return "int" }
func (v *decimalInt64) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want a whole number written in decimal")
	}
	*v = decimalInt64(n)
	return nil
}

// intFlag defines an int flag read in base 10 (decimalInt).
func intFlag(fs *pflag.FlagSet, p *int, name string, value int, usage string) {
	*p = value
	fs.Var((*decimalInt)(p), name, usage)
}

// int64Flag defines an int64 flag read in base 10 (decimalInt64).
func int64Flag(fs *pflag.FlagSet, p *int64, name string, value int64, usage string) {
	*p = value
	fs.Var((*decimalInt64)(p), name, usage)
}
