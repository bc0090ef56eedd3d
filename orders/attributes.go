package orders

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/msg"
)

// An attribute is a column of an export that lifecycle does not need to
// build histories but that an analysis can use: a sales channel, a
// currency, a member tier, a payment time. Each is declared once, in
// attributes below, with the header names real exports give it and its
// kind; a command then reads it by name (Options.Attributes, or --by NAME
// when no column has that header), and every order, every line (see
// lines.go) and every customer has a value: an order the value on its first
// row in the input, a customer that of its first purchase (of its first
// order when it has only returns), as --by does.
//
// Values are kept beside the rows, not in them, so that a read that asks
// for no attribute costs nothing more: the read numbers each distinct
// combination of the values asked for (the --by column's among them) as it
// meets it, and keeps one number per row in a column of its own, which
// grouping carries along with the rows into each order (Order.attrs) and
// customer. A million rows of "EUR" cost one string.

// Kind is the type of an attribute's values.
type Kind uint8

// The kinds of attributes: text as it is (trimmed), a whole number, an
// amount of money (in the currency's units, such as "12.50"), or a time
// (in a layout detected from the attribute's values, read in the read's
// zone).
const (
	Text Kind = iota
	Int
	Amount
	Time
)

var kindNames = [...]string{Text: "text", Int: "a whole number", Amount: "an amount", Time: "a time"}

// Attribute declares an attribute.
type Attribute struct {
	// Name is how commands and churn rules (attr.NAME) call it: lower
	// case, no spaces.
	Name string
	// Headers are the header names that exports use for it, normalised as
	// by normName (lower case, no spaces, '_' or '-'), in order of
	// preference.
	Headers []string
	// Kind is the type of its values.
	Kind Kind
	// Description says what it is, for listings (churn --show-features).
	Description string
}

// attributes are the declared attributes. Sources of the header names:
// UCI Online Retail (StockCode), Shopify's orders export (Lineitem sku,
// Source, Currency), WooCommerce (Created Via, order_currency / Order
// Currency), BigCommerce (Order Currency Code), Stripe and eBay (Currency),
// Taobao and Tmall (商家编码, 订单来源); see testdata/platforms/SOURCES.md.
var attributes = []Attribute{
	{Name: "product", Headers: []string{"stockcode", "sku", "lineitemsku", "productid", "productcode", "itemid", "商品编号", "商家编码"}, Kind: Text,
		Description: "the product code of the first line of the customer's first purchase (StockCode, SKU, 商家编码)"},
	{Name: "channel", Headers: []string{"channel", "saleschannel", "orderchannel", "source", "ordersource", "createdvia", "订单来源", "渠道", "销售渠道"}, Kind: Text,
		Description: "the sales channel of the customer's first purchase (Channel, Source, Created Via, 订单来源)"},
	{Name: "currency", Headers: []string{"currency", "ordercurrency", "currencycode", "ordercurrencycode", "币种", "货币", "结算币种"}, Kind: Text,
		Description: "the currency (ISO 4217 code) of the customer's first purchase (Currency, order_currency, 币种)"},
}

// Attributes lists the declared attributes.
func Attributes() []Attribute { return slices.Clone(attributes) }

// String names the kind as rules see its values: string, int, float (an
// amount in the currency's units) or time.
func (k Kind) String() string {
	return [...]string{Text: "string", Int: "int", Amount: "float", Time: "time"}[k]
}

// AttributeNames lists the names of the declared attributes.
func AttributeNames() []string {
	names := make([]string, len(attributes))
	for i, a := range attributes {
		names[i] = a.Name
	}
	return names
}

// attributeNamed returns the attribute called name, or nil.
func attributeNamed(name string) *Attribute {
	for i := range attributes {
		if attributes[i].Name == name {
			return &attributes[i]
		}
	}
	return nil
}

// findAttribute returns the column of attribute a: the first of its
// header names that the header has, or -1.
func (a *Attribute) find(find func(string) int) int {
	for _, h := range a.Headers {
		if i := find(h); i >= 0 {
			return i
		}
	}
	return -1
}

// attrSep separates the values of one combination of attributes.
const attrSep = "\x00"

// field returns the i-th of the values of a combination (separated by
// attrSep).
func field(key string, i int) string {
	for range i {
		j := strings.Index(key, attrSep)
		if j < 0 {
			return ""
		}
		key = key[j+len(attrSep):]
	}
	if j := strings.Index(key, attrSep); j >= 0 {
		key = key[:j]
	}
	return key
}

// AttributeColumn is the values of one attribute in a Histories: of each
// customer, each order and each line.
type AttributeColumn struct {
	Kind   Kind
	ids    []uint32 // per customer: its combination of values
	values []string // per combination: this attribute's value
	typed  []any    // per combination: the value as its Kind, nil when empty
}

// Value returns customer i's value as read ("" when it had none).
func (c AttributeColumn) Value(i int) string { return c.values[c.ids[i]] }

// Typed returns customer i's value as its Kind: a string, an int, an
// amount as a float64 in the currency's units, or a time.Time; nil when it
// had none.
func (c AttributeColumn) Typed(i int) any { return c.typed[c.ids[i]] }

// Order returns the value of one of the histories' orders, as read.
func (c AttributeColumn) Order(o Order) string { return c.values[o.attrs] }

// TypedOrder returns the value of one of the histories' orders as its
// Kind, as Typed does.
func (c AttributeColumn) TypedOrder(o Order) any { return c.typed[o.attrs] }

// Line returns the value of one of the histories' lines (Histories.Lines),
// as read.
func (c AttributeColumn) Line(l Line) string { return c.values[l.attrs] }

var errNoTimeLayout = msg.Errorf("the attribute's values are in no one date layout lifecycle knows (or in two that they do not tell apart)")

// AttributeError is a value of an attribute that is not of its Kind.
type AttributeError struct {
	Attribute string
	Value     string
	Kind      Kind
	Err       error
}

func (e *AttributeError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *AttributeError) Words() *msg.Error {
	return msg.Of(msg.Errorf("attribute %s: %q is not %s: %v", e.Attribute, e.Value, kindNames[e.Kind], e.Err))
}

func (e *AttributeError) Unwrap() error { return e.Err }

// Attribute returns the customers' values of the attribute called name;
// ok is false when the read did not ask for it (Options.Attributes). A
// value that is not of the attribute's Kind is an *AttributeError.
func (h *Histories) Attribute(name string) (col AttributeColumn, ok bool, err error) {
	return h.attribute(name, true)
}

// attribute is Attribute; without typed, a text attribute's Typed is
// left nil (--where reads the values of a column it types itself).
func (h *Histories) attribute(name string, typed bool) (col AttributeColumn, ok bool, err error) {
	k := -1
	for i, n := range h.attrNames {
		if n == name {
			k = i
		}
	}
	if k < 0 || h.groups == nil {
		return col, false, nil
	}
	a := attributeNamed(name)
	if a == nil { // a column read by its header (see Options.Attributes)
		a = &Attribute{Name: name, Kind: Text}
	}
	col.Kind = a.Kind
	col.ids = h.groups
	col.values = make([]string, len(h.groupNames))
	for g, key := range h.groupNames {
		if g > 0 { // 0 is no value at all
			col.values[g] = field(key, k+1) // [0] is the --by column's
		}
	}
	if !typed && a.Kind == Text {
		return col, true, nil
	}
	col.typed = make([]any, len(h.groupNames))
	var layout dates.Layout
	zone := h.Zone.Clone()
	if a.Kind == Time && slices.ContainsFunc(col.values, func(v string) bool { return v != "" }) {
		var err error
		if layout, err = dates.Detect(col.values); err != nil {
			// No layout fits most values (or two do equally): name a value.
			example := ""
			var nl *dates.NoLayoutError
			var amb *dates.AmbiguousError
			switch {
			case errors.As(err, &nl):
				example = nl.Example
			case errors.As(err, &amb):
				example = amb.Example
			}
			return col, true, &AttributeError{Attribute: name, Value: example, Kind: a.Kind, Err: errNoTimeLayout}
		}
	}
	for g, v := range col.values {
		if v == "" {
			continue
		}
		var err error
		switch a.Kind {
		case Text:
			col.typed[g] = v
		case Int:
			var n int64
			n, err = strconv.ParseInt(v, 10, 64)
			col.typed[g] = int(n)
		case Amount:
			var m money.Amount
			m, err = money.Parse([]byte(v), money.Options{})
			col.typed[g] = m.Float64()
		case Time:
			var t int64
			t, err = layout.ParseString(v, zone)
			col.typed[g] = time.Unix(t, 0).In(zone.Location())
		}
		if err != nil {
			return col, true, &AttributeError{Attribute: name, Value: v, Kind: a.Kind, Err: err}
		}
	}
	return col, true, nil
}
