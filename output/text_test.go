package output

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// TestTextRowWritesAsRow writes tables of every kind of cell both through
// Row's cells and through Text with TextRow, as CSV and TSV, and requires
// the same bytes: missing values, NaN and the infinities, percentages,
// decimals, texts that need quotes, and records of one empty cell.
func TestTextRowWritesAsRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	cols := []Column{
		{Name: "id"}, {Name: "n", Kind: Int}, {Name: "amount", Kind: Money}, {Name: "day", Kind: Day},
		{Name: "x", Kind: Float, Decimals: 3}, {Name: "p", Kind: Percent}, {Name: "y", Kind: Float},
	}
	texts := []string{"C1", "", "a,b", `say "hi"`, "line\nbreak", " lead", "tab\there", `\.`, "好"}
	floats := []float64{0, -0.0001, 1.0005, 2.675, math.NaN(), math.Inf(1), math.Inf(-1), 1e12, -3.25}
	type rec struct {
		id     string
		n      int64
		amount money.Amount
		day    int32
		x, p   float64
		y      *float64
	}
	recs := make([]rec, 20_000)
	for i := range recs {
		r := &recs[i]
		r.id = texts[rng.IntN(len(texts))] + fmt.Sprint(rng.IntN(3))
		r.n = rng.Int64N(2_000_000) - 1000
		r.amount = money.Amount(rng.Int64N(1e12) - 5e11)
		r.day = int32(rng.IntN(40_000) - 1000)
		r.x, r.p = floats[rng.IntN(len(floats))], rng.NormFloat64()
		if rng.IntN(3) > 0 {
			y := rng.Float64() * 1000
			r.y = &y
		}
	}
	table := func(text bool) *Table {
		tab := &Table{Columns: cols, Len: len(recs) + 1, Row: func(i int, cells []any) {
			if i == len(recs) {
				cells[0] = "" // then every cell empty
				return
			}
			r := &recs[i]
			cells[0], cells[1], cells[2], cells[3], cells[4], cells[5] = r.id, r.n, r.amount, r.day, r.x, r.p
			if r.y != nil {
				cells[6] = r.y
			}
		}}
		if text {
			tab.Text = func(w *TextRow, dst []byte, i int) []byte {
				start := len(dst)
				if i == len(recs) {
					dst = w.String(dst, 0, "")
					for j := 1; j < len(cols); j++ {
						dst = w.Null(dst, j)
					}
					return w.End(dst, start)
				}
				r := &recs[i]
				dst = w.String(dst, 0, r.id)
				dst = w.Int(dst, 1, r.n)
				dst = w.Money(dst, 2, r.amount)
				dst = w.Day(dst, 3, r.day)
				dst = w.Float(dst, 4, r.x)
				dst = w.Float(dst, 5, r.p)
				if r.y != nil {
					dst = w.Float(dst, 6, *r.y)
				} else {
					dst = w.Null(dst, 6)
				}
				return w.End(dst, start)
			}
		}
		return tab
	}
	sameText(t, table(false), table(true))
	// A one-column table whose only cell is empty: a record of "".
	one := &Table{Columns: cols[:1], Len: 1, Row: func(_ int, c []any) { c[0] = "" },
		Text: func(w *TextRow, dst []byte, _ int) []byte { return w.End(w.String(dst, 0, ""), len(dst)) }}
	var a, b bytes.Buffer
	require.NoError(t, Write(&a, CSV, one))
	one.Text = nil
	require.NoError(t, Write(&b, CSV, one))
	require.Equal(t, b.String(), a.String())
}

// TestTextRowMemo: cells appended through Memo, made once per key and
// copied after, are those the cells of a Row give, in CSV (labels quoted)
// and TSV, for keys met in any order and far apart.
func TestTextRowMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	cols := []Column{{Name: "id"}, {Name: "score", Kind: Int}, {Name: "label"}}
	labels := []string{"plain", "a,b", `say "hi"`, "tab\there", ""}
	keys := make([]int, 10_000)
	for i := range keys {
		keys[i] = rng.IntN(len(labels)) * 997
	}
	table := func(memo bool) *Table {
		tab := &Table{Columns: cols, Len: len(keys), Row: func(i int, cells []any) {
			cells[0], cells[1], cells[2] = fmt.Sprint("C", i), int64(keys[i]/997), labels[keys[i]/997]
		}}
		if memo {
			tab.Text = func(w *TextRow, dst []byte, i int) []byte {
				start := len(dst)
				dst = w.String(dst, 0, fmt.Sprint("C", i))
				k := keys[i]
				dst = w.Memo(dst, k, func(dst []byte) []byte {
					return w.String(w.Int(dst, 1, int64(k/997)), 2, labels[k/997])
				})
				return w.End(dst, start)
			}
		}
		return tab
	}
	sameText(t, table(false), table(true))
}

// sameText requires that got writes as CSV and as TSV what want writes.
func sameText(t *testing.T, want, got *Table) {
	t.Helper()
	for _, f := range []Format{CSV, TSV} {
		var w, g bytes.Buffer
		require.NoError(t, Write(&w, f, want))
		require.NoError(t, Write(&g, f, got))
		require.Equal(t, w.String(), g.String(), "%v", f)
	}
}
