package lp

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// fakeModel counts Interrupt and Close calls; its other methods are never
// called here.
type fakeModel struct {
	Model
	interrupts, closes atomic.Int32
}

func (f *fakeModel) Interrupt()   { f.interrupts.Add(1) }
func (f *fakeModel) Close() error { f.closes.Add(1); return nil }

// plainModel cannot be interrupted.
type plainModel struct{ Model }

// TestWithContext checks that a watched model is interrupted once its
// context is done, not after Close, and that a model that cannot be
// interrupted, or a context that is never done, is left as it is.
func TestWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeModel{}
	m := WithContext(ctx, f)
	if _, ok := m.(Interrupter); !ok {
		t.Fatal("the watched model is not an Interrupter")
	}
	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for f.interrupts.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("not interrupted 10 s after cancel")
		}
		time.Sleep(time.Millisecond)
	}
	if err := m.Close(); err != nil || f.closes.Load() != 1 {
		t.Fatalf("Close: %v, %d closes", err, f.closes.Load())
	}

	// Closed before its context is done: never interrupted.
	ctx2, cancel2 := context.WithCancel(context.Background())
	g := &fakeModel{}
	m2 := WithContext(ctx2, g)
	m2.Close()
	cancel2()
	time.Sleep(20 * time.Millisecond)
	if n := g.interrupts.Load(); n != 0 {
		t.Fatalf("interrupted %d times after Close", n)
	}

	p := &plainModel{}
	if got := WithContext(ctx, p); got != Model(p) {
		t.Fatal("a model without Interrupt was wrapped")
	}
	if got := WithContext(context.Background(), f); got != Model(f) {
		t.Fatal("a model under a context that is never done was wrapped")
	}
}
