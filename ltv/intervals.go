package ltv

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/msg"
)

// Uncertainty says how [Grouped.IntervalsEach] draws the parameters.
type Uncertainty struct {
	// Level is the probability of the central interval, in (0, 1): 0.9
	// for the 5% and 95% quantiles of the draws.
	Level float64
	// Draws is the number of random draws of the parameters; 0 (the
	// default) takes instead the k+1 points of a randomly rotated simplex
	// rule (designParams), which have exactly the mean and covariance of
	// the distribution: as good for the bounds as hundreds of draws, at
	// the cost of k+1 (5 for the models of purchases, 4 for the spend).
	Draws int
	// Seed makes the draws or the rotation: the same seed, fit and data
	// give the same bounds.
	Seed uint64
}

// Interval is a customer's bounds of the expected purchases in the
// horizon and of the CLV (NaN when the spend model or its covariance is
// missing).
type Interval struct {
	PurchasesLow, PurchasesHigh float64
	CLVLow, CLVHigh             float64
}

// ErrNoCovariance is a fit without a covariance of its parameters (the
// observed information not positive definite, or not computed): its
// parameters cannot be drawn.
var ErrNoCovariance = msg.Errorf("the fit has no covariance of its parameters (a flat likelihood): no interval can be drawn")

// IntervalsEach calls fn with each customer's interval for the
// projection p with the fits f and sp (nil: no CLV bounds), from points
// of the asymptotic normal distribution of the logarithms of the
// parameters (mean the estimates, covariance Fit.Cov; the spend model's
// apart, as it is fitted apart): u.Draws random draws, or by default the
// k+1 points of a seeded random simplex rule with the distribution's exact
// mean and covariance. A normal is fitted to the logarithms of each
// customer's values at the points (their mean and variance), and the
// bounds are its central u.Level interval, exp(mean ± z sd), widened where
// needed to contain the point estimate.
//
// The intervals are of the parameters' uncertainty only: how far the
// expected values could be from those of the true parameters, not where a
// customer's actual purchases will fall (a Poisson count around its mean,
// wider for most customers).
//
// Each distinct (x, t_x, T) is computed once per draw, and the part of
// the expected purchases that depends on x and T alone once per draw and
// distinct (x, T); only the CLV's order value, which depends on each
// repeat buyer's mean spend, is drawn per customer (a few operations a
// draw). fn is called in the order of the customers within each core's
// share of them.
// It is an error wrapping ErrNoCovariance when f has no covariance; a
// spend model without one leaves the CLV bounds NaN. fn may be called from
// several goroutines at once, never twice for a customer.
func (g *Grouped) IntervalsEach(f *Fit, sp *SpendFit, p Projection, u Uncertainty, fn func(i int, iv Interval)) error {
	pl, err := g.intervalPlan(f, sp, p, u)
	if err != nil {
		return err
	}
	of := g.cells().of
	eachCustomer(of, pl.cells, func(i int, cb *intervalCell) {
		ev := math.NaN()
		if pl.spends != nil {
			ev = sp.ExpectedValue(g.cs[i])
		}
		fn(i, pl.interval(cb, of[i], &g.cs[i], ev))
	})
	return nil
}

// ProjectIntervalsEach is [Grouped.ProjectEach] and
// [Grouped.IntervalsEach] in one pass: fn(i, v, iv) gets customer i's
// projection and interval, the same numbers as those two give. It costs
// less than the two apart: each cell's point estimate is computed once,
// with its bounds, and the customers are read once. On an error (as
// IntervalsEach's) fn is not called: the caller projects alone.
func (g *Grouped) ProjectIntervalsEach(f *Fit, sp *SpendFit, p Projection, u Uncertainty, fn func(i int, v Value, iv Interval)) error {
	pl, err := g.intervalPlan(f, sp, p, u)
	if err != nil {
		return err
	}
	of := g.cells().of
	eachCustomer(of, pl.cells, func(i int, cb *intervalCell) {
		s := &g.cs[i]
		// As project.
		v := Value{PAlive: cb.alive, Purchases: cb.pe, OrderValue: math.NaN(), CLV: math.NaN()}
		if sp != nil {
			v.OrderValue = sp.ExpectedValue(*s)
			v.CLV = p.Margin * v.OrderValue * cb.pd
		}
		fn(i, v, pl.interval(cb, of[i], s, v.OrderValue))
	})
	return nil
}

// intervalCell is a cell's point estimate (P(alive), expected purchases
// plain and discounted, as project computes them), the bounds of its
// purchases and the mean and variance of its log discounted purchases over
// the draws.
type intervalCell struct{ alive, pe, pd, pLo, pHi, mD, vD float64 }

// intervalPlan is what the intervals of the customers are made from: each
// cell's, and the draws of the spend model (nil: no CLV bounds).
type intervalPlan struct {
	cells  chunked.Slice[intervalCell]
	spends [][]float64
	// The CLV bounds of the leading cells without a repeat purchase (all
	// of them when the cells come by x, as sorted): the same for all their
	// customers, who have the population's order value.
	clv0         [][2]float64
	mean0, var0  float64 // of the log order value without a repeat purchase
	z, logMargin float64
	margin       float64
}

// intervalPlan draws the parameters and computes every cell's
// intervalCell (see IntervalsEach).
func (g *Grouped) intervalPlan(f *Fit, sp *SpendFit, p Projection, u Uncertainty) (*intervalPlan, error) {
	if !(u.Level > 0 && u.Level < 1) {
		return nil, msg.Errorf("ltv: interval level must be in (0, 1)")
	}
	rng := rand.New(rand.NewPCG(u.Seed, u.Seed^0x9e3779b97f4a7c15))
	draw := func(p, cov []float64) ([][]float64, error) {
		if u.Draws > 0 {
			return drawParams(p, cov, u.Draws, rng)
		}
		return designParams(p, cov, rng)
	}
	fits, err := draw(f.Params, f.Cov)
	if err != nil {
		return nil, err
	}
	D := len(fits)
	var spends [][]float64
	if sp != nil {
		if spends, err = draw(sp.Params, sp.Cov); err != nil {
			spends = nil
		}
	}
	models := make([]predictor, D)
	for d, q := range fits {
		models[d] = (&Fit{Model: f.Model, Params: q}).predictor()
	}
	point := f.predictor()

	cl := g.cells()
	factors := p.factors()
	z := normalQuantile((1 + u.Level) / 2)
	discounted := p.Discount > 0
	// The size of the tables of ln(α + t) by day (logAlivesOf): the
	// longest T in days, at most a million.
	maxT := 0.0
	for _, pr := range cl.pairs {
		maxT = math.Max(maxT, pr.t)
	}
	maxK := int(math.Min(7*maxT+1, 1<<20))
	// The order value of a customer without a repeat purchase: the
	// population mean, the same for all.
	var mean0, var0 float64
	if spends != nil {
		l0 := make([]float64, len(spends))
		for d, sq := range spends {
			l0[d] = math.Log(expectedValue(sq, Summary{}))
		}
		mean0, var0 = meanVar(l0)
	}
	pt := pairTerms(cl.pairs, point, models, factors, discounted)
	cells := chunked.Make[intervalCell](len(cl.keys))
	// The cells in their order, each core a contiguous range of them:
	// the table is written in order, and the pairs' terms are read nearly
	// so (cells come by x, and a pair's cells within its x).
	parallel.For(len(cl.keys), 1000, func(c0, c1 int) {
		lp := make([]float64, D) // a cell's log purchases by draw
		ld := make([]float64, D) // a cell's log discounted purchases by draw
		la := make([]float64, D) // a cell's log P(alive) by draw
		logAlives := logAlivesOf(models, maxK)
		pointAlive := point.aliveFunc()
		for c := c0; c < c1; c++ {
			k := &cl.keys[c]
			s := Summary{X: k.x, Tx: k.tx, T: k.t}
			pointPer, lpq, ldq := pt.of(cl.pairOf[c])
			logAlives(s, la)
			for d := range models {
				lp[d] = lpq[d] + la[d]
				ld[d] = ldq[d] + la[d]
			}
			// The point estimate, as project computes it.
			alive := pointAlive(s)
			pe, pd := discountedSteps(factors, func(k int) float64 {
				if factors[k][0] <= 0 {
					return 0
				}
				return pointPer[k] * alive
			})
			mP, vP := meanVar(lp)
			pLo, pHi := bounds(mP, math.Sqrt(vP), z, pe)
			mD, vD := mP, vP
			if discounted {
				mD, vD = meanVar(ld)
			}
			*cells.At(c) = intervalCell{alive, pe, pd, pLo, pHi, mD, vD}
		}
	})
	pl := &intervalPlan{cells: cells, spends: spends, mean0: mean0, var0: var0, z: z, logMargin: math.Log(p.Margin), margin: p.Margin}
	if spends != nil {
		ev0 := sp.ExpectedValue(Summary{})
		for c := 0; c < len(cl.keys) && cl.keys[c].x == 0; c++ {
			lo, hi := pl.clvBounds(cells.At(c), mean0, var0, ev0)
			pl.clv0 = append(pl.clv0, [2]float64{lo, hi})
		}
	}
	return pl, nil
}

// pairsTerms are the parts of the expected purchases that depend on x and
// T alone, by distinct (x, T): the point estimate's per unit of P(alive)
// at each step of the discounting, and by draw the logarithms of the
// expected purchases (plain and discounted) per unit of P(alive). A cell's
// are these times its P(alive), or plus its log, since both are linear in
// it.
type pairsTerms struct {
	terms      []float64 // by pair: steps, then D plain, then D discounted
	steps, D   int
	discounted bool
}

// pairTerms computes the terms of each pair, on every core; without a
// discount the discounted terms are the plain ones.
func pairTerms(pairs []xT, point predictor, models []predictor, factors [][2]float64, discounted bool) *pairsTerms {
	pt := &pairsTerms{steps: len(factors), D: len(models), discounted: discounted}
	stride := pt.stride()
	pt.terms = make([]float64, len(pairs)*stride)
	parallel.For(len(pairs), 64, func(q0, q1 int) {
		row := make([]float64, len(factors))
		for q := q0; q < q1; q++ {
			pr := pairs[q]
			pointPer, lpq, ldq := pt.of(int32(q))
			for k, fk := range factors {
				if t := fk[0]; t > 0 {
					pointPer[k] = point.perAlive(pr.x, pr.t, t)
				}
			}
			for d, m := range models {
				for k, fk := range factors {
					row[k] = 0
					if t := fk[0]; t > 0 {
						row[k] = m.perAlive(pr.x, pr.t, t)
					}
				}
				pl, di := discountedSteps(factors, func(k int) float64 { return row[k] })
				lpq[d] = math.Log(pl)
				if discounted {
					ldq[d] = math.Log(di)
				}
			}
		}
	})
	return pt
}

// stride returns the number of terms of a pair.
func (pt *pairsTerms) stride() int {
	if pt.discounted {
		return pt.steps + 2*pt.D
	}
	return pt.steps + pt.D
}

// of returns pair q's terms: the point estimate's per step, and the log
// plain and discounted purchases by draw.
func (pt *pairsTerms) of(q int32) (pointPer, lpq, ldq []float64) {
	r := pt.terms[int(q)*pt.stride():][:pt.stride()]
	pointPer, lpq = r[:pt.steps], r[pt.steps:pt.steps+pt.D]
	ldq = lpq
	if pt.discounted {
		ldq = r[pt.steps+pt.D:]
	}
	return pointPer, lpq, ldq
}

// interval returns the interval of customer s in cell c (cb), whose
// point order value is ev (SpendFit.ExpectedValue; unused without spend
// draws): the CLV from the cell's discounted purchases and the customer's
// own order value.
func (pl *intervalPlan) interval(cb *intervalCell, c int32, s *Summary, ev float64) Interval {
	iv := Interval{PurchasesLow: cb.pLo, PurchasesHigh: cb.pHi, CLVLow: math.NaN(), CLVHigh: math.NaN()}
	if pl.spends == nil {
		return iv
	}
	if int(c) < len(pl.clv0) {
		iv.CLVLow, iv.CLVHigh = pl.clv0[c][0], pl.clv0[c][1]
		return iv
	}
	// log CLV = log margin + log order value + log discounted purchases,
	// the last two drawn apart: their variances add. A customer without a
	// repeat purchase has the population's mean order value.
	mV, vV := pl.mean0, pl.var0
	if s.X > 0 && s.Spend > 0 {
		var sum, sum2 float64
		for _, sq := range pl.spends {
			l := math.Log(expectedValue(sq, *s))
			sum += l
			sum2 += l * l
		}
		mV = sum / float64(len(pl.spends))
		vV = math.Max(0, sum2/float64(len(pl.spends))-mV*mV)
	}
	iv.CLVLow, iv.CLVHigh = pl.clvBounds(cb, mV, vV, ev)
	return iv
}

// clvBounds returns the CLV bounds of a customer of cell cb whose log
// order value has mean mV and variance vV over the draws, and point order
// value ev.
func (pl *intervalPlan) clvBounds(cb *intervalCell, mV, vV, ev float64) (float64, float64) {
	pv := pl.margin * ev * cb.pd
	return bounds(pl.logMargin+mV+cb.mD, math.Sqrt(vV+cb.vD), pl.z, pv)
}

// eachCustomer calls fn(i, cells.At(of[i])) for every customer i, from
// several goroutines, each over a contiguous range of i in order. The
// cells are in chunks (a table of a million cells or more is made fresh
// for each projection: in chunks it lands in memory the heap has freed,
// see package chunked). The
// customers' cells are scattered over memory: they are copied a block at
// a time by a loop that does nothing else, so that the processor fetches
// many at once, then used from the cache. Projections and intervals both
// walk customers this way.
func eachCustomer[C any](of []int32, cells chunked.Slice[C], fn func(i int, c *C)) {
	parallel.For(len(of), 1000, func(lo, hi int) {
		var block [256]C
		for lo := lo; lo < hi; lo += len(block) {
			n := min(len(block), hi-lo)
			for k, j := range of[lo : lo+n] {
				block[k] = *cells.At(int(j))
			}
			for k := range n {
				fn(lo+k, &block[k])
			}
		}
	})
}

// logAlivesOf returns, for one goroutine, a function that stores in
// out[d] ln P(alive) of models[d]: the BG/NBD's and MBG/NBD's own
// (logAliveDraws, with tables of maxK days), else the log of each model's
// aliveFunc.
func logAlivesOf(models []predictor, maxK int) func(s Summary, out []float64) {
	bgs := make([]bgFamily, 0, len(models))
	for _, m := range models {
		if bg, ok := m.(bgFamily); ok {
			bgs = append(bgs, bg)
		}
	}
	if len(bgs) == len(models) {
		return logAliveDraws(bgs, maxK)
	}
	alives := make([]func(Summary) float64, len(models))
	for d, m := range models {
		alives[d] = m.aliveFunc()
	}
	return func(s Summary, out []float64) {
		for d, alive := range alives {
			out[d] = math.Log(alive(s))
		}
	}
}

// bounds returns exp(m - z sd) and exp(m + z sd), widened to contain
// point; point itself for both when it is 0 (no purchase expected under
// any draw) or the draws gave no finite mean.
func bounds(m, sd, z, point float64) (float64, float64) {
	if point == 0 || math.IsNaN(m) || math.IsInf(m, 0) || math.IsNaN(sd) {
		return point, point
	}
	return math.Min(point, math.Exp(m-z*sd)), math.Max(point, math.Exp(m+z*sd))
}

// meanVar returns the mean and the variance (over n) of v.
func meanVar(v []float64) (float64, float64) {
	var s, s2 float64
	for _, x := range v {
		s += x
	}
	m := s / float64(len(v))
	for _, x := range v {
		s2 += (x - m) * (x - m)
	}
	return m, s2 / float64(len(v))
}

// normalQuantile returns the p quantile of the standard normal.
func normalQuantile(p float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*p)
}

// expectedValue is SpendFit.ExpectedValue at parameters q.
func expectedValue(q []float64, s Summary) float64 {
	return (&SpendFit{Params: q}).ExpectedValue(s)
}

// designParams returns the k+1 points of a simplex rule for the normal
// distribution of the logarithms of the k parameters (mean ln p,
// covariance cov, row by row): ln p + L v_i, L L' = cov, where the v_i are
// the vertices of a regular simplex centred on 0 whose covariance (over
// the k+1 of them) is the identity, sqrt(k+1) times the columns of B, an
// orthonormal basis of the vectors of R^(k+1) orthogonal to (1, ..., 1),
// drawn at random (the Q of the QR factorisation of a matrix whose first
// column is (1, ..., 1) and the others standard normal draws). The points
// have exactly the mean and the covariance of the distribution, so the
// mean and variance over them of a function linear in the log-parameters
// are exact, whatever the rotation; the rotation, drawn from rng, only
// moves what the function's curvature adds. An error wrapping
// ErrNoCovariance as for drawParams.
func designParams(p, cov []float64, rng *rand.Rand) ([][]float64, error) {
	k := len(p)
	L, err := cholesky(k, cov)
	if err != nil {
		return nil, err
	}
	n := k + 1
	g := mat.NewDense(n, n, nil)
	for i := range n {
		g.Set(i, 0, 1)
		for j := 1; j < n; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var Q mat.Dense
	qr.QTo(&Q)
	// V (k x n): column i is v_i = sqrt(n) (Q_(i,1), ..., Q_(i,k)).
	V := mat.NewDense(k, n, nil)
	for i := range n {
		for j := range k {
			V.Set(j, i, math.Sqrt(float64(n))*Q.At(i, j+1))
		}
	}
	var LV mat.Dense
	LV.Mul(L, V)
	out := make([][]float64, n)
	for i := range n {
		q := make([]float64, k)
		for j := range k {
			q[j] = math.Exp(math.Log(p[j]) + LV.At(j, i))
		}
		out[i] = q
	}
	return out, nil
}

// cholesky returns the lower triangular L with L L' = cov (k x k, row by
// row), or an error wrapping ErrNoCovariance when cov has a NaN or is not
// positive definite.
func cholesky(k int, cov []float64) (*mat.TriDense, error) {
	if len(cov) != k*k {
		return nil, ErrNoCovariance
	}
	for _, v := range cov {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, ErrNoCovariance
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(k, append([]float64(nil), cov...))) {
		return nil, ErrNoCovariance
	}
	var L mat.TriDense
	ch.LTo(&L)
	return &L, nil
}

// drawParams returns n draws of parameters whose logarithms are normal
// with mean ln p and covariance cov (k x k, row by row): exp(ln p + L z),
// L L' = cov, z standard normal. An error wrapping ErrNoCovariance when
// cov has NaN or is not positive definite.
func drawParams(p, cov []float64, n int, rng *rand.Rand) ([][]float64, error) {
	k := len(p)
	L, err := cholesky(k, cov)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, n)
	z := make([]float64, k)
	for d := range out {
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		q := make([]float64, k)
		for i := range k {
			v := math.Log(p[i])
			for j := 0; j <= i; j++ {
				v += L.At(i, j) * z[j]
			}
			q[i] = math.Exp(v)
		}
		out[d] = q
	}
	return out, nil
}
