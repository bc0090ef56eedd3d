package ltv

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat"

	"lifecycle/msg"
)

// SpendFit is a fitted Gamma-Gamma model of the value of purchases (Fader,
// Hardie and Lee 2005b; Fader and Hardie 2013, "The Gamma-Gamma model of
// monetary value"), or one with given parameters.
type SpendFit struct {
	// Params are p, q, gamma: a purchase's value is Gamma(p, ν) (shape,
	// rate), ν across customers Gamma(q, γ).
	Params []float64
	// StdErrors are as for Fit.StdErrors.
	StdErrors []float64
	// LogLikelihood is the maximised log-likelihood of the mean spends.
	LogLikelihood float64
	// Customers is the number of repeat buyers fitted (x > 0, positive
	// mean spend).
	Customers  int
	Iterations int
	Converged  bool
	Stop       Stop
	// Cov is as for Fit.Cov.
	Cov []float64
	// Diagnostics say whether the fit can be trusted (OneTime, NoDropout
	// and DropoutLR are NaN: they concern purchases).
	Diagnostics Diagnostics
	// Correlation is Pearson's correlation between the number of repeat
	// purchases and their mean value among the customers fitted: the
	// model assumes there is none.
	Correlation float64
}

var spendNames = []string{"p", "q", "gamma"}

// spendData is the repeat buyers sorted by x, with the parts of the
// likelihood that depend on x alone summed per distinct x.
type spendData struct {
	x, m, lm []float64 // per customer
	xs, nx   []float64 // distinct x and customers
	slm      []float64 // sum of ln m per distinct x
}

// EstimateSpend fits the Gamma-Gamma model to the mean spend of the
// customers with a repeat purchase (X > 0 and Spend > 0; the others carry
// no information on spend). Fewer than two such customers, or the same
// mean spend for all, is an *UnidentifiableError.
func EstimateSpend(cs []Summary) (*SpendFit, error) {
	return estimateSpend(cs, Options{})
}

// EstimateSpend is [EstimateSpend] of the grouped summaries, with options
// o.
func (g *Grouped) EstimateSpend(o Options) (*SpendFit, error) {
	return estimateSpend(g.cs, o)
}

// Project is [Project] of the grouped summaries.
func (g *Grouped) Project(f *Fit, sp *SpendFit, p Projection) []Value {
	out := make([]Value, len(g.cs))
	g.ProjectEach(f, sp, p, func(i int, v Value) { out[i] = v })
	return out
}

// ProjectEach is [Grouped.Project] that gives each customer's projection
// to fn instead of collecting them: fn(i, v) for every summary i, once,
// from several goroutines at once (each over a contiguous range of i, in
// order).
func (g *Grouped) ProjectEach(f *Fit, sp *SpendFit, p Projection, fn func(i int, v Value)) {
	project(f, sp, g.cs, g.cells(), p, fn)
}

func estimateSpend(cs []Summary, o Options) (*SpendFit, error) {
	n, maxX := 0, 0
	for _, c := range cs {
		if c.X > 0 && c.Spend > 0 && !math.IsInf(c.Spend, 0) {
			n++
			maxX = max(maxX, c.X)
		}
	}
	if n < 2 {
		return nil, unidentifiable("gamma-gamma", msg.Errorf("fewer than 2 customers with a repeat purchase of positive value"))
	}
	d := &spendData{x: make([]float64, n), m: make([]float64, n), lm: make([]float64, 0, n)}
	sortByX(cs, d.x, d.m, maxX)
	same := true
	for i, x := range d.x {
		m := d.m[i]
		d.lm = append(d.lm, math.Log(m))
		same = same && m == d.m[0]
		if len(d.xs) == 0 || d.xs[len(d.xs)-1] != x {
			d.xs = append(d.xs, x)
			d.nx = append(d.nx, 0)
			d.slm = append(d.slm, 0)
		}
		d.nx[len(d.nx)-1]++
		d.slm[len(d.slm)-1] += d.lm[i]
	}
	if same {
		return nil, unidentifiable("gamma-gamma", msg.Errorf("every repeat buyer has the same mean spend: the spread between customers cannot be estimated"))
	}
	// Start: p = 1, q = 2 and gamma so that the population mean p γ/(q-1)
	// is the mean spend.
	mean := stat.Mean(d.m, nil)
	res, err := maximize(d.logLik, []float64{1, 2, mean}, float64(n), o.MaxIterations)
	if err != nil {
		return nil, err
	}
	if err := bounded("gamma-gamma", spendNames, res.p, n); err != nil {
		return nil, err
	}
	var cov *mat.SymDense
	cond := math.NaN()
	if !o.NoStdErrors {
		cov, cond = information(d.logLik, res)
	}
	se := stdErrorsOf(res.p, cov)
	diag := Diagnostics{Converged: res.converged, Stop: res.stop, Iterations: res.iterations,
		Condition: cond, OneTime: math.NaN(), NoDropout: math.NaN(), DropoutLR: math.NaN()}
	diag.diagnose(spendNames, res.p, se, []float64{0, 0, mean}) // gamma is a scale of spend
	return &SpendFit{
		Params: res.p, StdErrors: se, LogLikelihood: res.ll,
		Customers: n, Iterations: res.iterations, Converged: res.converged, Stop: res.stop,
		Correlation: stat.Correlation(d.x, d.m, nil), Cov: covValues(len(res.p), cov), Diagnostics: diag,
	}, nil
}

// sortByX stores in x and m the number and the mean value of the repeat
// purchases of the customers that the Gamma-Gamma model fits (see
// estimateSpend), sorted by x; maxX is their largest x. The sums of the
// likelihood, and so the fit to its last bit, depend on the order of the
// customers of the same x: it is the order that sorting the (x, m) pairs by
// x with slices.SortFunc leaves. Words of x and the customer's place are
// sorted instead, comparing x alone: the same comparisons give the same
// order, with half the memory to move.
func sortByX(cs []Summary, x, m []float64, maxX int) {
	keep := func(c *Summary) bool { return c.X > 0 && c.Spend > 0 && !math.IsInf(c.Spend, 0) }
	if maxX >= 1<<32 || len(x) >= 1<<32 {
		type xm struct{ x, m float64 }
		v := make([]xm, 0, len(x))
		for i := range cs {
			if c := &cs[i]; keep(c) {
				v = append(v, xm{float64(c.X), c.Spend})
			}
		}
		slices.SortFunc(v, func(a, b xm) int { return cmp.Compare(a.x, b.x) })
		for i, e := range v {
			x[i], m[i] = e.x, e.m
		}
		return
	}
	words, spend := make([]uint64, 0, len(x)), make([]float64, 0, len(x))
	for i := range cs {
		if c := &cs[i]; keep(c) {
			words = append(words, uint64(c.X)<<32|uint64(len(words)))
			spend = append(spend, c.Spend)
		}
	}
	slices.SortFunc(words, func(a, b uint64) int { return cmp.Compare(a>>32, b>>32) })
	for i, w := range words {
		x[i], m[i] = float64(w>>32), spend[uint32(w)]
	}
}

// logLik returns the log-likelihood at (p, q, γ) and its gradient: for a
// customer with x repeat purchases of mean value m (the sum of x
// Gamma(p, ν) values is Gamma(px, ν), mixed over ν ~ Gamma(q, γ)):
//
//	ln L = lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + px ln x + (px-1) ln m
//	       - (px+q) ln(γ + x m)
func (d *spendData) logLik(par []float64, grad []float64) float64 {
	p, q, g := par[0], par[1], par[2]
	lgq, _ := math.Lgamma(q)
	psq := mathext.Digamma(q)
	lg := math.Log(g)
	var ll kahan
	var gp, gq, gg float64
	// The terms of x alone, once per distinct x.
	for i, x := range d.xs {
		n := d.nx[i]
		a, _ := math.Lgamma(p*x + q)
		c, _ := math.Lgamma(p * x)
		ll.add(n*(a-c-lgq+q*lg+p*x*math.Log(x)) + (p*x-1)*d.slm[i])
		dpq := mathext.Digamma(p*x + q)
		gp += x * (n*(dpq-mathext.Digamma(p*x)+math.Log(x)) + d.slm[i])
		gq += n * (dpq - psq + lg)
		gg += n * q / g
	}
	// The terms in ln(γ + x m), per customer, in chunks on every core.
	for _, c := range sumChunks(len(d.x), func(lo, hi int) partial {
		var l, a, b, e float64
		xs, ms := d.x[lo:hi], d.m[lo:hi]
		// The customers come by x: p x + q once per x, and the sum of
		// ln(γ + x m) over the customers of an x as the logarithm of their
		// product, its binary exponent taken out whenever it leaves
		// [2^-500, 2^500]: one math.Log per x instead of one per customer,
		// and no less exact than a sum of rounded logarithms.
		for j := 0; j < len(xs); {
			x := xs[j]
			w := p*x + q
			prod, exp, inv := 1.0, 0, 0.0
			for ; j < len(xs) && xs[j] == x; j++ {
				u := g + x*ms[j]
				prod *= u
				if prod > 0x1p500 || prod < 0x1p-500 {
					var k int
					prod, k = math.Frexp(prod)
					exp += k
				}
				inv += 1 / u
			}
			slu := math.Log(prod) + float64(exp)*math.Ln2
			l -= w * slu
			a -= x * slu
			b -= slu
			e -= w * inv
		}
		return partial{l, 0, a, b, e}
	}) {
		ll.add(c[0])
		ll.add(c[1])
		gp += c[2]
		gq += c[3]
		gg += c[4]
	}
	if grad != nil {
		grad[0], grad[1], grad[2] = gp, gq, gg
	}
	return ll.sum()
}

// ExpectedValue returns the expected value of a purchase of a customer
// with summary s (Fader, Hardie and Lee 2005b, eq. 5):
//
//	E[M | x, m_x] = p (γ + x m_x) / (p x + q - 1)
//	              = (q-1)/(px+q-1) × p γ/(q-1) + px/(px+q-1) × m_x
//
// a weighted mean of the population mean p γ/(q-1) and the customer's own
// mean m_x. For a customer with no repeat purchase it is the population
// mean. It is NaN when q <= 1 (the population mean is not finite) and x = 0.
func (f *SpendFit) ExpectedValue(s Summary) float64 {
	p, q, g := f.Params[0], f.Params[1], f.Params[2]
	x := float64(s.X)
	if s.X == 0 || s.Spend <= 0 {
		if q <= 1 {
			return math.NaN()
		}
		return p * g / (q - 1)
	}
	return p * (g + x*s.Spend) / (p*x + q - 1)
}
