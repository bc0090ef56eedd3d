package orders

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
)

// TestByGroup checks the ColGroup column: each customer is in the group of
// its first purchase (a return or a cancellation before it does not count),
// groups come sorted, and a cut keeps each customer's group.
func TestByGroup(t *testing.T) {
	const text = `customer,date,amount,status,country
ann,2021-03-05,10,,France
ann,2021-03-01,20,,Spain
bob,2021-02-01,5,cancelled,Spain
bob,2021-02-03,-5,,Spain
bob,2021-04-01,7,,Germany
cid,2021-01-01,-3,,
cid,2021-05-01,9,,
dan,2021-03-02,4,,Germany
`
	opt := Options{MaxBad: 1}
	opt.Columns[ColGroup] = "country"
	h := readString(t, text, opt)
	groups := h.ByGroup()
	got := map[string][]string{}
	var values []string
	for _, g := range groups {
		values = append(values, g.Value)
		for _, c := range g.Customers {
			got[g.Value] = append(got[g.Value], c.ID)
		}
		assert.Equal(t, h.AsOf, g.AsOf)
	}
	assert.Equal(t, []string{"", "Germany", "Spain"}, values)
	assert.ElementsMatch(t, []string{"cid"}, got[""])
	assert.ElementsMatch(t, []string{"bob", "dan"}, got["Germany"])
	assert.ElementsMatch(t, []string{"ann"}, got["Spain"])

	// A cut keeps the groups of the whole histories: bob, who has only a
	// return by then, stays in the group of his first purchase.
	day, err := dates.ParseDay("2021-03-01")
	require.NoError(t, err)
	cut := h.Until(day)
	got = map[string][]string{}
	for _, g := range cut.ByGroup() {
		for _, c := range g.Customers {
			got[g.Value] = append(got[g.Value], c.ID)
		}
	}
	assert.ElementsMatch(t, []string{"cid"}, got[""])
	assert.ElementsMatch(t, []string{"bob"}, got["Germany"])
	assert.ElementsMatch(t, []string{"ann"}, got["Spain"])
}

// TestByGroupAbsent: without a ColGroup column there is one group, the
// histories themselves.
func TestByGroupAbsent(t *testing.T) {
	h := readString(t, "customer,date,amount\nann,2021-03-05,10\n", Options{MaxBad: 1})
	g := h.ByGroup()
	require.Len(t, g, 1)
	assert.Same(t, h, g[0].Histories)
}

// TestByGroupTooMany refuses a column with more values than a group number
// holds, naming the column.
func TestByGroupTooMany(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer,date,amount,email\n")
	for i := range maxGroups + 1 {
		fmt.Fprintf(&b, "c%d,2021-03-05,10,u%d@x.com\n", i%100, i)
	}
	opt := Options{MaxBad: 1}
	opt.Columns[ColGroup] = "email"
	_, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(b.String())}}, opt)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `o.csv: the --by column "email" (column 4) has more than 65535 distinct values`)
}
