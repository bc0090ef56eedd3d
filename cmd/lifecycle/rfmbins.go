package main

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"lifecycle/money"
	"lifecycle/output/words"
	"lifecycle/rfm"
)

// The lines rfm prints on stderr about its scores, in the command's
// language.

// describeBins says which values got which score for measure dim:
// "r (days since the last purchase, quantiles): 5 = 0-14, 4 = 15-47, ...";
// margin names the monetary measure net margin.
func describeBins(res *rfm.Result, dim rfm.Dim, margin bool, lang words.Lang) string {
	t := res.Thresholds[dim]
	n := res.Bins
	how := lang.Get("rfm.bins.quantiles")
	if !res.Quantile[dim] {
		how = "--cuts"
	}
	const inf = math.MaxInt64
	parts := make([]string, 0, n)
	sep := lang.Get("read.list_sep")
	switch dim {
	case rfm.R:
		// Score n for days <= t[0], n-1 for t[0] < days <= t[1], ..., 1 above t[n-2].
		for i := 0; i < n; i++ {
			lo, hi := int64(0), int64(inf)
			if i > 0 {
				lo = t[i-1] + 1
			}
			if i < n-1 {
				hi = t[i]
			}
			parts = append(parts, fmt.Sprintf("%d = %s", n-i, intRange(lo, hi, lang)))
		}
		return lang.Get("rfm.bins.r", how, strings.Join(parts, sep))
	case rfm.F:
		// Score 1 below t[0], s for t[s-2] <= f < t[s-1], n from t[n-2].
		for s := 1; s <= n; s++ {
			lo, hi := int64(1), int64(inf)
			if s > 1 {
				lo = t[s-2]
			}
			if s < n && t[s-1] != inf {
				hi = t[s-1] - 1
			}
			if lo == inf {
				hi = lo - 1
			}
			parts = append(parts, fmt.Sprintf("%d = %s", s, intRange(lo, hi, lang)))
		}
		return lang.Get("rfm.bins.f", frequencyUnit(res, lang), how, strings.Join(parts, sep))
	}
	for s := 1; s <= n; s++ {
		lo, hi := int64(math.MinInt64), int64(inf)
		if s > 1 {
			lo = t[s-2]
		}
		if s < n {
			hi = t[s-1]
		}
		var txt string
		switch {
		case lo == inf || lo >= hi:
			txt = lang.Get("rfm.bins.none")
		case lo == math.MinInt64 && hi == inf:
			txt = lang.Get("rfm.bins.any")
		case lo == math.MinInt64:
			txt = lang.Get("rfm.bins.below", money.Amount(hi).String())
		case hi == inf:
			txt = lang.Get("rfm.bins.or_more", money.Amount(lo).String())
		default:
			txt = lang.Get("rfm.bins.to_below", money.Amount(lo).String(), money.Amount(hi).String())
		}
		parts = append(parts, fmt.Sprintf("%d = %s", s, txt))
	}
	return lang.Get("rfm.bins.m", monetaryUnit(res, margin, lang), how, strings.Join(parts, sep))
}

func frequencyUnit(res *rfm.Result, lang words.Lang) string {
	if res.Frequency == rfm.FrequencyDays {
		return lang.Get("rfm.bins.purchase_days")
	}
	return lang.Get("rfm.bins.purchases")
}

func monetaryUnit(res *rfm.Result, margin bool, lang words.Lang) string {
	measure := lang.Get("rfm.bins.net_revenue")
	if margin {
		measure = lang.Get("rfm.bins.net_margin")
	}
	if res.Monetary == rfm.MonetaryAverage {
		per := lang.Get("rfm.bins.per_purchase")
		if res.Frequency == rfm.FrequencyDays {
			per = lang.Get("rfm.bins.per_purchase_day")
		}
		return lang.Get("rfm.bins.measure_per", measure, per)
	}
	return measure
}

// intRange writes the whole numbers lo..hi: "3", "4-5", "6 or more", "none".
func intRange(lo, hi int64, lang words.Lang) string {
	switch {
	case hi < lo:
		return lang.Get("rfm.bins.none")
	case hi == math.MaxInt64:
		return lang.Get("rfm.bins.or_more", fmt.Sprint(lo))
	case hi == lo:
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// describeCenters says where cn8 splits each measure.
func describeCenters(res *rfm.Result, split rfm.Split, lang words.Lang) string {
	what := lang.Get("rfm.bins.mean")
	if split == rfm.SplitMedian {
		what = lang.Get("rfm.bins.median")
	}
	f := func(r *big.Rat, scale float64, dec int) string {
		if r == nil {
			return "-"
		}
		v, _ := r.Float64()
		return fmt.Sprintf("%.*f", dec, v/scale)
	}
	c := res.Centers
	return lang.Get("rfm.bins.centers", what, f(c[rfm.R], 1, 1), f(c[rfm.F], 1, 2), f(c[rfm.M], money.Scale, 2))
}
