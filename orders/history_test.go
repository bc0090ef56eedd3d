package orders

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestChunks: the chunks cover the customers in order, and each says how
// many customers before it have a purchase, for histories too small to
// split and large ones, with customers who only returned.
func TestChunks(t *testing.T) {
	for _, n := range []int{0, 1, 49_999, 50_000, 123_457} {
		h := &Histories{Customers: make([]Customer, n)}
		for i := range h.Customers {
			if i%3 != 1 {
				h.Customers[i].Purchases = []Order{{Day: 1}}
			} else {
				h.Customers[i].Returns = []Order{{Day: 1}}
			}
		}
		cs := h.Chunks()
		require.Equal(t, Chunk{0, 0}, cs[0], "n %d", n)
		bought := 0
		for k := 1; k < len(cs); k++ {
			require.Greater(t, cs[k].In, cs[k-1].In, "n %d", n)
			for i := cs[k-1].In; i < cs[k].In; i++ {
				if len(h.Customers[i].Purchases) > 0 {
					bought++
				}
			}
			require.Equal(t, bought, cs[k].Out, "n %d chunk %d", n, k)
		}
		require.Equal(t, n, cs[len(cs)-1].In, "n %d", n)
		if n >= 50_000 {
			require.Greater(t, len(cs), 2, "n %d: split", n)
		}
	}
}
