package ltv

import (
	"cmp"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
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
// parameters in about 90% of the stores drawn from them, because it has
// the width of the estimates' actual spread from store to store.
//
// One genorders export of 300,000 customers (BG/NBD with CDNOW's
// parameters, first purchases over 2021-2024) is cut into 150 stores of
// 2,000 by customer number modulo 150 (genorders stratifies first
// purchases by number, so each store spans the window): five sets of 30.
// Each store is fitted (exact times, as in TestRecoveryGenorders); the
// interval of the expected purchases in 52 weeks of a customer with x = 2,
// t_x = 20, T = 40 weeks must contain their value at the true parameters
// in 80-97% of the 150 stores, and the z-scores of the estimates (log
// estimate less log truth, over the interval's standard deviation, its
// log half-width over 1.645) must have a standard deviation within 0.75
// and 1.33: a sd near 1 is what makes the coverage right.
//
// Why 150 and not 30: the number of 30 stores covered is binomial, and
// even for an exact 90% interval it falls outside 24-29 (80-97%) in 7% of
// the exports (below 24: 2.6%; all 30: 4.2%); over genorders seeds 1-12
// the 30-store counts ranged from 23 to 29 while the 360 stores together
// were covered in 91.7%, with z-scores of mean +0.03 and sd 0.95. Over 150
// stores the coverage of an exact interval has a standard deviation of
// 2.4 points: over genorders seeds 1-8 and 13 it was 86.7-94.7%, the
// z-scores' sd 0.90-1.11 (seed 13, kept from the 30-store test, is not
// chosen). The check must also fail on a wrong interval: the same
// stores with the covariance scaled by 1/4 (intervals half as wide) must
// fall out of both bounds, and so with the covariance scaled by 4.
func TestIntervalsCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("150 fits of 2,000 customers: not in -short mode")
	}
	if _, err := os.Stat(genordersDir); err != nil {
		t.Skip("genorders not present (../shared is not part of the repository)")
	}
	const stores, per = 150, 2000
	out := filepath.Join(t.TempDir(), "orders.csv")
	cmd := exec.Command("go", "run", ".", "-customers", "300000", "-seed", "13", "-out", out)
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
	z90 := normalQuantile(0.95)
	// coverage returns the share of stores whose interval, from the fit's
	// covariance times scale, covers the truth, and the sd of the z-scores.
	fits := make([]*Fit, stores)
	groups := make([]*Grouped, stores)
	for k, cs := range split {
		require.Len(t, cs, per)
		fits[k], err = Estimate(BGNBD, cs)
		require.NoError(t, err)
		groups[k], err = Group(append(cs, profile))
		require.NoError(t, err)
	}
	coverage := func(scale float64) (float64, float64) {
		covered, set := 0, 0
		zs := make([]float64, stores)
		for k, fit := range fits {
			f := *fit
			f.Cov = append([]float64(nil), fit.Cov...)
			for i := range f.Cov {
				f.Cov[i] *= scale
			}
			ivs := intervalsOf(t, groups[k], &f, nil, p, Uncertainty{Level: 0.9, Seed: uint64(k)})
			iv := ivs[len(ivs)-1]
			if iv.PurchasesLow <= truth && truth <= iv.PurchasesHigh {
				covered++
				set++
			}
			sd := (math.Log(iv.PurchasesHigh) - math.Log(iv.PurchasesLow)) / (2 * z90)
			zs[k] = (math.Log(fit.Expected(profile, 52)) - math.Log(truth)) / sd
			if scale == 1 && k%30 == 29 {
				t.Logf("stores %3d-%3d: covered in %d of 30", k-29, k, set)
				set = 0
			}
		}
		_, v := meanVar(zs)
		return float64(covered) / stores, math.Sqrt(v)
	}
	ok := func(share, sd float64) bool { return share >= 0.80 && share <= 0.97 && sd >= 0.75 && sd <= 1.33 }
	share, sd := coverage(1)
	t.Logf("covariance as fitted: covered in %.1f%% of %d stores, z-scores' sd %.3f", 100*share, stores, sd)
	assert.True(t, ok(share, sd), "coverage %.1f%% (want 80-97%%), z sd %.3f (want 0.75-1.33)", 100*share, sd)
	for _, scale := range []float64{0.25, 4} {
		share, sd := coverage(scale)
		t.Logf("covariance x %g: covered in %.1f%%, z-scores' sd %.3f", scale, 100*share, sd)
		assert.False(t, share >= 0.80 && share <= 0.97, "covariance x %g: the coverage check must fail", scale)
		assert.False(t, sd >= 0.75 && sd <= 1.33, "covariance x %g: the z-score check must fail", scale)
	}
}

// BenchmarkIntervals: 90% intervals (the simplex rule) of 1,000,000 customers
// (about 450,000 distinct x, t_x, T) against the fit they come from
// (grouping and BG/NBD with its diagnostics). Compare cpu-s/op: on
// 2026-12-06, six interleaved runs on a loaded machine, intervals 291 ms
// against the fit's 468 ms (455 ms before the per-pair logs and the
// BG/NBD's log P(alive) by tables). Later, best of five interleaved runs
// of 5: 318 ms before, 315 with the cells computed in their order from a
// table of the pairs' terms, 273 with the draws' log P(alive) in one call
// (logAliveDraws).
func BenchmarkIntervals(b *testing.B) {
	cs := million()
	g, err := Group(cs)
	require.NoError(b, err)
	f, err := g.Estimate(BGNBD, Options{})
	require.NoError(b, err)
	sp := &SpendFit{Params: []float64{6.25, 3.74, 15.44}, Cov: []float64{0.01, 0, 0, 0, 0.01, 0, 0, 0, 0.01}}
	p := Projection{Horizon: 52, Margin: 1, UnitsPerYear: UnitsPerYear(Week)}
	// CPU seconds as well as wall time: the machine is shared.
	cpu := cpuSeconds
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

// TestLogAlive: the log of P(alive) that the intervals' draws use
// (tables of ln(α + t_x) by day, -softplus) is that of pAlive, within
// 1e-12, for every CDNOW customer, in weeks and in days (whole days: the
// tables), and at times that are not whole days (no table), for BG/NBD
// and MBG/NBD at their CDNOW fits.
func TestLogAlive(t *testing.T) {
	cs := cdnowSummaries(t)
	for _, m := range []Model{BGNBD, MBGNBD} {
		f, err := Estimate(m, cs)
		require.NoError(t, err)
		for _, scale := range []float64{1, 7, 1.0 / 3} { // weeks, days, neither
			bg := newBG([]float64{f.Params[0], f.Params[1] / scale, f.Params[2], f.Params[3]}, map[Model]float64{BGNBD: 0, MBGNBD: 1}[m])
			la := bg.logAliveFunc(int(7*39*scale*7) + 1)
			for i, s := range cs {
				s.Tx, s.T = s.Tx*scale, s.T*scale
				want := math.Log(bg.pAlive(s))
				require.InDelta(t, want, la(s), 1e-12, "%v scale %v customer %d %+v", m, scale, i, s)
			}
		}
	}
}

// TestLogAliveDraws: the draws' log P(alive) side by side (one table of
// ln(α + t) by day and draw) are each draw's own, within 1e-12 of the log
// of its pAlive, for every CDNOW customer in the order of the cells (x,
// t_x, T) and in the order of the input, with draws whose α differ (so
// that a draw reading another's column of the table fails), for BG/NBD
// and MBG/NBD, in weeks and in days.
func TestLogAliveDraws(t *testing.T) {
	cs := cdnowSummaries(t)
	sorted := slices.Clone(cs)
	slices.SortFunc(sorted, func(a, b Summary) int {
		return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Tx, b.Tx), cmp.Compare(a.T, b.T))
	})
	for _, shift := range []float64{0, 1} {
		for _, scale := range []float64{1, 7} { // weeks, days
			var ms []bgFamily
			for _, k := range []float64{0.5, 1, 3} {
				ms = append(ms, newBG([]float64{0.24 * k, 4.4 * k / scale, 0.8 / k, 2.4 * k}, shift))
			}
			for _, order := range [][]Summary{sorted, cs} {
				la := logAliveDraws(ms, int(7*39*scale*7)+1)
				out := make([]float64, len(ms))
				for i, s := range order {
					s.Tx, s.T = s.Tx*scale, s.T*scale
					la(s, out)
					for d, m := range ms {
						require.InDelta(t, math.Log(m.pAlive(s)), out[d], 1e-12, "shift %v scale %v draw %d customer %d %+v", shift, scale, d, i, s)
					}
				}
			}
		}
	}
}

// TestProjectIntervalsEach: the one pass gives, for every CDNOW customer,
// each model, discounted or not, with and without a spend model, exactly
// (bit for bit) the projection of ProjectEach and the interval of
// IntervalsEach; a fit without a covariance is IntervalsEach's error, with
// fn never called.
func TestProjectIntervalsEach(t *testing.T) {
	cs := cdnowSummaries(t)
	g, err := Group(cs)
	require.NoError(t, err)
	sp, err := g.EstimateSpend(Options{})
	require.NoError(t, err)
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for _, m := range models {
		f, err := g.Estimate(m, Options{})
		require.NoError(t, err)
		for _, d := range []float64{0, 0.1} {
			for _, spend := range []*SpendFit{sp, nil} {
				p := Projection{Horizon: 39, Margin: 0.3, Discount: d, UnitsPerYear: UnitsPerYear(Week)}
				u := Uncertainty{Level: 0.8, Seed: 7}
				vs := g.Project(f, spend, p)
				ivs := intervalsOf(t, g, f, spend, p, u)
				calls := 0
				var mu sync.Mutex
				require.NoError(t, g.ProjectIntervalsEach(f, spend, p, u, func(i int, v Value, iv Interval) {
					mu.Lock()
					calls++
					mu.Unlock()
					w, wi := vs[i], ivs[i]
					if !same(v.PAlive, w.PAlive) || !same(v.Purchases, w.Purchases) || !same(v.OrderValue, w.OrderValue) || !same(v.CLV, w.CLV) ||
						!same(iv.PurchasesLow, wi.PurchasesLow) || !same(iv.PurchasesHigh, wi.PurchasesHigh) ||
						!same(iv.CLVLow, wi.CLVLow) || !same(iv.CLVHigh, wi.CLVHigh) {
						t.Errorf("%v discount %v spend %v customer %d: %+v %+v, want %+v %+v", m, d, spend != nil, i, v, iv, w, wi)
					}
				}))
				assert.Equal(t, len(cs), calls)
			}
		}
	}
	f, err := g.Estimate(BGNBD, Options{})
	require.NoError(t, err)
	flat := *f
	flat.Cov = nil
	err = g.ProjectIntervalsEach(&flat, sp, Projection{Horizon: 52, Margin: 1, UnitsPerYear: UnitsPerYear(Week)}, Uncertainty{Level: 0.9},
		func(int, Value, Interval) { t.Fatal("fn called after an error") })
	assert.ErrorIs(t, err, ErrNoCovariance)
}
