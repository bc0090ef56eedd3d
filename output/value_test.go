package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"lifecycle/money"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type idString int

func (i idString) String() string { return "ID-" + string(rune('A'+int(i))) }

type namedInt int32

func TestDisplay(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		dec  int
		v    any
		want string
	}{
		{String, 0, "plain", "plain"},
		{String, 0, idString(2), "ID-C"},
		{String, 0, "bell\a esc\x1b[31m tab\tnl\n", "bell\ufffd esc\ufffd[31m tab nl "},
		{String, 0, "bad\xffutf8", "bad\ufffdutf8"},
		{String, 0, "c1\u009bx", "c1\ufffdx"},
		{String, 0, nil, "-"},
		{Int, 0, 0, "0"},
		{Int, 0, 999, "999"},
		{Int, 0, 1000, "1,000"},
		{Int, 0, -1234567, "-1,234,567"},
		{Int, 0, int64(math.MinInt64), "-9,223,372,036,854,775,808"},
		{Int, 0, uint64(42), "42"},
		{Int, 0, namedInt(12345), "12,345"},
		{Float, 0, 1234.5678, "1,234.57"},
		{Float, 3, 0.5, "0.500"},
		{Float, NoDecimals, 1234.5, "1,234"}, // half to even
		{Float, NoDecimals, 1235.5, "1,236"},
		{Float, 0, -0.001, "0.00"},
		{Float, 0, float32(2.5), "2.50"},
		{Float, 0, 7, "7.00"},
		{Float, 0, math.NaN(), "-"},
		{Float, 0, math.Inf(-1), "-Inf"},
		{Percent, 0, 0.123, "12.3%"},
		{Percent, 2, 0.12345, "12.35%"},
		{Percent, NoDecimals, 0.5, "50%"},
		{Percent, 0, 12.5, "1,250.0%"},
		{Percent, 0, -0.0001, "0.0%"},
		{Money, 0, amount(2_500_315_625_000), "2,500,315.62"},
		{Money, 0, amount(-1_234_500_000), "-1,234.50"},
		{Day, 0, day(0), "2021-03-13"},
		{Day, 0, int32(0), "1970-01-01"},
		{Day, 0, namedInt(day(1)), "2021-03-14"},
		{Bool, 0, true, "yes"},
		{Bool, 0, false, "no"},
	} {
		require.NoError(t, checkValue(tc.kind, tc.v), "%v %#v", tc.kind, tc.v)
		assert.Equal(t, tc.want, display(tc.kind, tc.dec, tc.v), "%v %#v", tc.kind, tc.v)
	}
}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct {
		kind  Kind
		dec   int
		v     any
		want  string
		class class
	}{
		{String, 0, "a,b", "a,b", classString},
		{String, 0, idString(0), "ID-A", classString},
		{Int, 0, -1234567, "-1234567", classNumber},
		{Float, 0, 1234.5678, "1234.57", classNumber},
		{Float, 4, -0.00001, "0.0000", classNumber},
		{Float, NoDecimals, 2.5, "2", classNumber},
		{Float, 0, math.NaN(), "", classNull},
		{Float, 0, math.Inf(1), "Inf", classInf},
		{Percent, 0, 0.12345, "0.123", classNumber},
		{Percent, 2, 0.12345, "0.1235", classNumber},
		{Percent, NoDecimals, 0.125, "0.12", classNumber},
		{Money, 0, amount(12_500_000), "12.50", classNumber},
		{Money, 0, amount(125_000), "0.125", classNumber},
		{Day, 0, day(0), "2021-03-13", classString},
		{Bool, 0, false, "false", classBool},
		{Int, 0, nil, "", classNull},
	} {
		got, cl := appendCanonical([]byte("x"), tc.kind, tc.dec, tc.v)
		assert.Equal(t, "x"+tc.want, string(got), "%v %#v", tc.kind, tc.v)
		assert.Equal(t, tc.class, cl, "%v %#v", tc.kind, tc.v)
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "1": "1", "-1": "-1", "123": "123", "1234": "1,234", "-1234": "-1,234",
		"123456": "123,456", "1234567.891": "1,234,567.891", "-100000.5": "-100,000.5", "Inf": "Inf",
	} {
		assert.Equal(t, want, string(group([]byte(in))), in)
	}
}

// csvField is what encoding/csv writes for one field s separated by sep.
func csvField(t testing.TB, s string, sep rune) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = sep
	// A second field keeps encoding/csv from writing a lone empty field as
	// an empty line.
	if err := w.Write([]string{s, "z"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return strings.TrimSuffix(buf.String(), string(sep)+"z\n")
}

var fieldSamples = []string{
	"", "plain", "a,b", "a\tb", `say "hi"`, `"`, `""`, "line\nbreak", "cr\rhere", " lead", "\tlead",
	"trail ", `\.`, `\.x`, "\u00a0nbsp", "\u3000ideo", "é", "x\x00y", "a;b", "\xff",
	"\vlead", "\flead", "\rlead", "\u0085nel", "\x1flow", "!bang", "#", "~tilde", "C00554186",
}

func TestAppendFieldMatchesEncodingCSV(t *testing.T) {
	for _, sep := range []byte{',', '\t'} {
		for _, s := range fieldSamples {
			assert.Equal(t, csvField(t, s, rune(sep)), string(appendField(nil, s, sep)), "%q sep %q", s, sep)
		}
	}
}

func FuzzAppendField(f *testing.F) {
	for _, s := range fieldSamples {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		sep := byte('\t')
		if comma {
			sep = ','
		}
		got := string(appendField(nil, s, sep))
		if want := csvField(t, s, rune(sep)); got != want {
			t.Fatalf("appendField(%q, %q) = %q, encoding/csv writes %q", s, sep, got, want)
		}
		// And it reads back (encoding/csv reads \r\n inside quotes as \n).
		if s == "" || !utf8.ValidString(s) {
			return
		}
		r := csv.NewReader(strings.NewReader(got + string(sep) + "z\n"))
		r.Comma = rune(sep)
		r.LazyQuotes = false
		rec, err := r.Read()
		if err != nil {
			t.Fatalf("reading %q: %v", got, err)
		}
		if want := strings.ReplaceAll(s, "\r\n", "\n"); rec[0] != want && !strings.ContainsRune(s, '\r') {
			t.Fatalf("round trip of %q gave %q", s, rec[0])
		}
	})
}

var jsonSamples = []string{"", "plain", `q"b\s`, "nl\ncr\rtab\t", "\x00\x1f\x7f", "<a&b>", "é€𝄞", "\xff\xfe", "\u2028\u2029", "a\xc3"}

func TestAppendJSONString(t *testing.T) {
	for _, s := range jsonSamples {
		got := appendJSONString(nil, s)
		require.True(t, json.Valid(got), "%q -> %s", s, got)
		var back string
		require.NoError(t, json.Unmarshal(got, &back))
		want, err := json.Marshal(s) // encoding/json: one U+FFFD per invalid byte
		require.NoError(t, err)
		var wantBack string
		require.NoError(t, json.Unmarshal(want, &wantBack))
		assert.Equal(t, wantBack, back, "%q", s)
	}
	assert.Equal(t, `"<a&b>"`, string(appendJSONString(nil, "<a&b>")), "no HTML escaping")
	assert.Equal(t, `"\u2028"`, string(appendJSONString(nil, "\u2028")))
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString(nil, s)
		if !json.Valid(got) {
			t.Fatalf("invalid JSON for %q: %s", s, got)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		// encoding/json replaces each invalid byte with U+FFFD, as we do.
		want, _ := json.Marshal(s)
		var wantBack string
		if err := json.Unmarshal(want, &wantBack); err != nil {
			t.Fatal(err)
		}
		if back != wantBack {
			t.Fatalf("%q: got %q, encoding/json gives %q", s, back, wantBack)
		}
		// The bytes come back, surrogate escapes included: two texts never
		// give one JSON string.
		if raw := unescapeJSONBytes(t, got); raw != s {
			t.Fatalf("%q: written %s, read back as %q", s, got, raw)
		}
	})
}

// unescapeJSONBytes reads the JSON string literal q back into bytes, a lone
// surrogate escape \udcXX (XX >= 80) as the byte XX (PEP 383), a pair of
// surrogates as the rune they make.
func unescapeJSONBytes(t *testing.T, q []byte) string {
	t.Helper()
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		t.Fatalf("not a string: %s", q)
	}
	var b strings.Builder
	q = q[1 : len(q)-1]
	for i := 0; i < len(q); i++ {
		if q[i] != '\\' {
			b.WriteByte(q[i])
			continue
		}
		i++
		switch q[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			u, err := strconv.ParseUint(string(q[i+1:i+5]), 16, 16)
			if err != nil {
				t.Fatal(err)
			}
			i += 4
			switch {
			case u >= 0xdc80 && u <= 0xdcff:
				b.WriteByte(byte(u))
			case u >= 0xd800 && u <= 0xdfff:
				t.Fatalf("surrogate %x in %s", u, q)
			default:
				b.WriteRune(rune(u))
			}
		default:
			b.WriteByte(q[i])
		}
	}
	return b.String()
}

// TestJSONInvalidUTF8: two ids that differ only in a byte that is not
// UTF-8 stay two ids in JSON and JSON Lines (U+FFFD made them one), the
// JSON is valid, InvalidUTF8 counts them for the warning, and CSV keeps
// their bytes.
func TestJSONInvalidUTF8(t *testing.T) {
	tab := func() *Table {
		return &Table{Columns: []Column{{Name: "customer_id"}, {Name: "orders", Kind: Int}},
			Rows: [][]any{{"K\xe4se", 1}, {"K\xf6se", 2}, {"Käse", 3}, {"K\ufffdse", 4}}}
	}
	for _, f := range []Format{JSON, JSONL} {
		var buf bytes.Buffer
		before := InvalidUTF8()
		require.NoError(t, Write(&buf, f, tab()))
		assert.Equal(t, int64(2), InvalidUTF8()-before, "%v", f)
		if f == JSON {
			require.True(t, json.Valid(buf.Bytes()), buf.String())
		} else {
			for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				require.True(t, json.Valid([]byte(line)), line)
			}
		}
		out := buf.String()
		for _, want := range []string{`"K\udce4se"`, `"K\udcf6se"`, `"Käse"`, "\"K\ufffdse\""} {
			assert.Equal(t, 1, strings.Count(out, want), "%v: %s in\n%s", f, want, out)
		}
	}
	var buf bytes.Buffer
	before := InvalidUTF8()
	require.NoError(t, Write(&buf, CSV, tab()))
	assert.Equal(t, "customer_id,orders\nK\xe4se,1\nK\xf6se,2\nKäse,3\nK\ufffdse,4\n", buf.String())
	assert.Equal(t, before, InvalidUTF8())
}

// benchTable is a typical per-customer result: 10,000 rows.
func benchTable() *Table {
	t := &Table{Columns: []Column{
		{Name: "customer_id"}, {Name: "first_order", Kind: Day}, {Name: "orders", Kind: Int},
		{Name: "revenue", Kind: Money}, {Name: "avg_gap_days", Kind: Float}, {Name: "churn_probability", Kind: Percent},
		{Name: "repeat", Kind: Bool},
	}}
	for i := range 10_000 {
		t.Rows = append(t.Rows, []any{
			"customer-" + strings.Repeat("x", i%7), day(int32(i % 900)), i % 40,
			amount(int64(i) * 1_234_567), float64(i%97) / 3, float64(i%100) / 100, i%3 == 0,
		})
	}
	return t
}

func TestRowEncodingDoesNotAllocate(t *testing.T) {
	tbl := benchTable()
	keys := jsonKeys(tbl.Columns)
	buf := make([]byte, 0, 4096)
	row := tbl.Rows[7]
	memo := make([]quoteMemo, len(tbl.Columns))
	assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = appendDelimitedRow(buf[:0], tbl.Columns, row, ',', memo) }), "csv")
	assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = appendJSONObject(buf[:0], tbl.Columns, keys, row) }), "json")
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		for _, r := range tbl.Rows[:100] {
			if err := checkRow(tbl, r); err != nil {
				panic(err)
			}
		}
	}), "validation")
}

// checkRow validates one row like Table.validate.
func checkRow(t *Table, row []any) error {
	for j, v := range row {
		if err := checkValue(t.Columns[j].Kind, v); err != nil {
			return err
		}
	}
	return nil
}

func benchmarkWrite(b *testing.B, f Format, t *Table) {
	var buf bytes.Buffer
	if err := Write(&buf, f, t); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, f, t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B)   { benchmarkWrite(b, CSV, benchTable()) }
func BenchmarkWriteJSONL(b *testing.B) { benchmarkWrite(b, JSONL, benchTable()) }
func BenchmarkWriteTable(b *testing.B) {
	t := benchTable()
	t.Rows = t.Rows[:100]
	benchmarkWrite(b, TableFormat, t)
}

// TestAppendFixedFastPath: appendFixed writes what strconv writes with d
// decimals (less the sign of a negative zero), on values that take its
// integer path and values that do not.
func TestAppendFixedFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vals := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 13.5, 0.1, 0.15, 0.25, 1.005, 2.675, -2.675, 1e9, 123456789.125,
		-0.001, 0.004, 0.005, 0.0051, 1 << 39, -(1 << 39), 1 << 41, 99.995, 1.0 / 3}
	for range 20000 {
		vals = append(vals, float64(rng.IntN(200000)-100000)/float64(int(1)<<rng.IntN(6)), rng.NormFloat64()*1000, rng.Float64())
	}
	// Near the halves where rounding turns, and near the fast path's limit.
	for range 2000 {
		p := math.Pow(10, float64(rng.IntN(9)))
		for _, n := range []float64{float64(rng.IntN(1000)), float64(rng.Int64N(1 << 40)), (1 << 40) - 1} {
			h := (n + 0.5) / p
			vals = append(vals, h, -h, math.Nextafter(h, 0), math.Nextafter(h, math.Inf(1)), (n+0.4995)/p, (n+0.5005)/p)
		}
	}
	for _, v := range vals {
		for d := 0; d <= 10; d++ {
			want := strconv.FormatFloat(v, 'f', d, 64)
			if strings.Trim(want, "-0.") == "" {
				want = strings.TrimPrefix(want, "-")
			}
			assert.Equal(t, want, string(appendFixed(nil, v, d)), "%v with %d decimals", v, d)
		}
	}
}

// stringer is a String cell given by pointer, as the commands give ids.
type stringer string

func (s *stringer) String() string { return string(*s) }

// rowTable is a per-customer result of 100,000 rows given by Row, with the
// cells as the commands give them: the id by pointer, counts, days and
// scores from values boxed once, amounts by pointer, repeated strings boxed
// once.
func rowTable() *Table {
	type rec struct {
		id            stringer
		recency, freq int32
		monetary      money.Amount
		first, last   int32
		r, f, m       uint8
		code, segment any
	}
	boxed := make([]any, 1<<16)
	for i := range boxed {
		boxed[i] = int32(i)
	}
	segments := []any{"Champions", "Loyal", "At risk"}
	recs := make([]rec, 100_000)
	for i := range recs {
		recs[i] = rec{id: stringer(fmt.Sprintf("C%08d", i*7919%1_000_000)), recency: int32(i % 700), freq: int32(1 + i%13),
			monetary: amount(int64(i%5000) * 1_234_567), first: day(int32(i % 900)), last: day(int32(i%900 + i%50)),
			r: uint8(1 + i%5), f: uint8(1 + i/5%5), m: uint8(1 + i/25%5), code: "345", segment: segments[i/100%3]}
	}
	return &Table{Columns: []Column{
		{Name: "customer_id"}, {Name: "recency_days", Kind: Int}, {Name: "frequency", Kind: Int}, {Name: "monetary", Kind: Money},
		{Name: "first_purchase", Kind: Day}, {Name: "last_purchase", Kind: Day}, {Name: "r", Kind: Int}, {Name: "f", Kind: Int},
		{Name: "m", Kind: Int}, {Name: "rfm"}, {Name: "segment"},
	}, Len: len(recs), Row: func(i int, cells []any) {
		c := &recs[i]
		cells[0], cells[1], cells[2], cells[3] = &c.id, boxed[c.recency], boxed[c.freq], &c.monetary
		cells[4], cells[5], cells[6], cells[7], cells[8] = boxed[c.first], boxed[c.last], c.r, c.f, c.m
		cells[9], cells[10] = c.code, c.segment
	}}
}

func BenchmarkWriteRowsCSV(b *testing.B) { benchmarkWrite(b, CSV, rowTable()) }
