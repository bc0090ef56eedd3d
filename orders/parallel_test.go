package orders

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readWith reads text with the given sample size and chunk size, in
// parallel or not.
func readWith(t *testing.T, text string, opt Options, par bool, sample, chunk int) (*Histories, error) {
	t.Helper()
	defer func(p bool, s, c int) { parseParallel, sampleRows, chunkBytes = p, s, c }(parseParallel, sampleRows, chunkBytes)
	parseParallel, sampleRows, chunkBytes = par, sample, chunk
	return Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, opt)
}

// TestParallelMatchesSerial reads inputs serially and in parallel with tiny
// chunks (so that chunks cut everywhere: inside orders, before continuation
// lines, beside quoted newlines) and requires identical histories, counts
// and errors.
func TestParallelMatchesSerial(t *testing.T) {
	inputs := map[string]string{
		"shopify": `Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Cancelled at
#1001,ann@x.com,paid,30.00,2021-03-01 10:00:00 +0100,1,Mug,
#1001,,,,,2,Cup,
#1001,,,,,1,"Plate, ""big""
with a note",
#1002,ann@x.com,refunded,12.00,2021-03-02 10:00:00 +0100,1,Mug,
#1002,,,,,1,Cup,
#1003,bob@x.com,paid,8.00,2021-03-03 10:00:00 +0100,1,Mug,2021-03-04 10:00:00 +0100
,,,,,1,Orphan,
#1004,bob@x.com,partially_refunded,9.00,2021-03-05 10:00:00 +0100,1,Mug,
#1004,,,,,3,Cup,
#1005,cy@x.com,paid,bad,2021-03-05 10:00:00 +0100,1,Mug,
#1005,,,,,3,Cup,
#1006,cy@x.com,paid,1.00,2021-03-06 10:00:00 +0100,1,Mug,
`,
		"lines": `InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
536365,A,6,2010-12-01 08:26:00,2.55,17850.0
536365,B,6,2010-12-01 08:26:00,3.39,17850.0
536366,A,2,2010-12-01 08:28:00,1.85,17850
C536367,A,-1,2010-12-02 09:00:00,2.55,17850.0
536368,A,1,2010-12-03 10:00:00,0,12345

536365,C,1,2010-12-01 08:27:00,1.00,17850.0
536369,A,1,2010-12-03 10:00:00,5,
536370,"A,B",x,2010-12-03 10:00:00,5,1
536370,"A,B",1,2010-12-03 10:00:00,5,1
`,
		"long rows and control bytes": "order_id,customer_id,order_date,amount\n1,a,2021-01-01,1\n2,b,2021-01-02,1,000.50\n" +
			"3,c,2021-01-03,2,,\n4,\x00,2021-01-04,3\n5,d,2021-01-05,4\n6,e,2021-01-06,5,x\n7,a,2021-01-07,6\n",
		"shopify, emails on every line": `Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Cancelled at
#1001,ann@x.com,paid,30.00,2021-03-01 10:00:00 +0100,1,Mug,
#1001,ann@x.com,,,,2,Cup,
#1001,ann@x.com,,,,1,"Plate, ""big""
with a note",
#1002,ann@x.com,refunded,12.00,2021-03-02 10:00:00 +0100,1,Mug,
#1002,ann@x.com,,,,1,Cup,
#1003,bob@x.com,paid,8.00,2021-03-03 10:00:00 +0100,1,Mug,2021-03-04 10:00:00 +0100
#1003,bob@x.com,,,,1,Cup,
#1004,cy@x.com,,,,1,Orphan,
#1005,cy@x.com,paid,bad,2021-03-05 10:00:00 +0100,1,Mug,
#1005,cy@x.com,,,,3,Cup,
#1006,cy@x.com,paid,1.00,2021-03-06 10:00:00 +0100,1,Mug,
#1006,dee@x.com,,,,1,Cup,
`,
		"no order ids": "customer_id,date,amount\r\n1,19970101,11.77\r\n1,19970101,11.77\r\n2,19970102,1\r\n3,bad,1\r\n1,19970103,2\r\n",
	}
	if b, err := os.ReadFile("../testdata/genorders-dirty.csv"); err == nil {
		inputs["genorders dirty"] = string(b)
	}
	// Every platform's fixture: a chunk may start inside an order whose
	// rows each repeat its total (WooCommerce) or leave its fields empty
	// (Shopify).
	fixtures, _ := filepath.Glob("../testdata/platforms/*/*.csv")
	for _, path := range fixtures {
		if b, err := os.ReadFile(path); err == nil && utf8.Valid(b) {
			inputs[filepath.Base(filepath.Dir(path))] = string(b)
		}
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			opt := Options{MaxBad: 1}
			if name == "bigcommerce" {
				// Its days are all 12 or less: a sample of a row or two
				// cannot tell month from day.
				opt.DateFormat = "%m/%d/%Y %H:%M:%S"
			}
			want, werr := readWith(t, text, opt, false, 10000, 4<<20)
			type cut struct{ sample, chunk int }
			var cuts []cut
			for _, sample := range []int{1, 2, 3} {
				for _, chunk := range []int{1, 7, 40, 100, 1000} {
					cuts = append(cuts, cut{sample, chunk})
				}
			}
			if len(text) > 64<<10 {
				// A file of thousands of lines: a line a chunk once (every
				// line, bad ones too, at the start of a chunk), then chunks
				// of many lines after each sample size. Chunks cost per
				// chunk: the cuts above would read it 12 times in thousands
				// of chunks each.
				cuts = []cut{{1, 1}, {1, 1000}, {2, 1000}, {3, 1000}}
			}
			for _, c := range cuts {
				got, err := readWith(t, text, opt, true, c.sample, c.chunk)
				what := fmt.Sprintf("sample %d, chunk %d", c.sample, c.chunk)
				if werr != nil {
					assert.EqualError(t, err, werr.Error(), what)
					continue
				}
				require.NoError(t, err, what)
				assert.Equal(t, want.Customers, got.Customers, what)
				assert.Equal(t, want.Stats, got.Stats, what)
			}
		})
	}
}

func TestParallelStrictAndErrors(t *testing.T) {
	text := "customer_id,order_date,amount\n" + strings.Repeat("a,2021-01-01,1\n", 50) + "b,2021-01-02,x\n" + strings.Repeat("c,2021-01-03,1\n", 50)
	_, want := readWith(t, text, Options{Strict: true}, false, 10000, 4<<20)
	require.Error(t, want)
	_, got := readWith(t, text, Options{Strict: true}, true, 2, 64)
	assert.EqualError(t, got, want.Error())

	bad := "customer_id,order_date,amount\n" + strings.Repeat("a,2021-01-01,1\n", 20) + "b,\"2021-01-02,1\n"
	_, want = readWith(t, bad, Options{MaxBad: 1}, false, 10000, 4<<20)
	_, got = readWith(t, bad, Options{MaxBad: 1}, true, 2, 64)
	require.Error(t, want)
	assert.EqualError(t, got, want.Error())
}

// TestParallelUCI compares on the whole UCI file, when present.
func TestParallelUCI(t *testing.T) {
	text := uciText(t)
	want, err := readWith(t, text, Options{MaxBad: 0.05}, false, 10000, 4<<20)
	require.NoError(t, err)
	got, err := readWith(t, text, Options{MaxBad: 0.05}, true, 100, 64<<10)
	require.NoError(t, err)
	assert.Equal(t, want.Stats, got.Stats)
	assert.Equal(t, want.Customers, got.Customers)
}

// FuzzRecordEnd checks the splitter against the record reader: the records
// in data[:recordEnd(data)] are the first records of data.
func FuzzRecordEnd(f *testing.F) {
	f.Add([]byte("a,b\n\"x\ny\",z\n\"p\"\"q\",r\r\nlast"), byte(','))
	f.Add([]byte("a\"b,c\n\"d\"e\",f\ng\n"), byte(','))
	f.Fuzz(func(t *testing.T, data []byte, d byte) {
		if d != ',' && d != ';' && d != '\t' && d != '|' {
			d = ','
		}
		end := recordEnd(data, d)
		if end > 0 && data[end-1] != '\n' {
			t.Fatalf("cut at %d not after a newline", end)
		}
		var blank int64
		whole := newChunkReader(data, d, 0)
		part := newChunkReader(data[:end], d, 0)
		for {
			p, perr := part.read(&blank)
			if perr == io.EOF {
				break
			}
			w, werr := whole.read(&blank)
			if (perr == nil) != (werr == nil) {
				t.Fatalf("part err %v, whole err %v", perr, werr)
			}
			if perr != nil {
				break
			}
			if fmt.Sprintf("%q", p) != fmt.Sprintf("%q", w) || part.start != whole.start {
				t.Fatalf("record %q at %d, whole file reads %q at %d", p, part.start, w, whole.start)
			}
		}
	})
}
