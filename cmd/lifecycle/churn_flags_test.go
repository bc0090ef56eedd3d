package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/churn"
)

// TestChurnDefaultRuleFlags: every threshold of the default rules is a
// flag of its type and default, that reaches the rules, and the help lists
// every default rule with its level.
func TestChurnDefaultRuleFlags(t *testing.T) {
	var out bytes.Buffer
	cmd := newChurnCmd(&streams{out: &out, err: &out})
	for _, p := range churn.Params {
		f := cmd.Flags().Lookup(p.Name)
		require.NotNil(t, f, p.Name)
		assert.Equal(t, map[bool]string{true: "int", false: "float64"}[p.Int], f.Value.Type(), p.Name)
		assert.Equal(t, strconv.FormatFloat(p.Default, 'g', -1, 64), f.DefValue, p.Name)
	}
	for _, r := range churn.DefaultRuleList() {
		assert.Contains(t, cmd.Long, "  "+r.Name+" ("+r.Level.String()+")", r.Name)
		for _, line := range strings.Split(r.Help, "\n") {
			assert.Contains(t, cmd.Long, line, r.Name)
		}
	}

	cmd.SetArgs([]string{"--show-rules", "--format", "csv", "--dormant-days", "45", "--declining-share", "0.25"})
	require.NoError(t, cmd.Execute())
	assert.Contains(t, out.String(), "days_since_last > 45")
	assert.Contains(t, out.String(), "under 25% of the 90 before")
}
