package ltv

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"lifecycle/dates"
	"lifecycle/orders"
)

// sharedData holds the shared datasets, absent from a fresh clone: tests
// that need them skip.
const sharedData = "../../shared/data/"

// cdnow reads the CDNOW sample (Fader and Hardie's 1/10 sample of CDNOW's
// first-quarter 1997 cohort) with its full history, or skips the test. The
// file has no header: sample id, date yyyymmdd and dollar value are
// columns 2, 3 and 5.
func cdnow(t testing.TB) *orders.Histories {
	t.Helper()
	f, err := os.Open(sharedData + "CDNOW_sample.txt")
	if os.IsNotExist(err) {
		t.Skip("CDNOW_sample.txt not present (../shared/data is not part of the repository)")
	}
	require.NoError(t, err)
	defer f.Close()
	var cols orders.Columns
	cols[orders.ColCustomer] = "2"
	cols[orders.ColDate] = "3"
	cols[orders.ColAmount] = "5"
	h, err := orders.Read([]orders.Input{{Name: "CDNOW_sample.txt", R: f}}, orders.Options{NoHeader: true, Columns: cols, MaxBad: 0.05})
	require.NoError(t, err)
	return h
}

// cdnowCalibration is the end of the papers' 39-week calibration period.
func cdnowCalibration(t testing.TB) int32 {
	d, err := dates.ParseDay("1997-09-30")
	require.NoError(t, err)
	return d
}

// cdnowSummaries returns the CDNOW sample's summaries in weeks at the end
// of the calibration period.
func cdnowSummaries(t testing.TB) []Summary {
	h := cdnow(t).Until(cdnowCalibration(t))
	cs, none := Summarize(h, Week)
	require.Zero(t, none)
	return Summaries(cs)
}

// simulateBG draws n customers from the BG/NBD with parameters r, alpha,
// a, b (rates per week), each first buying at a time uniform over the maxT
// weeks before the as-of day; times are then cut to whole days as the
// summaries of real orders are (x counts distinct days).
func simulateBG(n int, r, alpha, a, b, maxT float64, seed uint64) []Summary {
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	rng := rand.New(src)
	lam := distuv.Gamma{Alpha: r, Beta: alpha, Src: src}
	drop := distuv.Beta{Alpha: a, Beta: b, Src: src}
	out := make([]Summary, n)
	for i := range out {
		l, p := lam.Rand(), drop.Rand()
		T := rng.Float64() * maxT
		// Days from the first purchase (at day 0 plus a fraction f) to
		// the end of the as-of day.
		f := rng.Float64()
		days := math.Floor(T*7 + f)
		last, lastDay, x := 0.0, 0.0, 0
		t := 0.0
		for {
			t += rng.ExpFloat64() / l
			if t > T {
				break
			}
			if d := math.Floor(t*7 + f); d != lastDay {
				x++
				lastDay = d
				last = d
			}
			if rng.Float64() < p {
				break
			}
		}
		out[i] = Summary{X: x, Tx: last / 7, T: days / 7}
	}
	return out
}

// within asserts that got is within rel (a fraction) of want.
func within(t *testing.T, want, got, rel float64, what string) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s = %.6g, want %.6g within %.2g%%", what, got, want, 100*rel)
	}
}
