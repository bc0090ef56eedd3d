package output

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
	"lifecycle/output/words"
)

// screenTable is a table of a long text, numbers and columns that may go.
func screenTable(rows int) *Table {
	t := &Table{Columns: []Column{
		{Name: "customer_id", Title: "Customer"},
		{Name: "net_revenue", Title: "Net revenue", Kind: Money},
		{Name: "r", Title: "R", Kind: Int, Drop: 2},
		{Name: "f", Title: "F", Kind: Int, Drop: 2},
		{Name: "first_purchase", Title: "First purchase", Kind: Day, Drop: 1},
		{Name: "reason", Title: "Reason", Shorten: true},
	}}
	for i := range rows {
		t.Rows = append(t.Rows, []any{"C" + strings.Repeat("0", 8), money.Amount(int64(1234567890+i) * 10000), 5, 4, int32(19000 + i),
			"no purchase for over 90 days and a single purchase before that"})
	}
	return t
}

func screenLines(t *testing.T, tab *Table) []string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, TableFormat, tab))
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// TestScreenFits: at each width the table fits and a number is never cut;
// long texts are shortened before any column goes; then the columns of
// the highest Drop go first (both of a rank together), and the notes say
// what went.
func TestScreenFits(t *testing.T) {
	wide := screenLines(t, screenTable(3))
	require.Greater(t, twwidth.Width(wide[0]), 100, "the table is wide without a screen")
	cases := []struct {
		width       int
		rf, first   bool // whether R and F, First purchase are kept
		leftOutNote bool
	}{
		{100, true, true, false},
		{80, true, true, false}, // the reason shortened is enough
		{70, false, true, true},
		{60, false, false, true},
	}
	for _, c := range cases {
		tab := screenTable(3)
		tab.Screen = Screen{Width: c.width}
		lines := screenLines(t, tab)
		for _, l := range lines {
			assert.LessOrEqual(t, twwidth.Width(l), c.width, l)
			assert.NotRegexp(t, `[0-9]…`, l)
		}
		out := strings.Join(lines, "\n")
		assert.Contains(t, out, "12,345,678.90", "the amount whole")
		assert.Equal(t, c.rf, strings.Contains(lines[1], " R "), "R at %d", c.width)
		assert.Equal(t, c.rf, strings.Contains(lines[1], " F "), "F at %d", c.width)
		assert.Equal(t, c.first, strings.Contains(lines[1], " First"), "First purchase at %d", c.width)
		assert.Equal(t, c.leftOutNote, strings.Contains(out, "left out to fit"), "at %d", c.width)
		assert.Contains(t, out, "shortened to fit (…): Reason")
	}
}

// TestScreenLimit: Limit rows and a line with the rest; Limit 0 all.
func TestScreenLimit(t *testing.T) {
	tab := screenTable(30)
	tab.Screen = Screen{Limit: 5}
	out := strings.Join(screenLines(t, tab), "\n")
	assert.Equal(t, 5, strings.Count(out, "│ C0"))
	assert.Contains(t, out, "25 more rows")
	tab = screenTable(30)
	tab.Screen = Screen{Limit: 5, Lang: words.Chinese}
	out = strings.Join(screenLines(t, tab), "\n")
	assert.Contains(t, out, "另有 25 行")
	assert.Contains(t, out, "客户", "titles from the catalogue")
	tab = screenTable(30)
	out = strings.Join(screenLines(t, tab), "\n")
	assert.Equal(t, 30, strings.Count(out, "│ C0"))
	assert.NotContains(t, out, "more rows")
}

// TestCut: a cut text ends in "…" within its width and never right after
// a digit.
func TestCut(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"over 2x the usual gap", 8, "over 2x…"},
		{"over 25 days", 8, "over…"},
		{"last 90 days", 8, "last…"},
		{"距上次购买已超过通常间隔的 2 倍", 30, "距上次购买已超过通常间隔的…"},
		{"12345", 3, "…"},
	} {
		assert.Equal(t, c.want, cut(c.in, c.width), c.in)
	}
}

var digitEllipsis = regexp.MustCompile(`[0-9]…`)

// FuzzCutAndWrap: cut fits its width and cuts no number; wrapText loses
// no word and makes no line wider than the width that did not hold one
// word alone.
func FuzzCutAndWrap(f *testing.F) {
	f.Add("over 2x the usual gap since the last purchase (3+ purchases)", 12)
	f.Add("距上次购买已超过通常间隔的 2 倍", 9)
	f.Add("1,234.56 and 7.5%", 5)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\t\x1b") || width < 2 || width > 200 {
			return
		}
		c := cut(s, width)
		if twwidth.Width(c) > width {
			t.Fatalf("cut(%q, %d) = %q is wider", s, width, c)
		}
		if c != s && digitEllipsis.MatchString(c) {
			t.Fatalf("cut(%q, %d) = %q cuts a number", s, width, c)
		}
		lines := wrapText(s, width, "  ")
		if got, want := strings.Join(strings.Fields(strings.Join(lines, " ")), ""), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("wrapText(%q, %d) = %q: lost text", s, width, lines)
		}
	})
}
