package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLTVMaxIterations: a fit stopped by --max-iterations still prints,
// marked as not converged, with a warning on stderr that names why it
// stopped; without the limit the same fit converges and warns of nothing.
func TestLTVMaxIterations(t *testing.T) {
	for _, model := range []string{"bgnbd", "pareto-nbd"} {
		code, out, errs := runCmd(t, "", "ltv", "--fit", "--model", model, "--max-iterations", "2", "--format", "csv", ordersCSV)
		require.Equal(t, 0, code, errs)
		assert.Contains(t, out, "model,converged,false\n")
		assert.Contains(t, errs, "lifecycle: warning: "+model+" did not converge (iteration limit reached after 2 iterations): the parameters may be off\n")
		assert.Contains(t, errs, "lifecycle: warning: gamma-gamma did not converge (iteration limit reached after 2 iterations)")
		code, out, errs = runCmd(t, "", "ltv", "--fit", "--model", model, "--format", "csv", ordersCSV)
		require.Equal(t, 0, code, errs)
		assert.Contains(t, out, "model,converged,true\n")
		assert.NotContains(t, errs, "did not converge")
	}
}
