package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The figures of the report against the commands' machine output: see
// TestReportInChromium.

// checkFigures compares each rendered figure and table cell with the
// machine output of the command its data-src names, run on args.
func checkFigures(t *testing.T, got rendered, args []string) {
	jsons := map[string]map[string]any{}
	run := func(cmdline string) map[string]any {
		if m, ok := jsons[cmdline]; ok {
			return m
		}
		code, out, errs := runCmd(t, "", append(append(strings.Fields(cmdline), "-q", "--format", "json"), args...)...)
		require.Equal(t, 0, code, errs)
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &m), cmdline)
		for k, v := range m {
			if k != "meta" {
				m = v.(map[string]any)
			}
		}
		jsons[cmdline] = m
		return m
	}
	n := 0
	for _, f := range got.Figures {
		// "summary :a.b - summary --as-of D :a.b": a difference of two.
		var want float64
		var wantText string
		for i, term := range strings.Split(f.Src, " - ") {
			cmdline, path, ok := strings.Cut(term, " :")
			require.True(t, ok, f.Src)
			v := lookup(t, run(cmdline), path)
			if s, ok := v.(string); ok {
				wantText = s
				continue
			}
			x, _ := v.(float64)
			if i == 0 {
				want = x
			} else {
				want -= x
			}
		}
		if wantText != "" {
			assert.Equal(t, wantText, f.Text, f.Src)
		} else {
			sameFigure(t, want, f.Text, f.Src)
		}
		n++
	}
	for _, tb := range got.Tables {
		code, out, errs := runCmd(t, "", append(append(strings.Fields(tb.Src), "-q", "--format", "csv"), args...)...)
		require.Equal(t, 0, code, errs)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		col := map[string]int{}
		for i, c := range recs[0] {
			col[c] = i
		}
		byKey := map[string][]string{}
		for _, r := range recs[1:] {
			byKey[r[0]] = r
		}
		for _, row := range tb.Rows {
			want, ok := byKey[row[0]]
			require.True(t, ok, "%s: row %q is in the command's output", tb.Src, row[0])
			for j, c := range tb.Cols {
				k, ok := col[c]
				require.True(t, ok, "%s: column %s", tb.Src, c)
				if x, err := strconv.ParseFloat(want[k], 64); err == nil {
					sameFigure(t, x, row[j], tb.Src+" "+row[0]+" "+c)
				} else {
					assert.Equal(t, orDash(want[k]), row[j], tb.Src+" "+row[0]+" "+c)
				}
				n++
			}
		}
	}
	t.Logf("%d figures equal their commands' output", n)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// lookup finds a dotted path in a command's JSON: "customers.customers",
// or "concentration.top[0.1].share" (the row of a table whose first value
// is 0.1).
func lookup(t *testing.T, m map[string]any, path string) any {
	var cur any = m
	for _, part := range splitPath(path) {
		if name, key, ok := strings.Cut(part, "["); ok {
			key = strings.TrimSuffix(key, "]")
			rows := cur.(map[string]any)[name].([]any)
			cur = nil
			for _, r := range rows {
				for _, v := range r.(map[string]any) {
					if fmt.Sprint(v) == key {
						cur = r
					}
				}
			}
			require.NotNil(t, cur, path)
			continue
		}
		mm, ok := cur.(map[string]any)
		require.True(t, ok, path)
		cur = mm[part]
	}
	return cur
}

// sameFigure checks that text, a number as the page writes it ("1,234.5",
// "12.34%", "-1.0%"), is want written to the decimals shown.
func sameFigure(t *testing.T, want float64, text, what string) {
	t.Helper()
	s := strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(text), ",", ""), "*")
	scale := 1.0
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSuffix(s, "%"), 100
	}
	got, err := strconv.ParseFloat(s, 64)
	if !assert.NoError(t, err, "%s: %q is a number", what, text) {
		return
	}
	dec := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		dec = len(frac)
	}
	tol := 0.5*math.Pow(10, -float64(dec)) + 1e-9
	assert.InDelta(t, want*scale, got, tol, "%s: %q", what, text)
}

// splitPath cuts a path at the dots outside brackets.
func splitPath(p string) []string {
	var parts []string
	depth, start := 0, 0
	for i, c := range p {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				parts = append(parts, p[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, p[start:])
}
