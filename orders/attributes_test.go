package orders

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
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
	assert.ErrorContains(t, err, `tier: no such column, nor an attribute lifecycle knows`)
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

// TestAttributeOfOrders: every order has the value of its own first row,
// and every line its own, serially and in parallel with chunks cut
// everywhere, while the customer keeps its first purchase's value.
func TestAttributeOfOrders(t *testing.T) {
	const export = `Invoice,StockCode,Quantity,Date,Price,Customer,Channel
1,A,1,2024-01-05,10,a,web
1,B,2,2024-01-05,5,a,app
2,A,1,2024-03-05,10,a,pos
3,C,1,2024-01-20,30,b,
4,A,-1,2024-02-20,10,b,app
5,B,3,2024-02-01,5,c,web
5,C,1,2024-02-01,30,c,web
`
	for _, par := range []bool{false, true} {
		h, err := readWith(t, export, Options{Attributes: []string{"channel"}, Lines: true}, par, 2, 24)
		require.NoError(t, err)
		col, ok, err := h.Attribute("channel")
		require.NoError(t, err)
		require.True(t, ok)
		purchases, returns, first := map[string][]string{}, map[string][]string{}, map[string]string{}
		for i, c := range h.Customers {
			for _, o := range c.Purchases {
				purchases[c.ID] = append(purchases[c.ID], col.Order(o))
			}
			for _, o := range c.Returns {
				returns[c.ID] = append(returns[c.ID], col.Order(o))
			}
			first[c.ID] = col.Value(i)
		}
		assert.Equal(t, map[string][]string{"a": {"web", "pos"}, "b": {""}, "c": {"web"}}, purchases, "parallel %v", par)
		assert.Equal(t, map[string][]string{"b": {"app"}}, returns, "parallel %v", par)
		assert.Equal(t, map[string]string{"a": "web", "b": "", "c": "web"}, first, "parallel %v", par)
		var lines []string
		for _, l := range h.Lines("1") {
			lines = append(lines, l.Product+":"+col.Line(l))
		}
		assert.Equal(t, []string{"A:web", "B:app"}, lines, "parallel %v", par)
		// A customer with only returns has its first order's value.
		h2, err := readWith(t, export+"6,A,-1,2024-02-21,10,d,mail\n", Options{Attributes: []string{"channel"}}, par, 2, 24)
		require.NoError(t, err)
		col, _, err = h2.Attribute("channel")
		require.NoError(t, err)
		for i, c := range h2.Customers {
			if c.ID == "d" {
				assert.Equal(t, "mail", col.Value(i))
				assert.Equal(t, "mail", col.TypedOrder(c.Returns[0]))
			}
		}
	}
}

// TestAttributeTime declares a time attribute for the test only and reads
// it typed, in the read's zone, with its layout detected from its values.
func TestAttributeTime(t *testing.T) {
	defer func(saved []Attribute) { attributes = saved }(attributes)
	attributes = append(attributes[:len(attributes):len(attributes)],
		Attribute{Name: "shipped", Headers: []string{"shippedat"}, Kind: Time})
	const export = "customer,date,amount,Shipped at\na,2024-01-01,10,03/01/2024 14:05\nb,2024-01-02,20,\nc,2024-01-03,5,25/01/2024 09:00\n"
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	h, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(export)}}, Options{Attributes: []string{"shipped"}, Location: shanghai})
	require.NoError(t, err)
	col, ok, err := h.Attribute("shipped")
	require.True(t, ok)
	require.NoError(t, err)
	got := map[string]any{}
	for i, c := range h.Customers {
		got[c.ID] = col.Typed(i)
		if v, ok := col.Typed(i).(time.Time); ok {
			assert.Equal(t, shanghai, v.Location())
			got[c.ID] = v.UTC()
		}
	}
	assert.Equal(t, map[string]any{
		"a": time.Date(2024, 1, 3, 6, 5, 0, 0, time.UTC), // 14:05 in Shanghai, day first (25/01 says so)
		"b": nil,
		"c": time.Date(2024, 1, 25, 1, 0, 0, 0, time.UTC),
	}, got)

	_, err = Read([]Input{{Name: "o.csv", R: strings.NewReader(strings.Replace(export, "25/01/2024 09:00", "soon", 1))}}, Options{Attributes: []string{"shipped"}})
	require.NoError(t, err, "the read does not judge an attribute's values")
	h, _ = Read([]Input{{Name: "o.csv", R: strings.NewReader(strings.Replace(export, "25/01/2024 09:00", "soon", 1))}}, Options{Attributes: []string{"shipped"}})
	_, _, err = h.Attribute("shipped")
	var ae *AttributeError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "soon", ae.Value)
}

// TestRowsStayNarrow: attributes live beside the packed rows and in the
// padding of an order, so that a read asking for none is no wider.
func TestRowsStayNarrow(t *testing.T) {
	assert.Equal(t, uintptr(24), unsafe.Sizeof(row{}))
	assert.Equal(t, uintptr(16), unsafe.Sizeof(Order{}))
}

// TestWhere: --where keeps the orders whose first row's values satisfy the
// condition, over a column by its header and a declared attribute; what it
// leaves out is counted, so that the totals still reconcile.
func TestWhere(t *testing.T) {
	w, err := ParseWhere(`Country == "FR" || channel in ["pos"] && len(Country) > 5`)
	require.NoError(t, err)
	assert.Equal(t, []string{"Country", "channel"}, w.Names(), "len is a function, not a column")
	h := readAttributes(t, Options{Attributes: w.Names()})
	got, err := w.Apply(h)
	require.NoError(t, err)
	ids := map[string]int{}
	var net money.Amount
	for _, c := range got.Customers {
		ids[c.ID] = len(c.Purchases)
		net += c.Net()
	}
	assert.Equal(t, map[string]int{"a": 1, "c": 1}, ids, "a's FR order and c's; b ordered from DE only")
	assert.Equal(t, int64(3), got.Stats.FilteredOrders)
	assert.Equal(t, money.Amount(65*money.Scale), got.Stats.FilteredValue)
	assert.Equal(t, h.Stats.Total, net+got.Stats.FilteredValue, "reconciles")

	_, err = ParseWhere(`Country ==`)
	assert.Error(t, err)
	_, err = ParseWhere(`1 == 1`)
	assert.ErrorContains(t, err, "names no column or attribute")
	_, err = Read([]Input{{Name: "o.csv", R: strings.NewReader(attributeExport)}}, Options{Attributes: []string{"Region"}})
	var me *MappingError
	require.ErrorAs(t, err, &me)
	assert.True(t, me.Usage)
	w, err = ParseWhere(`Country + 1`)
	require.NoError(t, err)
	_, err = w.Apply(readAttributes(t, Options{Attributes: w.Names()}))
	assert.Error(t, err, "not a condition")
}

// FuzzWhere: any condition parses or fails with an error, and applying one
// never panics and always reconciles.
func FuzzWhere(f *testing.F) {
	for _, s := range []string{`Country == "FR"`, `channel in ["pos", "web"]`, `len(Country) > 1 && channel != ""`, `Country + 1`, `(`, `Country matches "^F"`} {
		f.Add(s)
	}
	h, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(attributeExport)}}, Options{Attributes: []string{"Country", "channel"}})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, src string) {
		w, err := ParseWhere(src)
		if err != nil {
			return
		}
		for _, n := range w.Names() {
			if n != "Country" && n != "channel" {
				return
			}
		}
		got, err := w.Apply(h)
		if err != nil {
			return
		}
		var net money.Amount
		for _, c := range got.Customers {
			net += c.Net()
		}
		if net+got.Stats.FilteredValue != h.Stats.Total {
			t.Fatalf("%q: kept %v + left out %v != %v", src, net, got.Stats.FilteredValue, h.Stats.Total)
		}
	})
}
