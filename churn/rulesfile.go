package churn

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"lifecycle/msg"
)

// A rules file (YAML) lists rules, and may keep the default ones:
//
//	extends: default          # optional: keep the default rules
//	disable: [declining]      # optional, with extends: default: drop some
//	rules:
//	  - name: big-spender-quiet
//	    level: critical       # critical, high, medium or watch
//	    reason: a big spender has been quiet for two months
//	    condition: net_revenue > 1000 && days_since_last > 60
//	  - name: dormant         # a default rule's name: replaces it in place
//	    level: medium
//	    reason: no purchase for half a year
//	    condition: days_since_last > 180
//
// With extends: default the rules are the default ones (with the given
// thresholds), those named in the file replaced where they stand, then the
// file's other rules in order. Without it they are the file's rules only.

// FileError is a mistake in a rules file at a position: Line and Column are
// 1-based, Column counting characters (0 when the YAML parser gives only a
// line, Line 0 when it gives none).
type FileError struct {
	File         string
	Line, Column int
	Msg          string

	why error // Msg as msg made it, or nil
}

func (e *FileError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *FileError) Words() *msg.Error {
	why := e.why
	if why == nil {
		why = errors.New(e.Msg) // a YAML parser's words
	}
	switch {
	case e.Line == 0:
		return msg.Of(msg.Errorf("%s: %v", e.File, why))
	case e.Column == 0:
		return msg.Of(msg.Errorf("%s:%d: %v", e.File, e.Line, why))
	}
	return msg.Of(msg.Errorf("%s:%d:%d: %v", e.File, e.Line, e.Column, why))
}

// ruleKeys are the keys of a rule, in the order an error lists them.
var ruleKeys = []string{"name", "level", "reason", "condition"}

// yamlLine finds the line in yaml.v3's syntax errors ("yaml: line 3: ...").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseRules reads a rules file (see above) and compiles its rules. name
// names the file in errors; t are the thresholds of the default rules when
// the file extends them. Every mistake is a *FileError with its position:
// YAML syntax (a line), unknown or missing keys, unknown levels, duplicate
// names, and conditions that do not compile (the position of the problem
// inside the condition, mapped into the file).
func ParseRules(name string, data []byte, t Thresholds) (*Set, error) {
	p := &rulesParser{file: name, src: data}
	return p.parse(t)
}

type rulesParser struct {
	file string
	src  []byte
}

func (p *rulesParser) errAt(n *yaml.Node, format string, args ...any) *FileError {
	why := msg.Errorf(format, args...)
	e := &FileError{File: p.file, Msg: why.Error(), why: why}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

func (p *rulesParser) parse(t Thresholds) (*Set, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(p.src, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		e := &FileError{File: p.file, Msg: msg}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = m[2]
		}
		return nil, e
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, p.errAt(nil, "empty rules file: give rules: (see lifecycle churn --help)")
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, p.errAt(root, "a rules file is a mapping with extends:, disable: and rules:")
	}
	var (
		extends  bool
		disable  []*yaml.Node
		fromFile []fileRule
		rulesKey *yaml.Node
		seen     = map[string]*yaml.Node{}
	)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if prev, dup := seen[k.Value]; dup {
			return nil, p.errAt(k, "%s: given twice (first at line %d)", k.Value, prev.Line)
		}
		seen[k.Value] = k
		switch k.Value {
		case "extends":
			if v.Kind != yaml.ScalarNode || (v.Value != "default" && v.Value != "none") {
				return nil, p.errAt(v, "extends: use default (keep the default rules) or none")
			}
			extends = v.Value == "default"
		case "disable":
			if v.Kind != yaml.SequenceNode {
				return nil, p.errAt(v, "disable: give a list of default rule names, e.g. [declining]")
			}
			for _, d := range v.Content {
				d = resolve(d)
				if d.Kind != yaml.ScalarNode {
					return nil, p.errAt(d, "disable: give rule names")
				}
				disable = append(disable, d)
			}
		case "rules":
			rulesKey = k
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				continue
			}
			if v.Kind != yaml.SequenceNode {
				return nil, p.errAt(v, "rules: give a list of rules (- name: ...)")
			}
			for _, rn := range v.Content {
				r, err := p.rule(resolve(rn))
				if err != nil {
					return nil, err
				}
				fromFile = append(fromFile, r)
			}
		default:
			return nil, p.errAt(k, "unknown key %q: use extends, disable and rules", k.Value)
		}
	}
	var rules []Rule
	if extends {
		rules = DefaultRules(t)
		for i := range rules {
			rules[i].Origin = "default"
		}
	}
	for _, d := range disable {
		if !extends {
			return nil, p.errAt(d, "disable: needs extends: default")
		}
		i := indexRule(rules, d.Value)
		if i < 0 {
			return nil, p.errAt(d, "disable: %q is not a default rule (%s)", d.Value, strings.Join(ruleNames(DefaultRules(t)), ", "))
		}
		rules = append(rules[:i], rules[i+1:]...)
	}
	nDefault := len(rules)
	for j, r := range fromFile {
		for _, q := range fromFile[:j] {
			if q.Name == r.Name {
				e := p.errAt(nil, "rule %s is defined twice (first at line %d)", r.Name, q.pos.line)
				e.Line, e.Column = r.pos.line, r.pos.col
				return nil, e
			}
		}
		if i := indexRule(rules[:nDefault], r.Name); i >= 0 {
			rules[i] = r.Rule
			continue
		}
		rules = append(rules, r.Rule)
	}
	if len(rules) == 0 {
		return nil, p.errAt(rulesKey, "no rules: give rules, or extends: default")
	}
	if len(rules) > MaxRules {
		return nil, p.errAt(rulesKey, "%d rules: at most %d", len(rules), MaxRules)
	}
	set, err := NewSet(rules)
	if err != nil {
		var ce *ConditionError
		if errors.As(err, &ce) {
			for _, r := range fromFile {
				if r.Name == ce.Rule {
					return nil, p.conditionError(r, ce)
				}
			}
		}
		return nil, &FileError{File: p.file, Msg: err.Error(), why: err}
	}
	if extends {
		set.Thresholds, set.Default = t, true
	}
	return set, nil
}

func indexRule(rules []Rule, name string) int {
	for i := range rules {
		if rules[i].Name == name {
			return i
		}
	}
	return -1
}

func ruleNames(rules []Rule) []string {
	names := make([]string, len(rules))
	for i := range rules {
		names[i] = rules[i].Name
	}
	return names
}

// fileRule is a rule read from a file with the nodes errors point at.
type fileRule struct {
	Rule
	pos  struct{ line, col int }
	cond *yaml.Node
}

func (p *rulesParser) rule(n *yaml.Node) (fileRule, error) {
	var r fileRule
	if n.Kind != yaml.MappingNode {
		return r, p.errAt(n, "a rule is a mapping with %s", strings.Join(ruleKeys, ", "))
	}
	r.pos.line, r.pos.col = n.Line, n.Column
	r.Origin = fmt.Sprintf("%s:%d:%d", p.file, n.Line, n.Column)
	vals := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if !containsString(ruleKeys, k.Value) {
			return r, p.errAt(k, "unknown key %q in a rule: use %s", k.Value, strings.Join(ruleKeys, ", "))
		}
		if _, dup := vals[k.Value]; dup {
			return r, p.errAt(k, "%s: given twice", k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return r, p.errAt(v, "%s: give a single value", k.Value)
		}
		vals[k.Value] = v
	}
	for _, k := range ruleKeys {
		if vals[k] == nil || (vals[k].Tag == "!!null" && k != "condition") {
			what := "rule"
			if vals["name"] != nil {
				what = "rule " + vals["name"].Value
			}
			return r, p.errAt(n, "%s: no %s", what, k)
		}
	}
	r.Name = vals["name"].Value
	if err := checkName(r.Name); err != nil {
		return r, p.errAt(vals["name"], "%v", err)
	}
	lv, err := ParseLevel(vals["level"].Value)
	if err != nil {
		return r, p.errAt(vals["level"], "rule %s: %v", r.Name, err)
	}
	r.Level = lv
	r.Reason = strings.TrimSpace(vals["reason"].Value)
	if r.Reason == "" {
		return r, p.errAt(vals["reason"], "rule %s: empty reason", r.Name)
	}
	r.cond = vals["condition"]
	r.Condition = r.cond.Value
	if r.cond.Tag == "!!null" {
		r.Condition = ""
	}
	return r, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// conditionError places a condition's compile error in the file.
func (p *rulesParser) conditionError(r fileRule, ce *ConditionError) *FileError {
	line, col := r.cond.Line, r.cond.Column // the whole condition
	if ce.Offset >= 0 {
		line, col = scalarPosition(p.src, r.cond, r.Condition, ce.Offset)
	}
	return &FileError{File: p.file, Line: line, Column: col, Msg: ce.Error(), why: ce}
}

// scalarPosition returns the file position (1-based line, 1-based column
// in characters) of the rune at offset off of value, the decoded text of
// the scalar node n of src. It aligns value with the raw text from the
// node's position on: quotes, escapes, indentation and line folding are
// skipped. When the alignment fails it returns the node's position.
func scalarPosition(src []byte, n *yaml.Node, value string, off int) (int, int) {
	src = normalizeBreaks(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")))
	start := byteOffset(src, n.Line, n.Column)
	if start < 0 {
		return n.Line, n.Column
	}
	i := start
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// The content starts on the line after the indicator.
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			return n.Line, n.Column
		}
		i += nl + 1
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		i++
	}
	pos := i // raw offset of the rune being placed
	k := 0
	for _, want := range value {
		// Find want in the raw text from i on.
		for {
			if i >= len(src) {
				return n.Line, n.Column
			}
			got, size := utf8.DecodeRune(src[i:])
			if got == want || (want == ' ' && got == '\n') {
				pos = i
				i += size
				break
			}
			i += size
		}
		if k == off {
			return lineCol(src, pos)
		}
		k++
	}
	// off is at the end of the value: just after its last rune.
	if off >= k {
		return lineCol(src, i)
	}
	return n.Line, n.Column
}

// yamlBreak matches the line breaks of YAML: CRLF, CR, LF, and NEL, LS
// and PS as yaml.v3 reads them.
var yamlBreak = regexp.MustCompile("\r\n|\r|\u0085|\u2028|\u2029")

// normalizeBreaks writes every line break as LF, so that lines are
// counted as the YAML parser counts them; characters within a line keep
// their columns.
func normalizeBreaks(src []byte) []byte {
	if !bytes.ContainsAny(src, "\r\u0085\u2028\u2029") {
		return src
	}
	return yamlBreak.ReplaceAll(src, []byte("\n"))
}

// byteOffset returns the offset of the given 1-based line and column
// (characters) in src, or -1.
func byteOffset(src []byte, line, col int) int {
	i := 0
	for l := 1; l < line; l++ {
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			return -1
		}
		i += nl + 1
	}
	for c := 1; c < col; c++ {
		if i >= len(src) || src[i] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
	}
	return i
}

// lineCol returns the 1-based line and character column of byte offset i.
func lineCol(src []byte, i int) (int, int) {
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	ls := bytes.LastIndexByte(src[:i], '\n') + 1
	return line, 1 + utf8.RuneCount(src[ls:i])
}
