package ltv

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/integrate/quad"
)

// TestCDNOWFits fits every model to the CDNOW sample's 39-week calibration
// period (2,357 customers, weeks) and compares with the published
// estimates. Tolerances: half a unit of the last published digit (the
// optimisers stop at slightly different points of a flat maximum) unless
// said otherwise; log-likelihoods to 0.01.
func TestCDNOWFits(t *testing.T) {
	cs := cdnowSummaries(t)
	require.Len(t, cs, 2357)

	t.Run("bgnbd", func(t *testing.T) {
		f, err := Estimate(BGNBD, cs)
		require.NoError(t, err)
		assert.True(t, f.Converged)
		// R BTYD 2.4.3, bgnbd.EstimateParameters(cal.cbs): 0.2425982,
		// 4.4136842, 0.7929899, 2.4261667; Fader, Hardie and Lee (2005),
		// table 1: 0.243, 4.414, 0.793, 2.426, LL -9582.4. To 2e-4
		// relative (BTYD's own optimiser tolerance).
		for i, want := range []float64{0.2425982, 4.4136842, 0.7929899, 2.4261667} {
			within(t, want, f.Params[i], 2e-4, BGNBD.ParamNames()[i])
		}
		assert.InDelta(t, -9582.43, f.LogLikelihood, 0.01)
		// Standard errors: Python lifetimes' quickstart, BetaGeoFitter on
		// load_cdnow_summary (the same customers): 0.012557, 0.378221,
		// 0.185719, 0.705345 (to 1%: a finite-difference Hessian each).
		for i, want := range []float64{0.012557, 0.378221, 0.185719, 0.705345} {
			within(t, want, f.StdErrors[i], 0.01, "se "+BGNBD.ParamNames()[i])
		}
		assert.Equal(t, 2357, f.Customers)
	})
	t.Run("pareto-nbd", func(t *testing.T) {
		f, err := Estimate(ParetoNBD, cs)
		require.NoError(t, err)
		assert.True(t, f.Converged)
		// Fader, Hardie and Lee (2005), table 1; BTYD pnbd vignette:
		// r 0.553, alpha 10.58, s 0.606, beta 11.67, LL -9594.98. The
		// likelihood is flat along s and beta: beta to 0.5%.
		within(t, 0.553, f.Params[0], 0.0005/0.553, "r")
		within(t, 10.58, f.Params[1], 0.005/10.58, "alpha")
		within(t, 0.606, f.Params[2], 0.0005/0.606, "s")
		within(t, 11.67, f.Params[3], 0.005, "beta")
		assert.InDelta(t, -9594.98, f.LogLikelihood, 0.01)
	})
	t.Run("mbgnbd", func(t *testing.T) {
		f, err := Estimate(MBGNBD, cs)
		require.NoError(t, err)
		assert.True(t, f.Converged)
		// R BTYDplus mbgnbd.EstimateParameters on the CDNOW sample, as
		// quoted by Python lifetimes' tests: 0.525, 6.183, 0.891, 1.614.
		for i, want := range []float64{0.525, 6.183, 0.891, 1.614} {
			within(t, want, f.Params[i], 0.0005/want+1e-12, MBGNBD.ParamNames()[i])
		}
	})
	t.Run("gamma-gamma", func(t *testing.T) {
		g, err := EstimateSpend(cs)
		require.NoError(t, err)
		assert.True(t, g.Converged)
		// Fader, Hardie and Lee (2005b) and Fader and Hardie (2013): 946
		// repeat buyers, p 6.25, q 3.74, gamma 15.44, LL -4055.92.
		assert.Equal(t, 946, g.Customers)
		for i, want := range []float64{6.25, 3.74, 15.44} {
			within(t, want, g.Params[i], 0.005/want, []string{"p", "q", "gamma"}[i])
		}
		assert.InDelta(t, -4055.92, g.LogLikelihood, 0.01)
		// Python lifetimes' Gamma-Gamma documentation: the correlation of
		// frequency and monetary value of these customers is 0.113884.
		assert.InDelta(t, 0.113884, g.Correlation, 1e-5)
	})
}

// TestPublishedPredictions checks per-customer predictions at the
// published parameters. Tolerance: half a unit of the last published digit.
func TestPublishedPredictions(t *testing.T) {
	c1516 := Summary{X: 26, Tx: 30.86, T: 31}
	// Fader, Hardie and Lee (2005) section 5 and BTYD's vignette, with the
	// BTYD estimates: 25.757 purchases in the next 52 weeks; P(alive)
	// 0.9689 (BTYD bgnbd.PAlive).
	bg := &Fit{Model: BGNBD, Params: []float64{0.2425982, 4.4136842, 0.7929899, 2.4261667}}
	assert.InDelta(t, 25.757, bg.Expected(c1516, 52), 0.0015)
	assert.InDelta(t, 0.9689, bg.PAlive(c1516), 0.00005)
	// BTYD vignette, the sample's customer 1 (x 2, t_x 30.43, T 38.86):
	// 1.226 purchases in 39 weeks.
	assert.InDelta(t, 1.226, bg.Expected(Summary{X: 2, Tx: 30.43, T: 38.86}, 39), 0.0005)
	// BTYD pnbd vignette: 25.456 and P(alive) 0.9979 at r 0.553, alpha
	// 10.58, s 0.606, beta 11.67 (the rounded estimates; 25.4574 with
	// them, 25.456 is quoted: 0.0015).
	pn := &Fit{Model: ParetoNBD, Params: []float64{0.553, 10.58, 0.606, 11.67}}
	assert.InDelta(t, 25.456, pn.Expected(c1516, 52), 0.0015)
	assert.InDelta(t, 0.9979, pn.PAlive(c1516), 0.00005)
}

// The papers' formulas, written out plainly (powers and gamma functions,
// the Gauss series of 2F1), for customers whose numbers stay in range: the
// package evaluates other, transformed forms.

// gauss2F1 sums the Gauss series of 2F1(a, b; c; z) for |z| < 1.
func gauss2F1(a, b, c, z float64) float64 {
	term, sum := 1.0, 1.0
	for j := 0.0; j < 100000; j++ {
		term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z
		sum += term
		if math.Abs(term) < 1e-17*math.Abs(sum) && j > 10 {
			break
		}
	}
	return sum
}

func lbeta(a, b float64) float64 {
	x, _ := math.Lgamma(a)
	y, _ := math.Lgamma(b)
	z, _ := math.Lgamma(a + b)
	return x + y - z
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// plainBG is FHL (2005) eq. 6 (shift 0) or the MBG/NBD likelihood (shift 1).
func plainBG(p []float64, shift float64, s Summary) float64 {
	r, al, a, b := p[0], p[1], p[2], p[3]
	x := float64(s.X)
	g := math.Exp(lgamma(r+x) - lgamma(r))
	l := math.Exp(lbeta(a, b+x+shift)-lbeta(a, b)) * g * math.Pow(al, r) / math.Pow(al+s.T, r+x)
	if x+shift > 0 {
		l += math.Exp(lbeta(a+1, b+x+shift-1)-lbeta(a, b)) * g * math.Pow(al, r) / math.Pow(al+s.Tx, r+x)
	}
	return math.Log(l)
}

// plainPNBD is the Pareto/NBD likelihood in Schmittlein et al.'s form with
// A0 (Fader and Hardie 2005, "A note on deriving the Pareto/NBD model",
// eq. 22-24), and P(alive) from it.
func plainPNBD(p []float64, s Summary) (logL, alive float64) {
	r, al, sh, be := p[0], p[1], p[2], p[3]
	x := float64(s.X)
	a := r + sh + x
	var A0 float64
	if al >= be {
		A0 = gauss2F1(a, sh+1, a+1, (al-be)/(al+s.Tx))/math.Pow(al+s.Tx, a) -
			gauss2F1(a, sh+1, a+1, (al-be)/(al+s.T))/math.Pow(al+s.T, a)
	} else {
		A0 = gauss2F1(a, r+x, a+1, (be-al)/(be+s.Tx))/math.Pow(be+s.Tx, a) -
			gauss2F1(a, r+x, a+1, (be-al)/(be+s.T))/math.Pow(be+s.T, a)
	}
	first := 1 / (math.Pow(al+s.T, r+x) * math.Pow(be+s.T, sh))
	C := math.Exp(lgamma(r+x)-lgamma(r)) * math.Pow(al, r) * math.Pow(be, sh)
	L := C * (first + sh/a*A0)
	return math.Log(L), C * first / L
}

// quadPNBD is the Pareto/NBD log-likelihood from its integral form,
//
//	L = C [ (α+T)^-(r+x) (β+T)^-s + s ∫_tx^T (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ]
//
// (the individual likelihood λ^x e^-(λ+μ)T + λ^x μ ∫_tx^T e^-(λ+μ)τ dτ
// averaged over the gammas), with the integral by Gauss-Legendre in
// logarithms: valid for heavy buyers.
func quadPNBD(p []float64, s Summary) float64 {
	r, al, sh, be := p[0], p[1], p[2], p[3]
	x := float64(s.X)
	logf := func(tau float64) float64 {
		return -(r+x)*math.Log(al+tau) - (sh+1)*math.Log(be+tau)
	}
	m := logf(s.Tx) // the integrand decreases: its largest value
	I := 0.0
	if s.T > s.Tx {
		// Pieces of geometrically growing width: the integrand of a heavy
		// buyer falls by e within (α+t_x)/(r+x).
		lo, w := s.Tx, (al+s.Tx)/(r+x+sh+1)/8
		for lo < s.T {
			hi := math.Min(s.T, lo+w)
			I += quad.Fixed(func(tau float64) float64 { return math.Exp(logf(tau) - m) }, lo, hi, 20, quad.Legendre{}, 0)
			lo, w = hi, 2*w
		}
	}
	first := -(r+x)*math.Log(al+s.T) - sh*math.Log(be+s.T)
	var l float64
	if I > 0 {
		l, _ = logSumExp(first, math.Log(sh)+m+math.Log(I))
	} else {
		l = first
	}
	return lgamma(r+x) - lgamma(r) + r*math.Log(al) + sh*math.Log(be) + l
}

// customers spans light and heavy buyers, recent and lapsed.
var customers = []Summary{
	{0, 0, 38.86, 0}, {0, 0, 0.5, 0}, {1, 2, 3, 0}, {1, 0.14, 30, 0}, {2, 30.43, 38.86, 0},
	{5, 10, 12, 0}, {7, 35, 35, 0}, {12, 20, 39, 0}, {26, 30.86, 31, 0}, {40, 38.7, 39, 0},
}

var (
	bgParams   = []float64{0.2425982, 4.4136842, 0.7929899, 2.4261667}
	pnbdParams = [][]float64{
		{0.553, 10.58, 0.606, 11.67}, // alpha < beta
		{0.553, 11.67, 0.606, 10.58}, // alpha > beta
		{0.8, 3, 1.5, 3},             // alpha = beta
		{0.3, 2, 0.4, 60},            // beta far above alpha: z near 1
	}
)

// TestLikelihoodsAgainstPaperFormulas compares the package's log-likelihoods
// with the papers' formulas evaluated plainly (to 1e-10 relative).
func TestLikelihoodsAgainstPaperFormulas(t *testing.T) {
	for _, shift := range []float64{0, 1} {
		for _, s := range customers {
			got, err := (&Fit{Model: []Model{BGNBD, MBGNBD}[int(shift)], Params: bgParams}).LogLikelihoodOf([]Summary{s})
			require.NoError(t, err)
			assert.InEpsilon(t, plainBG(bgParams, shift, s), got, 1e-10, "shift %v %v", shift, s)
		}
	}
	for _, p := range pnbdParams {
		for _, s := range customers {
			want, alive := plainPNBD(p, s)
			m := newPNBD(p)
			assert.InEpsilon(t, want, m.logLik(s), 1e-9, "%v %v", p, s)
			assert.InEpsilon(t, want, quadPNBD(p, s), 1e-9, "quadrature %v %v", p, s)
			assert.InEpsilon(t, alive, m.pAlive(s), 1e-8, "P(alive) %v %v", p, s)
			got, err := (&Fit{Model: ParetoNBD, Params: p}).LogLikelihoodOf([]Summary{s})
			require.NoError(t, err)
			assert.InEpsilon(t, want, got, 1e-9)
		}
	}
}

// TestHeavyBuyers: hundreds of repeat purchases, where (α+T)^(r+s+x)
// overflows and the plain formulas give NaN or Inf: the log-likelihood is
// finite and equals the integral form's; P(alive) and the expectations
// are finite, P(alive) in [0, 1].
func TestHeavyBuyers(t *testing.T) {
	heavy := []Summary{{300, 38.9, 39, 0}, {1000, 100, 104, 0}, {500, 20, 104, 0}, {2000, 400, 400, 0}}
	for _, p := range pnbdParams {
		for _, s := range heavy {
			m := newPNBD(p)
			l := m.logLik(s)
			require.False(t, math.IsNaN(l) || math.IsInf(l, 0), "%v %v: %v", p, s, l)
			assert.InEpsilon(t, quadPNBD(p, s), l, 1e-9, "%v %v", p, s)
			a := m.pAlive(s)
			assert.True(t, a >= 0 && a <= 1, "P(alive) %v", a)
			e := m.expected(s, 52)
			assert.True(t, e >= 0 && !math.IsInf(e, 0), "E %v", e)
		}
	}
	for _, model := range []Model{BGNBD, MBGNBD} {
		f := &Fit{Model: model, Params: bgParams}
		for _, s := range heavy {
			a, e := f.PAlive(s), f.Expected(s, 52)
			assert.True(t, a >= 0 && a <= 1, "P(alive) %v", a)
			assert.True(t, e >= 0 && !math.IsInf(e, 0) && !math.IsNaN(e), "%v E %v", s, e)
			ll, err := f.LogLikelihoodOf([]Summary{s})
			require.NoError(t, err)
			assert.False(t, math.IsNaN(ll) || math.IsInf(ll, 0))
		}
	}
}

// TestExpectationsAgainstPaperFormulas: E[Y(t) | x, t_x, T] of the BG/NBD
// and MBG/NBD by FHL (2005) eq. 10 and Batislam et al. (2007) written
// plainly, and E[X(t)] of the Pareto/NBD by its closed form.
func TestExpectationsAgainstPaperFormulas(t *testing.T) {
	r, al, a, b := bgParams[0], bgParams[1], bgParams[2], bgParams[3]
	for _, shift := range []float64{0, 1} {
		f := &Fit{Model: []Model{BGNBD, MBGNBD}[int(shift)], Params: bgParams}
		for _, s := range customers {
			for _, h := range []float64{1, 39, 52, 200} {
				x := float64(s.X)
				z := h / (al + s.T + h)
				F := gauss2F1(r+x, b+x+shift, a+b+x-1+shift, z)
				num := (a + b + x - 1 + shift) / (a - 1) * (1 - math.Pow((al+s.T)/(al+s.T+h), r+x)*F)
				den := 1.0
				if x+shift > 0 {
					den += a / (b + x + shift - 1) * math.Pow((al+s.T)/(al+s.Tx), r+x)
				}
				assert.InEpsilon(t, num/den, f.Expected(s, h), 1e-9, "shift %v %v t %v", shift, s, h)
			}
		}
	}
	for _, p := range pnbdParams {
		f := &Fit{Model: ParetoNBD, Params: p}
		for _, h := range []float64{1, 39, 52, 200} {
			want := p[0] * p[3] / (p[1] * (p[2] - 1)) * (1 - math.Pow(p[3]/(p[3]+h), p[2]-1))
			assert.InEpsilon(t, want, f.ExpectedNew(h), 1e-12)
		}
	}
	// a = 1 and s = 1, where the formulas divide 0 by 0, are their limits.
	for _, m := range []Model{BGNBD, MBGNBD, ParetoNBD} {
		p := []float64{0.5, 5, 1, 2}
		q := []float64{0.5, 5, 1 + 1e-7, 2}
		s := Summary{X: 3, Tx: 20, T: 30}
		assert.InEpsilon(t, (&Fit{Model: m, Params: q}).Expected(s, 52), (&Fit{Model: m, Params: p}).Expected(s, 52), 1e-6, "%v", m)
	}
}

// TestLogHyp checks logHyp against the Gauss series (small z) and against
// the Euler integral a ∫0^1 u^(a-1) (1 - z u)^(-b) du (any z), and its
// derivatives against central differences, for b < a+1 (the Pareto/NBD's
// b is s, s+1, r+x or r+x+1, always below a+1 = r+s+x+1).
func TestLogHyp(t *testing.T) {
	cases := [][3]float64{ // a, b, z
		{1.2, 1.6, 0}, {1.2, 1.6, 0.1}, {27, 1.6, 0.3}, {27, 26.5, 0.3}, {3, 0.5, 0.9},
		{300.5, 300.3, 0.05}, {1.5, 0.4, 0.99}, {40, 39.2, 0.95}, {0.7, 1.5, 0.6},
	}
	for _, c := range cases {
		a, b, z := c[0], c[1], c[2]
		v, da, db, dz := logHyp(a, b, z, 1-z)
		// The integral, in pieces halving toward both ends, where
		// u^(a-1) and (1 - z u)^(-b) may be steep.
		f := func(u float64) float64 { return a * math.Pow(u, a-1) * math.Pow(1-z*u, -b) }
		I := 0.0
		for k := 1; k <= 60; k++ {
			w := math.Pow(2, -float64(k))
			I += quad.Fixed(f, w/2, w, 20, quad.Legendre{}, 0)
			I += quad.Fixed(f, 1-w, 1-w/2, 20, quad.Legendre{}, 0)
		}
		assert.InDelta(t, math.Log(I), v, 1e-9, "%v", c)
		if z < 0.5 {
			assert.InDelta(t, math.Log(gauss2F1(a, b, a+1, z)), v, 1e-12, "%v", c)
		}
		num := fd.Gradient(nil, func(p []float64) float64 {
			w, _, _, _ := logHyp(p[0], p[1], p[2], 1-p[2])
			return w
		}, []float64{a, b, z}, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i, d := range []float64{da, db, dz} {
			assert.InDelta(t, num[i], d, 1e-6*math.Max(1, math.Abs(d)), "%v d%d", c, i)
		}
	}
}

// TestGradients compares the analytic gradients of every likelihood with
// central differences, on simulated customers at parameters away from the
// maximum.
func TestGradients(t *testing.T) {
	cs := simulateBG(3000, 0.3, 5, 0.8, 2.5, 60, 1)
	cs = append(cs, customers...)
	c := group(cs)
	evals := map[string]func(p, g []float64) float64{
		"bgnbd":  newBGEval(c, 0).logLik,
		"mbgnbd": newBGEval(c, 1).logLik,
		"pnbd":   newPNBDEval(c).logLik,
	}
	points := [][]float64{{0.4, 6, 0.9, 2}, {0.25, 3, 1.4, 0.8}, {0.6, 10, 0.5, 30}, {0.6, 30, 0.5, 10}}
	for name, ll := range evals {
		for _, p := range points {
			g := make([]float64, 4)
			ll(p, g)
			num := fd.Gradient(nil, func(q []float64) float64 { return ll(q, nil) }, p, &fd.Settings{Formula: fd.Central, Step: 1e-6})
			for i := range g {
				assert.InDelta(t, num[i], g[i], 1e-5*math.Max(1, math.Abs(g[i])), "%s %v d%d", name, p, i)
			}
		}
	}
	// Gamma-Gamma, on the CDNOW-like spends of a simulation.
	var sp []Summary
	for i, s := range cs {
		if s.X > 0 {
			s.Spend = 10 + float64(i%97)
			sp = append(sp, s)
		}
	}
	slices.SortStableFunc(sp, func(a, b Summary) int { return a.X - b.X })
	d := spendDataOf(t, sp)
	for _, p := range [][]float64{{6, 3.7, 15}, {2, 1.5, 40}} {
		g := make([]float64, 3)
		d.logLik(p, g)
		num := fd.Gradient(nil, func(q []float64) float64 { return d.logLik(q, nil) }, p, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i := range g {
			assert.InDelta(t, num[i], g[i], 1e-5*math.Max(1, math.Abs(g[i])), "gamma-gamma %v d%d", p, i)
		}
	}
}

// spendDataOf builds the Gamma-Gamma data of cs as EstimateSpend does.
func spendDataOf(t *testing.T, cs []Summary) *spendData {
	t.Helper()
	d := &spendData{}
	for _, c := range cs {
		x := float64(c.X)
		if len(d.xs) == 0 || d.xs[len(d.xs)-1] != x {
			require.True(t, len(d.xs) == 0 || x > d.xs[len(d.xs)-1], "sorted by x")
			d.xs = append(d.xs, x)
			d.nx = append(d.nx, 0)
			d.slm = append(d.slm, 0)
		}
		d.x = append(d.x, x)
		d.m = append(d.m, c.Spend)
		d.lm = append(d.lm, math.Log(c.Spend))
		d.nx[len(d.nx)-1]++
		d.slm[len(d.slm)-1] += math.Log(c.Spend)
	}
	return d
}

// TestGammaGammaExpectedValue: FHL (2005b) eq. 5 at the published
// parameters is a weighted mean of the population mean p γ/(q-1) = 35.85
// and the customer's own mean.
func TestGammaGammaExpectedValue(t *testing.T) {
	g := &SpendFit{Params: []float64{6.25, 3.74, 15.44}}
	pop := 6.25 * 15.44 / 2.74
	assert.InDelta(t, pop, g.ExpectedValue(Summary{}), 1e-12)
	for _, s := range []Summary{{X: 1, Spend: 10}, {X: 5, Spend: 100}, {X: 40, Spend: 35}} {
		x := float64(s.X)
		w := 6.25 * x / (6.25*x + 2.74)
		assert.InDelta(t, (1-w)*pop+w*s.Spend, g.ExpectedValue(s), 1e-9)
	}
	assert.True(t, math.IsNaN((&SpendFit{Params: []float64{1, 0.8, 2}}).ExpectedValue(Summary{})), "q <= 1: no population mean")
}

// TestUnidentifiable: data that cannot identify a model is a typed error
// naming the reason, never NaN parameters.
func TestUnidentifiable(t *testing.T) {
	tests := []struct {
		name string
		cs   []Summary
		want string
	}{
		{"no customers", nil, "no customers"},
		{"no repeat buyer", []Summary{{T: 10}, {T: 3}}, "no customer made a repeat purchase"},
		{"one day", []Summary{{}, {}}, "every purchase is on the as-of day"},
	}
	for _, tt := range tests {
		for _, m := range []Model{BGNBD, ParetoNBD, MBGNBD} {
			f, err := Estimate(m, tt.cs)
			assert.Nil(t, f)
			var ue *UnidentifiableError
			require.True(t, errors.As(err, &ue), "%s %v: %v", tt.name, m, err)
			assert.ErrorIs(t, err, ErrUnidentifiable)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), m.String())
		}
	}
	_, err := EstimateSpend([]Summary{{1, 1, 2, 10}})
	assert.ErrorIs(t, err, ErrUnidentifiable)
	_, err = EstimateSpend([]Summary{{1, 1, 2, 10}, {3, 1, 2, 10}})
	assert.ErrorIs(t, err, ErrUnidentifiable)
	assert.Contains(t, err.Error(), "same mean spend")

	_, err = Estimate(BGNBD, []Summary{{1, 3, 2, 0}})
	assert.ErrorIs(t, err, ErrSummary, "t_x > T")
	_, err = Estimate(BGNBD, []Summary{{1, 1, math.NaN(), 0}})
	assert.ErrorIs(t, err, ErrSummary, "NaN")
}

// TestProperties: P(alive) in [0, 1], expectations non-negative and
// increasing in the horizon, CLV non-negative, on the CDNOW fits.
func TestProperties(t *testing.T) {
	cs := cdnowSummaries(t)
	g, err := EstimateSpend(cs)
	require.NoError(t, err)
	for _, m := range []Model{BGNBD, ParetoNBD, MBGNBD} {
		f, err := Estimate(m, cs)
		require.NoError(t, err)
		p := Projection{Horizon: 52, Margin: 0.3, Discount: 0.1, UnitsPerYear: UnitsPerYear(Week)}
		vs := Project(f, g, cs, p)
		for i, v := range vs {
			require.True(t, v.PAlive >= 0 && v.PAlive <= 1, "%v %v", m, v)
			require.True(t, v.Purchases >= 0, "%v %v", m, v)
			require.True(t, v.CLV >= 0, "%v %v", m, v)
			require.True(t, v.OrderValue > 0, "%v %v", m, v)
			e1, e2 := f.Expected(cs[i], 26), f.Expected(cs[i], 52)
			require.True(t, e2 >= e1 && e1 >= 0)
			// Discounting lowers value, never below a year's discount.
			undisc := p.Margin * v.OrderValue * v.Purchases
			require.True(t, v.CLV <= undisc*(1+1e-12) && v.CLV >= undisc/1.1*(1-1e-12), "%v %v", v.CLV, undisc)
		}
	}
}

// TestDiscounting: with purchases spread evenly over a year, the monthly
// steps discount each twelfth from its month's end.
func TestDiscounting(t *testing.T) {
	p := Projection{Horizon: 12, Discount: 0.2, UnitsPerYear: 12, Margin: 1}
	plain, disc := p.discounted(func(t float64) float64 { return t })
	assert.InDelta(t, 12, plain, 1e-12)
	want := 0.0
	for k := 1; k <= 12; k++ {
		want += 1 / math.Pow(1.2, float64(k)/12)
	}
	assert.InDelta(t, want, disc, 1e-12)
	p.Discount = 0
	plain, disc = p.discounted(func(t float64) float64 { return 2 * t })
	assert.Equal(t, 24.0, plain)
	assert.Equal(t, 24.0, disc)
}

// TestGroupFallback: the grouping by sorted words and the grouping by
// sorted triples (for summaries too many or too large for a word) give the
// same cells, and the likelihood the same value.
func TestGroupFallback(t *testing.T) {
	cs := simulateBG(20000, 0.3, 5, 0.8, 2.5, 60, 9)
	a := group(cs)
	sc, ok := sortSummaries(cs)
	require.True(t, ok)
	b := groupTriples(&cells{customers: float64(len(cs))}, cs, sc.times)
	assert.Equal(t, a.xs, b.xs)
	assert.Equal(t, a.nx, b.nx)
	assert.Equal(t, a.times, b.times)
	assert.Equal(t, a.xi, b.xi)
	assert.Equal(t, a.txi, b.txi)
	assert.Equal(t, a.ti, b.ti)
	assert.Equal(t, a.n, b.n)
	assert.Equal(t, float64(len(cs)), sumOf(a.n))
	p := []float64{0.3, 5, 0.8, 2.5}
	assert.Equal(t, newBGEval(a, 0).logLik(p, nil), newBGEval(b, 0).logLik(p, nil))
	// x beyond a word with the time indexes: the fallback is taken.
	big := append(slices.Clone(cs), Summary{X: 1 << 62, Tx: 1, T: 2})
	_, ok = sortSummaries(big)
	assert.False(t, ok)
	g := group(big)
	assert.Equal(t, float64(1<<62), g.xs[len(g.xs)-1])
}

func sumOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// TestGridTimes checks the table of whole-day times against the map it
// replaces: the same distinct times, the same index for every customer;
// with customers enough to be read on several cores.
func TestGridTimes(t *testing.T) {
	for _, per := range []float64{7, 1} {
		for _, n := range []int{5000, 250_000} {
			var cs []Summary
			maxX := 0
			for i := range n {
				first := int32(i * 7919 % 1500)
				last := first + int32(i*31%(1500-int(first)+1))
				x := 0
				if last > first {
					x = 1 + i%5 + i/200_000
				}
				maxX = max(maxX, x)
				cs = append(cs, Summary{X: x, Tx: float64(last-first) / per, T: float64(1500-first) / per})
			}
			ks := make([]uint64, n)
			slot, times, gotMaxX, ok := gridTimes(cs, ks)
			require.True(t, ok) // whole days are on the grid of sevenths too
			assert.Equal(t, maxX, gotMaxX)
			want, index := mapTimes(cs)
			assert.Equal(t, want, times)
			for i, s := range cs {
				assert.Equal(t, index[s.Tx], slot[ks[i]>>32])
				assert.Equal(t, index[s.T], slot[uint32(ks[i])])
			}
		}
	}
	// Times off the grid (a third of a day in weeks and days) use the map.
	_, _, _, ok := gridTimes([]Summary{{X: 1, Tx: 1, T: 2}, {X: 1, Tx: 1.0 / 21, T: 2}}, make([]uint64, 2))
	assert.False(t, ok)
	_, _, _, ok = gridTimes([]Summary{{X: 1, Tx: 1, T: maxGrid}}, make([]uint64, 1))
	assert.False(t, ok)
}

// TestGrouped checks that the grouped entry points give what Estimate,
// EstimateSpend and Project give, bit for bit, and that NoStdErrors leaves
// the estimates as they are.
func TestGrouped(t *testing.T) {
	cs := simulateBG(30000, 0.3, 5, 0.8, 2.5, 60, 11)
	// Whole days in weeks, as Summarize gives them (the table of times),
	// with spends for the Gamma-Gamma.
	for i := range cs {
		cs[i].Tx = math.Round(cs[i].Tx*7) / 7
		cs[i].T = math.Round(cs[i].T*7) / 7
		cs[i].Tx = math.Min(cs[i].Tx, cs[i].T)
		if cs[i].X == 0 {
			cs[i].Tx = 0
		} else {
			cs[i].Spend = 10 + float64(i%97)
		}
	}
	g, err := Group(cs)
	require.NoError(t, err)
	for _, m := range []Model{BGNBD, ParetoNBD, MBGNBD} {
		want, err := Estimate(m, cs)
		require.NoError(t, err)
		got, err := g.Estimate(m, Options{})
		require.NoError(t, err)
		assert.Equal(t, want, got, m.String())
		fast, err := g.Estimate(m, Options{NoStdErrors: true})
		require.NoError(t, err)
		assert.Equal(t, want.Params, fast.Params, m.String())
		assert.Equal(t, want.LogLikelihood, fast.LogLikelihood, m.String())
		for _, se := range fast.StdErrors {
			assert.True(t, math.IsNaN(se))
		}
		wantSpend, err := EstimateSpend(cs)
		require.NoError(t, err)
		gotSpend, err := g.EstimateSpend(Options{NoStdErrors: true})
		require.NoError(t, err)
		assert.Equal(t, wantSpend.Params, gotSpend.Params)
		assert.Equal(t, wantSpend.LogLikelihood, gotSpend.LogLikelihood)
		assert.True(t, math.IsNaN(gotSpend.StdErrors[0]))
		for _, d := range []float64{0, 0.1} {
			p := Projection{Horizon: 52, Margin: 0.5, Discount: d, UnitsPerYear: UnitsPerYear(Week)}
			assert.Equal(t, Project(want, wantSpend, cs, p), g.Project(want, wantSpend, p))
		}
	}
	_, err = Group([]Summary{{X: 1, Tx: 2, T: 1}})
	assert.ErrorIs(t, err, ErrSummary)
}
