package orders

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// TestSumBound checks the bound that lets every analysis add amounts with
// plain +: the read fails once the absolute values of the amounts read add
// up to more than money.MaxAmount, whether the rows are parsed in one chunk
// or in many (each chunk's sum then fits; only their total does not), and
// reads exactly up to the bound.
func TestSumBound(t *testing.T) {
	// 4,000 orders of 2,400,000,000.00: 9.6e12 units in all, over the bound
	// of about 9.22e12, while any 100 rows (a chunk) stay far below it.
	var over strings.Builder
	over.WriteString("order_id,customer_id,order_date,amount\n")
	for i := range 4000 {
		fmt.Fprintf(&over, "%d,c%d,2024-01-%02d,2400000000.00\n", i, i%97, 1+i%28)
	}
	for _, par := range []bool{false, true} {
		_, err := readWith(t, over.String(), Options{MaxBad: 0.05}, par, 100, 512)
		require.ErrorIs(t, err, money.ErrRange, "parallel %v", par)
		assert.ErrorContains(t, err, "t.csv: amounts too large to add up exactly")
	}

	// Exactly at the bound: the total is exact.
	half := money.MaxAmount / 2
	at := fmt.Sprintf("order_id,customer_id,order_date,amount\n1,a,2024-01-01,%v\n2,b,2024-01-02,-%v\n3,b,2024-01-03,%v\n",
		half, half, money.MaxAmount-2*half)
	h, err := readWith(t, at, Options{MaxBad: 0.05}, false, 100, 512)
	require.NoError(t, err)
	assert.Equal(t, money.MaxAmount-2*half, h.Stats.Total) // half - half + the rest
}

func TestAddMagnitude(t *testing.T) {
	for _, c := range []struct{ m, a, want uint64 }{
		{0, 0, 0},
		{1, 2, 3},
		{uint64(money.MaxAmount) - 1, 1, uint64(money.MaxAmount)},
		{uint64(money.MaxAmount), 1, magnitudeLimit},
		{magnitudeLimit, magnitudeLimit, magnitudeLimit}, // would wrap to 0
		{magnitudeLimit, 0, magnitudeLimit},
		{math.MaxUint64, 1, magnitudeLimit},
	} {
		assert.Equal(t, c.want, addMagnitude(c.m, c.a), "%d + %d", c.m, c.a)
	}
}
