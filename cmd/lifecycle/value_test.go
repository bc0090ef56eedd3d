package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"lifecycle/ltv"
)

// TestMarginSpendNote: with margins, the repeat buyers whose mean repeat
// margin is zero or less are counted (one-time buyers are not: the spend
// model never fits them); with revenue, or a model without a spend fit,
// nothing is said.
func TestMarginSpendNote(t *testing.T) {
	cs := []ltv.Summary{{X: 2, Spend: 10}, {X: 1, Spend: -3}, {X: 3, Spend: 0}, {X: 0, Spend: 0}}
	var b bytes.Buffer
	marginSpendNote(diag{w: &b}, cs, true)
	assert.Equal(t, "lifecycle: repeat buyers whose mean repeat margin is zero or less: 2; the spend model (Gamma-Gamma) needs positive values, leaves them out of its fit and gives them the population's mean order margin\n", b.String())
	b.Reset()
	marginSpendNote(diag{w: &b}, cs, false)
	assert.Empty(t, b.String())
}
