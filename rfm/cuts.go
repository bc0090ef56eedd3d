package rfm

import (
	"errors"
	"strconv"
	"strings"

	"lifecycle/money"
	"lifecycle/msg"
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

	why error // Reason as msg made it, or nil
}

// cutsErr is a CutsError whose reason is why.
func cutsErr(d Dim, spec string, why error) *CutsError {
	return &CutsError{Dim: d, Spec: spec, Reason: why.Error(), why: why}
}

func (e *CutsError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *CutsError) Words() *msg.Error {
	why := e.why
	if why == nil {
		why = msg.Text(e.Reason)
	}
	switch {
	case e.Spec != "":
		return msg.Of(msg.Errorf("%s: %v", e.Spec, why))
	case e.Dim >= R && e.Dim <= M:
		return msg.Of(msg.Errorf("%s: %v", e.Dim, why))
	}
	return msg.Of(msg.Errorf("%v", why))
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
			return cuts, cutsErr(-1, "", msg.Errorf("empty: give DIM=T1,T2,... such as r=7,30,90,180"))
		}
		for _, part := range parts {
			d, t, err := parseCut(part)
			if err != nil {
				return cuts, err
			}
			if cuts[d] != nil {
				return cuts, cutsErr(d, part, msg.Errorf("%s given twice", d))
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
		return -1, nil, cutsErr(-1, part, msg.Errorf("give DIM=T1,T2,... such as r=7,30,90,180"))
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
		return -1, nil, cutsErr(-1, part, msg.Errorf("unknown measure %q (use r, f or m)", name))
	}
	items := strings.Split(list, ",")
	t := make([]int64, 0, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			return d, nil, cutsErr(d, part, msg.Errorf("an empty threshold"))
		}
		v, err := parseThreshold(d, it)
		if err != nil {
			return d, nil, cutsErr(d, part, err)
		}
		t = append(t, v)
	}
	return d, t, nil
}

var errNotWhole = msg.Errorf("not a whole number")

// parseThreshold reads one threshold of measure d.
func parseThreshold(d Dim, s string) (int64, error) {
	if d == M {
		a, err := money.ParseString(s, money.Options{})
		if err != nil {
			return 0, msg.Errorf("%q is not an amount: %w", s, err)
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
			return 0, msg.Errorf("%q is too large", s)
		}
		if _, ferr := strconv.ParseFloat(s, 64); ferr == nil {
			return 0, msg.Errorf("%q is %w of %s", s, errNotWhole, unit)
		}
		return 0, msg.Errorf("%q is not a number of %s", s, unit)
	}
	if v < 0 {
		return 0, msg.Errorf("%q is negative", s)
	}
	return v, nil
}
