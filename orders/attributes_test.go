package orders

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// attributeExport has a channel under Shopify's header (Source) and a
// country to split by; a's first purchase is web, b's pos, c has none.
const attributeExport = `Customer ID,Order ID,Created at,Total,Source,Country
a,1,2024-01-05,10,web,FR
a,2,2024-03-05,20,pos,DE
b,3,2024-01-20,30,pos,DE
b,4,2024-02-20,15,web,DE
c,5,2024-02-01,40,,FR
`

func readAttributes(t *testing.T, opt Options) *Histories {
	t.Helper()
	h, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(attributeExport)}}, opt)
	require.NoError(t, err)
	return h
}

// TestAttribute: a declared attribute is found under one of its header
// names, and each customer has the value of its first purchase.
func TestAttribute(t *testing.T) {
	h := readAttributes(t, Options{Attributes: []string{"channel"}})
	col, ok, err := h.Attribute("channel")
	require.NoError(t, err)
	require.True(t, ok)
	got := map[string]string{}
	for i, c := range h.Customers {
		got[c.ID] = col.Value(i)
	}
	assert.Equal(t, map[string]string{"a": "web", "b": "pos", "c": ""}, got)
	_, ok, _ = h.Attribute("tier")
	assert.False(t, ok)
	// Without --by, attributes do not split the histories.
	assert.Len(t, h.ByGroup(), 1)

	_, err = Read([]Input{{Name: "o.csv", R: strings.NewReader(attributeExport)}}, Options{Attributes: []string{"tier"}})
	assert.ErrorContains(t, err, `attribute "tier": not one lifecycle knows`)
}

// TestAttributeWithBy: reading an attribute beside --by leaves the groups
// as they are without it, and --by NAME reads a declared attribute when no
// header is called NAME.
func TestAttributeWithBy(t *testing.T) {
	groups := func(h *Histories) map[string][]string {
		out := map[string][]string{}
		for _, g := range h.ByGroup() {
			for _, c := range g.Customers {
				out[g.Value] = append(out[g.Value], c.ID)
			}
		}
		return out
	}
	by := Options{Columns: Columns{ColGroup: "Country"}}
	want := groups(readAttributes(t, by))
	assert.Equal(t, map[string][]string{"FR": {"a", "c"}, "DE": {"b"}}, want)
	by.Attributes = []string{"channel"}
	h := readAttributes(t, by)
	assert.Equal(t, want, groups(h))
	col, ok, err := h.Attribute("channel")
	require.NoError(t, err)
	require.True(t, ok)
	for i, c := range h.Customers {
		assert.Equal(t, map[string]string{"a": "web", "b": "pos", "c": ""}[c.ID], col.Value(i), c.ID)
	}
	// Until keeps the attributes.
	col, ok, err = h.Until(h.AsOf).Attribute("channel")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Len(t, col.ids, len(h.Customers))

	assert.Equal(t, map[string][]string{"web": {"a"}, "pos": {"b"}, "": {"c"}},
		groups(readAttributes(t, Options{Columns: Columns{ColGroup: "channel"}})))
}

// TestAttributeKinds declares two attributes for the test only (as the next
// real one would be declared: one entry in attributes), a whole number and
// an amount, and reads them typed; a value not of its kind is an
// *AttributeError.
func TestAttributeKinds(t *testing.T) {
	defer func(saved []Attribute) { attributes = saved }(attributes)
	attributes = append(attributes[:len(attributes):len(attributes)],
		Attribute{Name: "items", Headers: []string{"items", "itemcount"}, Kind: Int},
		Attribute{Name: "shipping", Headers: []string{"shipping", "shippingcost"}, Kind: Amount})
	const export = "customer,date,amount,Item Count,Shipping\na,2024-01-01,10,3,4.50\nb,2024-01-02,20,,0\nc,2024-01-03,5,x,1\n"
	h, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(export)}}, Options{Attributes: []string{"items", "shipping"}})
	require.NoError(t, err)
	ship, ok, err := h.Attribute("shipping")
	require.True(t, ok)
	require.NoError(t, err)
	got := map[string]any{}
	for i, c := range h.Customers {
		got[c.ID] = ship.Typed(i)
	}
	assert.Equal(t, map[string]any{"a": 4.5, "b": 0.0, "c": 1.0}, got)

	_, ok, err = h.Attribute("items")
	require.True(t, ok)
	var ae *AttributeError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "items", ae.Attribute)
	assert.Equal(t, "x", ae.Value)
	assert.ErrorContains(t, err, `attribute items: "x" is not a whole number`)

	h, err = Read([]Input{{Name: "o.csv", R: strings.NewReader(strings.Replace(export, ",x,", ",7,", 1))}}, Options{Attributes: []string{"items"}})
	require.NoError(t, err)
	items, _, err := h.Attribute("items")
	require.NoError(t, err)
	got = map[string]any{}
	for i, c := range h.Customers {
		got[c.ID] = items.Typed(i)
	}
	assert.Equal(t, map[string]any{"a": 3, "b": nil, "c": 7}, got)
}
