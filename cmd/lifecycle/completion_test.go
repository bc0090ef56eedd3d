package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// complete runs cobra's hidden __complete command, as a shell's completion
// script does, and returns the candidates.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errs := runCmd(t, "", append([]string{"__complete"}, args...)...)
	require.Equal(t, 0, code, errs)
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, ":") {
			got = append(got, l)
		}
	}
	return got
}

// TestCompletion: flag values complete from their fixed lists, by prefix,
// per command where they differ, and column flags from the header of the
// file given before them.
func TestCompletion(t *testing.T) {
	assert.Equal(t, []string{"standard", "cn8", "rf"}, complete(t, "rfm", "--scheme", ""))
	assert.Equal(t, []string{"pareto-nbd"}, complete(t, "ltv", "--model", "p"))
	assert.Equal(t, []string{"quarter"}, complete(t, "cohort", "--period", "q"))
	assert.Equal(t, []string{"json", "jsonl"}, complete(t, "summary", "--format", "j"))
	assert.Equal(t, []string{"en", "zh"}, complete(t, "churn", "--lang", ""))
	assert.Equal(t, []string{"customer", "segment"}, complete(t, "rfm", "--by", ""))
	assert.Equal(t, []string{"customer", "rule", "level"}, complete(t, "churn", "--by", ""))
	assert.Equal(t, []string{"order_id", "order_date"}, complete(t, "summary", ordersCSV, "--date", "order"))
	assert.Contains(t, complete(t, "cohort", ordersCSV, "--by", ""), "customer_id")
	assert.Empty(t, complete(t, "summary", "--date", ""), "no file: no columns")
}
