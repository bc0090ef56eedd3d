package churn

import (
	"math"

	"github.com/expr-lang/expr/ast"
)

// Evaluating a condition on expr-lang's VM is slow for this use (fields
// are fetched by reflection and values boxed; BenchmarkRules measures it),
// and on millions of customers it is most of the command's own time. So a
// condition made only of what rules mostly are — numeric and boolean
// features, number literals, arithmetic (+ - * / **), comparisons, ! &&
// || — is also compiled, from the tree expr-lang has parsed, type-checked
// and optimised, into Go closures that read Features directly. They follow
// expr-lang's semantics for these operators (int op int is an int, except
// / and ** which are float64; a comparison or arithmetic with a float64
// converts the int; && and || short-circuit), and a differential test
// checks them against the VM on random conditions and features. Any other
// condition runs on the VM.

// fn is a compiled sub-expression: exactly one of b, i, f is set.
type fn struct {
	b func(*Features) bool
	i func(*Features) int
	f func(*Features) float64
}

// float returns x as a float64 function (x is numeric).
func (x fn) float() func(*Features) float64 {
	if x.f != nil {
		return x.f
	}
	i := x.i
	return func(e *Features) float64 { return float64(i(e)) }
}

func (x fn) numeric() bool { return x.i != nil || x.f != nil }

// featureFns reads each numeric and boolean feature (a test checks it
// covers every such field of Features).
var featureFns = map[string]fn{
	"days_since_last":    {i: func(e *Features) int { return e.DaysSinceLast }},
	"purchases":          {i: func(e *Features) int { return e.Purchases }},
	"purchase_days":      {i: func(e *Features) int { return e.PurchaseDays }},
	"returns":            {i: func(e *Features) int { return e.Returns }},
	"net_revenue":        {f: func(e *Features) float64 { return e.NetRevenue }},
	"typical_gap_days":   {f: func(e *Features) float64 { return e.TypicalGapDays }},
	"own_gap":            {b: func(e *Features) bool { return e.OwnGap }},
	"days_overdue":       {f: func(e *Features) float64 { return e.DaysOverdue }},
	"overdue_ratio":      {f: func(e *Features) float64 { return e.OverdueRatio }},
	"last_gap_days":      {f: func(e *Features) float64 { return e.LastGapDays }},
	"gap_trend":          {f: func(e *Features) float64 { return e.GapTrend }},
	"revenue_90d":        {f: func(e *Features) float64 { return e.Revenue90 }},
	"revenue_prev_90d":   {f: func(e *Features) float64 { return e.RevenuePrev90 }},
	"purchases_90d":      {i: func(e *Features) int { return e.Purchases90 }},
	"purchases_prev_90d": {i: func(e *Features) int { return e.PurchasesPrev90 }},
	"revenue_365d":       {f: func(e *Features) float64 { return e.Revenue365 }},
	"tenure_days":        {i: func(e *Features) int { return e.TenureDays }},
	"r_score":            {i: func(e *Features) int { return e.R }},
	"f_score":            {i: func(e *Features) int { return e.F }},
	"m_score":            {i: func(e *Features) int { return e.M }},
}

// compileFast compiles a checked condition tree to a closure, or returns
// nil when the tree has anything outside the subset.
func compileFast(n ast.Node) func(*Features) bool {
	x, ok := fastNode(n)
	if !ok || x.b == nil {
		return nil
	}
	return x.b
}

func fastNode(n ast.Node) (fn, bool) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		x, ok := featureFns[n.Value]
		return x, ok
	case *ast.IntegerNode:
		v := n.Value
		return fn{i: func(*Features) int { return v }}, true
	case *ast.FloatNode:
		v := n.Value
		return fn{f: func(*Features) float64 { return v }}, true
	case *ast.BoolNode:
		v := n.Value
		return fn{b: func(*Features) bool { return v }}, true
	case *ast.ConstantNode:
		switch v := n.Value.(type) {
		case int:
			return fn{i: func(*Features) int { return v }}, true
		case float64:
			return fn{f: func(*Features) float64 { return v }}, true
		case bool:
			return fn{b: func(*Features) bool { return v }}, true
		}
		return fn{}, false
	case *ast.UnaryNode:
		x, ok := fastNode(n.Node)
		if !ok {
			return fn{}, false
		}
		switch n.Operator {
		case "!", "not":
			if b := x.b; b != nil {
				return fn{b: func(e *Features) bool { return !b(e) }}, true
			}
		case "+":
			if x.numeric() {
				return x, true
			}
		case "-":
			if i := x.i; i != nil {
				return fn{i: func(e *Features) int { return -i(e) }}, true
			}
			if f := x.f; f != nil {
				return fn{f: func(e *Features) float64 { return -f(e) }}, true
			}
		}
		return fn{}, false
	case *ast.BinaryNode:
		l, ok1 := fastNode(n.Left)
		r, ok2 := fastNode(n.Right)
		if !ok1 || !ok2 {
			return fn{}, false
		}
		return fastBinary(n.Operator, l, r)
	}
	return fn{}, false
}

func fastBinary(op string, l, r fn) (fn, bool) {
	switch op {
	case "&&", "and", "||", "or":
		a, b := l.b, r.b
		if a == nil || b == nil {
			return fn{}, false
		}
		if op == "&&" || op == "and" {
			return fn{b: func(e *Features) bool { return a(e) && b(e) }}, true
		}
		return fn{b: func(e *Features) bool { return a(e) || b(e) }}, true
	case "==", "!=":
		eq, ok := fastEqual(l, r)
		if !ok {
			return fn{}, false
		}
		if op == "!=" {
			return fn{b: func(e *Features) bool { return !eq(e) }}, true
		}
		return fn{b: eq}, true
	}
	if !l.numeric() || !r.numeric() {
		return fn{}, false
	}
	if li, ri := l.i, r.i; li != nil && ri != nil {
		switch op {
		case "<":
			return fn{b: func(e *Features) bool { return li(e) < ri(e) }}, true
		case ">":
			return fn{b: func(e *Features) bool { return li(e) > ri(e) }}, true
		case "<=":
			return fn{b: func(e *Features) bool { return li(e) <= ri(e) }}, true
		case ">=":
			return fn{b: func(e *Features) bool { return li(e) >= ri(e) }}, true
		case "+":
			return fn{i: func(e *Features) int { return li(e) + ri(e) }}, true
		case "-":
			return fn{i: func(e *Features) int { return li(e) - ri(e) }}, true
		case "*":
			return fn{i: func(e *Features) int { return li(e) * ri(e) }}, true
		}
	}
	lf, rf := l.float(), r.float()
	switch op {
	case "<":
		return fn{b: func(e *Features) bool { return lf(e) < rf(e) }}, true
	case ">":
		return fn{b: func(e *Features) bool { return lf(e) > rf(e) }}, true
	case "<=":
		return fn{b: func(e *Features) bool { return lf(e) <= rf(e) }}, true
	case ">=":
		return fn{b: func(e *Features) bool { return lf(e) >= rf(e) }}, true
	case "+":
		return fn{f: func(e *Features) float64 { return lf(e) + rf(e) }}, true
	case "-":
		return fn{f: func(e *Features) float64 { return lf(e) - rf(e) }}, true
	case "*":
		return fn{f: func(e *Features) float64 { return lf(e) * rf(e) }}, true
	case "/":
		return fn{f: func(e *Features) float64 { return lf(e) / rf(e) }}, true
	case "**", "^":
		return fn{f: func(e *Features) float64 { return math.Pow(lf(e), rf(e)) }}, true
	}
	return fn{}, false
}

// fastEqual compiles l == r for two numbers or two booleans.
func fastEqual(l, r fn) (func(*Features) bool, bool) {
	switch {
	case l.b != nil && r.b != nil:
		a, b := l.b, r.b
		return func(e *Features) bool { return a(e) == b(e) }, true
	case l.i != nil && r.i != nil:
		a, b := l.i, r.i
		return func(e *Features) bool { return a(e) == b(e) }, true
	case l.numeric() && r.numeric():
		a, b := l.float(), r.float()
		return func(e *Features) bool { return a(e) == b(e) }, true
	}
	return nil, false
}
