package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Mistakes that cobra and pflag find in a command line, worded as the
// other usage errors are: the flag, the value given, what was expected, and
// for an unknown flag the nearest one the command has.

// flagError is the FlagErrorFunc of every command: each error it gets is a
// usage error.
func flagError(c *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	var ie *pflag.InvalidValueError
	switch {
	case errors.As(err, &ne) && ne.GetSpecifiedName() != "" && ne.GetSpecifiedShortnames() == "": // a long flag: -x is no slip for --fx
		name := ne.GetSpecifiedName()
		if near := nearestFlag(c, name); near != "" {
			return usagef("unknown flag: --%s (did you mean --%s?)", name, near)
		}
		if others := commandsWithFlag(c, name); len(others) > 0 {
			return usagef("unknown flag: --%s (it is a flag of %s)", name, strings.Join(others, ", "))
		}
	case errors.As(err, &ie):
		f := ie.GetFlag()
		return usagef("--%s %q: %s", f.Name, ie.GetValue(), expected(f, errors.Unwrap(err)))
	}
	return &usageError{err}
}

// expected says what a flag's value should have been, when parsing it
// failed with err.
func expected(f *pflag.Flag, err error) string {
	want := map[string]string{
		"int": "not a whole number", "int32": "not a whole number", "int64": "not a whole number",
		"float64": "not a number", "bool": "use true or false", "duration": "not a duration such as 90s or 2h",
	}[f.Value.Type()]
	if want == "" && err != nil {
		want = err.Error()
	}
	return want
}

// nearestFlag returns the long flag of c nearest to name, if one is near
// enough to be a slip of the keys: within a third of the name's length in
// edits (at least 1, at most 3), and nearer than any other.
func nearestFlag(c *cobra.Command, name string) string {
	limit := min(max(len(name)/3, 1), 3)
	best, bestD, tie := "", limit+1, false
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editDistance(name, f.Name)
		switch {
		case d < bestD:
			best, bestD, tie = f.Name, d, false
		case d == bestD:
			tie = true
		}
	})
	if tie {
		return ""
	}
	return best
}

// commandsWithFlag lists the other commands (as "lifecycle rfm") that have
// a flag called name.
func commandsWithFlag(c *cobra.Command, name string) []string {
	var found []string
	for _, o := range c.Root().Commands() {
		if o != c && o.Flags().Lookup(name) != nil {
			found = append(found, o.CommandPath())
		}
	}
	sort.Strings(found)
	return found
}

// editDistance is the Levenshtein distance between a and b, in bytes (flag
// names are ASCII): the fewest insertions, deletions and substitutions that
// turn one into the other. Flag names are short, so the quadratic table of
// the textbook algorithm, one row at a time, is all it takes; a module for
// it would be more to review than these lines.
func editDistance(a, b string) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag, row[j] = row[j], next
		}
	}
	return row[len(b)]
}

// helpHint is the line after a usage error: the help of the command that
// was run, or of lifecycle itself.
func helpHint(c *cobra.Command) string {
	if c == nil || !c.HasParent() {
		return "run 'lifecycle --help' for usage"
	}
	return fmt.Sprintf("run '%s --help' for usage", c.CommandPath())
}
