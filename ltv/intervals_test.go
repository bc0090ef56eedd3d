package ltv

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/orders"
)

// intervalsOf returns every customer's interval.
func intervalsOf(t testing.TB, g *Grouped, f *Fit, sp *SpendFit, p Projection, u Uncertainty) []Interval {
	out := make([]Interval, len(g.cs))
	require.NoError(t, g.IntervalsEach(f, sp, p, u, func(i int, iv Interval) { out[i] = iv }))
	return out
}

// TestIntervalsBracket: on CDNOW, for each model, discounted or not,
// every customer's bounds of expected purchases and CLV contain the point
// estimate of Project, and most are a real interval; the same seed gives
// the same bounds, another seed others; 400 random draws give bounds
// about as wide as the simplex rule's.
func TestIntervalsBracket(t *testing.T) {
	cs := cdnowSummaries(t)
	g, err := Group(cs)
	require.NoError(t, err)
	sp, err := g.EstimateSpend(Options{})
	require.NoError(t, err)
	for _, m := range models {
		f, err := g.Estimate(m, Options{})
		require.NoError(t, err)
		for _, d := range []float64{0, 0.1} {
			p := Projection{Horizon: 52, Margin: 0.3, Discount: d, UnitsPerYear: UnitsPerYear(Week)}
			point := Project(f, sp, cs, p)
			u := Uncertainty{Level: 0.9, Seed: 7}
			ivs := intervalsOf(t, g, f, sp, p, u)
			open := 0
			for i, iv := range ivs {
				v := point[i]
				require.True(t, iv.PurchasesLow <= v.Purchases && v.Purchases <= iv.PurchasesHigh, "%v customer %d: %v not in [%v, %v]", m, i, v.Purchases, iv.PurchasesLow, iv.PurchasesHigh)
				require.True(t, iv.CLVLow <= v.CLV && v.CLV <= iv.CLVHigh, "%v customer %d: CLV %v not in [%v, %v]", m, i, v.CLV, iv.CLVLow, iv.CLVHigh)
				if iv.PurchasesLow < v.Purchases && v.Purchases < iv.PurchasesHigh {
					open++
				}
			}
			assert.Greater(t, open, len(cs)*9/10, "%v: most intervals have the estimate strictly inside", m)
			again := intervalsOf(t, g, f, sp, p, u)
			assert.Equal(t, ivs, again, "%v: same seed, same bounds", m)
			u.Seed = 8
			other := intervalsOf(t, g, f, sp, p, u)
			assert.NotEqual(t, ivs[0], other[0], "%v: another seed, other bounds", m)
			// Random draws instead of the simplex: brackets too, and
			// about as wide (within a third for most customers).
			drawn := intervalsOf(t, g, f, sp, p, Uncertainty{Level: 0.9, Seed: 7, Draws: 400})
			close := 0
			for i, iv := range drawn {
				v := point[i]
				require.True(t, iv.PurchasesLow <= v.Purchases && v.Purchases <= iv.PurchasesHigh, "%v drawn, customer %d", m, i)
				w, w0 := iv.PurchasesHigh-iv.PurchasesLow, ivs[i].PurchasesHigh-ivs[i].PurchasesLow
				if math.Abs(w-w0) <= w0/3 {
					close++
				}
			}
			assert.Greater(t, close, len(cs)*9/10, "%v: 400 draws against the simplex", m)
		}
	}
}

// TestIntervalsNoCovariance: a fit whose likelihood is flat (the
// Pareto/NBD on UCI) has no covariance: its intervals are an error; a
// spend model without one leaves the CLV bounds NaN.
func TestIntervalsNoCovariance(t *testing.T) {
	cs := cdnowSummaries(t)
	g, err := Group(cs)
	require.NoError(t, err)
	f, err := g.Estimate(BGNBD, Options{NoStdErrors: true})
	require.NoError(t, err)
	p := Projection{Horizon: 52, Margin: 1, UnitsPerYear: UnitsPerYear(Week)}
	err = g.IntervalsEach(f, nil, p, Uncertainty{Level: 0.9}, func(int, Interval) {})
	require.True(t, errors.Is(err, ErrNoCovariance), "%v", err)
	f, err = g.Estimate(BGNBD, Options{})
	require.NoError(t, err)
	sp, err := g.EstimateSpend(Options{NoStdErrors: true})
	require.NoError(t, err)
	ivs := intervalsOf(t, g, f, sp, p, Uncertainty{Level: 0.9})
	assert.True(t, math.IsNaN(ivs[0].CLVLow))
	assert.False(t, ivs[0].PurchasesLow > ivs[0].PurchasesHigh)
}

// TestIntervalsCoverage: the 90% interval covers the value at the true
// parameters in about 90% of the stores drawn from them. One genorders
// export of 60,000 customers (BG/NBD with CDNOW's parameters, first
// purchases over 2021-2024) is cut into 30 stores of 2,000 by customer
// number modulo 30 (genorders stratifies first purchases by number, so
// each store spans the window); each store is fitted (exact times, as in
// TestRecoveryGenorders) and the interval of the expected purchases in 52
// weeks of a customer with x = 2, t_x = 20, T = 40 weeks must contain
// their value at the true parameters in 24 to 29 stores (80-97%). Over
// genorders seeds 11 to 15 it does in 29, 23, 25, 27 and 24 stores (85%;
// 400 random draws instead of the simplex: 23 and 26 for seeds 12 and
// 14): the asymptotic normal of 2,000 customers' estimates is a little
// narrow. Seed 13 is the middle one.
func TestIntervalsCoverage(t *testing.T) {
	if _, err := os.Stat(genordersDir); err != nil {
		t.Skip("genorders not present (../shared is not part of the repository)")
	}
	const stores, per = 30, 2000
	out := filepath.Join(t.TempDir(), "orders.csv")
	cmd := exec.Command("go", "run", ".", "-customers", "60000", "-seed", "13", "-out", out)
	cmd.Dir = genordersDir
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	asOf, err := dates.ParseDay("2024-12-31")
	require.NoError(t, err)
	h, err := orders.Read([]orders.Input{{Name: "orders.csv", R: f}}, orders.Options{AsOf: asOf, HasAsOf: true, MaxBad: 0.01})
	require.NoError(t, err)
	require.Len(t, h.Customers, stores*per)
	end := float64(int64(asOf)+1) * 86400
	split := make([][]Summary, stores)
	for _, c := range h.Customers {
		var n int
		for _, r := range c.ID[1:] { // C00000001
			n = n*10 + int(r-'0')
		}
		p := c.Purchases
		t0 := float64(p[0].Day) * 86400
		s := Summary{X: len(p) - 1, Tx: (float64(p[len(p)-1].Day)*86400 - t0) / 604800, T: (end - t0) / 604800}
		split[n%stores] = append(split[n%stores], s)
	}
	profile := Summary{X: 2, Tx: 20, T: 40}
	truth := (&Fit{Model: BGNBD, Params: []float64{0.24, 4.41, 0.79, 2.43}}).Expected(profile, 52)
	p := Projection{Horizon: 52, Margin: 1, UnitsPerYear: UnitsPerYear(Week)}
	covered := 0
	for k, cs := range split {
		require.Len(t, cs, per)
		fit, err := Estimate(BGNBD, cs)
		require.NoError(t, err)
		g, err := Group(append(cs, profile))
		require.NoError(t, err)
		ivs := intervalsOf(t, g, fit, nil, p, Uncertainty{Level: 0.9, Seed: uint64(k)})
		iv := ivs[len(ivs)-1]
		if iv.PurchasesLow <= truth && truth <= iv.PurchasesHigh {
			covered++
		}
		t.Logf("store %2d: estimate %.4f, 90%% [%.4f, %.4f], truth %.4f", k, fit.Expected(profile, 52), iv.PurchasesLow, iv.PurchasesHigh, truth)
	}
	t.Logf("covered in %d of %d stores", covered, stores)
	assert.GreaterOrEqual(t, covered, 24)
	assert.LessOrEqual(t, covered, 29)
}

// BenchmarkIntervals: 90% intervals (the simplex rule) of 1,000,000 customers
// (about 450,000 distinct x, t_x, T) against the fit they come from.
func BenchmarkIntervals(b *testing.B) {
	cs := million()
	g, err := Group(cs)
	require.NoError(b, err)
	f, err := g.Estimate(BGNBD, Options{})
	require.NoError(b, err)
	sp := &SpendFit{Params: []float64{6.25, 3.74, 15.44}, Cov: []float64{0.01, 0, 0, 0, 0.01, 0, 0, 0, 0.01}}
	p := Projection{Horizon: 52, Margin: 1, UnitsPerYear: UnitsPerYear(Week)}
	// CPU seconds as well as wall time: the machine is shared.
	cpu := func() float64 {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	b.Run("fit", func(b *testing.B) {
		c0 := cpu()
		defer func() { b.ReportMetric((cpu()-c0)/float64(b.N), "cpu-s/op") }()
		for b.Loop() {
			g, _ := Group(cs)
			if _, err := g.Estimate(BGNBD, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("intervals", func(b *testing.B) {
		c0 := cpu()
		defer func() { b.ReportMetric((cpu()-c0)/float64(b.N), "cpu-s/op") }()
		for b.Loop() {
			if err := g.IntervalsEach(f, sp, p, Uncertainty{Level: 0.9, Seed: 1}, func(int, Interval) {}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
