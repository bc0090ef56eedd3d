package ltv

import (
	"math"

	"lifecycle/dates"
	"lifecycle/internal/parallel"
	"lifecycle/msg"
	"lifecycle/orders"
)

// Holdout is a model fitted on the calibration period and checked on the
// holdout period that follows it: the days after CalibrationEnd up to AsOf.
type Holdout struct {
	// CalibrationEnd is the last day of the calibration period, AsOf the
	// last of the holdout (civil days).
	CalibrationEnd, AsOf int32
	// Length is the holdout's length in time units.
	Length float64
	// Fit is the model fitted on the calibration period.
	Fit *Fit
	// Customers is the number of customers with a purchase in the
	// calibration period: the only ones predicted (customers whose first
	// purchase is in the holdout are left out).
	Customers int
	// ByFrequency compares the holdout purchases of the customers with
	// 0, 1, ..., 6 and 7 or more repeat purchases in the calibration
	// period.
	ByFrequency []FrequencyRow
	// Tracking is the cumulative number of repeat purchases of the
	// calibration customers, actual and expected (E[X(t)] of each
	// customer since their first purchase, with the fitted parameters),
	// at the end of every week since the first purchase; the last point is
	// AsOf.
	Tracking []TrackingPoint
	// Actual and Predicted are the repeat purchases in the holdout,
	// summed over the customers (Predicted from the conditional
	// expectations E[Y(Length) | x, t_x, T]).
	Actual, Predicted float64
	// MAE and RMSE are the mean absolute and root mean square errors of
	// the customers' predictions.
	MAE, RMSE float64
}

// FrequencyRow is one row of Holdout.ByFrequency.
type FrequencyRow struct {
	// X is the number of repeat purchases in the calibration period;
	// the last row (OrMore) counts X or more.
	X      int
	OrMore bool
	// Customers with that x; the mean of their actual and predicted
	// purchases in the holdout.
	Customers         int
	Actual, Predicted float64
}

// TrackingPoint is one point of Holdout.Tracking.
type TrackingPoint struct {
	Day               int32 // the last day counted
	Actual, Predicted float64
}

// holdoutMaxX is the last row of ByFrequency: X or more.
const holdoutMaxX = 7

// Validate fits model m on the orders of h up to h.AsOf - days and
// compares its predictions with the purchases of the last days days (the
// holdout). Purchases are counted as in Summarize: one a day.
func Validate(h *orders.Histories, days int32, m Model, unit Unit) (*Holdout, error) {
	if days <= 0 {
		return nil, msg.Errorf("ltv: holdout of %d days: want 1 or more", days)
	}
	calEnd := h.AsOf - days
	per := unit.Days()
	ho := &Holdout{CalibrationEnd: calEnd, AsOf: h.AsOf, Length: float64(days) / per}
	var cs []Summary
	var actual []float64
	first0 := int32(math.MaxInt32)
	span := int(h.AsOf) + 1
	for i := range h.Customers {
		p := h.Customers[i].Purchases
		if len(p) == 0 || p[0].Day > calEnd {
			continue
		}
		first0 = min(first0, p[0].Day)
	}
	if first0 == math.MaxInt32 {
		return nil, unidentifiable(m.String(), msg.Errorf("no purchase in the calibration period (up to %s)", dates.DayString(calEnd)))
	}
	span -= int(first0)
	repeatsOn := make([]float64, span) // repeat purchase days by day - first0
	firstOn := make([]float64, span)   // customers by first day - first0
	for i := range h.Customers {
		p := h.Customers[i].Purchases
		if len(p) == 0 || p[0].Day > calEnd {
			continue
		}
		first := p[0].Day
		firstOn[first-first0]++
		s := Summary{T: float64(calEnd-first) / per}
		last := first
		var hold float64
		for _, o := range p[1:] {
			if o.Day == last {
				continue
			}
			last = o.Day
			repeatsOn[o.Day-first0]++
			if o.Day <= calEnd {
				s.X++
				s.Tx = float64(o.Day-first) / per
			} else {
				hold++
			}
		}
		cs = append(cs, s)
		actual = append(actual, hold)
	}
	fit, err := Estimate(m, cs)
	if err != nil {
		return nil, err
	}
	ho.Fit = fit
	ho.Customers = len(cs)
	pred := make([]float64, len(cs))
	parallel.For(len(cs), 1000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			pred[i] = fit.Expected(cs[i], ho.Length)
		}
	})
	rows := make([]FrequencyRow, holdoutMaxX+1)
	for i := range rows {
		rows[i].X = i
	}
	rows[holdoutMaxX].OrMore = true
	var se float64
	for i, s := range cs {
		r := &rows[min(s.X, holdoutMaxX)]
		r.Customers++
		r.Actual += actual[i]
		r.Predicted += pred[i]
		ho.Actual += actual[i]
		ho.Predicted += pred[i]
		d := pred[i] - actual[i]
		ho.MAE += math.Abs(d)
		se += d * d
	}
	for i := range rows {
		if n := float64(rows[i].Customers); n > 0 {
			rows[i].Actual /= n
			rows[i].Predicted /= n
		}
	}
	ho.ByFrequency = rows
	n := float64(len(cs))
	ho.MAE /= n
	ho.RMSE = math.Sqrt(se / n)
	ho.Tracking = tracking(fit, first0, per, firstOn, repeatsOn)
	return ho, nil
}

// tracking returns the cumulative actual and expected repeat purchases at
// the end of each week from first0 (and at the last day).
func tracking(fit *Fit, first0 int32, per float64, firstOn, repeatsOn []float64) []TrackingPoint {
	span := len(firstOn)
	// E[X(t)] for t = 0, 1, ... days, computed once per day.
	expect := make([]float64, span)
	parallel.For(span, 1000, func(lo, hi int) {
		for d := lo; d < hi; d++ {
			expect[d] = fit.ExpectedNew(float64(d) / per)
		}
	})
	var firsts []int // days (from first0) on which someone first bought
	for d, n := range firstOn {
		if n > 0 {
			firsts = append(firsts, d)
		}
	}
	var ends []int
	for e := 6; e < span; e += 7 {
		ends = append(ends, e)
	}
	if len(ends) == 0 || ends[len(ends)-1] != span-1 {
		ends = append(ends, span-1)
	}
	out := make([]TrackingPoint, 0, len(ends))
	cum, done := 0.0, 0
	for _, e := range ends {
		for ; done <= e; done++ {
			cum += repeatsOn[done]
		}
		var p float64
		for _, f := range firsts {
			if f > e {
				break
			}
			p += firstOn[f] * expect[e-f]
		}
		out = append(out, TrackingPoint{Day: first0 + int32(e), Actual: cum, Predicted: p})
	}
	return out
}
