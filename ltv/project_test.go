package ltv

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProjectExact: the projection, which shares its work among the
// customers of a cell and among the cells of an (x, T), gives each
// customer what the model's formulas give for that customer alone, bit
// for bit; for every model, with and without discounting, for summaries
// on the grid of whole days, off it (times found through a map) and with
// an x too large for the sort's words (cells found through maps).
func TestProjectExact(t *testing.T) {
	grid := simulateBG(20000, 0.3, 5, 0.8, 2.5, 60, 21)
	for i := range grid {
		s := &grid[i]
		s.T = math.Round(s.T*7) / 7
		s.Tx = math.Min(math.Round(s.Tx*7)/7, s.T)
		if s.X == 0 {
			s.Tx = 0
		} else {
			s.Spend = 5 + float64(i%89)
		}
	}
	off := slices.Clone(grid)
	for i := range off {
		off[i].T += 1.0 / 3 // a third of a day: off the grid
	}
	_, ok := sortSummaries(off)
	require.True(t, ok)
	_, _, _, onGrid := gridTimes(off, make([]uint64, len(off)))
	require.False(t, onGrid)
	// x beyond the sort's words: the cells are found through maps.
	huge := append(slices.Clone(grid[:3000]), Summary{X: 1 << 50, Tx: 10, T: 20, Spend: 30})
	_, ok = sortSummaries(huge)
	require.False(t, ok)
	spend := &SpendFit{Params: []float64{6.25, 3.74, 15.44}}
	fits := []*Fit{
		{Model: BGNBD, Params: []float64{0.3, 5, 0.8, 2.5}},
		{Model: MBGNBD, Params: []float64{0.5, 6, 0.9, 1.6}},
		{Model: ParetoNBD, Params: []float64{0.55, 10.6, 0.61, 11.7}},
	}
	for _, cs := range [][]Summary{grid, off, huge} {
		for _, f := range fits {
			if len(cs) == len(huge) && f.Model == ParetoNBD {
				continue // its series at x = 2^50 would take long
			}
			for _, d := range []float64{0, 0.1} {
				p := Projection{Horizon: 52, Margin: 0.7, Discount: d, UnitsPerYear: UnitsPerYear(Week)}
				got := Project(f, spend, cs, p)
				m, factors := f.predictor(), p.factors()
				for i, s := range cs {
					alive := m.pAlive(s)
					plain, disc := p.discountedBy(factors, func(t float64) float64 { return m.expectedAlive(s, t, alive) })
					ov := spend.ExpectedValue(s)
					want := Value{PAlive: alive, Purchases: plain, OrderValue: ov, CLV: p.Margin * ov * disc}
					if got[i] != want {
						t.Fatalf("%s, discount %g, customer %d %+v: %+v, want %+v", f.Model, d, i, s, got[i], want)
					}
				}
			}
		}
	}
	// Without a spend model: no order values.
	v := Project(fits[0], nil, grid[:10], Projection{Horizon: 52, Margin: 1, UnitsPerYear: UnitsPerYear(Week)})
	assert.True(t, math.IsNaN(v[0].OrderValue) && math.IsNaN(v[0].CLV))
}

// TestFitLogLikelihoodExact: a fit's log-likelihood, taken from the
// evaluations of the maximisation, is the log-likelihood at its
// parameters, bit for bit.
func TestFitLogLikelihoodExact(t *testing.T) {
	cs := simulateBG(20000, 0.3, 5, 0.8, 2.5, 60, 23)
	for _, m := range []Model{BGNBD, ParetoNBD, MBGNBD} {
		f, err := Estimate(m, cs)
		require.NoError(t, err)
		ll, err := f.LogLikelihoodOf(cs)
		require.NoError(t, err)
		assert.Equal(t, math.Float64bits(ll), math.Float64bits(f.LogLikelihood), m.String())
	}
}

// TestSortByX: the repeat buyers sorted as words come in the order that
// sorting their (x, m) pairs leaves, ties included.
func TestSortByX(t *testing.T) {
	cs := simulateBG(50000, 0.3, 5, 0.8, 2.5, 60, 25)
	maxX := 0
	n := 0
	for i := range cs {
		if cs[i].X > 0 {
			cs[i].Spend = float64(i % 1013)
			if i%17 == 0 {
				cs[i].Spend = math.Inf(1) // left out
			}
		}
		if c := &cs[i]; c.X > 0 && c.Spend > 0 && !math.IsInf(c.Spend, 0) {
			n++
			maxX = max(maxX, c.X)
		}
	}
	x, m := make([]float64, n), make([]float64, n)
	sortByX(cs, x, m, maxX)
	px, pm := make([]float64, n), make([]float64, n)
	sortByX(cs, px, pm, 1<<32) // the pairs
	assert.Equal(t, px, x)
	assert.Equal(t, pm, m)
	assert.True(t, slices.IsSorted(x))
}

// TestDiscountMonths: the horizon is cut into months of 365.25/12 days and
// a last, partial month ending at the horizon, each month's purchases
// discounted from its end (doc.go). The expected values are written out
// here in days, month by month; cutting the horizon into equal slices
// instead (two of 22.5 days for 45 days) misses them by up to 4e-4.
func TestDiscountMonths(t *testing.T) {
	E := func(days float64) float64 { return 3 * (1 - math.Exp(-days/100)) } // purchases in the first days
	const month = 30.4375                                                    // 365.25 / 12 days
	d := 0.1
	disc := func(days float64) float64 { return math.Pow(1.1, days/365.25) }

	// 45 days: a month, then 14.5625 days.
	want45 := E(month)/disc(month) + (E(45)-E(month))/disc(45)
	// 26 weeks = 182 days: five months, then 29.8125 days.
	want26 := 0.0
	for k, prev := 1, 0.0; k <= 6; k++ {
		end := float64(k) * month
		if k == 6 {
			end = 182
		}
		want26 += (E(end) - E(prev)) / disc(end)
		prev = end
	}
	tests := []struct {
		name   string
		p      Projection
		perDay float64 // days in a time unit
		want   float64
	}{
		{"45 days", Projection{Horizon: 45, Discount: d, UnitsPerYear: UnitsPerYear(Day)}, 1, want45},
		{"26 weeks", Projection{Horizon: 26, Discount: d, UnitsPerYear: UnitsPerYear(Week)}, 7, want26},
		{"45 days undiscounted", Projection{Horizon: 45, UnitsPerYear: UnitsPerYear(Day)}, 1, E(45)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, got := tt.p.discounted(func(u float64) float64 { return E(u * tt.perDay) })
			assert.InDelta(t, E(tt.p.Horizon*tt.perDay), plain, 1e-12)
			assert.InDelta(t, tt.want, got, 1e-12)
		})
	}
}
