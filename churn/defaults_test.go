package churn

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultRuleTable walks the tables of the default rules: every rule
// has a unique name, a level, a help text and a condition that compiles
// with the default thresholds; every {name} in its texts is a Param; every
// Param is used by a rule, has a usage and a default that passes its check.
func TestDefaultRuleTable(t *testing.T) {
	used := map[string]bool{}
	names := map[string]bool{}
	for _, d := range defaultRules {
		assert.False(t, names[d.Name], "rule %s twice", d.Name)
		names[d.Name] = true
		assert.NotEqual(t, None, d.Level, d.Name)
		assert.NotEmpty(t, d.Help, d.Name)
		for _, text := range []string{d.Condition, d.Reason} {
			_, err := DefaultThresholds().fill(text)
			assert.NoError(t, err, d.Name)
			for _, part := range strings.Split(text, "{")[1:] {
				name, _, _ := strings.Cut(part, "}")
				name, _, _ = strings.Cut(name, ":")
				used[name] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range Params {
		assert.False(t, seen[p.Name], "param %s twice", p.Name)
		seen[p.Name] = true
		assert.True(t, used[p.Name], "param %s is in no default rule", p.Name)
		assert.NotEmpty(t, p.Usage, p.Name)
		assert.Empty(t, p.Check(p.Default), p.Name)
	}
	s, err := Default(nil)
	require.NoError(t, err)
	assert.Len(t, s.Rules, len(defaultRules))
}

// TestFill: a threshold is written as an integer or the shortest float, a
// share as a phrase; a name that is not a Param is an error.
func TestFill(t *testing.T) {
	th := Thresholds{"dormant-days": 1_000_000, "overdue-factor": 2.5, "declining-share": 0.25}
	got, err := th.fill("{dormant-days} {overdue-factor} {declining-share} {declining-share:share} {no-second-days}")
	require.NoError(t, err)
	assert.Equal(t, "1000000 2.5 0.25 25% 30", got)
	got, err = Thresholds{"declining-share": 0.5}.fill("{declining-share:share} {declining-share:percent}")
	require.NoError(t, err)
	assert.Equal(t, "half 50%", got)
	for _, bad := range []string{"{nope}", "{dormant-days:pct}", "{dormant-days"} {
		_, err := th.fill(bad)
		assert.Error(t, err, bad)
	}
}

// TestThresholdError: a threshold out of range is a *ThresholdError that
// names the Param, the value as a flag takes it, and what is wrong.
func TestThresholdError(t *testing.T) {
	err := Thresholds{"overdue-purchases": 0}.Check()
	var te *ThresholdError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, ThresholdError{Param: "overdue-purchases", Value: "0", Msg: "at least 1"}, *te)
	assert.EqualError(t, Thresholds{"declining-share": 2}.Check(), "declining-share 2: give a share above 0, at most 1")
}

// TestReadmeListsDefaultRules checks the README's list of default rules
// against defaultRules: in the churn section, each rule appears as
// "`name` (level: ...)", all of them and no other, in the order they are
// reported.
func TestReadmeListsDefaultRules(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(b), "## `lifecycle churn`")
	require.True(t, ok, "README has no churn section")
	section, _, _ = strings.Cut(section, "\n## ")
	listed := regexp.MustCompile("`([a-z0-9-]+)`\\s+\\(([a-z]+):").FindAllStringSubmatch(section, -1)
	var got, want []string
	for _, m := range listed {
		got = append(got, m[1]+" ("+m[2]+")")
	}
	for _, d := range defaultRules {
		want = append(want, d.Name+" ("+d.Level.String()+")")
	}
	assert.Equal(t, want, got, "the README's churn section lists the default rules as `name` (level: what it flags)")
}
