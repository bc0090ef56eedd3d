package ltv

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// maxTerms bounds every series. The series below have term ratios that
// tend to z < 1 from below, so they need about log(eps)/log(z) terms: 50
// at z = 1/2, 3,500 at z = 0.99.
const maxTerms = 200_000

// logHyp returns log 2F1(a, b; a+1; z) for a > 0, b > 0 and 0 <= z < 1, and
// its partial derivatives with respect to a, b and z. omz is 1 - z, given
// apart so that it keeps its precision when z is near 1.
//
// The series of Euler's transformation (eulerLogHyp) has terms that shrink
// like j^(-b) z^j: for a small b (a customer with few repeat purchases)
// and z near 1 it needs about 40/(1-z) terms, up to maxTerms. The
// Pareto/NBD meets such z when beta is far above alpha (alpha < beta
// branch, z = (beta-alpha)/(beta+t)), which is where its fit heads on data
// without dropout (s -> 0, beta -> infinity): on UCI Online Retail a
// likelihood then took 3 s. There the integral is split (splitLogHyp),
// which needs about 100 terms whatever z.
func logHyp(a, b, z, omz float64) (v, da, db, dz float64) {
	if w0 := splitPoint(a); omz < 0.01 && omz < w0/8 {
		return splitLogHyp(a, b, z, omz, w0)
	}
	return eulerLogHyp(a, b, z, omz)
}

// splitPoint returns where splitLogHyp splits its integral, as a distance
// w0 from 1: 1/2, or 1.5/a for a > 3, so that the binomial series of
// (1-v)^(a-1) over v <= w0, whose terms alternate for a > 1, loses at
// most ((1+w0)/(1-w0))^(a-1) <= e^3 to cancellation.
func splitPoint(a float64) float64 {
	return math.Min(0.5, 1.5/a)
}

// splitLogHyp is logHyp for z near 1, from the integral
//
//	2F1(a, b; a+1; z) = a z^(-a) I(z),  I(z) = int_0^z u^(a-1) (1-u)^(-b) du
//
// (Euler's integral with u = z t) split at z0 = 1 - w0:
//
//	I(z) = I(z0) + J,  J = int_w^w0 (1-v)^(a-1) v^(-b) dv  (v = 1-u, w = 1-z)
//
// I(z0) = z0^a 2F1(a, b; a+1; z0) / a is Euler's series at z0, which is
// short; in J, (1-v)^(a-1) = sum_k C_k v^k with C_k = (1-a)_k / k!, a
// series that shrinks like w0^k, and each power integrates exactly:
//
//	E_k = int_w^w0 v^(e-1) dv = (w0^e - w^e) / e = w^e L phi(e L),  e = k-b+1, L = ln(w0/w)
//
// with phi(y) = (e^y - 1)/y, which is finite where e = 0 (an integer b: the
// integral is then a logarithm) and is never a difference of near-equal
// numbers. J and its derivatives are summed scaled by w^(b-1), so that the
// terms neither overflow nor underflow. The derivatives: in a, term by
// term with dC_k/da by the recurrence of C_k; in b, dE_k/db = -dE_k/de =
// -E_k (ln w + L psi(e L)) with psi = phi'/phi; in z, dI/dz = z^(a-1) w^(-b).
func splitLogHyp(a, b, z, w, w0 float64) (v, da, db, dz float64) {
	z0 := 1 - w0
	v0, da0, db0, _ := eulerLogHyp(a, b, z0, w0)
	lw := math.Log(w)
	L := math.Log(w0) - lw
	// I(z0) w^(b-1) and its derivatives in a and b, over I(z0).
	i0 := math.Exp(a*math.Log(z0) - math.Log(a) + v0 + (b-1)*lw)
	S := i0
	Sa := i0 * (math.Log(z0) - 1/a + da0)
	Sb := i0 * db0
	C, dC := 1.0, 0.0
	for k := 0.0; k < maxTerms; k++ {
		e := k - b + 1
		y := e * L
		E := math.Exp(k*lw + math.Log(L) + logPhi(y)) // E_k w^(b-1)
		tv, ta, tb := C*E, dC*E, -C*E*(lw+L*psi(y))
		S += tv
		Sa += ta
		Sb += tb
		if k > b && k > a && math.Max(math.Abs(tv), math.Max(math.Abs(ta), math.Abs(tb))) <= 1e-17*math.Abs(S) {
			break
		}
		C, dC = C*(k+1-a)/(k+1), (dC*(k+1-a)-C)/(k+1)
	}
	v = math.Log(a) - a*math.Log(z) + (1-b)*lw + math.Log(S)
	da = 1/a - math.Log(z) + Sa/S
	db = Sb / S
	dz = -a/z + math.Exp((a-1)*math.Log(z))/(w*S)
	return v, da, db, dz
}

// logPhi returns ln((e^y - 1)/y), 0 at y = 0.
func logPhi(y float64) float64 {
	switch {
	case y == 0:
		return 0
	case math.Abs(y) < 1:
		return math.Log(math.Expm1(y) / y)
	case y > 0:
		return y + math.Log(-math.Expm1(-y)) - math.Log(y)
	}
	return math.Log(-math.Expm1(y)) - math.Log(-y)
}

// psi returns the derivative of logPhi: 1/(1 - e^(-y)) - 1/y, by its
// Taylor series (Bernoulli numbers) near 0, where the two terms cancel.
func psi(y float64) float64 {
	if math.Abs(y) < 0.1 {
		y2 := y * y
		return 0.5 + y*(1.0/12+y2*(-1.0/720+y2*(1.0/30240+y2*(-1.0/1209600))))
	}
	return -1/math.Expm1(-y) - 1/y
}

// eulerLogHyp is logHyp by the series of Euler's transformation.
//
// Euler's transformation (Abramowitz and Stegun 15.3.3) with c = a+1 gives
//
//	2F1(a, b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z)
//	                  = (1-z)^(1-b) sum_j (a+1-b)_j / (a+1)_j z^j,
//
// a series of positive terms whose ratios (a+1-b+j)/(a+1+j) z are below z:
// it never grows before it shrinks, whatever b, which is what makes it safe
// for heavy buyers (the Pareto/NBD's b is r+x when alpha < beta, where the
// plain series grows for about x z/(1-z) terms and its value overflows).
// The derivatives are summed term by term with the same ratios.
func eulerLogHyp(a, b, z, omz float64) (v, da, db, dz float64) {
	if z == 0 {
		return 0, 0, 0, a * b / (a + 1)
	}
	c := a + 1 - b
	A := a + 1
	g, G := 1.0, 1.0
	var sc, sd float64     // sum_{k<j} 1/(c+k); sum_{k<j} b/((c+k)(A+k))
	var Gc, Gd, Gz float64 // sum g_j sc_j; sum g_j sd_j; sum j g_j
	for j := 0.0; j < maxTerms; j++ {
		sc += 1 / (c + j)
		sd += b / ((c + j) * (A + j))
		g *= (c + j) / (A + j) * z
		G += g
		Gc += g * sc
		Gd += g * sd
		Gz += (j + 1) * g
		// The terms shrink at least as fast as z^j: the tail after this
		// term is below g z/(1-z), and that of sum j g_j below
		// g (j/(1-z) + 1/(1-z)^2).
		if g*(j+1+1/omz) <= 1e-17*G*omz {
			break
		}
	}
	lomz := math.Log(omz)
	v = (1-b)*lomz + math.Log(G)
	da = Gd / G
	db = -lomz - Gc/G
	dz = (b-1)/omz + Gz/(z*G)
	return v, da, db, dz
}

// expectSeries returns sum_{j>=1} (A)_j (a)_(j-1) / ((C)_j j!) z^j for
// 0 <= z < 1 and C > 0: the part of 2F1(A, a-1; C; z) = 1 + (a-1) S that
// the BG/NBD conditional expectation needs (see bgFamily.expected).
func expectSeries(A, a, C, z float64) float64 {
	if z == 0 {
		return 0
	}
	term := A / C * z
	S := term
	for j := 1.0; j < maxTerms; j++ {
		ratio := (A + j) * (a + j - 1) / ((C + j) * (j + 1)) * z
		term *= ratio
		S += term
		if math.Abs(term) <= 1e-17*math.Abs(S) && math.Abs(ratio) < 1 || term == 0 {
			break
		}
	}
	return S
}

// expm1Over returns (e^(e*l) - 1) / e, and its limit l at e = 0.
func expm1Over(e, l float64) float64 {
	if math.Abs(e*l) < 1e-9 {
		return l * (1 + e*l/2)
	}
	return math.Expm1(e*l) / e
}

// logSumExp returns log(e^u + e^v) and the weight e^u / (e^u + e^v).
func logSumExp(u, v float64) (float64, float64) {
	if u >= v {
		d := math.Exp(v - u)
		return u + math.Log1p(d), 1 / (1 + d)
	}
	d := math.Exp(u - v)
	return v + math.Log1p(d), d / (1 + d)
}

// kahan is a compensated (Neumaier) sum. A log-likelihood is a sum of up
// to millions of terms, and near the maximum the optimiser's steps change
// it by less than the rounding of a plain sum: it would then fail to find
// a step that improves it. Terms are summed plainly in chunks of
// chunkCells, the chunks' sums with kahan.
type kahan struct{ s, c float64 }

func (k *kahan) add(x float64) {
	t := k.s + x
	if math.Abs(k.s) >= math.Abs(x) {
		k.c += (k.s - t) + x
	} else {
		k.c += (x - t) + k.s
	}
	k.s = t
}

func (k *kahan) sum() float64 { return k.s + k.c }

// partial is a chunk's sums.
type partial [6]float64

// chunkCells is the number of cells a chunk of sumChunks holds.
const chunkCells = 1 << 14

// sumChunks runs f over [0, n) in chunks of chunkCells on every core and
// returns the chunks' results in chunk order: the caller adds them in that
// order, so that sums do not depend on the number of cores.
func sumChunks(n int, f func(lo, hi int) partial) []partial {
	chunks := (n + chunkCells - 1) / chunkCells
	out := make([]partial, chunks)
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers < 2 {
		for k := range out {
			out[k] = f(k*chunkCells, min(n, (k+1)*chunkCells))
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= chunks {
					return
				}
				out[k] = f(k*chunkCells, min(n, (k+1)*chunkCells))
			}
		})
	}
	wg.Wait()
	return out
}
