package ltv

import (
	"math"
	"runtime"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
)

// Projection says how expected purchases become value.
type Projection struct {
	// Horizon is the length of the projection in time units (> 0).
	Horizon float64
	// Margin is the share of revenue that is value (1: revenue).
	Margin float64
	// Discount is the yearly discount rate: 0.1 is 10% a year; 0 none.
	Discount float64
	// UnitsPerYear is the number of time units in a year: 365.25/7 weeks
	// or 365.25 days (see UnitsPerYear).
	UnitsPerYear float64
}

// UnitsPerYear returns the number of u in a year of 365.25 days.
func UnitsPerYear(u Unit) float64 { return 365.25 / u.Days() }

// Value is the projection of one customer.
type Value struct {
	// PAlive is the probability that the customer is still a customer
	// at T (NaN for the historical model, which has none).
	PAlive float64
	// Purchases is the expected number of purchases in the horizon.
	Purchases float64
	// OrderValue is the expected value of a purchase (NaN when the spend
	// model has none for the customer, see SpendFit.ExpectedValue).
	OrderValue float64
	// CLV is Margin x OrderValue x the discounted expected purchases.
	CLV float64
}

// steps returns the number of steps of the discounting: one per month
// (a twelfth of a year) begun in the horizon, at least one.
func (p Projection) steps() int {
	if p.Discount == 0 {
		return 1
	}
	return max(1, int(math.Ceil(p.Horizon/(p.UnitsPerYear/12)-1e-9)))
}

// discounted returns the expected purchases in the horizon, undiscounted
// and discounted, from E(t), the expected purchases in the first t time
// units: the horizon H is cut into whole months (a twelfth of a year of
// 365.25 days) and a last, partial month that ends at H, n = ceil(H /
// month) steps in all, ending at t_k = k x month for k < n and t_n = H.
// The purchases expected in step k, E(t_k) - E(t_(k-1)), are discounted
// from the step's end:
//
//	discounted = sum_k (E(t_k) - E(t_(k-1))) / (1 + d)^(t_k / year)
//
// with d the yearly rate. Purchases are counted at the end of the month
// in which they are expected (as lifetimes' customer_lifetime_value does),
// which errs by at most a month's discount; the months are calendar-like,
// the same whatever the horizon, so that the first month of a 45-day and
// of a 26-week projection are discounted alike.
func (p Projection) discounted(E func(t float64) float64) (plain, disc float64) {
	return p.discountedBy(p.factors(), E)
}

// factors returns the times t_k of the steps of the discounting and their
// discount factors (1 + d)^(t_k / year).
func (p Projection) factors() [][2]float64 {
	n := p.steps()
	month := p.UnitsPerYear / 12
	f := make([][2]float64, n)
	for k := 1; k <= n; k++ {
		t := p.Horizon
		if k < n {
			t = float64(k) * month
		}
		f[k-1] = [2]float64{t, math.Pow(1+p.Discount, t/p.UnitsPerYear)}
	}
	return f
}

// discountedBy is discounted with the factors of p.
func (p Projection) discountedBy(factors [][2]float64, E func(t float64) float64) (plain, disc float64) {
	return discountedSteps(factors, func(k int) float64 { return E(factors[k][0]) })
}

// discountedSteps is discounted with the factors of a projection, given
// e(k), the expected purchases up to the time of step k.
func discountedSteps(factors [][2]float64, e func(k int) float64) (plain, disc float64) {
	prev := 0.0
	for k, f := range factors {
		ek := e(k)
		disc += (ek - prev) / f[1]
		prev = ek
	}
	return prev, disc
}

// predictor is a model of purchases at given parameters.
type predictor interface {
	pAlive(s Summary) float64
	expectedAlive(s Summary, t, alive float64) float64
	// aliveFunc returns pAlive for one goroutine, which may be quicker.
	aliveFunc() func(s Summary) float64
	// perAlive(x, T, t) is expectedAlive(s, t, alive) / alive for t > 0,
	// which depends on x and T alone: expectedAlive is exactly
	// perAlive(s.X, s.T, t) * alive.
	perAlive(x int, T, t float64) float64
}

// predictor returns the model of f at its parameters.
func (f *Fit) predictor() predictor {
	switch f.Model {
	case ParetoNBD:
		return newPNBD(f.Params)
	case MBGNBD:
		return newBG(f.Params, 1)
	}
	return newBG(f.Params, 0)
}

// Project returns the projection of every summary with the fitted
// purchase model f and spend model g (nil: no order values; OrderValue and
// CLV are NaN). Customers with the same (x, t_x, T) share one computation.
func Project(f *Fit, g *SpendFit, cs []Summary, p Projection) []Value {
	sc, ok := sortSummaries(cs)
	out := make([]Value, len(cs))
	project(f, g, cs, cellsOf(cs, &sc, ok), p, func(i int, v Value) { out[i] = v })
	return out
}

// cellsOf returns the cells of cs, sorted by sortSummaries (sc) when
// sorted, else found through maps.
func cellsOf(cs []Summary, sc *sortedSummaries, sorted bool) *projCells {
	if sorted {
		cl := sortedCells(sc, len(cs))
		return &cl
	}
	cl := mappedCells(cs)
	return &cl
}

// project calls fn with the projection of each summary (as
// Grouped.ProjectEach), in the cells cl.
//
// Each distinct (x, t_x, T), a cell, is projected once, and the part of
// the expected purchases that does not depend on P(alive) (a series for
// the BG/NBD) once for each distinct (x, T): there are several times
// fewer of those, and they are the slow part.
func project(f *Fit, g *SpendFit, cs []Summary, cl *projCells, p Projection, fn func(i int, v Value)) {
	type cell struct {
		alive, plain, disc float64
	}
	m, factors := f.predictor(), p.factors()
	steps := len(factors)
	per := make([]float64, len(cl.pairs)*steps) // perAlive by pair and step
	parallel.For(len(cl.pairs), 100, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			for k, fk := range factors {
				if t := fk[0]; t > 0 {
					per[j*steps+k] = m.perAlive(cl.pairs[j].x, cl.pairs[j].t, t)
				}
			}
		}
	})
	cells := chunked.Make[cell](len(cl.keys))
	parallel.For(len(cl.keys), 1000, func(lo, hi int) {
		pAlive := m.aliveFunc()
		for i := lo; i < hi; i++ {
			k := &cl.keys[i]
			alive := pAlive(Summary{X: k.x, Tx: k.tx, T: k.t})
			pa := per[int(cl.pairOf[i])*steps:][:steps]
			plain, disc := discountedSteps(factors, func(k int) float64 {
				if factors[k][0] <= 0 {
					return 0
				}
				return pa[k] * alive
			})
			*cells.At(i) = cell{alive, plain, disc}
		}
	})
	eachCustomer(cl.of, cells, func(i int, c *cell) {
		v := Value{PAlive: c.alive, Purchases: c.plain, OrderValue: math.NaN(), CLV: math.NaN()}
		if g != nil {
			v.OrderValue = g.ExpectedValue(cs[i])
			v.CLV = p.Margin * v.OrderValue * c.disc
		}
		fn(i, v)
	})
}

// cellKey is a distinct (x, t_x, T).
type cellKey struct {
	x     int
	tx, t float64
}

// xT is a distinct (x, T).
type xT struct {
	x int
	t float64
}

// projCells are the cells of the customers for a projection.
type projCells struct {
	keys   []cellKey
	of     []int32 // per customer: the cell
	pairs  []xT
	pairOf []int32 // per cell: its (x, T)
}

// sortedCells returns the cells of n customers sorted by sortSummaries,
// numbered in the order of their keys. The customers of each core's share
// of the sort are numbered at once, after counting the cells of the shares
// before.
func sortedCells(sc *sortedSummaries, n int) projCells {
	var cl projCells
	cl.of = make([]int32, n)
	// The shares of the sort, cut where a key changes.
	shares := runtime.GOMAXPROCS(0)
	bounds := []int{0}
	for k := 1; k < shares; k++ {
		b := max(bounds[len(bounds)-1], k*n/shares)
		for b > 0 && b < n && sc.keys[b] == sc.keys[b-1] {
			b++
		}
		bounds = append(bounds, b)
	}
	bounds = append(bounds, n)
	first := make([]int, len(bounds)) // the number of the first cell of each share
	var wg sync.WaitGroup
	for s := range len(bounds) - 1 {
		wg.Go(func() {
			for i := bounds[s]; i < bounds[s+1]; i++ {
				if i == bounds[s] || sc.keys[i] != sc.keys[i-1] {
					first[s+1]++
				}
			}
		})
	}
	wg.Wait()
	for s := 1; s < len(first); s++ {
		first[s] += first[s-1]
	}
	cl.keys = make([]cellKey, first[len(first)-1])
	ti := make([]int32, len(cl.keys)) // the index of each cell's T
	for s := range len(bounds) - 1 {
		wg.Go(func() {
			c := first[s]
			sc.runsIn(bounds[s], bounds[s+1], func(x int, txi, t int32, lo, hi int) {
				for _, i := range sc.idx[lo:hi] {
					cl.of[i] = int32(c)
				}
				cl.keys[c], ti[c] = cellKey{x, sc.times[txi], sc.times[t]}, t
				c++
			})
		})
	}
	wg.Wait()
	// The distinct (x, T): cells come by x, so a table of the times,
	// cleared at each new x, finds them.
	cl.pairOf = make([]int32, len(cl.keys))
	slot := make([]int32, len(sc.times))
	for k := range slot {
		slot[k] = -1
	}
	var used []int32
	for c := range cl.keys {
		if c == 0 || cl.keys[c].x != cl.keys[c-1].x {
			for _, t := range used {
				slot[t] = -1
			}
			used = used[:0]
		}
		t := ti[c]
		if slot[t] < 0 {
			slot[t] = int32(len(cl.pairs))
			cl.pairs = append(cl.pairs, xT{cl.keys[c].x, cl.keys[c].t})
			used = append(used, t)
		}
		cl.pairOf[c] = slot[t]
	}
	return cl
}

// mappedCells returns the cells of customers that sortSummaries could not
// sort, found through maps.
func mappedCells(cs []Summary) projCells {
	var cl projCells
	cl.of = make([]int32, len(cs))
	index := make(map[cellKey]int32, len(cs)/2)
	pairs := make(map[xT]int32)
	for i, s := range cs {
		k := cellKey{s.X, s.Tx, s.T}
		j, ok := index[k]
		if !ok {
			j = int32(len(cl.keys))
			index[k] = j
			cl.keys = append(cl.keys, k)
			q, ok := pairs[xT{s.X, s.T}]
			if !ok {
				q = int32(len(cl.pairs))
				pairs[xT{s.X, s.T}] = q
				cl.pairs = append(cl.pairs, xT{s.X, s.T})
			}
			cl.pairOf = append(cl.pairOf, q)
		}
		cl.of[i] = j
	}
	return cl
}

// Historical is the marketer's formula, average order value x purchase
// frequency x expected lifespan, each taken from the data without a
// model:
//
//   - average order value: the customer's own, gross revenue / purchases;
//   - purchase frequency: the customer's own repeat purchases per time
//     unit since the first purchase, x / T (0 when T = 0: nothing to go
//     by);
//   - expected lifespan: Lifespan, the mean time from the first to the
//     last purchase of the customers who bought again (the length of a
//     relationship that lasted), capped at the horizon.
//
// So expected purchases = x/T x min(horizon, Lifespan). It knows nothing of
// dropout: a customer silent for years still buys at their old rate.
type Historical struct {
	// OrderValue is the mean order value of all customers (gross revenue
	// / purchases), shown for reference.
	OrderValue float64
	// Frequency is the mean purchase frequency, sum x / sum T.
	Frequency float64
	// Lifespan is the mean t_x of the customers with x > 0, in time units.
	Lifespan float64
	// RepeatBuyers is the number of customers with x > 0.
	RepeatBuyers int
}

// EstimateHistorical returns the figures of the historical formula.
func EstimateHistorical(cs []Customer) Historical {
	var h Historical
	var gross float64
	var orders, sx, st, stx float64
	for i := range cs {
		c := &cs[i]
		gross += c.Gross.Float64()
		orders += float64(c.Orders)
		sx += float64(c.X)
		st += c.T
		if c.X > 0 {
			stx += c.Tx
			h.RepeatBuyers++
		}
	}
	if orders > 0 {
		h.OrderValue = gross / orders
	}
	if st > 0 {
		h.Frequency = sx / st
	}
	if h.RepeatBuyers > 0 {
		h.Lifespan = stx / float64(h.RepeatBuyers)
	}
	return h
}

// Project returns the projection of every customer under the historical
// formula; purchases are spread evenly over min(horizon, Lifespan) for
// discounting.
func (h Historical) Project(cs []Customer, p Projection) []Value {
	out := make([]Value, len(cs))
	life := math.Min(p.Horizon, h.Lifespan)
	for i := range cs {
		c := &cs[i]
		rate := 0.0
		if c.T > 0 {
			rate = float64(c.X) / c.T
		}
		plain, disc := p.discounted(func(t float64) float64 { return rate * math.Min(t, life) })
		v := Value{PAlive: math.NaN(), Purchases: plain, OrderValue: math.NaN(), CLV: math.NaN()}
		if c.Orders > 0 {
			v.OrderValue = c.Gross.Float64() / float64(c.Orders)
			v.CLV = p.Margin * v.OrderValue * disc
		}
		out[i] = v
	}
	return out
}

// inParallelChunks runs f over [0, n) in one chunk per core, telling each
// chunk what count returned for the chunks before it.
func inParallelChunks(n int, f func(lo, hi, before int), count func(lo, hi int) int) {
	workers := runtime.GOMAXPROCS(0)
	if n < 100_000 || workers < 2 {
		f(0, n, 0)
		return
	}
	chunk := (n + workers - 1) / workers
	var bounds [][2]int
	for lo := 0; lo < n; lo += chunk {
		bounds = append(bounds, [2]int{lo, min(lo+chunk, n)})
	}
	counts := make([]int, len(bounds))
	var wg sync.WaitGroup
	for k, b := range bounds {
		wg.Go(func() { counts[k] = count(b[0], b[1]) })
	}
	wg.Wait()
	before := 0
	for k, b := range bounds {
		skipped := before
		wg.Go(func() { f(b[0], b[1], skipped) })
		before += counts[k]
	}
	wg.Wait()
}
