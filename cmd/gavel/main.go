// Command gavel runs combinatorial auctions of delivery capacity: it checks,
// converts, generates and solves bid files. Run "gavel help" for the
// commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// The first Ctrl-C (or SIGTERM) cancels the context: gavel solve then
	// prints the best award found and exits 130. Once it has, signals get
	// their default action back, so a second Ctrl-C ends gavel at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
