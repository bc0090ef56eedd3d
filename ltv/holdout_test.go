package ltv

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
)

// cdnowDays counts the CDNOW sample's distinct purchase days per customer
// straight from the file (whitespace-separated; sample id and yyyymmdd
// date in fields 2 and 3), independently of package orders.
func cdnowDays(t *testing.T) map[string]map[string]bool {
	t.Helper()
	f, err := os.Open(sharedData + "CDNOW_sample.txt")
	if os.IsNotExist(err) {
		t.Skip("CDNOW_sample.txt not present")
	}
	require.NoError(t, err)
	defer f.Close()
	days := map[string]map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 5 {
			continue
		}
		if days[fs[1]] == nil {
			days[fs[1]] = map[string]bool{}
		}
		days[fs[1]][fs[2]] = true
	}
	require.NoError(t, sc.Err())
	return days
}

// TestValidateCDNOW: the 39-week calibration and 39-week holdout of the
// papers. The actual figures are checked against counts made directly from
// the file; the fit against the published one; the predictions against
// the fit's own conditional expectations summed by hand.
func TestValidateCDNOW(t *testing.T) {
	h := cdnow(t)
	counts := cdnowDays(t)
	calEnd := cdnowCalibration(t)
	require.Equal(t, "1998-06-30", dates.DayString(h.AsOf))
	ho, err := Validate(h, h.AsOf-calEnd, BGNBD, Week)
	require.NoError(t, err)
	assert.Equal(t, calEnd, ho.CalibrationEnd)
	assert.InDelta(t, 39.0, ho.Length, 1e-12)
	assert.Equal(t, 2357, ho.Customers)
	assert.InDelta(t, -9582.43, ho.Fit.LogLikelihood, 0.01, "the published calibration fit")

	// Independent counts: repeat purchase days in the holdout, in all,
	// and customers by calibration repeat days.
	var holdout, repeats float64
	byX := make([]int, holdoutMaxX+1)
	for _, ds := range counts {
		cal := 0
		for d := range ds {
			if d > "19970930" {
				holdout++
			} else {
				cal++
			}
		}
		repeats += float64(len(ds) - 1)
		byX[min(cal-1, holdoutMaxX)]++
	}
	assert.Equal(t, holdout, ho.Actual)
	assert.Equal(t, repeats, ho.Tracking[len(ho.Tracking)-1].Actual, "the tracking curve ends at all repeat purchases")
	assert.Equal(t, h.AsOf, ho.Tracking[len(ho.Tracking)-1].Day)
	// 1,411 customers made no repeat purchase in the calibration period
	// (2,357 less the 946 repeat buyers of the Gamma-Gamma papers).
	assert.Equal(t, 1411, byX[0])
	var n int
	var actual float64
	for i, r := range ho.ByFrequency {
		assert.Equal(t, i, r.X)
		assert.Equal(t, byX[i], r.Customers, "x = %d", i)
		assert.Equal(t, i == holdoutMaxX, r.OrMore)
		n += r.Customers
		actual += r.Actual * float64(r.Customers)
		assert.True(t, r.Predicted > 0)
	}
	assert.Equal(t, 2357, n)
	assert.InDelta(t, holdout, actual, 1e-9)
	// The predictions add up: calibration summaries (as Summarize gives)
	// through the fit's conditional expectation.
	cs := cdnowSummaries(t)
	var want float64
	for _, s := range cs {
		want += ho.Fit.Expected(s, 39)
	}
	assert.InDelta(t, want, ho.Predicted, 1e-6)
	assert.InEpsilon(t, holdout, ho.Predicted, 0.15, "BG/NBD predicts CDNOW's holdout within 15%")

	// The tracking curve: weekly, cumulative, and the expected curve is
	// sum over customers of E[X(t)] since their first purchase.
	first := ho.Tracking[0]
	assert.Equal(t, "1997-01-07", dates.DayString(first.Day))
	for i := 1; i < len(ho.Tracking); i++ {
		assert.GreaterOrEqual(t, ho.Tracking[i].Actual, ho.Tracking[i-1].Actual)
		assert.Greater(t, ho.Tracking[i].Predicted, ho.Tracking[i-1].Predicted)
	}
	assert.Len(t, ho.Tracking, 78)
	assert.InEpsilon(t, repeats, ho.Tracking[len(ho.Tracking)-1].Predicted, 0.1)
}

// TestValidateErrors: a holdout that leaves no calibration purchase is an
// UnidentifiableError; a non-positive one an error.
func TestValidateErrors(t *testing.T) {
	h := cdnow(t)
	_, err := Validate(h, 600, BGNBD, Week)
	assert.ErrorIs(t, err, ErrUnidentifiable)
	assert.Contains(t, err.Error(), "no purchase in the calibration period")
	_, err = Validate(h, 0, BGNBD, Week)
	assert.Error(t, err)
}
