package orders

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/internal/parquetpage"
	"lifecycle/money"
)

// TestTypedInstantMatchesText: the instant of a typed date value is what
// the ISO 8601 layout parses from its text, in zones with and without
// daylight saving time and with odd offsets; the fast path refuses exactly
// the values whose text is no date.
func TestTypedInstantMatchesText(t *testing.T) {
	cols := map[string]*pqType{
		"TIMESTAMP(MILLIS,UTC)":   {Type: parquetpage.Type{Kind: parquetpage.Timestamp, Per: 1e3, UTC: true}},
		"TIMESTAMP(MICROS)":       {Type: parquetpage.Type{Kind: parquetpage.Timestamp, Per: 1e6}},
		"TIMESTAMP(NANOS,UTC)":    {Type: parquetpage.Type{Kind: parquetpage.Timestamp, Per: 1e9, UTC: true}},
		"TIMESTAMP(NANOS)":        {Type: parquetpage.Type{Kind: parquetpage.Timestamp, Per: 1e9}},
		"INT96 (seconds)":         {Type: parquetpage.Type{Kind: parquetpage.Int96, Per: 1, UTC: true}},
		"TIMESTAMP (other units)": {Type: parquetpage.Type{Kind: parquetpage.Timestamp, Per: 7}},
		"DATE":                    {Type: parquetpage.Type{Kind: parquetpage.Date}},
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, zone := range []string{"UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		for name, c := range cols {
			t.Run(zone+"/"+name, func(t *testing.T) {
				per := max(c.Per, 1)
				if c.Kind == parquetpage.Date {
					per = 1 // days
				}
				secs := []int64{0, -1, 1, 86399, minTextSecond, minTextSecond - 1, maxTextSecond, maxTextSecond + 1,
					1615705200 + 1800, // 2021-03-14T07:30Z, 02:30 in New York: a gap
					1636263000,        // 2021-11-07T05:30Z, 01:30 in New York: twice
				}
				var vals []int64
				for _, s := range secs {
					if c.Kind == parquetpage.Date {
						s = floorDiv(s, 86400)
					}
					vals = append(vals, s*per, s*per-1, s*per+per-1)
				}
				vals = append(vals, math.MinInt64, math.MaxInt64, parquetpage.MinTextDay, parquetpage.MaxTextDay, parquetpage.MinTextDay-1, parquetpage.MaxTextDay+1)
				for range 20000 {
					vals = append(vals, r.Int64N(2*maxTextSecond)*per/2-maxTextSecond*per/2, int64(r.Uint64()))
				}
				z := dates.NewZone(loc)
				for _, v := range vals {
					text := c.AppendNum(nil, v, &parquetpage.DayCache{})
					want, werr := dates.ISO8601.Parse(text, z)
					got, ok := c.instant(v, z)
					require.Equal(t, werr == nil, ok, "%d (%s): %v", v, text, werr)
					if ok {
						require.Equal(t, want, got, "%d (%s)", v, text)
					}
				}
			})
		}
	}
}

// TestTypedAmountMatchesText: the amount of a typed money value is what
// money.Parse reads from its text; the fast path refuses the values Parse
// rejects, and those with more than six decimals, which it rounds.
func TestTypedAmountMatchesText(t *testing.T) {
	var cols []*pqType
	for scale := range 10 {
		cols = append(cols, &pqType{Type: parquetpage.Type{Kind: parquetpage.Decimal, Phys: format.Int64, Scale: scale}})
	}
	cols = append(cols, &pqType{Type: parquetpage.Type{Kind: parquetpage.Int, Phys: format.Int64}}, &pqType{Type: parquetpage.Type{Kind: parquetpage.Uint, Phys: format.Int64}},
		&pqType{Type: parquetpage.Type{Kind: parquetpage.Decimal, Phys: format.Int32, Scale: 2}})
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range cols {
		t.Run(fmt.Sprintf("kind %d scale %d", c.Kind, c.Scale), func(t *testing.T) {
			c.Index = 3
			c.setTyped(&Mapping{Index: [numRoles]int{0, 1, 2, 3, -1, -1, -1, -1, -1}})
			require.True(t, c.Typed)
			vals := []int64{0, 1, -1, 99, -100, math.MaxInt64, math.MinInt64, math.MaxInt64 / money.Scale, -math.MaxInt64 / money.Scale}
			for _, m := range []int64{c.maxUnits, -c.maxUnits} {
				vals = append(vals, m, m+1, m-1)
			}
			for range 20000 {
				vals = append(vals, r.Int64N(1e12)-5e11, int64(r.Uint64()), int64(r.Uint64()>>r.IntN(64)))
			}
			for _, v := range vals {
				if c.Phys == format.Int32 {
					v = int64(int32(v))
				}
				text := c.AppendNum(nil, v, &parquetpage.DayCache{})
				want, werr := money.Parse(text, money.Options{})
				got, ok := c.amount(v)
				if ok {
					require.NoError(t, werr, "%d (%s)", v, text)
					require.Equal(t, want, got, "%d (%s)", v, text)
				} else if c.Scale <= money.Decimals {
					require.Error(t, werr, "%d (%s) is refused but parses", v, text)
				}
			}
		})
	}
}

// TestTypedDoubleMatchesText: a DOUBLE amount on the fast path is what
// money.Parse reads from its text (the shortest decimal); the values the
// fast path refuses go through that text. Decimals of up to six places
// below 2^31 all take the fast path.
func TestTypedDoubleMatchesText(t *testing.T) {
	c := &pqType{Type: parquetpage.Type{Kind: parquetpage.Double, Phys: format.Double, Index: 3}}
	c.setTyped(&Mapping{Index: [numRoles]int{0, 1, 2, 3, -1, -1, -1, -1, -1}})
	require.True(t, c.Typed)
	r := rand.New(rand.NewPCG(9, 10))
	check := func(f float64, mustTake bool) {
		v := int64(math.Float64bits(f))
		text := c.AppendNum(nil, v, &parquetpage.DayCache{})
		got, ok := c.amount(v)
		if mustTake {
			require.True(t, ok, "%v (%s) is refused", f, text)
		}
		if ok {
			want, err := money.Parse(text, money.Options{})
			require.NoError(t, err, "%v (%s)", f, text)
			require.Equal(t, want, got, "%v (%s)", f, text)
		}
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 0.1, 0.1 + 0.2, 12.345, -12.345, 1e-6, 1e-7, 5e-7,
		1 << 32, 1<<32 - 1e-6, 4294967295.999999, -4294967295.999999, 1<<31 + 0.5, 1e300,
		math.NaN(), math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64, math.MaxFloat64} {
		check(f, false)
	}
	pow10 := []int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6}
	for range 100_000 {
		places := r.IntN(7)
		k := r.Int64N(1<<31*pow10[places]) - 1<<30*pow10[places]
		d, err := strconv.ParseFloat(strconv.FormatInt(k, 10)+"e-"+strconv.Itoa(places), 64)
		require.NoError(t, err)
		check(d, true)
		check(math.Float64frombits(r.Uint64()), false)
		check(d*(1+1e-12), false)
		check(float64(r.Uint64()>>r.IntN(64))/1e9, false)
	}
}

// FuzzTypedDouble: whatever the double, the fast path gives what its text
// reads as, or refuses it.
func FuzzTypedDouble(f *testing.F) {
	for _, x := range []float64{0, 0.1, 12.345, -4294967295.999999, 1 << 32, math.NaN()} {
		f.Add(x)
	}
	c := &pqType{Type: parquetpage.Type{Kind: parquetpage.Double, Phys: format.Double}}
	f.Fuzz(func(t *testing.T, x float64) {
		v := int64(math.Float64bits(x))
		got, ok := c.amount(v)
		if !ok {
			return
		}
		text := c.AppendNum(nil, v, &parquetpage.DayCache{})
		want, err := money.Parse(text, money.Options{})
		if err != nil || want != got {
			t.Fatalf("%v (%s): fast path %v, text %v (%v)", x, text, got, want, err)
		}
	})
}

// typedFixture writes orders with the hard cases of the typed columns:
// nulls, continuation lines (no customer, the order id of the line
// before) that fall at the start of a chunk too, dates and amounts beyond
// what text or money can hold, in several row groups and small pages.
func typedFixture(t *testing.T, date, amount pqCol) []byte {
	t.Helper()
	rows := pqOrders(3000)
	for i := range rows {
		switch {
		case i%500 == 0 && i > 0, i%97 == 5: // a continuation line, some at a row group's start
			rows[i].order, rows[i].customer = rows[i-1].order, ""
		case i%89 == 3:
			rows[i].millis = nullMillis
		case i%211 == 4:
			rows[i].millis = hugeMillis
		case i%83 == 2:
			rows[i].cents = nullCents
		case i%307 == 6:
			rows[i].cents = math.MaxInt64
		}
	}
	customer := pqCol{"customer_id", parquet.Optional(parquet.String()), func(o pqOrder) parquet.Value {
		if o.customer == "" {
			return parquet.NullValue()
		}
		return parquet.ByteArrayValue([]byte(o.customer))
	}}
	return writePQ(t, []pqCol{colOrder, customer, date, amount}, rows,
		parquet.MaxRowsPerRowGroup(500), parquet.PageBufferSize(1024))
}

// Values of pqOrder that typedFixture's columns write as a null, or as a
// date or amount beyond range.
const (
	nullMillis = math.MinInt64
	hugeMillis = math.MaxInt64
	nullCents  = math.MinInt64
)

// typedCol wraps a column's value so that the fixture's nulls are null.
func typedCol(name string, node parquet.Node, value func(pqOrder) parquet.Value) pqCol {
	return pqCol{name, parquet.Optional(node), func(o pqOrder) parquet.Value {
		if o.millis == nullMillis && name == "order_date" || o.cents == nullCents && name == "amount" {
			return parquet.NullValue()
		}
		return value(o)
	}}
}

// TestParquetTypedMatchesText reads files whose date and amount columns
// take the fast path both as text (one by one, on one goroutine) and in
// chunks on several goroutines, under options that keep some values off
// the fast path, and requires the same histories, counts and errors.
func TestParquetTypedMatchesText(t *testing.T) {
	ms := func(o pqOrder) int64 {
		if o.millis == hugeMillis {
			return 1 << 60
		}
		return o.millis
	}
	dates := map[string]pqCol{
		"TIMESTAMP(MILLIS,UTC)": typedCol("order_date", parquet.Timestamp(parquet.Millisecond), func(o pqOrder) parquet.Value {
			return parquet.Int64Value(ms(o))
		}),
		"TIMESTAMP(MICROS) delta": typedCol("order_date", parquet.Encoded(parquet.TimestampAdjusted(parquet.Microsecond, false), &parquet.DeltaBinaryPacked),
			func(o pqOrder) parquet.Value { return parquet.Int64Value(ms(o)*1000 + 999) }),
		"DATE dictionary": typedCol("order_date", parquet.Encoded(parquet.Date(), &parquet.RLEDictionary), func(o pqOrder) parquet.Value {
			if o.millis == hugeMillis {
				return parquet.Int32Value(3_000_000)
			}
			return parquet.Int32Value(dayOf(o))
		}),
		"INT96": typedCol("order_date", parquet.Leaf(parquet.Int96Type), func(o pqOrder) parquet.Value {
			if o.millis == hugeMillis {
				return parquet.Int96Value(deprecated96(0, math.MaxUint32))
			}
			return parquet.Int96Value(int96Of(o.millis))
		}),
	}
	amounts := map[string]pqCol{
		"DECIMAL(18,2) INT64": typedCol("amount", parquet.Decimal(2, 18, parquet.Int64Type), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.cents) }),
		"DECIMAL(9,2) INT32 dictionary": typedCol("amount", parquet.Encoded(parquet.Decimal(2, 9, parquet.Int32Type), &parquet.RLEDictionary),
			func(o pqOrder) parquet.Value { return parquet.Int32Value(int32(o.cents % 1e8)) }),
		"INT64":  typedCol("amount", parquet.Leaf(parquet.Int64Type), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.cents) }),
		"UINT64": typedCol("amount", parquet.Uint(64), func(o pqOrder) parquet.Value { return parquet.Int64Value(o.cents) }),
		"DECIMAL(18,8) INT64 (rounded, off the fast path)": typedCol("amount", parquet.Decimal(8, 18, parquet.Int64Type),
			func(o pqOrder) parquet.Value { return parquet.Int64Value(o.cents * 1234567) }),
		"DOUBLE": typedCol("amount", parquet.Leaf(parquet.DoubleType), func(o pqOrder) parquet.Value {
			return parquet.DoubleValue(float64(o.cents) / 100)
		}),
		"DOUBLE dictionary, some off the fast path": typedCol("amount", parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.RLEDictionary),
			func(o pqOrder) parquet.Value { return parquet.DoubleValue(float64(o.cents%1000) / 7) }),
	}
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	opts := map[string]Options{
		"default":                   {MaxBad: 1},
		"--tz America/New_York":     {MaxBad: 1, Location: ny},
		"--decimal-comma":           {MaxBad: 1, DecimalComma: true},
		"--date-format":             {MaxBad: 1, DateFormat: "%Y-%m-%dT%H:%M:%S"},
		"--as-of, --returns=ignore": {MaxBad: 1, AsOf: 18800, HasAsOf: true, Returns: ReturnsIgnore},
		"--strict":                  {Strict: true},
	}
	// Every date kind with the usual amount, every amount kind with the
	// usual date.
	type file struct{ date, amount string }
	var files []file
	for d := range dates {
		files = append(files, file{d, "DECIMAL(18,2) INT64"})
	}
	for a := range amounts {
		files = append(files, file{"TIMESTAMP(MILLIS,UTC)", a})
	}
	for _, f := range files {
		pq := typedFixture(t, dates[f.date], amounts[f.amount])
		for name, opt := range opts {
			t.Run(f.date+"/"+f.amount+"/"+name, func(t *testing.T) {
				want, werr := readParquetWith(pq, opt, false, 1)
				got, err := readParquetWith(pq, opt, true, 1)
				if werr != nil {
					assert.EqualError(t, err, werr.Error())
					return
				}
				require.NoError(t, err)
				assert.Equal(t, want.Customers, got.Customers)
				assert.Equal(t, want.Stats, got.Stats)
				if name == "default" {
					assert.Positive(t, want.Stats.Continuations)
					assert.Positive(t, want.Stats.Skipped[BadDate]+want.Stats.Skipped[BadAmount])
				}
			})
		}
	}
}

func deprecated96(nanos uint64, julianDay uint32) [3]uint32 {
	return [3]uint32{uint32(nanos), uint32(nanos >> 32), julianDay}
}

// TestParquetTypedPathTaken: in chunks, the values of a typed date and
// amount column reach the row reader as numbers and not as text, unless an
// option or the date layout keeps them off the fast path, or the row may
// be kept for later.
func TestParquetTypedPathTaken(t *testing.T) {
	rows := pqOrders(100)
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows)
	nyc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	cases := []struct {
		name             string
		opt              Options
		layout           dates.Layout
		deferring        bool
		hasTime, hasAmnt bool
		comma            bool // the amount column's numbers are written 12,50
	}{
		{"fast", Options{}, dates.ISO8601, false, true, true, false},
		{"another zone", Options{Location: nyc}, dates.ISO8601, false, true, true, false},
		{"another layout", Options{}, dates.YMD, false, false, true, false},
		{"numbers written 12,50", Options{DecimalComma: true}, dates.ISO8601, false, true, false, true},
		{"a row that may be kept", Options{}, dates.ISO8601, true, false, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd := &reader{opt: c.opt}
			src, err := rd.openParquet(Input{Name: "x.parquet", R: bytes.NewReader(pq)})
			require.NoError(t, err)
			defer src.(io.Closer).Close()
			fr := &fileReader{rd: rd, layout: c.layout, zone: dates.NewZone(c.opt.Location), deferring: c.deferring}
			fr.comma[ColAmount] = c.comma
			names, _ := src.header()
			date, amount := slices.Index(names, "order_date"), slices.Index(names, "amount")
			n := 0
			for {
				ch, err := src.(*parquetSource).nextChunk()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				require.NoError(t, ch.rows(fr, func(f [][]byte, row int) error {
					o := rows[row-1]
					assert.Equal(t, c.hasTime, fr.typed.hasTime)
					assert.Equal(t, c.hasAmnt, fr.typed.hasAmount)
					assert.Equal(t, c.hasTime, f[date] == nil, "the text of a date taken as a number is not made")
					assert.Equal(t, c.hasAmnt, f[amount] == nil)
					if c.hasTime {
						assert.Equal(t, floorDiv(o.millis, 1000), fr.typed.time)
					}
					if c.hasAmnt {
						assert.Equal(t, money.Amount(o.cents*10_000), fr.typed.amount)
					}
					n++
					return nil
				}))
				ch.release()
			}
			assert.Equal(t, len(rows), n)
			assert.Equal(t, typedRow{}, fr.typed, "nothing left for the rows after the chunk")
		})
	}
}

// TestParquetTypedIgnoresTextOptions: --date-format and --decimal-comma
// describe the text of exports; a Parquet file's typed dates and numbers
// are read as they are under them, alone or beside a CSV export written
// that way, while a Parquet file's text columns follow them.
func TestParquetTypedIgnoresTextOptions(t *testing.T) {
	rows := pqOrders(300)
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows)
	plain, err := readParquetWith(pq, Options{}, true, 1)
	require.NoError(t, err)
	for name, opt := range map[string]Options{
		"--decimal-comma":         {DecimalComma: true},
		"--date-format %d/%m/%Y":  {DateFormat: "%d/%m/%Y"},
		"both":                    {DecimalComma: true, DateFormat: "%d/%m/%Y"},
		"both, a layout of times": {DecimalComma: true, DateFormat: "%d/%m/%Y %H:%M"},
	} {
		t.Run(name, func(t *testing.T) {
			for _, par := range []bool{false, true} {
				got, err := readParquetWith(pq, opt, par, 1)
				require.NoError(t, err)
				assert.Equal(t, plain.Customers, got.Customers)
				assert.Zero(t, got.Stats.SkippedRows())
			}
		})
	}
	// A CSV export written 02/01/2021 and 12,50 beside the Parquet file.
	csv := "order,customer,date,amount\nx1,zz1,02/01/2021,\"12,50\"\nx2,zz2,03/01/2021,\"1.000,25\"\n"
	h, err := Read([]Input{{Name: "orders.parquet", R: bytes.NewReader(pq)}, {Name: "eu.csv", R: strings.NewReader(csv)}},
		Options{DecimalComma: true, DateFormat: "%d/%m/%Y"})
	require.NoError(t, err)
	assert.Zero(t, h.Stats.SkippedRows())
	byID := map[string]*Customer{}
	for i := range h.Customers {
		byID[h.Customers[i].ID] = &h.Customers[i]
	}
	require.Contains(t, byID, "zz2")
	assert.Equal(t, money.Amount(1_000_250_000), byID["zz2"].Purchases[0].Amount)
	assert.Equal(t, len(plain.Customers)+2, len(h.Customers))
	// A Parquet file with text columns follows the options.
	textPQ := writePQ(t, []pqCol{colOrder, colCustomer,
		{name: "order_date", node: parquet.String(), value: func(o pqOrder) parquet.Value {
			return parquet.ByteArrayValue([]byte(time.UnixMilli(o.millis).UTC().Format("02/01/2006")))
		}},
		{name: "amount", node: parquet.String(), value: func(o pqOrder) parquet.Value {
			return parquet.ByteArrayValue([]byte(strings.Replace(fmt.Sprintf("%.2f", float64(o.cents)/100), ".", ",", 1)))
		}}}, rows)
	ht, err := readParquetWith(textPQ, Options{DecimalComma: true, DateFormat: "%d/%m/%Y"}, true, 1)
	require.NoError(t, err)
	assert.Zero(t, ht.Stats.SkippedRows())
	assert.Equal(t, len(plain.Customers), len(ht.Customers))
}
