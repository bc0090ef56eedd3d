package main

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"lifecycle/msg"
	"lifecycle/output/words"
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
	return &usageError{pflagError(err)}
}

// pflagError is a mistake pflag found, worded as pflag words it (so that
// main can give it in Chinese): an unknown flag, a flag with no value, a
// bad flag; any other error as it is.
func pflagError(err error) error {
	var ne *pflag.NotExistError
	var re *pflag.ValueRequiredError
	var se *pflag.InvalidSyntaxError
	switch {
	case errors.As(err, &ne) && ne.GetSpecifiedShortnames() != "":
		return checked(err, msg.Errorf("unknown shorthand flag: %q in -%s", shorthandIn(err), ne.GetSpecifiedShortnames()))
	case errors.As(err, &ne):
		return checked(err, msg.Errorf("unknown flag: --%s", ne.GetSpecifiedName()))
	case errors.As(err, &re) && re.GetSpecifiedShortnames() != "":
		return checked(err, msg.Errorf("flag needs an argument: %q in -%s", shorthandIn(err), re.GetSpecifiedShortnames()))
	case errors.As(err, &re):
		return checked(err, msg.Errorf("flag needs an argument: --%s", re.GetSpecifiedName()))
	case errors.As(err, &se):
		return checked(err, msg.Errorf("bad flag syntax: %s", se.GetSpecifiedFlag()))
	}
	return err
}

// shorthandIn is the shorthand letter pflag names in its message: the
// first quoted character.
func shorthandIn(err error) rune {
	s := err.Error()
	i := strings.IndexByte(s, '\'')
	if r, _, _, uerr := strconv.UnquoteChar(s[i+1:], '\''); i >= 0 && uerr == nil {
		return r
	}
	return '?'
}

// checked returns worded when it says what err says, byte for byte, and
// err otherwise (a later pflag that words a mistake differently).
func checked(err, worded error) error {
	if worded.Error() != err.Error() {
		return err
	}
	return worded
}

// cobraErrors are the mistakes in the command line that cobra finds
// itself (an unknown command, the wrong number of arguments), as cobra
// words them, each with a pattern that reads its arguments back.
var cobraErrors = []struct {
	pattern *regexp.Regexp
	format  string
}{
	{regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"\n\nDid you mean this\?\n((?:\t.*\n)+)$`), "unknown command \"%s\" for \"%s\"\n\nDid you mean this?\n%s"},
	{regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"$`), `unknown command "%s" for "%s"`},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "accepts at most %s arg(s), received %s"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "requires at least %s arg(s), only received %s"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "accepts %s arg(s), received %s"},
}

// cobraError is err worded (msg.Errorf) when it is one of cobraErrors,
// else err.
func cobraError(err error) error {
	for _, c := range cobraErrors {
		if m := c.pattern.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				args[i] = a
			}
			return checked(err, msg.Errorf(c.format, args...))
		}
	}
	return err
}

// expected says what a flag's value should have been, when parsing it
// failed with err.
func expected(f *pflag.Flag, err error) error {
	switch f.Value.Type() {
	case "int", "int32", "int64":
		return msg.Errorf("not a whole number")
	case "float64":
		return msg.Errorf("not a number")
	case "bool":
		return msg.Errorf("use true or false")
	case "duration":
		return msg.Errorf("not a duration such as 90s or 2h")
	}
	if err != nil {
		return err
	}
	return msg.Errorf("")
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
func helpHint(lang words.Lang, c *cobra.Command) string {
	path := "lifecycle"
	if c != nil && c.HasParent() {
		path = c.CommandPath()
	}
	return lang.Get("error.help_hint", path)
}
