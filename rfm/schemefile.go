package rfm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"lifecycle/msg"
)

// schemeSpec is the text form of a table scheme.
type schemeSpec struct {
	Name     string        `yaml:"name" json:"name"`
	Bins     int           `yaml:"bins" json:"bins"`
	Scores   string        `yaml:"scores" json:"scores"`
	Segments []segmentSpec `yaml:"segments" json:"segments"`
}

// segmentSpec is the text form of one segment.
type segmentSpec struct {
	Name     string `yaml:"name" json:"name"`
	NameZH   string `yaml:"name_zh" json:"name_zh"`
	Action   string `yaml:"action" json:"action"`
	ActionZH string `yaml:"action_zh" json:"action_zh"`
	// Codes are the code patterns; a file's are read into RawCodes first
	// (YAML and JSON may write them as numbers).
	Codes    []string `yaml:"-" json:"-"`
	RawCodes []any    `yaml:"codes" json:"codes"`
	R        any      `yaml:"r" json:"r"`
	F        any      `yaml:"f" json:"f"`
	M        any      `yaml:"m" json:"m"`
}

// SchemeError reports the codes of a scheme file that no segment matches
// and those that several segments match.
type SchemeError struct {
	// Unmatched are the codes no segment matches, best first.
	Unmatched []string
	// Overlaps are the codes more than one segment matches.
	Overlaps []Overlap
}

// Overlap is a code matched by several segments.
type Overlap struct {
	Code     string
	Segments []string
}

// maxListed bounds the codes an error message lists.
const maxListed = 20

func (e *SchemeError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *SchemeError) Words() *msg.Error {
	var parts []any
	if n := len(e.Unmatched); n == 1 {
		parts = append(parts, msg.Errorf("1 code no segment matches: %v", listSome(e.Unmatched)))
	} else if n > 1 {
		parts = append(parts, msg.Errorf("%d codes no segment matches: %v", n, listSome(e.Unmatched)))
	}
	if n := len(e.Overlaps); n > 0 {
		var s []string
		for _, o := range e.Overlaps {
			s = append(s, o.Code+" ("+strings.Join(o.Segments, ", ")+")")
		}
		if n == 1 {
			parts = append(parts, msg.Errorf("1 code more than one segment matches: %v", listSome(s)))
		} else {
			parts = append(parts, msg.Errorf("%d codes more than one segment matches: %v", n, listSome(s)))
		}
	}
	return msg.Of(msg.Errorf(strings.TrimSuffix(strings.Repeat("%v; ", len(parts)), "; "), parts...))
}

// listSome joins up to maxListed items and says how many more there are.
func listSome(items []string) error {
	if len(items) <= maxListed {
		return msg.Errorf("%s", strings.Join(items, ", "))
	}
	return msg.Errorf("%s and %d more", strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}

// ParseScheme reads a scheme file (YAML, or JSON when it starts with '{';
// see "Scheme files" in the package documentation) and checks it whole.
// name is the scheme's name when the file gives none. The coverage of the
// codes is reported as a *SchemeError; unknown keys, bad patterns and
// ranges as other errors.
func ParseScheme(name string, data []byte) (*Scheme, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var spec schemeSpec
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&spec); err != nil {
			return nil, msg.Errorf("JSON: %w", jsonError(err))
		}
		if dec.More() {
			return nil, msg.Errorf("JSON: more than one value")
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&spec); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, msg.Errorf("empty scheme file")
			}
			return nil, msg.Errorf("YAML: %w", yamlError(err))
		}
	}
	if spec.Name == "" {
		spec.Name = name
	}
	for i := range spec.Segments {
		g := &spec.Segments[i]
		for _, c := range g.RawCodes {
			s, err := scalarText(c)
			if err != nil {
				return nil, msg.Errorf("segment %q: code %v: %w", g.Name, c, err)
			}
			g.Codes = append(g.Codes, s)
		}
	}
	return spec.compile()
}

// The keys of a scheme file, for error messages.
const (
	schemeKeys  = "name, bins, scores, segments"
	segmentKeys = "name, name_zh, action, action_zh, codes, r, f, m"
)

// yamlError rewords the decoder's type errors without Go type names.
func yamlError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		m = strings.Replace(m, " in type rfm.schemeSpec", " (keys: "+schemeKeys+")", 1)
		m = strings.Replace(m, " in type rfm.segmentSpec", " in a segment (keys: "+segmentKeys+")", 1)
		m = strings.Replace(m, "field ", "unknown key ", 1)
		m = strings.Replace(m, " not found", "", 1)
		msgs[i] = m
	}
	return errors.New(strings.Join(msgs, "; "))
}

// jsonError rewords the decoder's type errors without Go type names.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return msg.Errorf("%s: expected %s, got a JSON %s", te.Field, te.Type.Kind(), te.Value)
	}
	return err
}

// scalarText returns the text of a code pattern given as a string or a
// whole number (555 in YAML or JSON).
func scalarText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e9 {
			return strconv.Itoa(int(x)), nil
		}
	}
	return "", msg.Errorf("not a code pattern (write it as a string, such as \"5[4-5]\")")
}

// compile checks the spec and builds the scheme's table.
func (spec *schemeSpec) compile() (*Scheme, error) {
	s := &Scheme{Name: spec.Name, Bins: spec.Bins}
	if s.Bins == 0 {
		s.Bins = DefaultBins
	}
	if s.Bins < MinBins || s.Bins > MaxBins {
		return nil, msg.Errorf("bins %d: use %d to %d", spec.Bins, MinBins, MaxBins)
	}
	switch strings.ToLower(spec.Scores) {
	case "", "rfm":
		s.Dims = 3
	case "rf":
		s.Dims = 2
	default:
		return nil, msg.Errorf("scores %q: use rfm or rf", spec.Scores)
	}
	if len(spec.Segments) == 0 {
		return nil, msg.Errorf("no segments")
	}
	if len(spec.Segments) > math.MaxUint8 {
		return nil, msg.Errorf("%d segments: at most %d", len(spec.Segments), math.MaxUint8)
	}
	size := 1
	for range s.Dims {
		size *= s.Bins
	}
	// matches[i] lists the segments matching code index i.
	matches := make([][]int, size)
	seen := map[string]bool{}
	for gi := range spec.Segments {
		g := &spec.Segments[gi]
		if strings.TrimSpace(g.Name) == "" {
			return nil, msg.Errorf("segment %d has no name", gi+1)
		}
		if seen[g.Name] {
			return nil, msg.Errorf("segment %q given twice", g.Name)
		}
		seen[g.Name] = true
		var pats []pattern
		for _, c := range g.Codes {
			p, err := parsePattern(c, s.Bins, s.Dims)
			if err != nil {
				return nil, msg.Errorf("segment %q: code %q: %w", g.Name, c, err)
			}
			pats = append(pats, p)
		}
		ranges, hasRanges, err := g.ranges(s.Bins, s.Dims)
		if err != nil {
			return nil, msg.Errorf("segment %q: %w", g.Name, err)
		}
		if len(pats) == 0 && !hasRanges {
			return nil, msg.Errorf("segment %q: give codes, or r, f, m ranges", g.Name)
		}
		if hasRanges {
			pats = append(pats, ranges)
		}
		matched := false
		for i := range matches {
			sc := codeScores(i, s.Bins, s.Dims)
			for _, p := range pats {
				if p.matches(sc) {
					matches[i] = append(matches[i], gi)
					matched = true
					break
				}
			}
		}
		if !matched {
			return nil, msg.Errorf("segment %q matches no code", g.Name)
		}
		s.Segments = append(s.Segments, Segment{Name: g.Name, NameZH: g.NameZH, Action: g.Action, ActionZH: g.ActionZH})
	}
	s.table = make([]uint8, size)
	var se SchemeError
	for i := size - 1; i >= 0; i-- {
		code := codeString(codeScores(i, s.Bins, s.Dims))
		switch m := matches[i]; len(m) {
		case 0:
			se.Unmatched = append(se.Unmatched, code)
		case 1:
			s.table[i] = uint8(m[0])
		default:
			o := Overlap{Code: code}
			for _, gi := range m {
				o.Segments = append(o.Segments, spec.Segments[gi].Name)
			}
			se.Overlaps = append(se.Overlaps, o)
		}
	}
	if len(se.Unmatched) > 0 || len(se.Overlaps) > 0 {
		return nil, &se
	}
	return s, nil
}

// pattern holds, per score position, the set of scores allowed (bit s for
// score s).
type pattern []uint16

func (p pattern) matches(sc []uint8) bool {
	for i, s := range sc {
		if p[i]&(1<<s) == 0 {
			return false
		}
	}
	return true
}

// parsePattern reads a code pattern for codes of dims scores in 1..bins.
func parsePattern(text string, bins, dims int) (pattern, error) {
	t := strings.TrimSpace(text)
	t = strings.TrimPrefix(t, "^")
	t = strings.TrimSuffix(t, "$")
	all := uint16(0)
	for s := 1; s <= bins; s++ {
		all |= 1 << s
	}
	var p pattern
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			v := int(c - '0')
			if v < 1 || v > bins {
				return nil, msg.Errorf("score %d is not in 1..%d", v, bins)
			}
			p = append(p, 1<<v)
		case c == '?' || c == '.':
			p = append(p, all)
		case c == '[':
			end := strings.IndexByte(t[i:], ']')
			if end < 0 {
				return nil, msg.Errorf("[ without ]")
			}
			set, err := parseClass(t[i+1:i+end], bins)
			if err != nil {
				return nil, err
			}
			p = append(p, set)
			i += end
		default:
			return nil, msg.Errorf("unexpected %q (use digits, ? for any score, or [a-b])", rune(c))
		}
	}
	if len(p) != dims {
		return nil, msg.Errorf("%d scores; the codes of this scheme have %d (%s)", len(p), dims, dimsName(dims))
	}
	return p, nil
}

func dimsName(dims int) string {
	if dims == 2 {
		return "r, f"
	}
	return "r, f, m"
}

// parseClass reads the inside of a [...] class: digits and ranges a-b,
// optionally separated by commas.
func parseClass(c string, bins int) (uint16, error) {
	var set uint16
	digit := func(b byte) (int, error) {
		if b < '0' || b > '9' {
			return 0, msg.Errorf("unexpected %q in [%s]", rune(b), c)
		}
		v := int(b - '0')
		if v < 1 || v > bins {
			return 0, msg.Errorf("score %d is not in 1..%d", v, bins)
		}
		return v, nil
	}
	for i := 0; i < len(c); i++ {
		if c[i] == ',' || c[i] == ' ' {
			continue
		}
		a, err := digit(c[i])
		if err != nil {
			return 0, err
		}
		b := a
		if i+2 < len(c) && c[i+1] == '-' {
			if b, err = digit(c[i+2]); err != nil {
				return 0, err
			}
			if b < a {
				return 0, msg.Errorf("range %d-%d runs backwards", a, b)
			}
			i += 2
		}
		for v := a; v <= b; v++ {
			set |= 1 << v
		}
	}
	if set == 0 {
		return 0, msg.Errorf("empty class [%s]", c)
	}
	return set, nil
}

// ranges turns the segment's r, f, m ranges into a pattern; ok is false
// when none is given.
func (g *segmentSpec) ranges(bins, dims int) (p pattern, ok bool, err error) {
	all := uint16(0)
	for s := 1; s <= bins; s++ {
		all |= 1 << s
	}
	p = make(pattern, dims)
	for d, v := range []any{g.R, g.F, g.M} {
		if d >= dims {
			if v != nil {
				return nil, false, msg.Errorf("m range in an r-f scheme (scores: rf)")
			}
			continue
		}
		if v == nil {
			p[d] = all
			continue
		}
		ok = true
		lo, hi, err := parseRange(v, bins)
		if err != nil {
			return nil, false, msg.Errorf("%s range %v: %w", Dim(d), v, err)
		}
		for s := lo; s <= hi; s++ {
			p[d] |= 1 << s
		}
	}
	return p, ok, nil
}

// parseRange reads a score range: a score, or "a-b".
func parseRange(v any, bins int) (lo, hi int, err error) {
	var text string
	switch x := v.(type) {
	case int:
		text = strconv.Itoa(x)
	case float64:
		text = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		text = x
	default:
		return 0, 0, msg.Errorf("write a score (4) or a range (\"3-5\")")
	}
	a, b, isRange := strings.Cut(strings.TrimSpace(text), "-")
	if lo, err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
		return 0, 0, msg.Errorf("write a score (4) or a range (\"3-5\")")
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(strings.TrimSpace(b)); err != nil {
			return 0, 0, msg.Errorf("write a score (4) or a range (\"3-5\")")
		}
	}
	if lo < 1 || hi > bins || lo > bins || hi < 1 {
		return 0, 0, msg.Errorf("scores are 1 to %d", bins)
	}
	if hi < lo {
		return 0, 0, msg.Errorf("range %d-%d runs backwards", lo, hi)
	}
	return lo, hi, nil
}
