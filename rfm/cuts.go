package rfm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lifecycle/money"
)

// CutsError is a mistake in fixed thresholds: from ParseCuts, or from
// Options.Check when their number does not fit the bins or they are not
// ascending.
type CutsError struct {
	// Dim is the measure, or -1 when the measure itself is the mistake.
	Dim Dim
	// Spec is the text given, when the error comes from parsing.
	Spec   string
	Reason string
}

func (e *CutsError) Error() string {
	switch {
	case e.Spec != "":
		return fmt.Sprintf("%s: %s", e.Spec, e.Reason)
	case e.Dim >= R && e.Dim <= M:
		return fmt.Sprintf("%s: %s", e.Dim, e.Reason)
	}
	return e.Reason
}

// ParseCuts reads fixed thresholds written DIM=T1,T2,... such as
// "r=7,30,90,180", "f=2,3,5,8" or "m=100,300,1000,3000": r in whole days,
// f in whole counts, m in amounts of money (a decimal point, no thousands
// separators: the comma separates thresholds). Each spec may hold several
// such parts separated by ';'; a measure may be given once. The
// measures are also accepted spelled out (recency, frequency, monetary).
// Whether the thresholds ascend and fit the number of bins is checked by
// Options.Check. Errors are *CutsError.
func ParseCuts(specs []string) (Cuts, error) {
	var cuts Cuts
	for _, spec := range specs {
		var parts []string
		for _, p := range strings.Split(spec, ";") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return cuts, &CutsError{Dim: -1, Reason: "empty: give DIM=T1,T2,... such as r=7,30,90,180"}
		}
		for _, part := range parts {
			d, t, err := parseCut(part)
			if err != nil {
				return cuts, err
			}
			if cuts[d] != nil {
				return cuts, &CutsError{Dim: d, Spec: part, Reason: fmt.Sprintf("%s given twice", d)}
			}
			cuts[d] = t
		}
	}
	return cuts, nil
}

// parseCut reads one DIM=T1,T2,... part.
func parseCut(part string) (Dim, []int64, error) {
	name, list, ok := strings.Cut(part, "=")
	if !ok {
		return -1, nil, &CutsError{Dim: -1, Spec: part, Reason: "give DIM=T1,T2,... such as r=7,30,90,180"}
	}
	var d Dim
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "r", "recency":
		d = R
	case "f", "frequency":
		d = F
	case "m", "monetary":
		d = M
	default:
		return -1, nil, &CutsError{Dim: -1, Spec: part, Reason: fmt.Sprintf("unknown measure %q (use r, f or m)", name)}
	}
	items := strings.Split(list, ",")
	t := make([]int64, 0, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			return d, nil, &CutsError{Dim: d, Spec: part, Reason: "an empty threshold"}
		}
		v, err := parseThreshold(d, it)
		if err != nil {
			return d, nil, &CutsError{Dim: d, Spec: part, Reason: err.Error()}
		}
		t = append(t, v)
	}
	return d, t, nil
}

var errNotWhole = errors.New("not a whole number")

// parseThreshold reads one threshold of measure d.
func parseThreshold(d Dim, s string) (int64, error) {
	if d == M {
		a, err := money.ParseString(s, money.Options{})
		if err != nil {
			return 0, fmt.Errorf("%q is not an amount: %w", s, err)
		}
		return int64(a), nil
	}
	unit := "days"
	if d == F {
		unit = "purchases"
	}
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is too large", s)
		}
		if _, ferr := strconv.ParseFloat(s, 64); ferr == nil {
			return 0, fmt.Errorf("%q is %w of %s", s, errNotWhole, unit)
		}
		return 0, fmt.Errorf("%q is not a number of %s", s, unit)
	}
	if v < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return v, nil
}
