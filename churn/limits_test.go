package churn

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConditionLimits: what a condition may not be is refused when the
// rules are checked, with the rule's name and the place: brackets nested
// deeper than MaxNesting (600,000 of them overflowed the parser's stack, a
// crash no recover catches), a condition over MaxConditionLength
// characters, and an integer modulo by zero.
func TestConditionLimits(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("(", n) + "purchases > 1" + strings.Repeat(")", n) }
	tests := []struct {
		cond   string
		msg    string // "" when the condition loads
		offset int
	}{
		{nest(600_000), "a condition of 1200013 characters: at most 10000", -1},
		{nest(MaxNesting + 1), "brackets nested more than 100 deep", MaxNesting},
		{nest(MaxNesting), "", 0},
		{"[" + nest(MaxNesting) + "][0]", "brackets nested more than 100 deep", MaxNesting},
		{"[" + strings.Repeat("{a: ", 100) + "1" + strings.Repeat("}", 100) + "] != nil", "brackets nested more than 100 deep", 397},
		// Brackets in strings and comments do not nest.
		{`"` + strings.Repeat("(", 200) + `" != rfm_segment`, "", 0},
		{`'` + strings.Repeat("[", 200) + `\'' != rfm_segment`, "", 0},
		{"`" + strings.Repeat("{", 200) + "` != rfm_segment", "", 0},
		{"/* " + strings.Repeat("(", 200) + " */ purchases > 1", "", 0},
		{"purchases > 1 // " + strings.Repeat("(", 200), "", 0},
		// A quote in a comment opens no string that would hide brackets.
		{"// it's\n" + nest(MaxNesting+1), "brackets nested more than 100 deep", 108},
		{"/* \" */ " + nest(MaxNesting+1), "brackets nested more than 100 deep", 108},
		// A string ends at a line break, as expr-lang's lexer ends it.
		{"'\n" + nest(MaxNesting+1), "brackets nested more than 100 deep", 102},
		{"purchases % 0 == 1", "% 0: a modulo by zero", 10},
		{"purchases > 1 && tenure_days % (2 - 2) == 1", "% 0: a modulo by zero", 29},
		{"purchases % 2 == 0 && purchases / 0 > 1", "", 0}, // / is a float division: +Inf
	}
	for _, tt := range tests {
		name := tt.cond[:min(len(tt.cond), 40)]
		t.Run(name, func(t *testing.T) {
			_, err := NewSet([]Rule{{Name: "x", Level: High, Condition: tt.cond}})
			if tt.msg == "" {
				require.NoError(t, err)
				return
			}
			var ce *ConditionError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Equal(t, "rule x: "+tt.msg, err.Error())
			assert.Equal(t, tt.offset, ce.Offset)
		})
	}
}

// TestEvalBudget: evaluation stops at EvalBudget steps per customer with
// a *BudgetError naming the rule; a rule over the budget for a customer
// with every feature zero is refused when the rules are checked.
func TestEvalBudget(t *testing.T) {
	// The rule: 38 ms a customer; over the budget whatever the data.
	_, err := NewSet([]Rule{{Name: "slow", Level: High, Condition: "sum(map(1..900, sum(map(1..900, #)))) > purchases"}})
	require.EqualError(t, err, "rule slow: over the evaluation budget of 10000 steps per customer (for a customer with every feature zero)")

	// Over it for some customers only: a runtime error for those.
	tests := []struct {
		cond   string
		values bool
	}{
		{"purchases > 1 && sum(map(1..900, sum(map(1..900, #)))) > purchases", false},
		{"purchases > 1 && count(1..purchases, # % 2 == 0) > 1", false},
		// A list counted once is counted again at each use.
		{"let r = 1..purchases; purchases > 1 && max(r)" + strings.Repeat(" + max(r)", 200) + " > 0", false},
		{"purchases > 1 && all(map(1..50, 1..20), max(#)" + strings.Repeat(" + max(#)", 200) + " > 0)", false},
		// Lists built without a range or a predicate: expr-lang's memory budget.
		{`purchases > 1 && len(repeat("ab", purchases)) > 0`, true},
	}
	for _, tt := range tests {
		t.Run(tt.cond[:40], func(t *testing.T) {
			set, err := NewSet([]Rule{
				{Name: "cheap", Level: Watch, Condition: "purchases > 1"},
				{Name: "slow", Level: High, Condition: tt.cond},
			})
			require.NoError(t, err)
			e := evaluator{set: set, env: Features{Purchases: 1}}
			m, l, err := e.eval()
			require.NoError(t, err)
			assert.Equal(t, uint64(0), m)
			assert.Equal(t, None, l)

			e.env.Purchases = 2 * EvalBudget
			start := time.Now()
			_, _, err = e.eval()
			var be *BudgetError
			require.True(t, errors.As(err, &be), "%v", err)
			assert.Equal(t, "slow", be.Rule)
			assert.Equal(t, tt.values, be.Values)
			assert.Less(t, time.Since(start), time.Second) // a bound, not the budget
			if !tt.values {
				assert.Equal(t, "rule slow: over the evaluation budget of 10000 steps per customer", err.Error())
			}
		})
	}
}

// TestEvalSteps: the steps are counted as documented, for each customer
// anew, and counting them changes no result: the counted program agrees
// with expr-lang's own on every sample customer.
func TestEvalSteps(t *testing.T) {
	tests := []struct {
		cond  string
		steps int
	}{
		{"purchases > 1", 0},
		{"len(1..10) == 10", 10},
		{"all(1..10, # > 0)", 20},
		{"any(1..10, # > 3)", 14}, // stops at 4
		{"let r = 1..10; len(r) + len(r) == 20", 30},
		{"count(map(1..3, 1..4), len(#) == 4) == 3", 3 + 3 + 12 + 3 + 12},
		{`rfm_segment in ["Lost", "At Risk"] || purchases > 1`, 0},
		{`any(["Lost", "At Risk"], # == rfm_segment)`, 2},
		{"sum(1..purchases, # * 2) > 5", -1},
		{"reduce(1..tenure_days, #acc + #, 0) > 7", -1},
		{`filter(1..purchases, # % 2 == 0) == [2]`, -1},
		{`sortBy(1..purchase_days, -#)[0] > 2 || none(1..3, # == returns)`, -1},
		{`let xs = map(1..3, # * net_revenue); xs[0] >= 0 && 0 in map(1..purchases, # % 2)`, -1},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			set, err := NewSet([]Rule{{Name: "x", Level: High, Condition: tt.cond}})
			require.NoError(t, err)
			plain, err := expr.Compile(tt.cond, exprOptions()...)
			require.NoError(t, err)
			for _, env := range sampleEnvs() {
				e := evaluator{set: set, env: env, vmOnly: true}
				e.env.steps = 12345 // a customer's count starts at 0
				m, _, err := e.eval()
				want, werr := expr.Run(plain, &env)
				if werr != nil {
					require.Error(t, err)
					continue
				}
				require.NoError(t, err)
				assert.Equal(t, want.(bool), m == 1, "%+v", env)
				if tt.steps >= 0 {
					assert.Equal(t, tt.steps, e.env.steps)
				}
			}
		})
	}
}
