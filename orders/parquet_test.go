package orders

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/internal/parquetpage"
)

// pqOrder is one order of the fixture written both as CSV and as Parquet.
type pqOrder struct {
	order, customer string
	millis          int64 // instant (or wall clock, for zone-less columns)
	cents           int64
}

func pqOrders(n int) []pqOrder {
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	out := make([]pqOrder, n)
	for i := range out {
		out[i] = pqOrder{
			order:    strconv.Itoa(5000 + i),
			customer: fmt.Sprintf("c%03d", r.IntN(60)),
			millis:   start + r.Int64N(365*86400*1000), // with milliseconds, dropped when read
			cents:    r.Int64N(400000) - 20000,         // some returns
		}
	}
	return out
}

// pqCol is a column of a test Parquet file: its node and its value in a row
// (a null Value for null).
type pqCol struct {
	name  string
	node  parquet.Node
	value func(o pqOrder) parquet.Value
}

// writePQ writes rows as Parquet with parquet-go.
func writePQ(t testing.TB, cols []pqCol, rows []pqOrder, opts ...parquet.WriterOption) []byte {
	t.Helper()
	g := parquet.Group{}
	for _, c := range cols {
		g[c.name] = c.node
	}
	schema := parquet.NewSchema("orders", g)
	leaf := map[string]int{}
	for i, f := range schema.Fields() {
		leaf[f.Name()] = i
	}
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, append([]parquet.WriterOption{schema}, opts...)...)
	batch := make([]parquet.Row, 0, 64)
	flush := func() {
		_, err := w.WriteRows(batch)
		require.NoError(t, err)
		batch = batch[:0]
	}
	for _, o := range rows {
		row := make(parquet.Row, len(cols))
		for _, c := range cols {
			v := c.value(o)
			def := 0
			if c.node.Optional() && !v.IsNull() {
				def = 1
			}
			row[leaf[c.name]] = v.Level(0, def, leaf[c.name])
		}
		batch = append(batch, row)
		if len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// csvOf writes rows as CSV with the given date and amount texts.
func csvOf(rows []pqOrder, date func(pqOrder) string, amount func(pqOrder) string) string {
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount\n")
	for _, o := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", o.order, o.customer, date(o), amount(o))
	}
	return b.String()
}

func isoUTC(o pqOrder) string {
	return time.UnixMilli(o.millis).UTC().Format("2006-01-02T15:04:05Z")
}
func isoLocal(o pqOrder) string { return time.UnixMilli(o.millis).UTC().Format("2006-01-02T15:04:05") }
func isoDay(o pqOrder) string   { return time.UnixMilli(o.millis).UTC().Format("2006-01-02") }
func centsText(o pqOrder) string {
	return strconv.FormatFloat(float64(o.cents)/100, 'f', 2, 64)
}
func unitsText(o pqOrder) string { return strconv.FormatInt(o.cents/100, 10) }

func dayOf(o pqOrder) int32 { return int32(floorDiv(o.millis, 86400_000)) }

// Columns of the fixture.
var (
	colOrder    = pqCol{"order_id", parquet.String(), func(o pqOrder) parquet.Value { return parquet.ByteArrayValue([]byte(o.order)) }}
	colCustomer = pqCol{"customer_id", parquet.String(), func(o pqOrder) parquet.Value { return parquet.ByteArrayValue([]byte(o.customer)) }}
	colMillis   = pqCol{"order_date", parquet.Timestamp(parquet.Millisecond), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.millis) }}
	colDecimal  = pqCol{"amount", parquet.Decimal(2, 10, parquet.Int64Type), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.cents) }}
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// bigEndian returns v as an n-byte big-endian two's complement number.
func bigEndian(v int64, n int) []byte {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func int96Of(millis int64) deprecated.Int96 {
	day := floorDiv(millis, 86400_000)
	nanos := uint64(millis-day*86400_000) * 1e6
	return deprecated.Int96{uint32(nanos), uint32(nanos >> 32), uint32(day + 2440588)}
}

// readBoth reads the CSV and the Parquet file and checks that they give the
// same histories and the same accounting. The Parquet file is read twice:
// as the tests' small files are, within the sample of rows read one by one
// as text, and with a sample of one row, the rest parsed in chunks on
// several goroutines, where typed values take the fast path.
func readBoth(t *testing.T, csvText string, pq []byte, opt Options) *Histories {
	t.Helper()
	opt.MaxBad = 0.01
	hc, err := Read([]Input{{Name: "orders.csv", R: strings.NewReader(csvText)}}, opt)
	require.NoError(t, err)
	require.Zero(t, hc.Stats.SkippedRows(), "%v", hc.Stats.Examples)
	var hp *Histories
	for _, sample := range []int{sampleRows, 1} {
		hp, err = readParquetWith(pq, opt, true, sample)
		require.NoError(t, err)
		assert.Equal(t, hc.Customers, hp.Customers, "sample %d", sample)
		sc, sp := hc.Stats, hp.Stats
		require.Len(t, sp.Files, 1)
		assert.Equal(t, "parquet", sp.Files[0].Delimiter)
		assert.Equal(t, sc.Files[0].Rows, sp.Files[0].Rows)
		sc.Files, sp.Files = nil, nil
		assert.Equal(t, sc, sp, "sample %d", sample)
	}
	return hp
}

// readParquetWith reads a Parquet file in parallel or not, with the given
// number of rows read one by one first; in parallel, on at least two cores.
func readParquetWith(pq []byte, opt Options, par bool, sample int) (*Histories, error) {
	defer func(p bool, s int) { parseParallel, sampleRows = p, s }(parseParallel, sampleRows)
	parseParallel, sampleRows = par, sample
	if par && runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	return Read([]Input{{Name: "orders.parquet", R: bytes.NewReader(pq)}}, opt)
}

func TestParquetMatchesCSV(t *testing.T) {
	rows := pqOrders(400)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	cases := []struct {
		name   string
		cols   []pqCol
		date   func(pqOrder) string
		amount func(pqOrder) string
		opt    Options
	}{
		{"TIMESTAMP(MILLIS,UTC), DECIMAL(10,2) INT64", []pqCol{colOrder, colCustomer, colMillis, colDecimal}, isoUTC, centsText, Options{}},
		{"zone-less TIMESTAMP(MICROS) in --tz, DOUBLE", []pqCol{colOrder, colCustomer,
			{"order_date", parquet.TimestampAdjusted(parquet.Microsecond, false), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.millis*1000 + 999) }},
			{"amount", parquet.Leaf(parquet.DoubleType), func(o pqOrder) parquet.Value { return parquet.DoubleValue(float64(o.cents) / 100) }},
		}, isoLocal, centsText, Options{Location: ny}},
		{"TIMESTAMP(NANOS,UTC), DECIMAL(9,2) INT32", []pqCol{colOrder, colCustomer,
			{"order_date", parquet.Timestamp(parquet.Nanosecond), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.millis * 1e6) }},
			{"amount", parquet.Decimal(2, 9, parquet.Int32Type), func(o pqOrder) parquet.Value { return parquet.Int32Value(int32(o.cents)) }},
		}, isoUTC, centsText, Options{}},
		{"DATE in --tz, INT64 amounts", []pqCol{colOrder, colCustomer,
			{"order_date", parquet.Date(), func(o pqOrder) parquet.Value { return parquet.Int32Value(dayOf(o)) }},
			{"amount", parquet.Leaf(parquet.Int64Type), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.cents / 100) }},
		}, isoDay, unitsText, Options{Location: ny}},
		{"INT96, DECIMAL(38,2) FIXED_LEN_BYTE_ARRAY", []pqCol{colOrder, colCustomer,
			{"order_date", parquet.Leaf(parquet.Int96Type), func(o pqOrder) parquet.Value { return parquet.Int96Value(int96Of(o.millis)) }},
			{"amount", parquet.Decimal(2, 38, parquet.FixedLenByteArrayType(16)), func(o pqOrder) parquet.Value {
				return parquet.FixedLenByteArrayValue(bigEndian(o.cents, 16))
			}},
		}, isoUTC, centsText, Options{}},
		{"strings, DECIMAL BYTE_ARRAY, INT64 order ids", []pqCol{colCustomer,
			{"order_id", parquet.Leaf(parquet.Int64Type), func(o pqOrder) parquet.Value { n, _ := strconv.ParseInt(o.order, 10, 64); return parquet.Int64Value(n) }},
			{"order_date", parquet.String(), func(o pqOrder) parquet.Value { return parquet.ByteArrayValue([]byte(isoUTC(o))) }},
			{"amount", parquet.Decimal(2, 20, parquet.ByteArrayType), func(o pqOrder) parquet.Value { return parquet.ByteArrayValue(bigEndian(o.cents, 3+len(o.order)%6)) }},
		}, isoUTC, centsText, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			readBoth(t, csvOf(rows, c.date, c.amount), writePQ(t, c.cols, rows), c.opt)
		})
	}
}

// TestParquetEncodings writes the same orders with every compression codec,
// both page versions and the dictionary, plain, delta and byte-stream-split
// encodings, in many small pages and row groups.
func TestParquetEncodings(t *testing.T) {
	// 1000 rows in row groups of 700 make two row groups, of three pages
	// and two in each column (as parquet-go writes them at these sizes).
	rows := pqOrders(1000)
	want := csvOf(rows, isoUTC, centsText)
	enc := func(c pqCol, e parquet.Node) pqCol { c.node = e; return c }
	encodings := map[string][]pqCol{
		"plain": {colOrder, colCustomer, colMillis, colDecimal},
		"dictionary": {enc(colOrder, parquet.Encoded(parquet.String(), &parquet.RLEDictionary)),
			enc(colCustomer, parquet.Encoded(parquet.String(), &parquet.RLEDictionary)),
			enc(colMillis, parquet.Encoded(parquet.Timestamp(parquet.Millisecond), &parquet.RLEDictionary)),
			enc(colDecimal, parquet.Encoded(parquet.Decimal(2, 10, parquet.Int64Type), &parquet.RLEDictionary))},
		"delta": {enc(colOrder, parquet.Encoded(parquet.String(), &parquet.DeltaByteArray)),
			enc(colCustomer, parquet.Encoded(parquet.String(), &parquet.DeltaLengthByteArray)),
			enc(colMillis, parquet.Encoded(parquet.Timestamp(parquet.Millisecond), &parquet.DeltaBinaryPacked)),
			enc(colDecimal, parquet.Encoded(parquet.Decimal(2, 10, parquet.Int64Type), &parquet.DeltaBinaryPacked))},
		"optional, byte stream split": {colOrder,
			enc(colCustomer, parquet.Optional(parquet.String())),
			enc(colMillis, parquet.Optional(parquet.Encoded(parquet.Timestamp(parquet.Millisecond), &parquet.DeltaBinaryPacked))),
			{"amount", parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.ByteStreamSplit), func(o pqOrder) parquet.Value {
				return parquet.DoubleValue(float64(o.cents) / 100)
			}}},
	}
	codecs := []compress.Codec{&parquet.Uncompressed, &parquet.Snappy, &parquet.Gzip, &parquet.Zstd, &parquet.Brotli, &parquet.Lz4Raw}
	for name, cols := range encodings {
		for _, codec := range codecs {
			for _, version := range []int{1, 2} {
				t.Run(fmt.Sprintf("%s/%s/v%d", name, codec, version), func(t *testing.T) {
					pq := writePQ(t, cols, rows, parquet.Compression(codec), parquet.DataPageVersion(version),
						parquet.PageBufferSize(2048), parquet.MaxRowsPerRowGroup(700))
					readBoth(t, want, pq, Options{})
				})
			}
		}
	}
}

func TestParquetMultipleRowGroups(t *testing.T) {
	rows := pqOrders(1000)
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows, parquet.MaxRowsPerRowGroup(128))
	f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	require.NoError(t, err)
	require.Len(t, f.RowGroups(), 8, "the file has the row groups asked for")
	h := readBoth(t, csvOf(rows, isoUTC, centsText), pq, Options{})
	assert.Equal(t, int64(1000), h.Stats.Rows)
}

// TestParquetNulls: a null customer is a row without a customer, a null
// amount a bad amount, a null date a bad date; the line is the row number.
func TestParquetNulls(t *testing.T) {
	rows := pqOrders(100)
	cols := []pqCol{colOrder,
		{"customer_id", parquet.Optional(parquet.String()), func(o pqOrder) parquet.Value {
			if o.order[len(o.order)-1] == '1' {
				return parquet.NullValue()
			}
			return parquet.ByteArrayValue([]byte(o.customer))
		}},
		{"order_date", parquet.Optional(parquet.Timestamp(parquet.Millisecond)), func(o pqOrder) parquet.Value {
			if o.order[len(o.order)-1] == '2' {
				return parquet.NullValue()
			}
			return parquet.Int64Value(o.millis)
		}},
		{"amount", parquet.Optional(parquet.Decimal(2, 10, parquet.Int64Type)), func(o pqOrder) parquet.Value {
			if o.order[len(o.order)-1] == '3' {
				return parquet.NullValue()
			}
			return parquet.Int64Value(o.cents)
		}},
	}
	pq := writePQ(t, cols, rows)
	h, err := Read([]Input{{Name: "nulls.parquet", R: bytes.NewReader(pq)}}, Options{MaxBad: 0.5})
	require.NoError(t, err)
	st := h.Stats
	assert.Equal(t, int64(100), st.Rows)
	assert.Equal(t, int64(10), st.Skipped[NoCustomer])
	assert.Equal(t, int64(10), st.Skipped[BadDate])
	assert.Equal(t, int64(10), st.Skipped[BadAmount])
	require.NotEmpty(t, st.Examples)
	e := st.Examples[0]
	assert.Equal(t, "nulls.parquet", e.File)
	assert.Equal(t, 2, e.Line, "order 5001 is the second row")
	assert.Equal(t, ColCustomer, e.Role)

	// The same file written as CSV with empty fields reads the same.
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount\n")
	for _, o := range rows {
		cust, date, amount := o.customer, isoUTC(o), centsText(o)
		switch o.order[len(o.order)-1] {
		case '1':
			cust = ""
		case '2':
			date = ""
		case '3':
			amount = ""
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", o.order, cust, date, amount)
	}
	hc, err := Read([]Input{{Name: "nulls.csv", R: strings.NewReader(b.String())}}, Options{MaxBad: 0.5})
	require.NoError(t, err)
	assert.Equal(t, hc.Customers, h.Customers)
	assert.Equal(t, hc.Stats.Skipped, h.Stats.Skipped)
}

// TestParquetBooleanStatus: a BOOLEAN column mapped as the status, with
// "true" as the cancelled status, in both page versions.
func TestParquetBooleanStatus(t *testing.T) {
	rows := pqOrders(500)
	cancelled := func(o pqOrder) bool { return o.cents%7 == 0 }
	cols := []pqCol{colOrder, colCustomer, colMillis, colDecimal,
		{"cancelled", parquet.Optional(parquet.Leaf(parquet.BooleanType)), func(o pqOrder) parquet.Value {
			if o.cents%5 == 0 {
				return parquet.NullValue()
			}
			return parquet.BooleanValue(cancelled(o))
		}}}
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount,cancelled\n")
	for _, o := range rows {
		c := strconv.FormatBool(cancelled(o))
		if o.cents%5 == 0 {
			c = ""
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", o.order, o.customer, isoUTC(o), centsText(o), c)
	}
	opt := Options{Cancelled: []string{"true"}}
	opt.Columns[ColStatus] = "cancelled"
	for _, v := range []int{1, 2} {
		h := readBoth(t, b.String(), writePQ(t, cols, rows, parquet.DataPageVersion(v)), opt)
		assert.Positive(t, h.Stats.CancelledOrders)
	}
}

// TestParquetValueTexts reads a column of each type (as the status
// column, which takes any text) and checks the text the row reader gets.
func TestParquetValueTexts(t *testing.T) {
	base := []pqCol{colCustomer, colMillis, colDecimal}
	uuid := []byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}
	int32Value := func(v int32) func(pqOrder) parquet.Value {
		return func(pqOrder) parquet.Value { return parquet.Int32Value(v) }
	}
	int64Value := func(v int64) func(pqOrder) parquet.Value {
		return func(pqOrder) parquet.Value { return parquet.Int64Value(v) }
	}
	cases := []struct {
		col  pqCol
		want string
	}{
		{pqCol{"v", parquet.Uint(8), int32Value(200)}, "200"},
		{pqCol{"v", parquet.Uint(32), int32Value(-294967296)}, "4000000000"},
		{pqCol{"v", parquet.Uint(64), int64Value(-1)}, "18446744073709551615"},
		{pqCol{"v", parquet.Int(16), int32Value(-5)}, "-5"},
		{pqCol{"v", parquet.Leaf(parquet.FloatType), func(pqOrder) parquet.Value { return parquet.FloatValue(0.1) }}, "0.1"},
		{pqCol{"v", parquet.UUID(), func(pqOrder) parquet.Value { return parquet.FixedLenByteArrayValue(uuid) }}, "00112233-4455-6677-8899-aabbccddeeff"},
		{pqCol{"v", parquet.Time(parquet.Millisecond), int32Value(3*3600_000 + 3*60_000 + 27_999)}, "03:03:27"},
		{pqCol{"v", parquet.Time(parquet.Nanosecond), int64Value(86399 * 1e9)}, "23:59:59"},
		{pqCol{"v", parquet.Encoded(parquet.Leaf(parquet.Int32Type), &parquet.ByteStreamSplit), int32Value(-7)}, "-7"},
		{pqCol{"v", parquet.Encoded(parquet.Leaf(parquet.Int64Type), &parquet.ByteStreamSplit), int64Value(1 << 40)}, "1099511627776"},
		{pqCol{"v", parquet.Encoded(parquet.Leaf(parquet.FloatType), &parquet.ByteStreamSplit), func(pqOrder) parquet.Value { return parquet.FloatValue(-2.5) }}, "-2.5"},
		{pqCol{"v", parquet.Encoded(parquet.Leaf(parquet.FixedLenByteArrayType(3)), &parquet.ByteStreamSplit), func(pqOrder) parquet.Value { return parquet.FixedLenByteArrayValue([]byte("abc")) }}, "abc"},
		{pqCol{"v", parquet.Encoded(parquet.Leaf(parquet.Int32Type), &parquet.DeltaBinaryPacked), int32Value(-123456)}, "-123456"},
		{pqCol{"v", parquet.Encoded(parquet.Leaf(parquet.BooleanType), &parquet.RLE), func(o pqOrder) parquet.Value { return parquet.BooleanValue(true) }}, "true"},
		{pqCol{"v", parquet.JSON(), func(pqOrder) parquet.Value { return parquet.ByteArrayValue([]byte(`{"a":1}`)) }}, `{"a":1}`},
		{pqCol{"v", parquet.Decimal(0, 5, parquet.Int32Type), int32Value(12345)}, "12345"},
		{pqCol{"v", parquet.Decimal(3, 5, parquet.Int32Type), int32Value(-5)}, "-0.005"},
		{pqCol{"v", parquet.Decimal(18, 18, parquet.Int64Type), int64Value(-1)}, "-0.000000000000000001"},
		{pqCol{"v", parquet.Date(), int32Value(3_000_000)}, "3000000"},
		{pqCol{"v", parquet.Timestamp(parquet.Millisecond), int64Value(1 << 60)}, "1152921504606846976"},
		{pqCol{"v", parquet.TimestampAdjusted(parquet.Microsecond, false), int64Value(-86401_000_001)}, "1969-12-30T23:59:58"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.col.node), func(t *testing.T) {
			pq := writePQ(t, append(base, c.col), pqOrders(3), parquet.DataPageVersion(1))
			opt := Options{}
			opt.Columns[ColStatus] = "v"
			rd := &reader{opt: opt}
			src, err := rd.openParquet(Input{Name: "v.parquet", R: bytes.NewReader(pq)})
			require.NoError(t, err)
			defer src.(io.Closer).Close()
			names, _ := src.header()
			i := slices.Index(names, "v")
			for range 3 {
				f, err := src.read()
				require.NoError(t, err)
				assert.Equal(t, c.want, string(f[i]))
			}
			_, err = src.read()
			assert.Equal(t, io.EOF, err)
		})
	}
}

// notSeekable hides everything but Read, like standard input.
type notSeekable struct{ r io.Reader }

func (n notSeekable) Read(p []byte) (int, error) { return n.r.Read(p) }

func TestParquetFromStreamAndFile(t *testing.T) {
	rows := pqOrders(200)
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows)
	want := csvOf(rows, isoUTC, centsText)

	// Standard input: copied to a temporary file, chosen by Input.Format.
	h, err := Read([]Input{{Name: "stdin", R: notSeekable{bytes.NewReader(pq)}, Format: "parquet"}}, Options{MaxBad: 0.01})
	require.NoError(t, err)
	hc, err := Read([]Input{{Name: "orders.csv", R: strings.NewReader(want)}}, Options{MaxBad: 0.01})
	require.NoError(t, err)
	assert.Equal(t, hc.Customers, h.Customers)

	// A file on disk is read in place.
	path := filepath.Join(t.TempDir(), "orders.parquet")
	require.NoError(t, os.WriteFile(path, pq, 0o644))
	in, closer, err := OpenInput(path, nil, InputOptions{})
	require.NoError(t, err)
	defer closer.Close()
	ra, _, release, err := parquetpage.RandomAccess(in.R)
	require.NoError(t, err)
	release()
	assert.Same(t, in.R, ra, "a regular file is not copied")
	h, err = Read([]Input{in}, Options{MaxBad: 0.01})
	require.NoError(t, err)
	assert.Equal(t, hc.Customers, h.Customers)
}

// TestParquetColumns: columns are mapped by name as for CSV, flags
// included; columns the mapping does not use may be of any kind.
func TestParquetColumns(t *testing.T) {
	rows := pqOrders(50)
	type line struct {
		SKU string `parquet:"sku"`
		Qty int32  `parquet:"qty"`
	}
	type row struct {
		OrderID string    `parquet:"order_id"`
		Buyer   string    `parquet:"Buyer"`
		PaidAt  time.Time `parquet:"Paid At,timestamp(millisecond)"`
		Total   int64     `parquet:"Total,decimal(2:10)"`
		Tags    []string  `parquet:"tags"`
		Lines   line      `parquet:"lines"`
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf)
	for _, o := range rows {
		_, err := w.Write([]row{{o.order, o.customer, time.UnixMilli(o.millis).UTC(), o.cents, []string{"a", "b"}, line{"x", 3}}})
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	pq := buf.Bytes()

	opt := Options{MaxBad: 0.01}
	opt.Columns[ColCustomer], opt.Columns[ColDate], opt.Columns[ColAmount] = "buyer", "paid at", "total"
	csvText := strings.Replace(csvOf(rows, isoUTC, centsText), "customer_id,order_date,amount", `Buyer,Paid At,Total`, 1)
	h := readBoth(t, csvText, pq, opt)
	assert.Contains(t, h.Stats.Files[0].Columns, "customer=Buyer")

	opt.Columns[ColAmount] = "tags"
	_, err := Read([]Input{{Name: "orders.parquet", R: bytes.NewReader(pq)}}, opt)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `orders.parquet: column "tags": a repeated (list) column`)

	opt.Columns[ColAmount] = "nope"
	_, err = Read([]Input{{Name: "orders.parquet", R: bytes.NewReader(pq)}}, opt)
	var me *MappingError
	require.ErrorAs(t, err, &me, "a mapping error, as for CSV")
	assert.Contains(t, me.Header, "lines")
}

// TestParquetBroken: truncated and corrupt files give an error that names
// the file and says what is wrong; none panics.
func TestParquetBroken(t *testing.T) {
	rows := pqOrders(200) // two pages in each column
	good := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows,
		parquet.Compression(&parquet.Snappy), parquet.PageBufferSize(1024))
	footerLen := int(binary.LittleEndian.Uint32(good[len(good)-8:]))
	footerAt := len(good) - 8 - footerLen

	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0xff
		return b
	}
	setFooterLen := func(n uint32) []byte {
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint32(b[len(b)-8:], n)
		return b
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a Parquet file: 0 bytes is too short"},
		{"CSV", []byte("order_id,customer_id\n1,2\n"), "not a Parquet file: it does not start with PAR1"},
		{"truncated at the end", good[:len(good)-100], "truncated Parquet file: it does not end with the PAR1 footer marker"},
		{"truncated in the middle", append(bytes.Clone(good[:len(good)/2]), good[footerAt:]...), "outside the file"},
		{"huge footer length", setFooterLen(1 << 31), "the footer is said to be 2147483648 bytes"},
		{"footer garbage", append(append(bytes.Clone(good[:footerAt]), bytes.Repeat([]byte{0xfe}, footerLen)...), good[len(good)-8:]...), "corrupt Parquet footer"},
		{"encrypted", append(bytes.Clone(good[:len(good)-4]), "PARE"...), "encrypted Parquet files are not supported"},
		{"page header", flip(4), `row group 1, column "amount": page at offset`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read([]Input{{Name: "bad.parquet", R: bytes.NewReader(c.data)}}, Options{MaxBad: 1})
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "bad.parquet:"), err.Error())
			assert.Contains(t, err.Error(), c.want)
		})
	}

	// Every single-byte corruption of the data pages is an error or a
	// (different) successful read, never a panic or an internal error.
	for at := 4; at < footerAt; at += 7 {
		_, err := Read([]Input{{Name: "bad.parquet", R: bytes.NewReader(flip(at))}}, Options{MaxBad: 1})
		if err != nil {
			require.NotContains(t, err.Error(), "internal error")
			require.True(t, strings.HasPrefix(err.Error(), "bad.parquet:"), err.Error())
		}
	}
}

// TestParquetAbandoned: a source closed, or dropped, before its end stops
// its decoding goroutine.
func TestParquetAbandoned(t *testing.T) {
	defer func(n int) { parquetpage.BatchRows = n }(parquetpage.BatchRows)
	parquetpage.BatchRows = 1000 // so that the decoder has more to do than batches to fill
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, pqOrders(100_000))
	base := runtime.NumGoroutine()
	open := func() source {
		rd := &reader{}
		src, err := rd.openParquet(Input{Name: "x.parquet", R: bytes.NewReader(pq)})
		require.NoError(t, err)
		_, err = src.read()
		require.NoError(t, err)
		require.Greater(t, runtime.NumGoroutine(), base, "decoding ahead")
		return src
	}
	settled := func() int { // the goroutines left once those ending have ended
		for i := 0; runtime.NumGoroutine() > base && i < 200; i++ {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
		}
		return runtime.NumGoroutine()
	}
	src := open()
	require.NoError(t, src.(io.Closer).Close())
	require.NoError(t, src.(io.Closer).Close(), "twice")
	_, err := src.read()
	assert.Error(t, err, "read after Close")
	assert.Equal(t, base, settled(), "stopped by Close, not by the cleanup")
	runtime.KeepAlive(src)

	open() // and dropped
	assert.Equal(t, base, settled())
}

// TestParquetChunks: after some rows read one by one, the rest handed out
// in chunks and parsed on several goroutines are the same rows; a corrupt
// page ends the chunks with an error naming the row.
func TestParquetChunks(t *testing.T) {
	rows := pqOrders(50_000)
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows, parquet.MaxRowsPerRowGroup(7000))
	type row struct {
		n    int
		text string
	}
	serial := func(data []byte) ([]row, error) {
		rd := &reader{}
		src, err := rd.openParquet(Input{Name: "x.parquet", R: bytes.NewReader(data)})
		require.NoError(t, err)
		var out []row
		for {
			f, err := src.read()
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				return out, err
			}
			out = append(out, row{src.line(), string(bytes.Join(f, []byte{','}))})
		}
	}
	chunked := func(data []byte, first int) ([]row, error) {
		rd := &reader{}
		src, err := rd.openParquet(Input{Name: "x.parquet", R: bytes.NewReader(data)})
		require.NoError(t, err)
		var out []row
		for range first {
			f, err := src.read()
			require.NoError(t, err)
			out = append(out, row{src.line(), string(bytes.Join(f, []byte{','}))})
		}
		ps := src.(*parquetSource)
		results := make(chan []row, 100)
		var wg sync.WaitGroup
		for {
			c, err := ps.nextChunk()
			if err != nil {
				wg.Wait()
				close(results)
				for r := range results {
					out = append(out, r...)
				}
				slices.SortFunc(out, func(a, b row) int { return a.n - b.n })
				if err == io.EOF {
					err = nil
				}
				return out, err
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				var rs []row
				require.NoError(t, c.rows(nil, func(f [][]byte, n int) error {
					rs = append(rs, row{n, string(bytes.Join(f, []byte{','}))})
					return nil
				}))
				c.release()
				results <- rs
			}()
		}
	}
	want, err := serial(pq)
	require.NoError(t, err)
	require.Len(t, want, len(rows))
	for _, first := range []int{0, 1, 8191, 8192, 10000} {
		got, err := chunked(pq, first)
		require.NoError(t, err)
		require.Equal(t, want, got, "after %d rows read", first)
	}

	// A corrupt page in the middle: the same rows, then the same error.
	bad := bytes.Clone(pq)
	f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	require.NoError(t, err)
	md := f.Metadata().RowGroups[3].Columns[0].MetaData
	first := md.DataPageOffset
	if d := md.DictionaryPageOffset; d > 0 && d < first {
		first = d
	}
	bad[first] = 0xff // the first page header of row group 4
	want, wantErr := serial(bad)
	require.Error(t, wantErr)
	got, err := chunked(bad, 100)
	assert.Equal(t, wantErr, err)
	assert.Equal(t, want, got)
	assert.Len(t, got, 3*7000, "the rows of the first three row groups")
}

// FuzzParquet reads arbitrary bytes as Parquet: no panic, no internal
// error, every error naming the file, and the same result whether the rows
// are read one by one as text or, but the first, in chunks on several
// goroutines, where typed values take the fast path. The seeds are small
// valid files of several encodings and codecs.
func FuzzParquet(f *testing.F) {
	rows := pqOrders(40)
	cols := []pqCol{colOrder, colCustomer, colMillis, colDecimal}
	f.Add(writePQ(f, cols, rows))
	f.Add(writePQ(f, cols, rows, parquet.Compression(&parquet.Snappy), parquet.DataPageVersion(1), parquet.PageBufferSize(256)))
	f.Add(writePQ(f, []pqCol{
		{colOrder.name, parquet.Encoded(parquet.String(), &parquet.DeltaByteArray), colOrder.value},
		{colCustomer.name, parquet.Optional(parquet.Encoded(parquet.String(), &parquet.RLEDictionary)), colCustomer.value},
		{colMillis.name, parquet.Encoded(parquet.Timestamp(parquet.Millisecond), &parquet.DeltaBinaryPacked), colMillis.value},
		{"amount", parquet.Decimal(2, 20, parquet.FixedLenByteArrayType(9)), func(o pqOrder) parquet.Value {
			return parquet.FixedLenByteArrayValue(bigEndian(o.cents, 9))
		}},
	}, rows, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(16)))
	f.Add(writePQ(f, cols, rows[:3], parquet.Compression(&parquet.Gzip)))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A sample of one row, then the rest one by one or in chunks.
		h, err := readParquetWith(data, Options{MaxBad: 1}, false, 1)
		hc, errc := readParquetWith(data, Options{MaxBad: 1}, true, 1)
		if (err == nil) != (errc == nil) || err != nil && err.Error() != errc.Error() {
			t.Fatalf("one by one: %v\nin chunks: %v", err, errc)
		}
		if err == nil && (!reflect.DeepEqual(h.Customers, hc.Customers) || !reflect.DeepEqual(h.Stats, hc.Stats)) {
			t.Fatalf("one by one and in chunks differ:\n%+v\n%+v", h.Stats, hc.Stats)
		}
		if err != nil {
			// Errors about the file name it; those about the whole read
			// (nothing read, too many bad rows) need not.
			msg := err.Error()
			if strings.Contains(msg, "internal error") ||
				!strings.HasPrefix(msg, "orders.parquet") && !strings.HasPrefix(msg, "no orders read") && !strings.Contains(msg, "could not be read, more than") {
				t.Fatal(err)
			}
			return
		}
		if h.Stats.Rows > parquetpage.MaxRows(int64(len(data))) {
			t.Fatalf("%d rows from %d bytes", h.Stats.Rows, len(data))
		}
	})
}

// BenchmarkReadParquet reads the BenchmarkRead orders written as Parquet
// (order_id INT64, customer_id STRING, order_date TIMESTAMP(MILLIS,UTC),
// amount DECIMAL(18,2) INT64), as parquet-go writes them by default and
// with Snappy and Zstandard. Bytes are those of the CSV, so that MB/s
// compare with BenchmarkRead.
func BenchmarkReadParquet(b *testing.B) {
	data := benchInput(b, 1_000_000, 250_000)
	rows := benchOrders(b, data)
	cols := []pqCol{
		{"order_id", parquet.Leaf(parquet.Int64Type), func(o pqOrder) parquet.Value { n, _ := strconv.ParseInt(o.order, 10, 64); return parquet.Int64Value(n) }},
		colCustomer, colMillis,
		{"amount", parquet.Decimal(2, 18, parquet.Int64Type), colDecimal.value},
	}
	codecs := []compress.Codec{&parquet.Uncompressed, &parquet.Snappy, &parquet.Zstd}
	files := make([][]byte, len(codecs))
	for i, codec := range codecs {
		files[i] = writePQ(b, cols, rows, parquet.Compression(codec))
	}
	n := len(rows)
	rows = nil // not to be scanned by every GC of the reading
	runtime.GC()
	for i, codec := range codecs {
		pq := files[i]
		b.Run(fmt.Sprintf("orders=%d/%s", n, codec), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var rows int64
			for b.Loop() {
				h, err := Read([]Input{{Name: "bench.parquet", R: bytes.NewReader(pq)}}, Options{MaxBad: 0.05})
				if err != nil {
					b.Fatal(err)
				}
				rows = h.Stats.Rows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(len(pq)), "file-bytes")
		})
	}
}
