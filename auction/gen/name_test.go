package gen

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInstanceNameRecordsFlags: the name of a generated instance is the
// command that makes it again, with the flags that are not defaults.
func TestInstanceNameRecordsFlags(t *testing.T) {
	in, err := Generate("L2", Config{Goods: 30, Bids: 50, Seed: 3, Decimals: 2, KeepDominated: true})
	require.NoError(t, err)
	require.Equal(t, "gavel gen --dist L2 --goods 30 --bids 50 --seed 3 --decimals 2 --keep-dominated", in.Name)
	in, err = Generate("regions", Config{Goods: 30, Bids: 50, Seed: 3})
	require.NoError(t, err)
	require.Equal(t, "gavel gen --dist regions --goods 30 --bids 50 --seed 3", in.Name)
}
