package orders

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// The tests of this file check that hostile input costs memory in
// proportion to what the reader keeps: see bench/hostile.sh for the same at
// full size.

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestRecordFieldsCapped(t *testing.T) {
	commas := strings.Repeat(",", 2*maxRecordFields)
	for _, c := range []struct {
		name, line string
		want       int    // fields returned
		last       string // the last of them
	}{
		{"trailing delimiters", "1,C1" + commas, maxRecordFields, ""},
		{"a value beyond the cap", "1,C1" + commas + " x ,y" + commas, maxRecordFields + 1, " x "},
		{"blanks beyond the cap", "1,C1" + commas + "  ,\t," + commas, maxRecordFields, ""},
		{"quoted", `"1","C1"` + commas + `"a,b",c`, maxRecordFields + 1, "a,b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rr := newRecordReader(bufio.NewReader(strings.NewReader(c.line+"\n2,C2\n")), ',')
			var blank int64
			f, err := rr.read(&blank)
			require.NoError(t, err)
			require.Equal(t, c.want, len(f))
			assert.Equal(t, "1", string(f[0]))
			assert.Equal(t, "C1", string(f[1]))
			assert.Equal(t, c.last, string(f[len(f)-1]))
			f, err = rr.read(&blank)
			require.NoError(t, err)
			assert.Equal(t, [][]byte{[]byte("2"), []byte("C2")}, f)
		})
	}
}

// wideRows is an order-level export of rows rows, every other one
// followed by extra empty fields.
func wideRows(rows, extra int) []byte {
	var b bytes.Buffer
	b.WriteString("order_id,customer_id,order_date,amount\n")
	for i := range rows {
		b.WriteString("1" + strings.Repeat("0", 5-len(itoa(i))) + itoa(i) + ",C" + itoa(i%7) + ",2024-01-02,1.50")
		if i%2 == 0 {
			b.WriteString(strings.Repeat(",", extra))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestWideRowsInSampleCostTheirText(t *testing.T) {
	// 400 rows, 200 of them with 100,000 empty fields (20 MB), all in the
	// sample read ahead for detection: a slice per field would be 24 bytes
	// per byte of the file.
	data := wideRows(400, 100_000)
	var h *Histories
	n := allocated(func() {
		var err error
		h, err = Read([]Input{{Name: "wide.csv", R: bytes.NewReader(data)}}, Options{})
		require.NoError(t, err)
	})
	assert.EqualValues(t, 400, h.Stats.Rows)
	assert.Len(t, h.Customers, 7)
	assert.Equal(t, money.Amount(400*money.Scale*3/2), h.Stats.Total)
	// Held compactly, a field costs 4 bytes, at most 8 while its slice
	// grows.
	assert.Less(t, n, uint64(12*len(data)), "allocated %d MB reading %d MB", n>>20, len(data)>>20)
}

func TestRepeatedRowCostsNothing(t *testing.T) {
	// One row repeated k times: memory must not grow with k.
	defer func(p bool, s int) { parseParallel, sampleRows = p, s }(parseParallel, sampleRows)
	for _, par := range []bool{false, true} {
		parseParallel, sampleRows = par, 100
		read := func(k int) (uint64, *Histories) {
			data := []byte("order_id,customer_id,order_date,amount\n" +
				strings.Repeat("100001,C00000001,2024-01-02T10:00:00Z,19.99\n", k))
			var h *Histories
			n := allocated(func() {
				var err error
				h, err = Read([]Input{{Name: "dups.csv", R: bytes.NewReader(data)}}, Options{})
				require.NoError(t, err)
			})
			return n, h
		}
		small, _ := read(1000)
		large, h := read(300_000)
		assert.EqualValues(t, 300_000-1, h.Stats.Duplicates)
		assert.Equal(t, money.Amount(300_000-1)*1999*money.Scale/100, h.Stats.DuplicateValue)
		require.Len(t, h.Customers, 1)
		assert.Len(t, h.Customers[0].Purchases, 1)
		// Reading in parallel costs its chunk buffers (4 MB each) whatever
		// the rows hold.
		slack := uint64(1 << 20)
		if par {
			slack += uint64(3 * chunkBytes)
		}
		assert.Less(t, large, small+slack, "parallel %v: %d repeats allocate %d KB, 1,000 allocate %d KB", par, 300_000, large>>10, small>>10)
	}
}

func TestRepeatOfAnOrdersSecondRow(t *testing.T) {
	// Order 1 has two distinct rows, the second repeated: the repeat is
	// read once, wherever it stands.
	for _, rows := range []string{
		"1,C1,2024-01-02,10.00\n1,C1,2024-01-02,20.00\n1,C1,2024-01-02,20.00\n",
		"1,C1,2024-01-02,20.00\n2,C2,2024-01-03,5.00\n1,C1,2024-01-02,10.00\n1,C1,2024-01-02,20.00\n",
	} {
		h := readString(t, "order_id,customer_id,order_date,amount\n"+rows, Options{})
		assert.EqualValues(t, 1, h.Stats.Duplicates, rows)
		assert.Equal(t, money.Amount(20*money.Scale), h.Stats.DuplicateValue, rows)
		c := byID(h)["C1"]
		require.NotNil(t, c)
		require.Len(t, c.Purchases, 1)
		assert.Equal(t, money.Amount(30*money.Scale), c.Purchases[0].Amount, rows)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestParquetStreamNotPAR1FailsAtOnce(t *testing.T) {
	// A stream (decompressed, or stdin) of zeros named as Parquet: it must
	// fail on its first bytes, not once copied whole.
	for _, c := range []struct{ head, want string }{
		{"\x00\x00\x00\x00", "z.parquet: not a Parquet file: it does not start with PAR1"},
		{"PARE", "z.parquet: encrypted Parquet files are not supported"},
	} {
		r := &countingReader{r: io.MultiReader(strings.NewReader(c.head), io.LimitReader(zeros{}, 64<<20))}
		_, err := Read([]Input{{Name: "z.parquet", R: r, Format: "parquet"}}, Options{})
		require.Error(t, err)
		assert.Equal(t, c.want, err.Error())
		assert.Less(t, r.n, int64(1<<20), "read %d bytes before failing", r.n)
	}
}
