package main

import (
	"math"
	"strconv"
	"strings"

	"lifecycle/churn"
	"lifecycle/cohort"
	"lifecycle/dates"
	"lifecycle/ltv"
	"lifecycle/msg"
)

// Parsers of flag values: durations and shares (ltv), the days of a period
// (cohort), churn's thresholds and horizon.

// thresholdFlag is the flag of a churn.Param: an int or a float, whose
// value goes into the thresholds under the Param's name.
type thresholdFlag struct {
	p churn.Param
	t churn.Thresholds
}

func (f *thresholdFlag) String() string {
	v, ok := f.t[f.p.Name]
	if !ok {
		v = f.p.Default
	}
	if f.p.Int {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func (f *thresholdFlag) Set(s string) error {
	if f.p.Int {
		n, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			return err
		}
		f.t[f.p.Name] = float64(n)
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	f.t[f.p.Name] = v
	return nil
}

// Type is what the help shows after the flag: int or float.
func (f *thresholdFlag) Type() string {
	if f.p.Int {
		return "int"
	}
	return "float64"
}

// parseHorizon reads a backtest horizon: days (90, 90d) or weeks (13w).
func parseHorizon(s string) (int32, error) {
	unit := int64(1)
	num := s
	switch {
	case strings.HasSuffix(s, "d"):
		num = s[:len(s)-1]
	case strings.HasSuffix(s, "w"):
		num, unit = s[:len(s)-1], 7
	}
	n, err := strconv.ParseInt(num, 10, 32)
	if err != nil || n <= 0 || n*unit > 100_000 {
		return 0, msg.Errorf("give a number of days or weeks, such as 90d or 13w")
	}
	return int32(n * unit), nil
}

// parsePeriodDay reads --from or --to: YYYY-MM-DD, YYYY-MM or YYYY; a month
// or a year means its first day for --from and its last for --to.
func parsePeriodDay(flag, s string, last bool) (int32, error) {
	bad := usagef("--%s %q: use YYYY-MM-DD, YYYY-MM or YYYY", flag, s)
	switch len(s) {
	case 10:
		d, err := dates.ParseDay(s)
		if err != nil {
			return 0, usagef("--%s %q: %v", flag, s, err)
		}
		return d, nil
	case 7:
		if s[4] != '-' {
			return 0, bad
		}
		d, err := dates.ParseDay(s + "-01")
		if err != nil {
			return 0, bad
		}
		if last {
			return cohort.Month.End(cohort.Month.Of(d)), nil
		}
		return d, nil
	case 4:
		d, err := dates.ParseDay(s + "-01-01")
		if err != nil {
			return 0, bad
		}
		if last {
			return cohort.Year.End(cohort.Year.Of(d)), nil
		}
		return d, nil
	}
	return 0, bad
}

// durationUnits are the suffixes of a duration, in days.
var durationUnits = map[string]float64{"d": 1, "w": 7, "m": 365.25 / 12, "y": 365.25}

// parseDuration reads 52w, 365d, 12m, 1y, or a number of unit, and returns
// days (more than zero).
func parseDuration(s string, unit ltv.Unit) (float64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	per := unit.Days()
	if n := len(s); n > 0 {
		if d, ok := durationUnits[s[n-1:]]; ok {
			per, s = d, s[:n-1]
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) || v*per > 1e6 {
		return 0, msg.Errorf("use a positive number of days, weeks, months or years: 52w, 365d, 12m, 1y")
	}
	return v * per, nil
}

// parseShare reads 0.3 or 30%.
func parseShare(s string) (float64, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, msg.Errorf("not a number")
	}
	if pct {
		v /= 100
	}
	return v, nil
}

// option is one value a flag accepts and what it means.
type option[T any] struct {
	name  string
	value T
}

// means says that the value name of a flag means v.
func means[T any](name string, v T) option[T] { return option[T]{name, v} }

// choose returns the meaning of a flag's value among the options; any other
// value is a usage error that lists them: --by "x": use customer or segment.
func choose[T any](flag, given string, options ...option[T]) (T, error) {
	names := make([]string, len(options))
	for i, o := range options {
		if o.name == given {
			return o.value, nil
		}
		names[i] = o.name
	}
	var zero T
	return zero, usagef("--%s %q: use %v", flag, given, orList(names))
}

// orList is "a, b or c", worded (msg) so that main gives its "or" in the
// reader's language.
func orList(names []string) error {
	if len(names) == 1 {
		return msg.Errorf("%s", names[0])
	}
	return msg.Errorf("%s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
