package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// sameOrder is one order of the source that every input format below is
// written from.
type sameOrder struct {
	Order    string    `parquet:"order_id"`
	Customer string    `parquet:"customer_id"`
	Date     time.Time `parquet:"order_date,timestamp(millisecond)"`
	Cents    int64     `parquet:"amount,decimal(2:18)"`
}

func sameOrders() []sameOrder {
	r := rand.New(rand.NewPCG(7, 8))
	var list []sameOrder
	t := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2000 {
		t = t.Add(time.Duration(r.IntN(600)) * time.Minute)
		list = append(list, sameOrder{
			Order:    fmt.Sprint(500000 + i),
			Customer: fmt.Sprintf("buyer%03d", r.IntN(300)),
			Date:     t,
			Cents:    r.Int64N(80000) - 5000, // a few refunds
		})
	}
	return list
}

func centsText(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// TestSameOrdersEveryInput writes one set of orders as CSV, TSV, Parquet,
// .csv.gz, .parquet.zst, a GBK CSV with Taobao's headers, and standard
// input, and requires the same summary from each (but for the file names).
func TestSameOrdersEveryInput(t *testing.T) {
	dir := t.TempDir()
	src := sameOrders()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	delimited := func(sep, header string) []byte {
		var b bytes.Buffer
		b.WriteString(header + "\n")
		for _, o := range src {
			fmt.Fprintf(&b, "%s%s%s%s%s%s%s\n", o.Order, sep, o.Customer, sep, o.Date.Format(time.RFC3339), sep, centsText(o.Cents))
		}
		return b.Bytes()
	}
	csv := delimited(",", "order_id,customer_id,order_date,amount")
	var pq bytes.Buffer
	w := parquet.NewGenericWriter[sameOrder](&pq)
	_, err := w.Write(src)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(csv)
	require.NoError(t, zw.Close())
	zenc, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	pqzst := zenc.EncodeAll(pq.Bytes(), nil)
	taobao, err := simplifiedchinese.GBK.NewEncoder().Bytes(delimited(",", "订单编号,买家会员名,订单付款时间,买家实际支付金额"))
	require.NoError(t, err)

	inputs := map[string]string{
		"csv":         write("orders.csv", csv),
		"tsv":         write("orders.tsv", delimited("\t", "order_id\tcustomer_id\torder_date\tamount")),
		"parquet":     write("orders.parquet", pq.Bytes()),
		"csv.gz":      write("orders.csv.gz", gz.Bytes()),
		"parquet.zst": write("orders.parquet.zst", pqzst),
		"taobao gbk":  write("taobao.csv", taobao),
	}
	want := summaryObject(t, "", inputs["csv"])
	delete(want["input"], "files")
	var total int64
	for _, o := range src {
		total += o.Cents
	}
	assert.Equal(t, centsText(total), fmt.Sprint(want["customers"]["net_revenue"]), "the exact sum of the source")
	for name, path := range inputs {
		args := []string{path}
		if name == "taobao gbk" {
			// Taobao's days are Beijing's unless --tz says otherwise.
			assert.Equal(t, "Asia/Shanghai", summaryObject(t, "", path)["period"]["time_zone"])
			args = []string{"--tz", "UTC", path}
		}
		got := summaryObject(t, "", args...)
		delete(got["input"], "files")
		assert.Equal(t, want, got, name)
	}
	got := summaryObject(t, string(csv), "-")
	delete(got["input"], "files")
	assert.Equal(t, want, got, "stdin")
	got = summaryObject(t, pq.String(), "-")
	delete(got["input"], "files")
	assert.Equal(t, want, got, "parquet on stdin")
}
