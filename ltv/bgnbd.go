package ltv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// bgFamily is the BG/NBD (shift 0) or the MBG/NBD (shift 1) at parameters
// r, alpha, a, b. The two differ in one place: in the BG/NBD a customer can
// drop out after each repeat purchase, in the MBG/NBD after every purchase,
// the first included, so k = x + shift purchases give a chance to leave.
type bgFamily struct {
	r, alpha, a, b float64
	shift          float64
}

func newBG(p []float64, shift float64) bgFamily {
	return bgFamily{r: p[0], alpha: p[1], a: p[2], b: p[3], shift: shift}
}

// bgEval evaluates the log-likelihood of the cells.
type bgEval struct {
	c     *cells
	shift float64
	// scratch, per distinct time and per distinct x
	lt, it          []float64
	la4, inv4, has4 []float64
}

func newBGEval(c *cells, shift float64) *bgEval {
	return &bgEval{c: c, shift: shift,
		lt: make([]float64, len(c.times)), it: make([]float64, len(c.times)),
		la4: make([]float64, len(c.xs)), inv4: make([]float64, len(c.xs)), has4: make([]float64, len(c.xs))}
}

// logLik returns the log-likelihood at p = (r, alpha, a, b) and, when grad
// is not nil, stores its gradient with respect to p in grad.
//
// BG/NBD (Fader, Hardie and Lee 2005, eq. 6):
//
//	L = B(a, b+x)/B(a, b) Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
//	  + δ(x>0) B(a+1, b+x-1)/B(a, b) Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))
//
// MBG/NBD (Batislam, Denizel and Filiztekin 2007):
//
//	L = B(a, b+x+1)/B(a, b) Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
//	  + B(a+1, b+x)/B(a, b) Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))
//
// With k = x + shift, both are e^l (e^u + e^v) with
//
//	l = lnΓ(r+x) - lnΓ(r) + r ln α + lnΓ(b+k) - lnΓ(b) + lnΓ(a+b) - lnΓ(a+b+k)
//	u = -(r+x) ln(α+T)
//	v = ln a - ln(b+k-1) - (r+x) ln(α+t_x)      (k >= 1; no v when k = 0)
//
// since B(a+1, b+k-1)/B(a, b+k) = a/(b+k-1); log(e^u + e^v) is taken
// with log-sum-exp, so heavy buyers ((α+T)^(r+x) far beyond a float) are
// exact. l depends on x alone and is summed once per distinct x.
func (e *bgEval) logLik(p []float64, grad []float64) float64 {
	r, alpha, a, b := p[0], p[1], p[2], p[3]
	c := e.c
	for k, t := range c.times {
		e.lt[k] = math.Log(alpha + t)
		e.it[k] = 1 / (alpha + t)
	}
	var ll kahan
	var gr, gal, ga, gb float64
	lgr, _ := math.Lgamma(r)
	lgb, _ := math.Lgamma(b)
	lgab, _ := math.Lgamma(a + b)
	psr, psb, psab := mathext.Digamma(r), mathext.Digamma(b), mathext.Digamma(a+b)
	la, lal := math.Log(a), math.Log(alpha)
	for i, x := range c.xs {
		k := x + e.shift
		n := c.nx[i]
		l1, _ := math.Lgamma(r + x)
		l2, _ := math.Lgamma(b + k)
		l3, _ := math.Lgamma(a + b + k)
		ll.add(n * (l1 - lgr + r*lal + l2 - lgb + lgab - l3))
		if grad != nil {
			pabk := mathext.Digamma(a + b + k)
			gr += n * (mathext.Digamma(r+x) - psr + lal)
			gal += n * r / alpha
			ga += n * (psab - pabk)
			gb += n * (mathext.Digamma(b+k) - psb + psab - pabk)
		}
		if k >= 1 {
			e.has4[i] = 1
			e.la4[i] = la - math.Log(b+k-1)
			e.inv4[i] = 1 / (b + k - 1)
		} else {
			e.has4[i] = 0
		}
	}
	// The cells, in chunks on every core; the chunks' sums are added in
	// chunk order, so the result does not depend on the cores.
	var w4a, w4b float64
	for _, p := range sumChunks(len(c.n), func(lo, hi int) partial { return e.cellRange(r, lo, hi) }) {
		ll.add(p[0])
		ll.add(p[1])
		gr += p[2]
		gal += p[3]
		w4a += p[4]
		w4b += p[5]
	}
	if grad != nil {
		grad[0] = gr
		grad[1] = gal
		grad[2] = ga + w4a/a
		grad[3] = gb - w4b
	}
	return ll.sum()
}

// cellRange returns the sums over cells [lo, hi) of the log-likelihood
// (and 0: the chunks' sums are added compensated), and of the gradient's
// parts: r, alpha, the weights w4 and w4/(b+k-1).
func (e *bgEval) cellRange(r float64, lo, hi int) partial {
	c := e.c
	var ll, gr, gal, w4a, w4b float64
	// log(e^u + e^v) = max(u, v) + log(1 + e^-|u-v|). The logarithms of
	// the second terms, each in (0, log 2], are taken of their product,
	// 512 at a time: one math.Log instead of 512.
	prod, count := 1.0, 0
	ns, xis, tis, txis := c.n[lo:hi], c.xi[lo:hi], c.ti[lo:hi], c.txi[lo:hi]
	lt, it := e.lt, e.it
	// The cells come by x: what depends on x is read once per x.
	for j := 0; j < len(ns); {
		xi := xis[j]
		end := j + 1
		for end < len(xis) && xis[end] == xi {
			end++
		}
		P := r + c.xs[xi]
		if e.has4[xi] == 0 {
			for ; j < end; j++ {
				n, ti := ns[j], tis[j]
				u := -P * lt[ti]
				ll += n * u
				gr -= n * lt[ti]
				gal -= n * P * it[ti]
			}
			continue
		}
		la4, inv4 := e.la4[xi], e.inv4[xi]
		for ; j < end; j++ {
			n, ti, txi := ns[j], tis[j], txis[j]
			u := -P * lt[ti]
			v := la4 - P*lt[txi]
			var f, w4 float64
			if v <= u {
				d := math.Exp(v - u)
				f = 1 + d
				w4 = d / f
				ll += n * u
			} else {
				d := math.Exp(u - v)
				f = 1 + d
				w4 = 1 / f
				ll += n * v
			}
			if n == 1 {
				prod *= f
				if count++; count == 512 {
					ll += math.Log(prod)
					prod, count = 1, 0
				}
			} else {
				ll += n * math.Log(f)
			}
			w3 := 1 - w4
			gr -= n * (w3*lt[ti] + w4*lt[txi])
			gal -= n * P * (w3*it[ti] + w4*it[txi])
			w4a += n * w4
			w4b += n * w4 * inv4
		}
	}
	ll += math.Log(prod)
	return partial{ll, 0, gr, gal, w4a, w4b}
}

// pAlive returns P(alive at T | x, t_x, T):
//
//	BG/NBD (Fader, Hardie and Lee 2008, "Computing P(alive) using the
//	BG/NBD model"):
//	  1 / (1 + δ(x>0) a/(b+x-1) ((α+T)/(α+t_x))^(r+x))
//	MBG/NBD (Batislam et al. 2007):
//	  1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x))
func (m bgFamily) pAlive(s Summary) float64 {
	k := float64(s.X) + m.shift
	if k < 1 {
		return 1
	}
	d := math.Log(m.a) - math.Log(m.b+k-1) + (m.r+float64(s.X))*math.Log1p((s.T-s.Tx)/(m.alpha+s.Tx))
	return logistic(-d)
}

// aliveFunc returns pAlive, the same bit for bit, keeping the part that
// depends on x alone from one call to the next: quicker over summaries
// that come by x. It is for one goroutine.
func (m bgFamily) aliveFunc() func(s Summary) float64 {
	lastX, lk := -1, 0.0
	return func(s Summary) float64 {
		k := float64(s.X) + m.shift
		if k < 1 {
			return 1
		}
		if s.X != lastX {
			lastX, lk = s.X, math.Log(m.a)-math.Log(m.b+k-1)
		}
		d := lk + (m.r+float64(s.X))*math.Log1p((s.T-s.Tx)/(m.alpha+s.Tx))
		return logistic(-d)
	}
}

// logAliveFunc returns ln pAlive for one goroutine: logAliveDraws of m
// alone.
func (m bgFamily) logAliveFunc(maxK int) func(s Summary) float64 {
	f, out := logAliveDraws([]bgFamily{m}, maxK), make([]float64, 1)
	return func(s Summary) float64 {
		f(s, out)
		return out[0]
	}
}

// logAliveDraws returns, for one goroutine, a function that stores in
// out[d] ln pAlive of ms[d] (models of one family at the intervals'
// draws): -softplus(d), d as in pAlive with its log1p written ln(α+T) -
// ln(α+t_x), ln(a) - ln(b+x-1) kept while x stays the same (the cells come
// by x) and each ln(α+t) kept in a table by k = 7 t when t is k/7 for a
// whole k below maxK (whole days in weeks or in days), the draws' side by
// side, so that a cell finds its times once for all the draws. Two
// transcendental functions a draw, not three; not the same bits as ln
// pAlive (an absolute difference near 1e-15), which is why the point
// estimates do not use it.
func logAliveDraws(ms []bgFamily, maxK int) func(s Summary, out []float64) {
	D := len(ms)
	if D == 0 {
		return func(Summary, []float64) {}
	}
	lastX, lk := -1, make([]float64, D)
	table, filled := make([]float64, maxK*D), make([]bool, maxK)
	bufT, bufX := make([]float64, D), make([]float64, D)
	// logs returns ln(α+t) of each draw, from the table or into buf.
	logs := func(t float64, buf []float64) []float64 {
		k := math.Round(t * 7)
		if !(k >= 0 && k < float64(maxK) && k/7 == t) {
			for d, m := range ms {
				buf[d] = math.Log(m.alpha + t)
			}
			return buf
		}
		row := table[int(k)*D:][:D]
		if !filled[int(k)] {
			for d, m := range ms {
				row[d] = math.Log(m.alpha + t)
			}
			filled[int(k)] = true
		}
		return row
	}
	return func(s Summary, out []float64) {
		x := float64(s.X)
		if x+ms[0].shift < 1 {
			clear(out[:D])
			return
		}
		if s.X != lastX {
			lastX = s.X
			for d, m := range ms {
				k := x + m.shift
				lk[d] = math.Log(m.a) - math.Log(m.b+k-1)
			}
		}
		lT, lx := logs(s.T, bufT), logs(s.Tx, bufX)
		for d, m := range ms {
			v := lk[d] + (m.r+x)*(lT[d]-lx[d])
			// -softplus(v) = -ln(1 + e^v), without overflow.
			out[d] = -(math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))))
		}
	}
}

// expected returns E[Y(t) | x, t_x, T], the expected purchases in (T, T+t]:
//
//	BG/NBD (FHL 2005, eq. 10):
//	  (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] P(alive)
//	MBG/NBD (Batislam et al. 2007):
//	  (a+b+x)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; z)] P(alive)
//
// with z = t/(α+T+t). With C = a+b+x-1+shift, Euler's transformation turns
// the bracket into 1 - (1-z)^(a-1) 2F1(C-r-x, a-1; C; z), and writing that
// 2F1 as 1 + (a-1) S makes the bracket over (a-1)
//
//	-expm1((a-1) ln(1-z))/(a-1) - (1-z)^(a-1) S
//
// which has no large power, no cancellation and a finite limit at a = 1.
func (m bgFamily) expected(s Summary, t float64) float64 {
	return m.expectedAlive(s, t, m.pAlive(s))
}

// expectedAlive is expected given alive, the customer's P(alive).
func (m bgFamily) expectedAlive(s Summary, t, alive float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.perAlive(s.X, s.T, t) * alive
}

// perAlive is expected over P(alive), C V, for t > 0: it depends on x and
// T, not on t_x.
func (m bgFamily) perAlive(X int, T, t float64) float64 {
	x := float64(X)
	C := m.a + m.b + x - 1 + m.shift
	A := C - m.r - x
	z := t / (m.alpha + T + t)
	L := -math.Log1p(t / (m.alpha + T))
	V := -expm1Over(m.a-1, L) - math.Exp((m.a-1)*L)*expectSeries(A, m.a, C, z)
	return C * V
}

// logistic returns 1/(1+e^-d) without overflow.
func logistic(d float64) float64 {
	if d >= 0 {
		return 1 / (1 + math.Exp(-d))
	}
	e := math.Exp(d)
	return e / (1 + e)
}
