package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/spf13/pflag"
)

type genOptions struct {
	dist   string
	format string
	out    string
	cfg    gen.Config
	fs     *pflag.FlagSet // to tell a flag given as 0 from one left out
}

func genCmd() *command {
	return &command{
		name:     "gen",
		summary:  "generate a test market (CATS distributions, DDU markets)",
		synopsis: "gavel gen --dist NAME [--goods N] [--bids M] [--seed S] [--format bids|json|cats] [-o FILE]",
		help: `Gen writes a generated auction instance. The same distribution, sizes, seed
and parameters give the same file, byte for byte, on every platform.

Distributions:
` + distList() + `
For ddu, --goods is the number of DDUs and the --ddu-* flags set the market's
parameters (see below; "auto" values scale with the market's size).

Examples:
  gavel gen --dist regions --goods 256 --bids 1000 --seed 7 --format cats -o regions.txt
  gavel gen --dist ddu --goods 2000 --bids 10000 --seed 1 -o market.bids
  gavel gen --dist ddu --goods 200 --ddu-windows-share 0.5 --ddu-max-share 0.6
` + exitStatusHelp,
		flags: func(fs *pflag.FlagSet) any {
			o := &genOptions{fs: fs}
			fs.StringVar(&o.dist, "dist", "", "distribution name (required): see the list above")
			intFlag(fs, &o.cfg.Goods, "goods", 0, "number of goods, or of DDUs for ddu (default 256; 1,000 DDUs)")
			intFlag(fs, &o.cfg.Bids, "bids", 0, "number of bids (default 1,000; 5 per DDU for ddu)")
			fs.Var((*decimalSeed)(&o.cfg.Seed), "seed", "seed of the pseudo-random stream, a decimal number (010 is 10)")
			fs.StringVar(&o.format, "format", "", "output format: bids, json or cats (default: from -o's extension, else bids)")
			fs.StringVarP(&o.out, "output", "o", "", "write to FILE instead of standard output")
			intFlag(fs, &o.cfg.Decimals, "decimals", 0, "decimals of CATS-family prices (default 4)")
			fs.BoolVar(&o.cfg.KeepDominated, "keep-dominated", false, "keep the bids CATS removes as dominated")
			for _, p := range o.cfg.DDU.Params() {
				fl := fs.VarPF(p.Value, "ddu-"+p.Name, "", p.Usage+" (ddu; default "+p.Default+")")
				if p.Value.Type() == "bool" {
					fl.NoOptDefVal = "true"
				}
				fl.DefValue = "" // the usage text says the default
			}
			return o
		},
		run: runGen,
	}
}

func distList() string {
	var b strings.Builder
	for _, d := range gen.Distributions() {
		fmt.Fprintf(&b, "  %-11s %s\n", d.Name, d.Summary)
	}
	return b.String()
}

func runGen(e *env, opts any, args []string) int {
	o := opts.(*genOptions)
	if len(args) != 0 {
		fmt.Fprintf(e.stderr, "gavel gen: unexpected argument %q\n", args[0])
		return exitUsage
	}
	if o.dist == "" {
		fmt.Fprintln(e.stderr, "gavel gen: --dist is required; run 'gavel help gen' for the list")
		return exitUsage
	}
	if err := checkGenSizes(o.fs, o.cfg, true); err != nil {
		fmt.Fprintf(e.stderr, "gavel gen: %v\n", err)
		return exitUsage
	}
	f := bidlang.FormatBids
	d, byName := bidlang.DetectFormat(o.out)
	if o.format != "" {
		var err error
		if f, err = bidlang.ParseFormat(o.format); err != nil {
			fmt.Fprintf(e.stderr, "gavel gen: --format: %v\n", err)
			return exitUsage
		}
		// Every command reads a file by its extension first: a JSON market
		// in x.bids could not be read back without --format.
		if byName && d != f && o.out != "-" {
			fmt.Fprintf(e.stderr, "gavel gen: --format %s but -o %s names a %s file; name it for its format (or leave --format out)\n", f, o.out, d)
			return exitUsage
		}
	} else if byName {
		f = d
	}
	in, err := gen.Generate(o.dist, o.cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "gavel gen: %v\n", err)
		return exitUsage
	}
	var buf bytes.Buffer
	if err := bidlang.Write(&buf, in, f); err != nil {
		fmt.Fprintf(e.stderr, "gavel gen: %v\n", err)
		return exitFailure
	}
	if o.out == "" || o.out == "-" {
		return flush(e, &buf)
	}
	if err := writeFileAtomic(o.out, buf.Bytes()); err != nil {
		fmt.Fprintf(e.stderr, "gavel gen: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// decimalSeed is the --seed flag: a decimal uint64, as gavel bench's
// --seeds reads it, so that --seed 010 is seed 10 (pflag's own uint64 flag
// would read it as octal 8, another market) and 0x10 is refused.
type decimalSeed uint64

func (s *decimalSeed) String() string { return strconv.FormatUint(uint64(*s), 10) }
func (s *decimalSeed) Type() string   { return "uint" }
func (s *decimalSeed) Set(v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return fmt.Errorf("want a whole number from 0 to %d", uint64(math.MaxUint64))
	}
	*s = decimalSeed(n)
	return nil
}

// checkGenSizes refuses --goods, --bids (and, with decimals, --decimals)
// given as 0 or less: the generator reads 0 as "default", which a user who
// typed --goods 0 did not ask for. Values out of range above are the
// generator's to refuse.
func checkGenSizes(fs *pflag.FlagSet, cfg gen.Config, decimals bool) error {
	for _, f := range []struct {
		name string
		v    int
		min  int
	}{{"goods", cfg.Goods, 1}, {"bids", cfg.Bids, 1}, {"decimals", cfg.Decimals, 1}} {
		if f.name == "decimals" && !decimals {
			continue
		}
		if fs.Changed(f.name) && f.v < f.min {
			return fmt.Errorf("--%s %d must be at least %d (leave the flag out for the default)", f.name, f.v, f.min)
		}
	}
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it, so that a failure never leaves a truncated file. Its errors name
// path, never the temporary file.
func writeFileAtomic(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot create %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; a generated market is not a secret.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
