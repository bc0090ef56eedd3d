package orders

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHistoriesHoldOnlyOrders checks what makes a large read fit in
// memory (issue 16): once Read returns, the heap holds the histories and
// nothing else of the read (no partition's rows, ids or batches), and the
// histories are 16 bytes an order, a Customer per customer and its id's
// bytes. A read that kept its rows (34 bytes a row here) or an order that
// grew by a field fails it.
func TestHistoriesHoldOnlyOrders(t *testing.T) {
	const customers, perCustomer = 20_000, 10
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount\n")
	for k := range customers * perCustomer {
		c := k % customers
		fmt.Fprintf(&b, "%d,C%08d,2020-01-%02dT10:%02d:00Z,%d.%02d\n", 100000+k, c, 1+k/customers, k%60, 1+k%97, k%100)
	}
	text := b.String()
	defer func(n int) { bigRead = n }(bigRead)
	bigRead = 1000 // the large-read path: rows collected before the customers are made

	// Two collections empty the sync.Pools (their victim caches too).
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	h, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(text)}}, Options{})
	require.NoError(t, err)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)

	require.Len(t, h.Customers, customers)
	orders, ids := 0, 0
	for _, c := range h.Customers {
		orders += len(c.Purchases) + len(c.Returns)
		ids += len(c.ID)
	}
	require.Equal(t, customers*perCustomer, orders)
	want := int64(orders)*int64(unsafe.Sizeof(Order{})) + int64(customers)*int64(unsafe.Sizeof(Customer{})) + int64(ids)
	t.Logf("heap held by the histories: %d bytes, %.1f an order (their parts: %d)", held, float64(held)/float64(orders), want)
	assert.Less(t, held, want+want/10, "the heap after Read holds more than the histories")
	runtime.KeepAlive(h)
	runtime.KeepAlive(text)
}
