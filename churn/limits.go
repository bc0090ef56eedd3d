package churn

import (
	"errors"
	"reflect"
	"slices"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"lifecycle/msg"
)

// The limits of a condition. A rules file is input like any other: these
// keep a hostile or mistaken one from crashing the process or running for
// hours, and they are counts, never times, so that a result never depends
// on the machine's load.
//
//   - A condition is at most MaxConditionLength characters, and its
//     brackets ( [ { nest at most MaxNesting deep (strings and comments
//     aside). Both are checked before the condition is parsed: the parser
//     recurses once per level, and a deep enough nesting overflows the
//     stack, which no program can recover from.
//   - An integer modulo by a constant zero (purchases % 0) is a mistake
//     when the rules are checked, not a failure after the data is read.
//   - Evaluation has a budget of EvalBudget steps per customer, over all
//     the rules. A step is one call of a predicate (the # expression of
//     map, filter, all, any, none, one, count, sum, find, reduce and the
//     other functions over lists), one number of a range a..b, and one
//     value of a list each time a list held for reuse (# or a let
//     variable) is used: 1..10 takes 10 steps and all(1..10, # > 0) up
//     to 20; nested lists multiply. Conditions without lists take none.
//     And one rule may build at most EvalBudget values for a customer
//     (expr-lang's memory budget). A customer whose rules need more stops
//     the run with a *BudgetError naming the rule and the customer (a
//     runtime error, exit 1): the data decide. A rule that needs more for
//     a customer with every feature zero needs it whatever the data, and
//     is rejected when the rules are checked, before any order is read
//     (a usage error, exit 2). The budget bounds a customer's rules to
//     a millisecond or two (without it, sum(map(1..900, sum(map(1..900,
//     #)))) takes over a million steps a customer).
const (
	MaxConditionLength = 10_000
	MaxNesting         = 100
	EvalBudget         = 10_000
)

// BudgetError is a rule that needed more than EvalBudget steps, or lists
// of more than EvalBudget values, for one customer.
type BudgetError struct {
	Rule string
	// Values tells that the rule built lists too long (else it took too
	// many steps).
	Values bool
}

func (e *BudgetError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *BudgetError) Words() *msg.Error { return msg.Of(msg.Errorf("rule %s: %w", e.Rule, e.what())) }

func (e *BudgetError) what() error {
	if e.Values {
		return msg.Errorf("over the evaluation budget: lists of more than %d values", EvalBudget)
	}
	return msg.Errorf("over the evaluation budget of %d steps per customer", EvalBudget)
}

// checkShape checks the length and the nesting of a condition before it
// is parsed. It follows expr-lang's lexer: strings in "", ” (with \
// escapes) and “ end at their quote, "" and ” also at a line break;
// comments run from // to the line's end and from /* to */.
func checkShape(rule, cond string) error {
	runes := []rune(cond)
	if len(runes) > MaxConditionLength {
		return conditionErr(rule, -1, msg.Errorf("a condition of %d characters: at most %d", len(runes), MaxConditionLength))
	}
	depth := 0
	for i := 0; i < len(runes); i++ {
		switch c := runes[i]; c {
		case '"', '\'':
			for i++; i < len(runes) && runes[i] != c && runes[i] != '\n'; i++ {
				if runes[i] == '\\' {
					i++
				}
			}
		case '`':
			for i++; i < len(runes) && runes[i] != '`'; i++ {
			}
		case '/':
			if i+1 < len(runes) && runes[i+1] == '/' {
				for i += 2; i < len(runes) && runes[i] != '\n'; i++ {
				}
			} else if i+1 < len(runes) && runes[i+1] == '*' {
				for i += 2; i < len(runes) && !(runes[i] == '*' && i+1 < len(runes) && runes[i+1] == '/'); i++ {
				}
				i++
			}
		case '(', '[', '{':
			depth++
			if depth > MaxNesting {
				return conditionErr(rule, i, msg.Errorf("brackets nested more than %d deep", MaxNesting))
			}
		case ')', ']', '}':
			depth = max(0, depth-1)
		}
	}
	return nil
}

// checkModZero finds an integer modulo by a constant zero in a compiled
// (constant-folded) condition.
func checkModZero(rule string, node ast.Node) error {
	var found ast.Node
	ast.Walk(&node, nodeVisitor(func(n ast.Node) {
		if b, ok := n.(*ast.BinaryNode); ok && b.Operator == "%" && found == nil {
			if z, ok := b.Right.(*ast.IntegerNode); ok && z.Value == 0 {
				found = n
			}
		}
	}))
	if found == nil {
		return nil
	}
	return conditionErr(rule, found.Location().From, msg.Errorf("%% 0: a modulo by zero"))
}

// The functions the step counting calls; a condition cannot name them
// (they are not in the options a condition is checked with).
const (
	stepFunc  = "__step"
	rangeFunc = "__range"
	useFunc   = "__use"
)

// countedOptions are exprOptions with steps counted (see above): every
// predicate's body B becomes the sequence (__step($env); B), which has B's
// value and type; every range a..b becomes __range($env, a, b); and every
// use of a value that may be a list held for reuse (#, #acc, a variable of
// let, named in lets) becomes __use($env, x), a step per value of a list
// or a map, so that a list counted once cannot be walked again for free.
func countedOptions(lets []string) []expr.Option {
	return append(exprOptions(),
		expr.Function(stepFunc, step),
		expr.Function(rangeFunc, countedRange, new(func(Features, int, int) []int)),
		expr.Function(useFunc, use),
		expr.Patch(counter(lets)))
}

// counter patches a condition to count its steps; it holds the names its
// let declares.
type counter []string

func (c counter) Visit(n *ast.Node) {
	env := &ast.IdentifierNode{Value: "$env"}
	switch x := (*n).(type) {
	case *ast.PointerNode:
		c.use(n, env)
	case *ast.IdentifierNode:
		if slices.Contains(c, x.Value) {
			c.use(n, env)
		}
	case *ast.PredicateNode:
		call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: stepFunc}, Arguments: []ast.Node{env}}
		seq := &ast.SequenceNode{Nodes: []ast.Node{call, x.Node}}
		call.SetLocation(x.Node.Location())
		seq.SetLocation(x.Node.Location())
		x.Node = seq
	case *ast.BinaryNode:
		if x.Operator == ".." {
			call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: rangeFunc}, Arguments: []ast.Node{env, x.Left, x.Right}}
			ast.Patch(n, call)
		}
	}
}

func (counter) use(n *ast.Node, env ast.Node) {
	x := *n
	call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: useFunc}, Arguments: []ast.Node{env, x}}
	ast.Patch(n, call)
}

// errSteps is what step and countedRange return past the budget.
var errSteps = msg.Errorf("steps")

// charge counts n steps of the customer whose features are the
// environment.
func charge(env any, n int) error {
	if f, ok := env.(*Features); ok {
		if n > EvalBudget-f.steps {
			return errSteps
		}
		f.steps += n
	}
	return nil
}

// step counts a call of a predicate.
func step(args ...any) (any, error) {
	return nil, charge(args[0], 1)
}

// use counts a step per value of a list or a map, and returns it.
func use(args ...any) (any, error) {
	n := 0
	switch x := args[1].(type) {
	case []any:
		n = len(x)
	case []int:
		n = len(x)
	case []float64:
		n = len(x)
	case []string:
		n = len(x)
	case map[string]any:
		n = len(x)
	case nil, int, float64, string, bool:
	default:
		if v := reflect.ValueOf(x); v.Kind() == reflect.Slice || v.Kind() == reflect.Array || v.Kind() == reflect.Map {
			n = v.Len()
		}
	}
	return args[1], charge(args[0], n)
}

// countedRange is a..b (empty when b < a), a step per number.
func countedRange(args ...any) (any, error) {
	lo, hi := args[1].(int), args[2].(int)
	if hi < lo {
		return []int{}, nil
	}
	if uint(hi-lo) >= EvalBudget {
		return nil, errSteps
	}
	n := hi - lo + 1
	if err := charge(args[0], n); err != nil {
		return nil, err
	}
	r := make([]int, n)
	for i := range r {
		r[i] = lo + i
	}
	return r, nil
}

// budgetError tells whether err, from running rule's program, is the end
// of the budget.
func budgetError(rule string, err error) *BudgetError {
	if errors.Is(err, errSteps) {
		return &BudgetError{Rule: rule}
	}
	var fe *file.Error
	if errors.As(err, &fe) && fe.Message == "memory budget exceeded" {
		return &BudgetError{Rule: rule, Values: true}
	}
	return nil
}

// checkBudget runs r on a customer with every feature zero: a rule over
// the budget there is over it whatever the data.
func checkBudget(r *Rule) error {
	m := vm.VM{MemoryBudget: EvalBudget}
	_, err := m.Run(r.program, &Features{})
	if be := budgetError(r.Name, err); be != nil {
		return conditionErr(r.Name, -1, msg.Errorf("%v (for a customer with every feature zero)", be.what()))
	}
	return nil
}
