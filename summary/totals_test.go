package summary

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"lifecycle/dates"
)

// TestTotalsAtIsSummaryUntil checks that the one-pass totals at earlier
// as-of days are those of a whole summary of the histories cut at each
// day, on random bases with returns, returns-only ids and same-day orders,
// at days before, inside and after their orders.
func TestTotalsAtIsSummaryUntil(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 22))
	for round := range 20 {
		var b strings.Builder
		b.WriteString("customer_id,order_date,amount\n")
		start, _ := dates.ParseDay("2021-01-01")
		for i := range 200 {
			for range rng.IntN(6) {
				amount := fmt.Sprintf("%d.%02d", rng.IntN(300), rng.IntN(100))
				if rng.IntN(5) == 0 {
					amount = "-" + amount
				}
				fmt.Fprintf(&b, "c%d,%s,%s\n", i, dates.DayString(start+int32(rng.IntN(400))), amount)
			}
		}
		h := read(t, b.String())
		days := []int32{start - 1, start, start + int32(rng.IntN(400)), start + int32(rng.IntN(400)), h.AsOf, h.AsOf + 10}
		got := TotalsAt(h, days...)
		for k, day := range days {
			want := Of(h.Until(day))
			assert.Equal(t, want.Totals(), got[k], "round %d day %s", round, dates.DayString(day))
			assert.Equal(t, want.Net, got[k].Net())
			assert.Equal(t, want.RepeatRate, got[k].RepeatRate())
			assert.Equal(t, want.AvgOrderValue, got[k].AvgOrderValue())
		}
	}
}
