package churn

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rule writes one rule of a rules file with the given condition line(s).
func rule(name, cond string) string {
	return "  - name: " + name + "\n    level: high\n    reason: because\n    condition: " + cond + "\n"
}

// TestParseRules: a file that extends the defaults replaces one in place,
// drops one and adds its own after them; a file that does not holds only
// its own rules.
func TestParseRules(t *testing.T) {
	src := "extends: default\ndisable: [declining]\nrules:\n" +
		"  - name: dormant\n    level: medium\n    reason: half a year\n    condition: days_since_last > 180\n" +
		"  - name: vip-quiet\n    level: critical\n    reason: a big spender is quiet\n    condition: >-\n      net_revenue > 1000 &&\n      days_since_last > 60\n"
	set, err := ParseRules("r.yaml", []byte(src), DefaultThresholds())
	require.NoError(t, err)
	assert.True(t, set.Default)
	assert.Equal(t, []string{"overdue", "dormant", "no-second-purchase", "vip-quiet"}, ruleNames(set.Rules))
	assert.Equal(t, Medium, set.Rules[1].Level)
	assert.Equal(t, "r.yaml:4:5", set.Rules[1].Origin)
	assert.Equal(t, "default", set.Rules[0].Origin)
	assert.Equal(t, "net_revenue > 1000 && days_since_last > 60", set.Rules[3].Condition)
	assert.NotNil(t, set.Rules[3].fast)

	set, err = ParseRules("r.yaml", []byte("rules:\n"+rule("only", "purchases > 1")), DefaultThresholds())
	require.NoError(t, err)
	assert.False(t, set.Default)
	assert.Equal(t, []string{"only"}, ruleNames(set.Rules))

	// The thresholds reach the defaults a file extends.
	th := Thresholds{"dormant-days": 45}
	set, err = ParseRules("r.yaml", []byte("extends: default\n"), th)
	require.NoError(t, err)
	assert.Equal(t, "days_since_last > 45", set.Rules[1].Condition)
}

// TestParseRulesErrors: every mistake names the file, line and column
// (characters, 1-based) of what is wrong; for a condition, the place inside
// it mapped into the file, whatever the YAML style of the scalar.
func TestParseRulesErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the whole message
		at        string // the text at the reported position, "" to skip
	}{
		{"syntax in a plain scalar", "rules:\n" + rule("x", "days_since_last > > 3"),
			`r.yaml:5:34: rule x: unexpected token Operator(">")`, "> 3"},
		{"unknown feature", "rules:\n" + rule("x", "purchases >= 3 && days_since_lst > 3"),
			"r.yaml:5:34: rule x: unknown feature days_since_lst (lifecycle churn --show-features lists them)", "days_since_lst"},
		{"not a bool", "rules:\n" + rule("x", "days_since_last * 2"),
			"r.yaml:5:16: rule x: the condition gives a number, not true or false (compare it: > < == ...)", "days_since_last"},
		{"double-quoted with an escape", "rules:\n" + rule("x", `"purchases >= 3 && \"a\" == \"a\" && netrevenue > 1"`),
			"r.yaml:5:53: rule x: unknown feature netrevenue (lifecycle churn --show-features lists them)", "netrevenue"},
		{"single-quoted", "rules:\n" + rule("x", `'purchases >= 3 && ''a'' == ''a'' && bogus'`),
			"r.yaml:5:53: rule x: unknown feature bogus (lifecycle churn --show-features lists them)", "bogus"},
		{"literal block", "rules:\n" + rule("x", "|\n      purchases >= 3 &&\n        bogus > 1"),
			"r.yaml:7:9: rule x: unknown feature bogus (lifecycle churn --show-features lists them)", "bogus"},
		{"folded plain scalar", "rules:\n" + rule("x", "purchases >= 3 &&\n      bogus > 1"),
			"r.yaml:6:7: rule x: unknown feature bogus (lifecycle churn --show-features lists them)", "bogus"},
		{"non-ASCII before the error", "rules:\n" + rule("沉睡", `rfm_segment != "沉睡客户" && bogus`),
			"r.yaml:5:41: rule 沉睡: unknown feature bogus (lifecycle churn --show-features lists them)", "bogus"},
		{"unterminated", "rules:\n" + rule("x", "(purchases > 1"),
			"r.yaml:5:29: rule x: unexpected token EOF", "1"},
		{"empty condition", "rules:\n" + rule("x", `""`),
			"r.yaml:5:16: rule x: empty condition", `""`},
		{"unknown key", "rules:\n  - name: x\n    level: high\n    reason: r\n    conditon: purchases > 1\n",
			`r.yaml:5:5: unknown key "conditon" in a rule: use name, level, reason, condition`, "conditon"},
		{"missing condition", "rules:\n  - name: x\n    level: high\n    reason: r\n",
			"r.yaml:2:5: rule x: no condition", "name"},
		{"missing name", "rules:\n  - level: high\n    reason: r\n    condition: true\n",
			"r.yaml:2:5: rule: no name", "level"},
		{"unknown level", "rules:\n  - name: x\n    level: urgent\n    reason: r\n    condition: true\n",
			`r.yaml:3:12: rule x: level "urgent": use critical, high, medium or watch`, "urgent"},
		{"bad name", "rules:\n" + rule("a,b", "true"),
			`r.yaml:2:11: rule name "a,b": use letters, digits, - and _`, "a,b"},
		{"list as a value", "rules:\n  - name: x\n    level: [high]\n    reason: r\n    condition: true\n",
			"r.yaml:3:12: level: give a single value", "[high]"},
		{"rule twice", "rules:\n" + rule("x", "true") + rule("x", "false"),
			"r.yaml:6:5: rule x is defined twice (first at line 2)", "name"},
		{"unknown top-level key", "extends: default\nrule:\n" + rule("x", "true"),
			`r.yaml:2:1: unknown key "rule": use extends, disable and rules`, "rule:"},
		{"bad extends", "extends: defaults\n",
			"r.yaml:1:10: extends: use default (keep the default rules) or none", "defaults"},
		{"disable without extends", "disable: [dormant]\nrules:\n" + rule("x", "true"),
			"r.yaml:1:11: disable: needs extends: default", "dormant"},
		{"disable unknown", "extends: default\ndisable: [sleepy]\n",
			`r.yaml:2:11: disable: "sleepy" is not a default rule (overdue, dormant, declining, no-second-purchase)`, "sleepy"},
		{"no rules", "rules:\n", "r.yaml:1:1: no rules: give rules, or extends: default", "rules"},
		{"not a mapping", "- name: x\n", "r.yaml:1:1: a rules file is a mapping with extends:, disable: and rules:", "-"},
		{"empty file", "", "r.yaml: empty rules file: give rules: (see lifecycle churn --help)", ""},
		{"YAML syntax", "rules:\n  - name: x\n   level: high\n", "r.yaml:1: did not find expected '-' indicator", ""},
		{"YAML tab", "rules:\n\t- name: x\n", "r.yaml:2: found character that cannot start any token", ""},
		{"CRLF", strings.ReplaceAll("rules:\n"+rule("x", "|\n      purchases >= 3 &&\n        bogus > 1"), "\n", "\r\n"),
			"r.yaml:7:9: rule x: unknown feature bogus (lifecycle churn --show-features lists them)", "bogus"},
		{"CR", strings.ReplaceAll("rules:\n"+rule("x", "purchases >= 3 &&\n      bogus > 1"), "\n", "\r"),
			"r.yaml:6:7: rule x: unknown feature bogus (lifecycle churn --show-features lists them)", ""},
		{"BOM", "\ufeffrules:\n" + rule("x", "bogus"),
			"r.yaml:5:16: rule x: unknown feature bogus (lifecycle churn --show-features lists them)", "bogus"},
		{"key twice", "rules:\n" + rule("x", "true") + "rules:\n", "r.yaml:6:1: rules: given twice (first at line 1)", "rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRules("r.yaml", []byte(tt.src), DefaultThresholds())
			require.Error(t, err)
			var fe *FileError
			require.True(t, errors.As(err, &fe), "%T", err)
			assert.Equal(t, tt.want, err.Error())
			if tt.at != "" {
				assert.Equal(t, tt.at, textAt(tt.src, fe.Line, fe.Column, len(tt.at)))
			}
		})
	}
}

// textAt returns n bytes of src from the 1-based line and character column.
func textAt(src string, line, col, n int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	l := lines[line-1]
	i := 0
	for c := 1; c < col && i < len(l); c++ {
		_, size := utf8.DecodeRuneInString(l[i:])
		i += size
	}
	return l[i:min(len(l), i+n)]
}

// lineBreaks are YAML's (yaml.v3 counts lines at each).
var lineBreaks = regexp.MustCompile("\r\n|\r|\n|\u0085|\u2028|\u2029")

// FuzzParseRules: the loader never panics; an error is a *FileError whose
// position lies in the file; a set that loads evaluates on the VM and, for
// conditions compiled to closures, the closures agree with the VM; nothing
// takes more than 10 seconds.
func FuzzParseRules(f *testing.F) {
	f.Add([]byte("extends: default\n"))
	f.Add([]byte("extends: default\ndisable: [declining]\nrules:\n" + rule("x", "days_since_last > 2 * typical_gap_days && purchases >= 3")))
	f.Add([]byte("rules:\n" + rule("x", "|\n      net_revenue > 1000 &&\n        !own_gap")))
	f.Add([]byte("rules:\n" + rule("x", `"revenue_90d < 0.5 * revenue_prev_90d"`)))
	f.Add([]byte("rules:\n" + rule("x", `first_purchase < date("2024-01-01") || rfm_segment == "Lost"`)))
	f.Add([]byte("rules:\n  - &a {name: x, level: watch, reason: r, condition: -tenure_days ** 2 > 1 != false}\n  - *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Loading and evaluating any file is bounded: a runaway is a failure.
		timer := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("over 10 s on %q", data)) })
		defer timer.Stop()
		set, err := ParseRules("f.yaml", data, DefaultThresholds())
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%T: %v", err, err)
			}
			lines := lineBreaks.Split(string(data), -1)
			if fe.Line < 0 || fe.Line > len(lines)+1 {
				t.Fatalf("line %d of %d: %v", fe.Line, len(lines), err)
			}
			if fe.Line >= 1 && fe.Line <= len(lines) && fe.Column > utf8.RuneCountInString(lines[fe.Line-1])+1 {
				t.Fatalf("column %d of a %d-character line: %v", fe.Column, utf8.RuneCountInString(lines[fe.Line-1]), err)
			}
			return
		}
		if len(set.Rules) == 0 || len(set.Rules) > MaxRules {
			t.Fatalf("%d rules", len(set.Rules))
		}
		if len(data) > 2000 {
			return // evaluating long programs says little more
		}
		for _, env := range sampleEnvs() {
			vm := evaluator{set: set, env: env, vmOnly: true}
			fast := evaluator{set: set, env: env}
			m1, l1, err1 := vm.eval()
			m2, l2, err2 := fast.eval()
			if err1 == nil && err2 == nil && (m1 != m2 || l1 != l2) {
				t.Fatalf("closures %b %v, VM %b %v", m2, l2, m1, l1)
			}
		}
	})
}
