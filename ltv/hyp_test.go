package ltv

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/integrate/quad"
)

// eulerIntegral returns I = int_w^1 (1-v)^(a-1) v^(-b) dv, which is
// int_0^z u^(a-1) (1-u)^(-b) du with z = 1-w, by Gauss-Legendre in pieces
// where the integrand is steep: doubling from v = w up to 1/2, and in
// y = 1-v halving from 1/2 toward 0, the last piece, y < ε = 2^-61, being
// ε^a/a to within a relative b ε.
func eulerIntegral(a, b, w float64) float64 {
	f := func(v float64) float64 { return math.Pow(1-v, a-1) * math.Pow(v, -b) }
	g := func(y float64) float64 { return math.Pow(y, a-1) * math.Pow(1-y, -b) }
	var I kahan
	for lo := w; lo < 0.5; lo *= 2 {
		I.add(quad.Fixed(f, lo, math.Min(0.5, 2*lo), 30, quad.Legendre{}, 0))
	}
	for k := 1; k <= 60; k++ {
		e := math.Pow(2, -float64(k))
		I.add(quad.Fixed(g, e/2, e, 30, quad.Legendre{}, 0))
	}
	I.add(math.Pow(2, -61*a) / a)
	return I.sum()
}

// TestLogHypNearOne checks logHyp where z is near 1 (splitLogHyp) against
// Euler's integral, 2F1(a, b; a+1; z) = a z^(-a) I, with dz from the same
// integral (d/dz log 2F1 = -a/z + z^(a-1) (1-z)^(-b) / I) and da, db
// against central differences; and against Euler's series where that is
// short enough to sum. The cases are the Pareto/NBD's: b = a - s (the
// first term) and b = a - s + 1 (the second), small and whole b included,
// with 1 - z = (alpha+t)/(beta+t) down to 1e-9 (beta a billion times
// alpha). Before splitLogHyp, the series stopped at maxTerms, far short of
// the 40/(1-z) terms it needs for a small b: at 1 - z = 1e-6 its value was
// off by up to 1 (a = b = 0.3).
func TestLogHypNearOne(t *testing.T) {
	for _, a := range []float64{0.05, 0.3, 0.8274, 1, 2, 3.7, 7.2, 45.5} {
		for _, b := range []float64{a - 1e-6, a - 0.3, a + 1 - 1e-6, a + 0.7, math.Ceil(a), a} {
			if b <= 0 || b >= a+1 {
				continue
			}
			for _, w := range []float64{1e-3, 1e-6, 1e-9} {
				// (1-b) ln w > 600: I overflows (logHyp does not).
				if !(w < 0.01 && w < splitPoint(a)/8) || (1-b)*math.Log(w) > 600 {
					continue
				}
				z := 1 - w
				v, da, db, dz := logHyp(a, b, z, w)
				I := eulerIntegral(a, b, w)
				want := math.Log(a) - a*math.Log(z) + math.Log(I)
				assert.InDelta(t, want, v, 1e-11*math.Max(1, math.Abs(want)), "a %g b %g w %g: value", a, b, w)
				wantDz := -a/z + math.Exp((a-1)*math.Log(z)-b*math.Log(w))/I
				assert.InEpsilon(t, wantDz, dz, 1e-9, "a %g b %g w %g: dz", a, b, w)
				at := func(a, b float64) float64 { v, _, _, _ := logHyp(a, b, z, w); return v }
				const h = 1e-6
				numA := (at(a+h, b) - at(a-h, b)) / (2 * h)
				numB := (at(a, b+h) - at(a, b-h)) / (2 * h)
				assert.InDelta(t, numA, da, 1e-6*math.Max(1, math.Abs(da)), "a %g b %g w %g: da", a, b, w)
				assert.InDelta(t, numB, db, 1e-6*math.Max(1, math.Abs(db)), "a %g b %g w %g: db", a, b, w)
				if w >= 1e-3 {
					ev, eda, edb, edz := eulerLogHyp(a, b, z, w)
					// The series' dz, sum j g_j, is the least precise.
					for i, p := range [][3]float64{{ev, v, 1e-11}, {eda, da, 1e-11}, {edb, db, 1e-11}, {edz, dz, 1e-9}} {
						assert.InDelta(t, p[0], p[1], p[2]*math.Max(1, math.Abs(p[0])), "a %g b %g w %g: against the series (%d)", a, b, w, i)
					}
				}
			}
		}
	}
}
