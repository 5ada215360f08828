package engines

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/sparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNativeIsSparse(t *testing.T) {
	e, ok := Find(Native)
	require.True(t, ok)
	m := e.New()
	defer m.Close()
	assert.IsType(t, &sparse.Model{}, m, "the native engine is the sparse dual simplex, not the dense reference")
}

func TestFind(t *testing.T) {
	all := Builtin()
	require.NotEmpty(t, all)
	assert.Equal(t, Native, all[len(all)-1].Name, "native is always built in, last")
	def, ok := Find("")
	require.True(t, ok)
	assert.Equal(t, all[0].Name, def.Name, `"" is the default, the first`)
	_, ok = Find("gurobi")
	assert.False(t, ok)
	if _, ok := clpEngine(); ok {
		assert.Equal(t, Clp, def.Name, "Clp is the default when built in")
	}
}
