package ltv

import (
	"math"
	"testing"
)

// TestSimulateRepeats: the mean of the simulated repeat purchases in the
// first 39 weeks equals the model's closed-form E[X(39)] (ExpectedNew)
// within four standard errors, for each model at CDNOW-like parameters
// (BG/NBD: Fader, Hardie and Lee 2005, table 1; Pareto/NBD: their paper's
// comparison; MBG/NBD at the BG/NBD's), and the same seed gives the same
// counts.
func TestSimulateRepeats(t *testing.T) {
	const n, age = 40000, 39.0
	ages := make([]float64, n)
	for i := range ages {
		ages[i] = age
	}
	for _, f := range []*Fit{
		{Model: BGNBD, Params: []float64{0.243, 4.414, 0.793, 2.426}},
		{Model: MBGNBD, Params: []float64{0.243, 4.414, 0.793, 2.426}},
		{Model: ParetoNBD, Params: []float64{0.553, 10.578, 0.606, 11.669}},
	} {
		xs := f.SimulateRepeats(ages, 7)
		var sum, sq float64
		for _, x := range xs {
			sum += float64(x)
			sq += float64(x) * float64(x)
		}
		mean := sum / n
		se := math.Sqrt((sq/n - mean*mean) / n)
		want := f.ExpectedNew(age)
		if math.Abs(mean-want) > 4*se {
			t.Errorf("%s: simulated mean %.4f, E[X(39)] %.4f (se %.4f)", f.Model, mean, want, se)
		}
		again := f.SimulateRepeats(ages[:100], 7)
		for i := range again {
			if again[i] != xs[i] {
				t.Fatalf("%s: the same seed gave other counts", f.Model)
			}
		}
	}
}
