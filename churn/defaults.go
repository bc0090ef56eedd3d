package churn

import (
	"fmt"
	"strconv"
	"strings"

	"lifecycle/msg"
)

// The default rules, as data: a new default rule is one entry of
// defaultRules (and, when it has a number a user may change, one entry of
// Params); the churn command's flags, help and error messages are made
// from these tables. The README's list of them is checked against
// defaultRules by TestReadmeListsDefaultRules.

// Param is a number the default rules are written with. The churn command
// gives each a flag named Name.
type Param struct {
	Name    string  // "dormant-days": the flag, and {dormant-days} in a rule's text
	Usage   string  // the flag's help
	Default float64 // the value when none is given
	Int     bool    // a whole number (its flag takes an int)
	// Check words a value out of range ("not negative"), "" when v is good.
	Check func(v float64) string
}

// Params are the numbers of the default rules, in the order of their flags.
var Params = []Param{
	{Name: "dormant-days", Usage: "dormant: no purchase for more than this many days", Default: 90, Int: true, Check: notNegative},
	{Name: "overdue-factor", Usage: "overdue: days since the last purchase more than this times the typical gap", Default: 2,
		Check: func(v float64) string {
			if !(v > 0) || v > 1e6 {
				return "give a positive number"
			}
			return ""
		}},
	{Name: "overdue-purchases", Usage: "overdue: for customers with at least this many purchases", Default: 3, Int: true,
		Check: func(v float64) string {
			if v < 1 {
				return "at least 1"
			}
			return ""
		}},
	{Name: "no-second-days", Usage: "no-second-purchase: one purchase, more than this many days ago", Default: 30, Int: true, Check: notNegative},
	{Name: "declining-share", Usage: "declining: last 90 days' revenue below this share of the 90 days before", Default: 0.5,
		Check: func(v float64) string {
			if !(v > 0) || v > 1 {
				return "give a share above 0, at most 1"
			}
			return ""
		}},
}

func notNegative(v float64) string {
	if v < 0 {
		return "not negative"
	}
	return ""
}

// DefaultRule is a default rule before its numbers are filled in: in
// Condition and Reason, {name} stands for the value of Param name, and
// {name:share} writes a share as "half" or a percentage ({name:percent}
// always as a percentage). ReasonZH is the reason in Chinese.
type DefaultRule struct {
	Name      string
	Level     Level
	Condition string
	Reason    string
	ReasonZH  string
	// Help describes the rule in the command's help, with the default
	// numbers; lines are separated by \n.
	Help string
}

// defaultRules are the default rules, in the order they are reported.
var defaultRules = []DefaultRule{
	{
		Name:      "overdue",
		Level:     Critical,
		Condition: "purchases >= {overdue-purchases} && days_since_last > {overdue-factor} * typical_gap_days",
		Reason:    "over {overdue-factor}x the usual gap since the last purchase ({overdue-purchases}+ purchases)",
		ReasonZH:  "距上次购买已超过通常间隔的 {overdue-factor} 倍（{overdue-purchases} 次及以上购买）",
		Help: "3+ purchases and days since the last more than twice\n" +
			"the typical gap (a weekly buyer is warned after two\n" +
			"weeks, a quarterly one after half a year)",
	},
	{
		Name:      "dormant",
		Level:     High,
		Condition: "days_since_last > {dormant-days}",
		Reason:    "no purchase for over {dormant-days} days",
		ReasonZH:  "超过 {dormant-days} 天未购买",
		Help:      "no purchase for more than 90 days (沉睡客户)",
	},
	{
		Name:      "declining",
		Level:     Medium,
		Condition: "purchases_90d > 0 && purchases_prev_90d > 0 && revenue_90d < {declining-share} * revenue_prev_90d",
		Reason:    "last 90 days' revenue under {declining-share:share} of the 90 before",
		ReasonZH:  "最近 90 天收入不到前 90 天的 {declining-share:percent}",
		Help: "bought in both of the last two 90-day windows, and the\n" +
			"last one's revenue below half the one before",
	},
	{
		Name:      "no-second-purchase",
		Level:     Watch,
		Condition: "purchases == 1 && days_since_last > {no-second-days}",
		Reason:    "a single purchase over {no-second-days} days ago",
		ReasonZH:  "仅购买一次，且已超过 {no-second-days} 天",
		Help:      "one purchase, more than 30 days ago (首单后沉默)",
	},
}

// DefaultRuleList returns the default rules before their numbers are
// filled in (for the command's help).
func DefaultRuleList() []DefaultRule { return defaultRules }

// Thresholds are values of Params, by name; a Param not in the map has its
// Default (a nil Thresholds is the defaults).
type Thresholds map[string]float64

// DefaultThresholds returns every Param at its default.
func DefaultThresholds() Thresholds {
	t := make(Thresholds, len(Params))
	for _, p := range Params {
		t[p.Name] = p.Default
	}
	return t
}

// ThresholdError is a threshold out of range, or one that no default rule
// has.
type ThresholdError struct {
	Param string // the Param's name
	Value string // the value as given
	Msg   string // what is wrong
}

func (e *ThresholdError) Error() string { return e.Words().Error() }

// Words is the error worded (Msg is a fixed text, as Param.Check gives).
func (e *ThresholdError) Words() *msg.Error {
	return msg.Of(msg.Errorf("%s %s: %v", e.Param, e.Value, msg.Text(e.Msg)))
}

// Check reports the first threshold out of range, in the order of Params,
// as a *ThresholdError.
func (t Thresholds) Check() error {
	for _, p := range Params {
		v, ok := t[p.Name]
		if !ok {
			continue
		}
		if msg := p.Check(v); msg != "" {
			return &ThresholdError{Param: p.Name, Value: p.format(v, func(v float64) string { return fmt.Sprint(v) }), Msg: msg}
		}
	}
	for name, v := range t {
		if paramOf(name) == nil {
			return &ThresholdError{Param: name, Value: fmt.Sprint(v), Msg: "no default rule has this threshold"}
		}
	}
	return nil
}

// value returns the threshold of p.
func (t Thresholds) value(p *Param) float64 {
	if v, ok := t[p.Name]; ok {
		return v
	}
	return p.Default
}

func paramOf(name string) *Param {
	for i := range Params {
		if Params[i].Name == name {
			return &Params[i]
		}
	}
	return nil
}

// format writes v: a whole number as an integer, another with float.
func (p *Param) format(v float64, float func(float64) string) string {
	if p.Int {
		return strconv.FormatInt(int64(v), 10)
	}
	return float(v)
}

// fill replaces the {name} and {name:share} of text with the thresholds.
// A name that is not a Param is an error (a mistake in defaultRules).
func (t Thresholds) fill(text string) (string, error) {
	var b strings.Builder
	for {
		open := strings.IndexByte(text, '{')
		if open < 0 {
			b.WriteString(text)
			return b.String(), nil
		}
		end := strings.IndexByte(text[open:], '}')
		if end < 0 {
			return "", msg.Errorf("%q: { without }", text)
		}
		b.WriteString(text[:open])
		name, how, _ := strings.Cut(text[open+1:open+end], ":")
		p := paramOf(name)
		if p == nil || (how != "" && how != "share" && how != "percent") {
			return "", msg.Errorf("%q: no threshold {%s}", text, text[open+1:open+end])
		}
		v := t.value(p)
		switch how {
		case "share":
			b.WriteString(sharePhrase(v))
		case "percent":
			b.WriteString(num(v*100) + "%")
		default:
			b.WriteString(p.format(v, num))
		}
		text = text[open+end+1:]
	}
}

// num writes a threshold the shortest way (2, 0.5).
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// sharePhrase writes 0.5 as "half" and other shares as percentages.
func sharePhrase(v float64) string {
	if v == 0.5 {
		return "half"
	}
	return num(v*100) + "%"
}

// DefaultRules returns the default rules written with thresholds t (not
// compiled; NewSet or Default compiles them).
func DefaultRules(t Thresholds) []Rule {
	rules := make([]Rule, len(defaultRules))
	for i, d := range defaultRules {
		rules[i] = Rule{Name: d.Name, Level: d.Level, Condition: t.mustFill(d.Condition), Reason: t.mustFill(d.Reason), ReasonZH: t.mustFill(d.ReasonZH)}
	}
	return rules
}

// mustFill is fill of the text of a default rule, whose names a test checks.
func (t Thresholds) mustFill(text string) string {
	s, err := t.fill(text)
	if err != nil {
		panic("churn: default rule " + err.Error())
	}
	return s
}

// Default returns the compiled default rules with thresholds t.
func Default(t Thresholds) (*Set, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	rules := DefaultRules(t)
	for i := range rules {
		rules[i].Origin = "default"
	}
	s, err := NewSet(rules)
	if err != nil {
		return nil, err
	}
	s.Thresholds, s.Default = t, true
	return s, nil
}
