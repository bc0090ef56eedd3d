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
func logHyp(a, b, z, omz float64) (v, da, db, dz float64) {
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
