package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeTerminal is standard output on a terminal of a given width
// (output.Sized): what a person sees, in a test.
type fakeTerminal struct {
	bytes.Buffer
	width int
}

func (f *fakeTerminal) TerminalWidth() int { return f.width }

// runTerminal runs a command line with standard output on a fake terminal
// of width columns and returns its exit code, stdout and stderr. LANG and
// the like are cleared, so that the language is the command line's.
func runTerminal(t *testing.T, width int, args ...string) (int, string, string) {
	t.Helper()
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS"} {
		t.Setenv(v, "")
	}
	out := &fakeTerminal{width: width}
	var errb bytes.Buffer
	code := run(args, strings.NewReader(""), out, &errb)
	return code, out.String(), errb.String()
}

// terminalViews are the command lines whose terminal view is pinned at
// each width: every command, its main views.
var terminalViews = []struct {
	name string
	args []string
}{
	{"summary", []string{"summary", ordersCSV}},
	{"summary.dirty", []string{"summary", dirtyCSV}},
	{"rfm", []string{"rfm", ordersCSV}},
	{"rfm.segment", []string{"rfm", "--by", "segment", ordersCSV}},
	{"rfm.cn8.segment", []string{"rfm", "--scheme", "cn8", "--by", "segment", ordersCSV}},
	{"cohort", []string{"cohort", ordersCSV}},
	{"cohort.week", []string{"cohort", "--period", "week", "--from", "2024-01", ordersCSV}},
	{"ltv", []string{"ltv", ordersCSV}},
	{"ltv.fit", []string{"ltv", "--fit", ordersCSV}},
	{"ltv.holdout", []string{"ltv", "--holdout", "26w", ordersCSV}},
	{"churn", []string{"churn", ordersCSV}},
	{"churn.rule", []string{"churn", "--by", "rule", ordersCSV}},
	{"churn.show-rules", []string{"churn", "--show-rules"}},
}

// numberCell matches the text of a cell that holds a number (7+ is 7 or
// more), a percent, a date, a month or a week, whole.
var numberCell = regexp.MustCompile(`^-?[0-9][0-9,]*(\.[0-9]+)?[%+]?\*?$|^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$|^[0-9]{4}-W[0-9]{2}$`)

// brokenNumber matches a digit run cut at the edge of a cell or line:
// text like "7" then ".6%" on the next line, or a number ending in "…".
var brokenNumber = regexp.MustCompile(`[0-9]…|…[0-9]`)

// TestTerminalGolden pins each command's terminal view at 80, 120 and 200
// columns, and checks that no line is wider than the terminal and that no
// number is cut or wrapped: every cell of a box table that holds a digit
// and no letter is a whole number.
func TestTerminalGolden(t *testing.T) {
	for _, v := range terminalViews {
		for _, width := range []int{80, 120, 200} {
			name := fmt.Sprintf("%s.w%d.term", v.name, width)
			t.Run(name, func(t *testing.T) {
				code, out, errs := runTerminal(t, width, v.args...)
				require.Equal(t, 0, code, errs)
				checkFits(t, out, width)
				golden(t, "term/"+name, out)
			})
		}
	}
}

// checkFits fails on a line of out wider than width or a number cut.
func checkFits(t *testing.T, out string, width int) {
	t.Helper()
	for i, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if w := twwidth.Width(line); w > width {
			t.Errorf("line %d is %d columns wide, over %d: %q", i+1, w, width, line)
		}
		if brokenNumber.MatchString(line) {
			t.Errorf("line %d cuts a number: %q", i+1, line)
		}
		if !strings.HasPrefix(strings.TrimSpace(line), "│") {
			continue
		}
		for _, cell := range strings.Split(strings.Trim(strings.TrimSpace(line), "│"), "│") {
			cell = strings.TrimSpace(cell)
			if strings.ContainsAny(cell, "0123456789") && !strings.ContainsFunc(cell, isLetter) && !numberCell.MatchString(cell) {
				t.Errorf("line %d: cell %q is not a whole number", i+1, cell)
			}
		}
	}
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x2E80
}

// TestTerminalGoldenZh pins each command's terminal view in Chinese, at
// 120 columns (and the summary at 80, which must stay on one screen).
func TestTerminalGoldenZh(t *testing.T) {
	for _, v := range terminalViews {
		width := 120
		if strings.HasPrefix(v.name, "summary") {
			width = 80
		}
		name := fmt.Sprintf("%s.zh.w%d.term", v.name, width)
		t.Run(name, func(t *testing.T) {
			code, out, errs := runTerminal(t, width, append([]string{v.args[0], "--lang", "zh"}, v.args[1:]...)...)
			require.Equal(t, 0, code, errs)
			checkFits(t, out, width)
			golden(t, "term/"+name, out)
		})
	}
}

// TestSummaryOneScreen: summary on a terminal of 80 columns fits 24 lines
// and opens with the business (customers and net revenue), the input's
// accounting after it: on the bundled example, the faulty export and UCI
// Online Retail (skipped when absent), in both languages.
func TestSummaryOneScreen(t *testing.T) {
	files := []string{ordersCSV, dirtyCSV}
	const uci = "/work/shared/data/online-retail-dataset.csv.gz"
	if _, err := os.Stat(uci); err == nil {
		files = append(files, uci)
	} else {
		t.Logf("%s absent: not checked", uci)
	}
	for _, f := range files {
		for _, lang := range []string{"en", "zh"} {
			t.Run(filepath.Base(f)+"."+lang, func(t *testing.T) {
				code, out, errs := runTerminal(t, 80, "summary", "--lang", lang, f)
				require.Equal(t, 0, code, errs)
				checkFits(t, out, 80)
				lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
				assert.LessOrEqual(t, len(lines), 24, out)
				customers, input := -1, -1
				for i, l := range lines {
					if customers < 0 && (strings.HasPrefix(l, "  Customers ") || strings.HasPrefix(l, "  客户数 ")) {
						customers = i
					}
					if strings.HasPrefix(l, "Input:") || strings.HasPrefix(l, "输入：") {
						input = i
					}
				}
				assert.True(t, customers >= 0 && customers < 4, "customers on line %d:\n%s", customers+1, out)
				assert.Greater(t, input, customers, "the input's accounting after the business:\n%s", out)
			})
		}
	}
}

// TestTerminalLimit: a per-customer view on a terminal shows its first 20
// rows and says how many more; --limit N shows N, --limit 0 all; written
// to a pipe, every row whatever the format; COLUMNS overrides the
// terminal's width.
func TestTerminalLimit(t *testing.T) {
	rows := func(out string) int { return strings.Count(out, "│ C0") }
	_, out, _ := runTerminal(t, 200, "rfm", "-q", ordersCSV)
	assert.Equal(t, defaultLimit, rows(out))
	assert.Contains(t, out, "1,980 more rows")
	_, out, _ = runTerminal(t, 200, "rfm", "-q", "--limit", "3", ordersCSV)
	assert.Equal(t, 3, rows(out))
	assert.Contains(t, out, "1,997 more rows")
	_, out, _ = runTerminal(t, 200, "rfm", "-q", "--limit", "0", ordersCSV)
	assert.Equal(t, 2000, rows(out))
	assert.NotContains(t, out, "more rows")
	code, out, errs := runCmd(t, "", "rfm", "-q", "--format", "table", ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, 2000, rows(out), "not a terminal: every row")
	code, out, errs = runCmd(t, "", "rfm", "-q", "--limit", "3", ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, 2001, strings.Count(out, "\n"), "CSV: every row, whatever --limit")
	code, _, errs = runCmd(t, "", "rfm", "--limit", "-1", ordersCSV)
	assert.Equal(t, 2, code, errs)

	t.Setenv("COLUMNS", "")
	_, wide, _ := runTerminal(t, 200, "rfm", "-q", "--by", "segment", ordersCSV)
	out200 := &fakeTerminal{width: 200}
	t.Setenv("COLUMNS", "80")
	require.Equal(t, 0, run([]string{"rfm", "-q", "--by", "segment", ordersCSV}, strings.NewReader(""), out200, io.Discard))
	checkFits(t, out200.String(), 80)
	assert.NotEqual(t, wide, out200.String())
}

// TestLangFromEnvironment: on a terminal, LANG=zh_CN.UTF-8 makes Chinese
// the default; --lang en wins; a pipe stays English.
func TestLangFromEnvironment(t *testing.T) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "COLUMNS"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", "zh_CN.UTF-8")
	term := func(args ...string) string {
		out := &fakeTerminal{width: 120}
		require.Equal(t, 0, run(args, strings.NewReader(""), out, io.Discard))
		return out.String()
	}
	assert.Contains(t, term("rfm", "--by", "segment", ordersCSV), "客户分群")
	assert.Contains(t, term("rfm", "--by", "segment", "--lang", "en", ordersCSV), "Segment")
	code, out, errs := runCmd(t, "", "rfm", "--by", "segment", ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.True(t, strings.HasPrefix(out, "segment,customers,"), out)
	assert.Contains(t, out, "Champions")
}
