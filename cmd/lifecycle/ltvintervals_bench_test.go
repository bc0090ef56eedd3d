package main

import (
	"io"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"lifecycle/ltv"
	"lifecycle/money"
)

// benchLTVColumns returns n customers drawn from a BG/NBD store with the
// parameters fitted to the 10M-order benchmark file (r 0.24, alpha 4.6
// weeks, a 0.79, b 2.4), first purchases spread over four years, times in
// whole days as Summarize makes them, and the mean spend of repeat buyers
// drawn around 60: about as many distinct (x, t_x, T) per customer as that
// file has.
func benchLTVColumns(n int) *ltv.Columns {
	rng := rand.New(rand.NewPCG(21, 1))
	// gamma draws a Gamma(shape, 1) number (Marsaglia and Tsang; a shape
	// below 1 boosted by U^(1/shape)).
	var gamma func(shape float64) float64
	gamma = func(shape float64) float64 {
		if shape < 1 {
			return gamma(shape+1) * math.Pow(rng.Float64(), 1/shape)
		}
		d := shape - 1.0/3
		c := 1 / math.Sqrt(9*d)
		for {
			z := rng.NormFloat64()
			v := 1 + c*z
			if v <= 0 {
				continue
			}
			v = v * v * v
			if u := rng.Float64(); math.Log(u) < z*z/2+d-d*v+d*math.Log(v) {
				return d * v
			}
		}
	}
	cs := &ltv.Columns{IDs: make([]string, n), Summaries: make([]ltv.Summary, n), Orders: make([]int, n),
		Gross: make([]money.Amount, n), Net: make([]money.Amount, n)}
	for i := range n {
		lambda := gamma(0.24) / 4.6 // purchases a week
		ga, gb := gamma(0.79), gamma(2.4)
		p := ga / (ga + gb) // dropout after each purchase
		T := float64(1+rng.IntN(1460)) / 7
		s := ltv.Summary{T: T}
		for t := 0.0; ; {
			t += rng.ExpFloat64() / lambda
			if t > T {
				break
			}
			s.X++
			s.Tx = math.Floor(t*7) / 7
			if rng.Float64() < p {
				break
			}
		}
		if s.X > 0 {
			s.Spend = 20 + 80*rng.ExpFloat64()
		}
		cs.IDs[i] = "C" + strconv.Itoa(10_000_000+i)
		cs.Summaries[i], cs.Orders[i] = s, s.X+1
		cs.Net[i] = money.Amount(100 * (30 + 40*float64(s.X)))
		cs.Gross[i] = cs.Net[i]
	}
	return cs
}

var (
	benchLTVOnce sync.Once
	benchLTV     *ltv.Columns
)

// BenchmarkLTVIntervals is what --intervals adds to the ltv command
// against what its fit costs, on 1,000,000 customers drawn like those of
// the 10M-order file, along the command's own path: "fit" groups and fits
// the models with their diagnostics (fitOrLoad), "project" fills the view
// without intervals, "intervals" fills it with them (projectIntervals,
// one pass). What --intervals costs is intervals less project, in
// cpu-s/op (the machine is shared: compare CPU seconds, not wall time);
// "apart" is the two passes the command made before (ProjectEach, then
// IntervalsEach). On 2026-12-06, a loaded machine, two runs of 3: fit
// 0.61, project 0.72, apart 1.26, intervals 1.19: --intervals adds 0.47
// (0.54 in two passes) against the fit's 0.61. Later that day, main
// against the cells computed in their order (c21), two runs of 3 each:
// before fit 0.71/0.79, project 0.78/0.80, intervals 1.36/1.32 (adds
// 0.55); after fit 0.73/0.71, project 0.84/0.72, intervals 1.32/1.33
// (adds 0.54). The compute of the intervals is no longer the larger part:
// the memory they add (a 56-byte cell table and the view's 32-byte bounds
// per customer, 57 MB here) is fresh, and a fresh page costs about 15 us
// on this machine (0.3 cpu-s per 80 MB, against 0.004 to write it again).
func BenchmarkLTVIntervals(b *testing.B) {
	benchLTVOnce.Do(func() { benchLTV = benchLTVColumns(1_000_000) })
	cs := benchLTV
	st, err := ltvSettingsOf(&ltvOptions{model: "bgnbd", timeUnit: "week", horizon: "52w", margin: "1", discount: "0", maxIter: 2000, intervals: "90%"})
	require.NoError(b, err)
	quiet := diag{w: io.Discard, quiet: true}
	g, err := ltv.Group(cs.Summaries)
	require.NoError(b, err)
	fit, spend, err := fitOrLoad(g, st, quiet)
	require.NoError(b, err)
	cpu := func() float64 {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	run := func(name string, f func()) {
		b.Run(name, func(b *testing.B) {
			total := 0.0
			for b.Loop() {
				// The memory of the last run handed back to the system,
				// so that this one's is fresh, as in a run of the command
				// (each page's first touch is a fault).
				b.StopTimer()
				debug.FreeOSMemory()
				b.StartTimer()
				c0 := cpu()
				f()
				total += cpu() - c0
			}
			b.ReportMetric(total/float64(b.N), "cpu-s/op")
		})
	}
	run("fit", func() {
		g, err := ltv.Group(cs.Summaries)
		if err == nil {
			_, _, err = fitOrLoad(g, st, quiet)
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	run("project", func() {
		g, _ := ltv.Group(cs.Summaries) // the projection's cells made anew, as in a run
		view := newLTVView(cs)
		g.ProjectEach(fit, spend, st.proj, func(i int, v ltv.Value) { view.set(i, cs, &v) })
	})
	run("apart", func() {
		g, _ := ltv.Group(cs.Summaries)
		view := newLTVView(cs)
		g.ProjectEach(fit, spend, st.proj, func(i int, v ltv.Value) { view.set(i, cs, &v) })
		view.bounds = make([]ltvBounds, len(view.keys))
		_ = g.IntervalsEach(fit, spend, st.proj, ltv.Uncertainty{Level: st.level, Seed: 1}, view.setBounds)
	})
	run("intervals", func() {
		g, _ := ltv.Group(cs.Summaries)
		view := newLTVView(cs)
		projectIntervals(view, cs, g, fit, spend, st, 1, quiet)
	})
}
