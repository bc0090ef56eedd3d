package churn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleEnvs are features with ordinary values, zeros, negatives, NaN and
// infinities, to run conditions on.
func sampleEnvs() []Features {
	var envs []Features
	h := store()
	var m measure
	for i := range h.Customers {
		if len(h.Customers[i].Purchases) > 0 {
			var f Features
			m.features(&h.Customers[i], h.AsOf, 22.5, &f)
			envs = append(envs, f)
		}
	}
	envs = append(envs,
		Features{},
		Features{DaysSinceLast: -3, Purchases: 1, NetRevenue: -12.5, TypicalGapDays: math.NaN(), DaysOverdue: math.NaN(), OverdueRatio: math.Inf(1), GapTrend: math.Inf(-1), Revenue90: 0.1},
		Features{DaysSinceLast: math.MaxInt, Purchases: math.MinInt, TenureDays: 7, NetRevenue: 1e300, OwnGap: true, R: 5, F: 1, M: 3},
	)
	return envs
}

// TestFeatureFnsCoverEveryField: the closures read every numeric and
// boolean feature, and read the right field.
func TestFeatureFnsCoverEveryField(t *testing.T) {
	rt := reflect.TypeOf(Features{})
	env := Features{}
	v := reflect.ValueOf(&env).Elem()
	features := 0
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() || f.Tag.Get("expr") == "attr" {
			continue // the step count (limits.go); the attributes (attr.NAME) are orders'
		}
		features++
		name := f.Tag.Get("expr")
		switch f.Type.Kind() {
		case reflect.Int:
			v.Field(i).SetInt(int64(1000 + i))
		case reflect.Float64:
			v.Field(i).SetFloat(float64(1000+i) + 0.5)
		case reflect.Bool:
			v.Field(i).SetBool(true)
		default:
			_, ok := featureFns[name]
			assert.False(t, ok, name)
			continue
		}
		x, ok := featureFns[name]
		require.True(t, ok, "featureFns has no %s", name)
		switch {
		case x.i != nil:
			assert.Equal(t, int64(1000+i), int64(x.i(&env)), name)
		case x.f != nil:
			assert.Equal(t, float64(1000+i)+0.5, x.f(&env), name)
		case x.b != nil:
			assert.True(t, x.b(&env), name)
		}
	}
	// Every feature in FeatureList is a field, in order.
	require.Len(t, FeatureList, features)
	for i, f := range FeatureList {
		assert.Equal(t, rt.Field(i).Tag.Get("expr"), f.Name)
	}
}

// TestFastSubset: which conditions compile to closures.
func TestFastSubset(t *testing.T) {
	for cond, fast := range map[string]bool{
		"days_since_last > 2 * typical_gap_days && purchases >= 3": true,
		"!own_gap || -net_revenue ** 2 / 3 <= +1.5":                true,
		"purchases == 1 and not (returns != 0 or false)":           true,
		"days_since_last % 7 == 0":                                 false, // can fail: the VM reports it
		`rfm_segment == "Lost"`:                                    false,
		`first_purchase < date("2024-01-01")`:                      false,
		"purchases in [1, 2]":                                      false,
		"purchases > 1 ? true : false":                             false,
	} {
		set, err := NewSet([]Rule{{Name: "x", Level: Watch, Reason: "r", Condition: cond}})
		require.NoError(t, err, cond)
		assert.Equal(t, fast, set.Rules[0].fast != nil, cond)
	}
}

// TestFastAgreesWithVM runs random conditions of the closure subset on the
// sample features both ways (the VM is expr-lang's own semantics).
func TestFastAgreesWithVM(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	envs := sampleEnvs()
	compiled := 0
	for range 3000 {
		cond := randomCondition(rng, 4)
		p, err := expr.Compile(cond, exprOptions()...)
		if err != nil {
			continue // not a bool, e.g.
		}
		fast := compileFast(p.Node())
		if fast == nil {
			t.Fatalf("%s: not compiled to closures", cond)
		}
		compiled++
		for i := range envs {
			out, err := expr.Run(p, &envs[i])
			require.NoError(t, err, cond)
			if got := fast(&envs[i]); got != out.(bool) {
				t.Fatalf("%s on env %d: closures %v, VM %v", cond, i, got, out)
			}
		}
	}
	assert.Greater(t, compiled, 1000)
}

var (
	intFeatures   = []string{"days_since_last", "purchases", "purchase_days", "returns", "purchases_90d", "tenure_days", "r_score"}
	floatFeatures = []string{"net_revenue", "typical_gap_days", "days_overdue", "overdue_ratio", "last_gap_days", "gap_trend", "revenue_90d", "revenue_prev_90d"}
)

// randomCondition writes a random boolean expression of the closure subset.
func randomCondition(rng *rand.Rand, depth int) string {
	if depth == 0 || rng.IntN(4) == 0 {
		switch rng.IntN(4) {
		case 0:
			return []string{"own_gap", "true", "false"}[rng.IntN(3)]
		default:
			ops := []string{"<", ">", "<=", ">=", "==", "!="}
			return randomNumber(rng, depth) + " " + ops[rng.IntN(len(ops))] + " " + randomNumber(rng, depth)
		}
	}
	switch rng.IntN(5) {
	case 0:
		return "!(" + randomCondition(rng, depth-1) + ")"
	case 1:
		return "not " + randomCondition(rng, depth-1)
	case 2:
		return "(" + randomCondition(rng, depth-1) + ") == (" + randomCondition(rng, depth-1) + ")"
	default:
		ops := []string{"&&", "||", "and", "or"}
		return "(" + randomCondition(rng, depth-1) + " " + ops[rng.IntN(len(ops))] + " " + randomCondition(rng, depth-1) + ")"
	}
}

func randomNumber(rng *rand.Rand, depth int) string {
	if depth <= 0 || rng.IntN(3) == 0 {
		switch rng.IntN(4) {
		case 0:
			return intFeatures[rng.IntN(len(intFeatures))]
		case 1:
			return floatFeatures[rng.IntN(len(floatFeatures))]
		case 2:
			return fmt.Sprint(rng.IntN(200) - 50)
		default:
			return strings.TrimSuffix(fmt.Sprintf("%.2f", rng.Float64()*10), "0")
		}
	}
	switch rng.IntN(3) {
	case 0:
		return "-" + randomNumber(rng, depth-1)
	default:
		ops := []string{"+", "-", "*", "/", "**", "^"}
		return "(" + randomNumber(rng, depth-1) + " " + ops[rng.IntN(len(ops))] + " " + randomNumber(rng, depth-1) + ")"
	}
}
