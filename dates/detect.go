package dates

import (
	"strings"

	"lifecycle/msg"
)

// Errors of Detect (wrapped by *AmbiguousError and *NoLayoutError; test with errors.Is).
var (
	// ErrAmbiguous means the values fit M/D/YYYY and D/M/YYYY equally well.
	ErrAmbiguous = msg.Errorf("ambiguous date layout")
	// ErrNoLayout means no layout parses more than half of the values.
	ErrNoLayout = msg.Errorf("no date layout")
)

// AmbiguousError is returned by Detect when the values parse equally well as
// month-first and day-first dates (no day above 12 was seen).
type AmbiguousError struct {
	// Candidates are the layouts that fit, in order (MDY, DMY).
	Candidates []Layout
	// Example is a value that reads differently in the candidates.
	Example string
}

// Error explains the ambiguity and suggests --date-format values.
func (e *AmbiguousError) Error() string { return e.Words().Error() }

// Words is the error worded (Detect gives two candidates, MDY and DMY).
func (e *AmbiguousError) Words() *msg.Error {
	return msg.Of(msg.Errorf("dates look like both %s and %s (e.g. %q); give --date-format, such as --date-format '%s' (month first) or '%s' (day first)",
		e.Candidates[0], e.Candidates[len(e.Candidates)-1], e.Example,
		numericFormat(e.Example, false), numericFormat(e.Example, true)))
}

// Unwrap returns ErrAmbiguous.
func (e *AmbiguousError) Unwrap() error { return ErrAmbiguous }

// NoLayoutError is returned by Detect when no layout parses more than half
// of the values.
type NoLayoutError struct {
	// Example is a value that no layout parses (or the first value).
	Example string
	// Best is the layout that parsed the most values, if any did.
	Best Layout
	// Parsed and Total are how many values Best parsed, of how many.
	Parsed, Total int
}

// Error names an example value and suggests --date-format.
func (e *NoLayoutError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *NoLayoutError) Words() *msg.Error {
	if e.Total == 0 {
		return msg.Of(msg.Errorf("no date values to detect a layout from; give --date-format"))
	}
	best := msg.Errorf("")
	if !e.Best.IsZero() {
		best = msg.Errorf(" (the closest, %s, parses %d of %d)", e.Best, e.Parsed, e.Total)
	}
	return msg.Of(msg.Errorf("values do not look like dates in a known layout (e.g. %q)%v; give --date-format, such as --date-format '%%Y-%%m-%%d %%H:%%M:%%S'",
		e.Example, best))
}

// Unwrap returns ErrNoLayout.
func (e *NoLayoutError) Unwrap() error { return ErrNoLayout }

// Detect picks the predefined layout family that parses most of the sample
// values (trimmed values from the start of a column; empty ones are
// ignored). A few values may fail (N/A, a date in another layout): the
// winner only has to parse more than half of them, counting the month-name
// values that Parse accepts as a fallback. MonthName wins when it parses
// more values than any numeric family (and more than half); otherwise the
// numeric family that parses the most values wins, ties going to the earlier
// of ISO8601, YYYYMMDD, YMD, UnixSeconds, UnixMillis, MDY, DMY, except that
// a tie between MDY and DMY is an *AmbiguousError. A column that nothing
// fits is a *NoLayoutError.
func Detect(samples []string) (Layout, error) {
	var counts [len(builtins)]int
	total := 0
	example := ""
	for _, s := range samples {
		if s == "" {
			continue
		}
		total++
		b := stringBytes(s)
		any := false
		for k, l := range builtins {
			if l.parses(b) {
				counts[k]++
				any = true
			}
		}
		if !any && example == "" {
			example = s
		}
	}
	const month = len(builtins) - 1
	// The numeric family that parses the most values (the earliest on ties).
	best := -1
	for k := range month {
		if counts[k] > 0 && (best < 0 || counts[k] > counts[best]) {
			best = k
		}
	}
	switch {
	case counts[month] > 0 && (best < 0 || counts[month] > counts[best]) && 2*counts[month] > total:
		// Mostly month names.
		return MonthName, nil
	case best >= 0 && 2*(counts[best]+counts[month]) > total:
		// A numeric family, with Parse's month-name fallback.
	default:
		e := &NoLayoutError{Example: example, Total: total}
		for i := 0; e.Example == "" && i < len(samples); i++ {
			e.Example = samples[i]
		}
		if best < 0 || counts[month] > counts[best] {
			best = month
		}
		if counts[best] > 0 {
			e.Best, e.Parsed = builtins[best], counts[best]
		}
		return Layout{}, e
	}
	l := builtins[best]
	if l == MDY && counts[best] == counts[best+1] { // builtins[best+1] is DMY
		return Layout{}, &AmbiguousError{Candidates: []Layout{MDY, DMY}, Example: ambiguousExample(samples)}
	}
	return l, nil
}

// ambiguousExample returns a value that reads as two different dates in
// MDY and DMY, or else the first value either parses.
func ambiguousExample(samples []string) string {
	first := ""
	for _, s := range samples {
		var f, g fields
		b := stringBytes(s)
		okM, okD := MDY.p.scan(b, &f) == stOK, DMY.p.scan(b, &g) == stOK
		if okM && okD && f.mo != g.mo {
			return s
		}
		if (okM || okD) && first == "" {
			first = s
		}
	}
	return first
}

// numericFormat derives a strftime format from a numeric M/D/YYYY-like
// example: "3/4/2021 5:06 PM" gives "%m/%d/%Y %I:%M %p" (or "%d/%m/%Y ..."
// when dayFirst).
func numericFormat(example string, dayFirst bool) string {
	dirs := []string{"%m", "%d", "%Y", "%H", "%M", "%S", "%f"}
	if dayFirst {
		dirs[0], dirs[1] = dirs[1], dirs[0]
	}
	if strings.ContainsAny(strings.ToUpper(example), "AP") {
		dirs[3] = "%I"
	}
	var sb strings.Builder
	n := 0
	for i := 0; i < len(example); {
		c := example[i]
		switch {
		case isDigit(c):
			j := i
			for j < len(example) && isDigit(example[j]) {
				j++
			}
			if n < len(dirs) {
				sb.WriteString(dirs[n])
			}
			n++
			i = j
		case isLetter(c):
			j := i
			for j < len(example) && (isLetter(example[j]) || example[j] == '.') {
				j++
			}
			if example[i:j] == "T" {
				sb.WriteByte('T')
			} else {
				sb.WriteString("%p")
			}
			i = j
		case c == '%':
			sb.WriteString("%%")
			i++
		default:
			sb.WriteByte(c)
			i++
		}
	}
	return sb.String()
}
