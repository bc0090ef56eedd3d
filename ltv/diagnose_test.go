package ltv

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var models = []Model{BGNBD, ParetoNBD, MBGNBD}

// TestDiagnosticsCDNOW: the papers' fits raise no issue, and their
// dropout is clear (likelihood ratio against no dropout in the hundreds).
func TestDiagnosticsCDNOW(t *testing.T) {
	g, err := Group(cdnowSummaries(t))
	require.NoError(t, err)
	for _, m := range models {
		f, err := g.Estimate(m, Options{})
		require.NoError(t, err)
		d := f.Diagnostics
		assert.Empty(t, d.Issues, "%v: %+v", m, d)
		assert.InDelta(t, 0.5986, d.OneTime, 1e-4, "%v: 1,411 of 2,357 customers bought once", m)
		assert.Greater(t, d.DropoutLR, 100.0, "%v", m)
		assert.Less(t, d.Condition, 1e4, "%v", m)
	}
	s, err := g.EstimateSpend(Options{})
	require.NoError(t, err)
	assert.Empty(t, s.Diagnostics.Issues, "%+v", s.Diagnostics)
}

// TestDiagnosticsUCI: on UCI Online Retail no model can tell when
// customers leave (the likelihood ratio against no dropout is below 1):
// the BG/NBD and MBG/NBD put a at the boundary with standard errors above
// a and b; the Pareto/NBD runs s -> 0, beta -> infinity, where the
// likelihood is flat and, within 1e-6, that of no dropout, its supremum.
// A fit cut short by the iteration limit says so.
func TestDiagnosticsUCI(t *testing.T) {
	g, err := Group(uciSummaries(t))
	require.NoError(t, err)
	for _, m := range models {
		f, err := g.Estimate(m, Options{})
		require.NoError(t, err)
		d := f.Diagnostics
		assert.True(t, d.Has(NoDropout), "%v: %+v", m, d)
		assert.Less(t, d.DropoutLR, 1.0, "%v", m)
		assert.True(t, d.Has(AtBoundary), "%v: %+v", m, d)
		assert.False(t, d.Has(NotConverged), "%v: %+v", m, d)
		assert.False(t, d.Has(FewRepeaters), "%v: %+v", m, d)
		if m == ParetoNBD {
			assert.Equal(t, []string{"s", "beta"}, d.Boundary)
			assert.True(t, d.Has(FlatLikelihood), "%+v", d)
			assert.InDelta(t, d.NoDropout, f.LogLikelihood, 1e-6)
		} else {
			assert.Equal(t, []string{"a"}, d.Boundary, "%v", m)
			assert.Equal(t, []string{"a", "b"}, d.Loose, "%v", m)
		}
		f, err = g.Estimate(m, Options{MaxIterations: 5})
		require.NoError(t, err)
		assert.True(t, f.Diagnostics.Has(NotConverged), "%v: %+v", m, f.Diagnostics)
		assert.Equal(t, StopIterations, f.Diagnostics.Stop)
	}
}

// TestDiagnosticsDegenerate: stores built to be degenerate fire their
// warnings. Without dropout (BG/NBD draws with a = 1e-9, p ~ 0): every
// model says so, with its dropout parameters at the boundary. Everyone
// buying once but one customer: few repeaters, and no dropout to learn
// from either.
func TestDiagnosticsDegenerate(t *testing.T) {
	noDrop := simulateBG(3000, 0.5, 10, 1e-9, 1, 52, 1)
	var once []Summary
	for i := range 1000 {
		once = append(once, Summary{T: float64(1 + i%52)})
	}
	once = append(once, Summary{X: 2, Tx: 10, T: 30})
	for _, m := range models {
		f, err := Estimate(m, noDrop)
		require.NoError(t, err)
		d := f.Diagnostics
		assert.True(t, d.Has(NoDropout), "no dropout, %v: %+v", m, d)
		assert.True(t, d.Has(AtBoundary), "no dropout, %v: %+v", m, d)
		assert.False(t, d.Has(FewRepeaters), "no dropout, %v: %+v", m, d)
		assert.Contains(t, d.Boundary, m.ParamNames()[2], "no dropout, %v", m)

		f, err = Estimate(m, once)
		require.NoError(t, err)
		d = f.Diagnostics
		assert.True(t, d.Has(FewRepeaters), "once, %v: %+v", m, d)
		assert.InDelta(t, 1000.0/1001, d.OneTime, 1e-12)
		assert.True(t, d.Has(NoDropout), "once, %v: %+v", m, d)
		assert.True(t, d.Has(AtBoundary), "once, %v: %+v", m, d)
	}
}

// cpuSeconds is the CPU time (user and system) of the process so far: a
// benchmark's cost on a machine shared with other work, where wall time
// says little.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkDiagnostics: what the diagnostics add to a BG/NBD fit of
// 1,000,000 simulated customers (about 450,000 cells), against the
// maximisation itself: the observed information (k gradients by forward
// differences from the optimum) and the no-dropout NBD fit. Compare
// cpu-s/op. On 2026-12-06 (six counts, loaded machine): maximise 212 ms,
// information 36 ms (64 ms when it evaluated the gradient at the optimum
// again), no-dropout 2 ms (27 ms when it summed over (x, T) pairs found
// through a map).
func BenchmarkDiagnostics(b *testing.B) {
	cs := million()
	g, err := Group(cs)
	require.NoError(b, err)
	c := groupSorted(cs, g.sort(), g.sorted)
	ev := newBGEval(c, 0)
	res, err := maximize(ev.logLik, start(BGNBD, c), c.customers, 0)
	require.NoError(b, err)
	run := func(name string, f func()) {
		b.Run(name, func(b *testing.B) {
			c0 := cpuSeconds()
			defer func() { b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op") }()
			for b.Loop() {
				f()
			}
		})
	}
	run("maximize", func() { _, _ = maximize(ev.logLik, start(BGNBD, c), c.customers, 0) })
	run("information", func() { information(ev.logLik, res) })
	run("no-dropout", func() { noDropout(c) })
}
