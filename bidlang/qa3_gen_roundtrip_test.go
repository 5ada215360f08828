package bidlang_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/bidlang"
)

// TestQAGeneratedRoundTrip writes small instances of every generator, three
// seeds each, in every format: the text language and JSON read back the
// same instance, CATS the same market (CATS has no names), or, for ddu
// only, refuses with ErrNotRepresentable and writes nothing.
func TestQAGeneratedRoundTrip(t *testing.T) {
	for _, d := range gen.Distributions() {
		for seed := range uint64(3) {
			cfg := gen.Config{Goods: 16, Bids: 24, Seed: seed}
			if d.Name == "ddu" {
				cfg.Goods, cfg.Bids = 30, 60
			}
			in, err := gen.Generate(d.Name, cfg)
			if errors.Is(err, gen.ErrExhausted) {
				cfg.KeepDominated = true
				in, err = gen.Generate(d.Name, cfg)
			}
			require.NoError(t, err, "%s seed %d", d.Name, seed)
			for _, f := range []bidlang.Format{bidlang.FormatBids, bidlang.FormatJSON, bidlang.FormatCATS} {
				name := fmt.Sprintf("%s/seed %d/%s", d.Name, seed, f)
				var buf bytes.Buffer
				if err := bidlang.Write(&buf, in, f); err != nil {
					assert.ErrorIs(t, err, bidlang.ErrNotRepresentable, name)
					assert.True(t, d.Name == "ddu" && f == bidlang.FormatCATS, "%s: %v", name, err)
					assert.Zero(t, buf.Len(), name)
					continue
				}
				back, list := bidlang.Read("x", buf.Bytes(), f)
				if !assert.NotNil(t, back, "%s: %v", name, list.Err()) {
					continue
				}
				if f == bidlang.FormatCATS {
					jcSameMarket(t, in, back, int(seed))
					continue
				}
				assert.Equal(t, in, back, name)
				var again bytes.Buffer
				require.NoError(t, bidlang.Write(&again, back, f), name)
				assert.Equal(t, buf.String(), again.String(), "%s: writing is idempotent", name)
			}
		}
	}
}
