package main

import (
	"encoding/json"
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
		assert.Contains(t, errs, "lifecycle: warning: "+model+" did not converge (iteration limit reached after 2 iterations): the parameters may be off; try a higher --max-iterations or another --model\n")
		assert.NotContains(t, errs, "cannot tell when customers leave", "a fit cut short is not judged on its dropout")
		assert.Contains(t, errs, "lifecycle: warning: gamma-gamma did not converge (iteration limit reached after 2 iterations)")
		code, out, errs = runCmd(t, "", "ltv", "--fit", "--model", model, "--format", "csv", ordersCSV)
		require.Equal(t, 0, code, errs)
		assert.Contains(t, out, "model,converged,true\n")
		assert.NotContains(t, errs, "did not converge")
	}
}

// TestLTVDiagnosticsUCI: on UCI Online Retail, whose dropout no model can
// identify, --fit --format json carries the warnings as fields and stderr
// words them: the BG/NBD's a at the boundary with loose a and b, the
// Pareto/NBD's s and beta at the boundary on a flat likelihood, and for
// both, no dropout to learn from.
func TestLTVDiagnosticsUCI(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	cases := []struct {
		model string
		warn  []string
	}{
		{"bgnbd", []string{"at_boundary", "loose_estimate", "no_dropout"}},
		{"pareto-nbd", []string{"at_boundary", "flat_likelihood", "no_dropout"}},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, string(in), "ltv", "--fit", "--model", c.model, "--format", "json", "-")
		require.Equal(t, 0, code, errs)
		var fit struct {
			Fit struct {
				Diagnostics struct {
					Stop      string            `json:"stop"`
					DropoutLR float64           `json:"dropout_lr"`
					Warnings  map[string]string `json:"warnings"`
				} `json:"diagnostics"`
			} `json:"fit"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &fit))
		d := fit.Fit.Diagnostics
		assert.Equal(t, "gradient", d.Stop, c.model)
		assert.Less(t, d.DropoutLR, 1.0, c.model)
		var got []string
		for k, w := range d.Warnings {
			got = append(got, k)
			assert.Contains(t, errs, "lifecycle: warning: "+w+"\n", c.model)
		}
		assert.ElementsMatch(t, c.warn, got, c.model)
		assert.Contains(t, errs, "lifecycle: warning: "+c.model+": the data cannot tell when customers leave")
	}
}
