package churn

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"lifecycle/msg"
	"lifecycle/orders"
)

// Level is how urgent a warning is. A customer's level is the highest of
// the rules it trips; None means no rule.
type Level uint8

// The levels, least urgent first.
const (
	None Level = iota
	Watch
	Medium
	High
	Critical
)

var levelNames = [...]string{None: "none", Watch: "watch", Medium: "medium", High: "high", Critical: "critical"}

// Levels are the levels a rule may have, most urgent first.
var Levels = []Level{Critical, High, Medium, Watch}

// String returns "critical", "high", "medium", "watch" or "none".
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel returns the level named s (not None).
func ParseLevel(s string) (Level, error) {
	for _, l := range Levels {
		if levelNames[l] == s {
			return l, nil
		}
	}
	return None, msg.Errorf("level %q: use critical, high, medium or watch", s)
}

// MaxRules bounds the rules of a Set (a customer's rules are a bit set).
const MaxRules = 64

// Rule is one warning: when Condition holds for a customer's features, the
// customer is flagged with Level, and Reason says why.
type Rule struct {
	Name   string
	Level  Level
	Reason string
	// ReasonZH is Reason in Chinese ("" means none: Reason is shown).
	ReasonZH string
	// Condition is an expr-lang expression over the features (see
	// FeatureList) that must be true or false.
	Condition string
	// Origin says where the rule was written: "default" or a file
	// position ("rules.yaml:12:5").
	Origin string

	program *vm.Program          // what the VM runs: with step counting when the condition loops
	fast    func(*Features) bool // the condition as Go closures, or nil (fast.go)
	rfm     bool                 // the condition uses RFM features
	attrs   []string             // the attributes the condition uses (attr.NAME)
}

// ConditionError is a condition that does not compile: a syntax error, an
// unknown feature or a value that is not true or false. Offset is the rune
// offset in the condition where the problem is, -1 when it is the whole
// condition.
type ConditionError struct {
	Rule   string
	Offset int
	Msg    string

	why error // Msg as msg made it, or nil
}

// conditionErr is a ConditionError whose message is why.
func conditionErr(rule string, offset int, why error) *ConditionError {
	return &ConditionError{Rule: rule, Offset: offset, Msg: why.Error(), why: why}
}

func (e *ConditionError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *ConditionError) Words() *msg.Error {
	return msg.Of(msg.Errorf("rule %s: %w", e.Rule, e.reason()))
}

// reason is Msg, worded.
func (e *ConditionError) reason() error {
	if e.why != nil {
		return e.why
	}
	return msg.Text(e.Msg)
}

// exprOptions are the expr-lang options of every condition: the features
// are the environment, the result must be a bool, dates are UTC, and now()
// is left out (rules look at the as-of day, never the clock).
func exprOptions() []expr.Option {
	return []expr.Option{
		expr.Env(Features{}),
		expr.AsBool(),
		expr.Timezone("UTC"),
		expr.DisableBuiltin("now"),
	}
}

// compile compiles r.Condition, within the limits of a condition (see
// limits.go): its length and nesting before it is parsed, no integer
// modulo by zero, and the evaluation budget on a customer with every
// feature zero.
func (r *Rule) compile() error {
	if strings.TrimSpace(r.Condition) == "" {
		return conditionErr(r.Name, -1, msg.Errorf("empty condition"))
	}
	if err := checkShape(r.Name, r.Condition); err != nil {
		return err
	}
	p, err := expr.Compile(r.Condition, exprOptions()...)
	if err != nil {
		return conditionError(r.Name, err)
	}
	r.program = p
	r.rfm = false
	node := p.Node()
	if err := checkModZero(r.Name, node); err != nil {
		return err
	}
	r.fast = compileFast(node)
	loops := false
	var lets []string
	r.attrs = nil
	attrUses := 0
	var attrErr *ConditionError
	ast.Walk(&node, nodeVisitor(func(n ast.Node) {
		switch n := n.(type) {
		case *ast.MemberNode:
			id, ok := n.Node.(*ast.IdentifierNode)
			prop, named := n.Property.(*ast.StringNode)
			if !ok || id.Value != "attr" || !named {
				break
			}
			attrUses++
			if !slices.Contains(orders.AttributeNames(), prop.Value) && attrErr == nil {
				attrErr = conditionErr(r.Name, -1, msg.Errorf("unknown attribute attr.%s (known: %s)", prop.Value, strings.Join(orders.AttributeNames(), ", ")))
			}
			if !slices.Contains(r.attrs, prop.Value) {
				r.attrs = append(r.attrs, prop.Value)
			}
		case *ast.VariableDeclaratorNode:
			lets = append(lets, n.Name)
		case *ast.IdentifierNode:
			if n.Value == "attr" {
				attrUses--
			}
			r.rfm = r.rfm || slices.Contains(rfmFeatures, n.Value)
		case *ast.PredicateNode:
			loops = true
		case *ast.BinaryNode:
			loops = loops || n.Operator == ".."
		}
	}))
	if attrErr != nil {
		return attrErr
	}
	if attrUses < 0 {
		return conditionErr(r.Name, -1, msg.Errorf("attributes are read one by one: attr.NAME"))
	}
	if loops {
		// The same condition, its steps counted (limits.go).
		if r.program, err = expr.Compile(r.Condition, countedOptions(lets)...); err != nil {
			return conditionError(r.Name, err)
		}
	}
	if r.fast == nil {
		return checkBudget(r)
	}
	return nil
}

// nodeVisitor calls itself with each node of a condition.
type nodeVisitor func(ast.Node)

func (v nodeVisitor) Visit(n *ast.Node) { v(*n) }

// conditionError words an expr-lang compile error.
func conditionError(rule string, err error) *ConditionError {
	var fe *file.Error
	if errors.As(err, &fe) {
		if name, ok := strings.CutPrefix(fe.Message, "unknown name "); ok {
			return conditionErr(rule, fe.From, msg.Errorf("unknown feature %s (lifecycle churn --show-features lists them)", name))
		}
		return conditionErr(rule, fe.From, errors.New(fe.Message)) // expr-lang's words
	}
	if got, ok := strings.CutPrefix(err.Error(), "expected bool, but got "); ok {
		what := map[string]error{"int": msg.Errorf("a number"), "float64": msg.Errorf("a number"), "string": msg.Errorf("text"),
			"time.Time": msg.Errorf("a date"), "time.Duration": msg.Errorf("a duration")}[got]
		if what == nil {
			what = errors.New(got)
		}
		return conditionErr(rule, -1, msg.Errorf("the condition gives %v, not true or false (compare it: > < == ...)", what))
	}
	return conditionErr(rule, -1, errors.New(err.Error()))
}

// checkName checks a rule name: letters (any script), digits, - and _.
func checkName(name string) error {
	if name == "" {
		return msg.Errorf("a rule needs a name")
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return msg.Errorf("rule name %q: use letters, digits, - and _", name)
		}
	}
	return nil
}

// Set is a list of compiled rules, in the order they are reported.
type Set struct {
	Rules []Rule
	// Thresholds are those the default rules were written with, when the
	// set holds them (zero otherwise).
	Thresholds Thresholds
	// Default tells whether the set holds the default rules (Default, or a
	// rules file with extends: default).
	Default bool
	rfm     bool
	attrs   []string
}

// NewSet compiles the rules. Names must be unique and the rules at most
// MaxRules; a condition that does not compile is a *ConditionError.
func NewSet(rules []Rule) (*Set, error) {
	if len(rules) == 0 {
		return nil, msg.Errorf("no rules")
	}
	if len(rules) > MaxRules {
		return nil, msg.Errorf("%d rules: at most %d", len(rules), MaxRules)
	}
	s := &Set{Rules: slices.Clone(rules)}
	for i := range s.Rules {
		r := &s.Rules[i]
		if err := checkName(r.Name); err != nil {
			return nil, err
		}
		for j := range i {
			if s.Rules[j].Name == r.Name {
				return nil, msg.Errorf("rule %s is defined twice", r.Name)
			}
		}
		if r.Level < Watch || r.Level > Critical {
			return nil, msg.Errorf("rule %s: no level", r.Name)
		}
		if err := r.compile(); err != nil {
			return nil, err
		}
		s.rfm = s.rfm || r.rfm
		for _, a := range r.attrs {
			if !slices.Contains(s.attrs, a) {
				s.attrs = append(s.attrs, a)
			}
		}
	}
	return s, nil
}

// Attributes lists the attributes the conditions use (attr.NAME), which
// the histories must have been read with (orders.Options.Attributes).
func (s *Set) Attributes() []string { return s.attrs }

// UsesRFM tells whether a condition uses the RFM features.
func (s *Set) UsesRFM() bool { return s.rfm }

// evaluator evaluates a set's rules, one customer at a time; one per
// goroutine. A rule runs as Go closures when it could be compiled to them
// (fast.go), else on one reused expr-lang VM; the Features value is reused
// too, so that a customer costs no allocation beyond what the VM makes.
type evaluator struct {
	set *Set
	vm  vm.VM
	env Features
	// vmOnly runs every rule on the VM (tests and benchmarks compare).
	vmOnly bool
}

// eval runs every rule on e.env and returns the bit set of the rules that
// hold and the highest level among them.
// A rule over the evaluation budget (limits.go) is a *BudgetError.
func (e *evaluator) eval() (uint64, Level, error) {
	var mask uint64
	var level Level
	e.env.steps = 0
	e.vm.MemoryBudget = EvalBudget
	for i := range e.set.Rules {
		r := &e.set.Rules[i]
		var hit bool
		if r.fast != nil && !e.vmOnly {
			hit = r.fast(&e.env)
		} else {
			out, err := e.vm.Run(r.program, &e.env)
			if err != nil {
				if be := budgetError(r.Name, err); be != nil {
					return 0, None, be
				}
				return 0, None, msg.Errorf("rule %s: %w", r.Name, err)
			}
			hit = out.(bool)
		}
		if hit {
			mask |= 1 << i
			level = max(level, r.Level)
		}
	}
	return mask, level, nil
}
