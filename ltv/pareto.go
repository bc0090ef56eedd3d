package ltv

import (
	"lifecycle/internal/parallel"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// pnbd is the Pareto/NBD at parameters r, alpha, s, beta.
type pnbd struct {
	r, alpha, s, beta float64
}

func newPNBD(p []float64) pnbd { return pnbd{r: p[0], alpha: p[1], s: p[2], beta: p[3]} }

// logA returns ln A and its gradient with respect to (r, alpha, s, beta),
// where A is one of the two terms of the likelihood in the form of Fader
// and Hardie's note "Deriving the conditional PMF of the Pareto/NBD model"
// (2014, eq. 2), for a customer with x repeat purchases, at time t:
//
//	A1 (at t = t_x) = 2F1(r+s+x, s+1;   r+s+x+1; (α-β)/(α+t)) / (α+t)^(r+s+x)   if α >= β
//	                = 2F1(r+s+x, r+x;   r+s+x+1; (β-α)/(β+t)) / (β+t)^(r+s+x)   if α < β
//	A2 (at t = T)   = 2F1(r+s+x, s;     r+s+x+1; (α-β)/(α+t)) / (α+t)^(r+s+x)   if α >= β
//	                = 2F1(r+s+x, r+x+1; r+s+x+1; (β-α)/(β+t)) / (β+t)^(r+s+x)   if α < β
//
// The argument z is in [0, 1) whichever branch applies, and the 2F1 is of
// the form 2F1(a, b; a+1; z) that logHyp evaluates in logs: no power of
// (α+t) is ever formed, so the terms of heavy buyers (x in the hundreds)
// neither overflow nor underflow.
func (m pnbd) logA(x, t float64, second bool) (v float64, g [4]float64) {
	a := m.r + m.s + x
	var p1, z, omz, b float64
	ge := m.alpha >= m.beta
	if ge {
		p1 = m.alpha + t
		z = (m.alpha - m.beta) / p1
		omz = (m.beta + t) / p1
		b = m.s + 1
		if second {
			b = m.s
		}
	} else {
		p1 = m.beta + t
		z = (m.beta - m.alpha) / p1
		omz = (m.alpha + t) / p1
		b = m.r + x
		if second {
			b++
		}
	}
	h, ha, hb, hz := logHyp(a, b, z, omz)
	lp := math.Log(p1)
	v = h - a*lp
	g[0] = ha - lp
	g[2] = ha - lp
	if ge {
		g[2] += hb
		g[1] = hz*(m.beta+t)/(p1*p1) - a/p1
		g[3] = -hz / p1
	} else {
		g[0] += hb
		g[1] = -hz / p1
		g[3] = hz*(m.alpha+t)/(p1*p1) - a/p1
	}
	return v, g
}

// logLik returns the log-likelihood of one customer (Fader and Hardie 2014,
// eq. 2):
//
//	L = Γ(r+x) α^r β^s / Γ(r) × (s/(r+s+x) A1 + (r+x)/(r+s+x) A2)
//
// This form of Schmittlein, Morrison and Colombo's likelihood is a sum of
// two positive terms (the usual one, with A0 = A(t_x) - A(T), subtracts
// two nearly equal numbers when t_x is close to T), taken with log-sum-exp.
func (m pnbd) logLik(s Summary) float64 {
	x := float64(s.X)
	v1, _ := m.logA(x, s.Tx, false)
	v2, _ := m.logA(x, s.T, true)
	l, _ := logSumExp(math.Log(m.s)+v1, math.Log(m.r+x)+v2)
	lg1, _ := math.Lgamma(m.r + x)
	lg2, _ := math.Lgamma(m.r)
	return lg1 - lg2 + m.r*math.Log(m.alpha) + m.s*math.Log(m.beta) - math.Log(m.r+m.s+x) + l
}

// pAlive returns P(alive at T | x, t_x, T) (Fader and Hardie 2014, eq. 9):
//
//	Γ(r+x) α^r β^s / (Γ(r) (α+T)^(r+x) (β+T)^s) / L
func (m pnbd) pAlive(s Summary) float64 {
	x := float64(s.X)
	v1, _ := m.logA(x, s.Tx, false)
	v2, _ := m.logA(x, s.T, true)
	l, _ := logSumExp(math.Log(m.s)+v1, math.Log(m.r+x)+v2)
	d := -(m.r+x)*math.Log(m.alpha+s.T) - m.s*math.Log(m.beta+s.T) + math.Log(m.r+m.s+x) - l
	return math.Min(1, math.Exp(d))
}

// aliveFunc returns pAlive.
func (m pnbd) aliveFunc() func(s Summary) float64 { return m.pAlive }

// expected returns E[Y(t) | x, t_x, T] (Schmittlein, Morrison and Colombo
// 1987; Fader and Hardie 2005, "A note on deriving the Pareto/NBD model and
// related expressions"):
//
//	(r+x)(β+T) / ((α+T)(s-1)) [1 - ((β+T)/(β+T+t))^(s-1)] P(alive)
//
// with the bracket over (s-1) written -expm1((s-1) ln q)/(s-1), finite at
// s = 1 (where it is -ln q).
func (m pnbd) expected(s Summary, t float64) float64 {
	return m.expectedAlive(s, t, m.pAlive(s))
}

// expectedAlive is expected given alive, the customer's P(alive).
func (m pnbd) expectedAlive(s Summary, t, alive float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.perAlive(s.X, s.T, t) * alive
}

// perAlive is expected over P(alive) for t > 0: it depends on x and T,
// not on t_x.
func (m pnbd) perAlive(X int, T, t float64) float64 {
	x := float64(X)
	lq := -math.Log1p(t / (m.beta + T))
	return (m.r + x) * (m.beta + T) / (m.alpha + T) * -expm1Over(m.s-1, lq)
}

// cellRange returns the sums over cells [lo, hi) of the log-likelihood's
// per-cell term (two parts of a compensated sum) and of its gradient.
func (e *pnbdEval) cellRange(m pnbd, lo, hi int) partial {
	c := e.c
	var ll float64
	var g [4]float64
	ls := math.Log(m.s)
	for j := lo; j < hi; j++ {
		n := c.n[j]
		x := c.xs[c.xi[j]]
		i1, i2 := e.p1.of[j], e.p2.of[j]
		l, w1 := logSumExp(ls+e.v1[i1], math.Log(m.r+x)+e.v2[i2])
		w2 := 1 - w1
		ll += n * l
		g1, g2 := &e.g1[i1], &e.g2[i2]
		g[0] += n * (w1*g1[0] + w2*(1/(m.r+x)+g2[0]))
		g[1] += n * (w1*g1[1] + w2*g2[1])
		g[2] += n * (w1*(1/m.s+g1[2]) + w2*g2[2])
		g[3] += n * (w1*g1[3] + w2*g2[3])
	}
	return partial{ll, 0, g[0], g[1], g[2], g[3]}
}

// pnbdEval evaluates the Pareto/NBD log-likelihood of the cells.
type pnbdEval struct {
	c      *cells
	p1, p2 *pairs
	// per pair: ln A and its gradient
	v1, v2 []float64
	g1, g2 [][4]float64
}

func newPNBDEval(c *cells) *pnbdEval {
	e := &pnbdEval{c: c, p1: c.pairs(false), p2: c.pairs(true)}
	e.v1, e.g1 = make([]float64, len(e.p1.xi)), make([][4]float64, len(e.p1.xi))
	e.v2, e.g2 = make([]float64, len(e.p2.xi)), make([][4]float64, len(e.p2.xi))
	return e
}

// terms computes ln A of every pair, in parallel for many pairs.
func (e *pnbdEval) terms(m pnbd, p *pairs, second bool, v []float64, g [][4]float64) {
	do := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			v[i], g[i] = m.logA(e.c.xs[p.xi[i]], e.c.times[p.ti[i]], second)
		}
	}
	parallel.For(len(p.xi), 20_000, do)
}

// logLik returns the log-likelihood at p = (r, alpha, s, beta) and, when
// grad is not nil, its gradient with respect to p.
func (e *pnbdEval) logLik(p []float64, grad []float64) float64 {
	m := newPNBD(p)
	r, alpha, s, beta := m.r, m.alpha, m.s, m.beta
	c := e.c
	e.terms(m, e.p1, false, e.v1, e.g1)
	e.terms(m, e.p2, true, e.v2, e.g2)
	var ll kahan
	var g [4]float64
	lgr, _ := math.Lgamma(r)
	psr := mathext.Digamma(r)
	lal, lbe := math.Log(alpha), math.Log(beta)
	for i, x := range c.xs {
		n := c.nx[i]
		a := r + s + x
		lg, _ := math.Lgamma(r + x)
		ll.add(n * (lg - lgr + r*lal + s*lbe - math.Log(a)))
		g[0] += n * (mathext.Digamma(r+x) - psr + lal - 1/a)
		g[1] += n * r / alpha
		g[2] += n * (lbe - 1/a)
		g[3] += n * s / beta
	}
	for _, q := range sumChunks(len(c.n), func(lo, hi int) partial { return e.cellRange(m, lo, hi) }) {
		ll.add(q[0])
		ll.add(q[1])
		for k := range g {
			g[k] += q[2+k]
		}
	}
	if grad != nil {
		copy(grad, g[:])
	}
	return ll.sum()
}
