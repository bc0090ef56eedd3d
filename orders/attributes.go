package orders

import (
	"fmt"
	"strconv"
	"strings"

	"lifecycle/money"
)

// An attribute is a column of an export that lifecycle does not need to
// build histories but that an analysis can use: a sales channel, a
// currency, a member tier. Each is declared once, in attributes below, with
// the header names real exports give it; a command then reads it by name
// (Options.Attributes, or --by NAME when no column has that header), and
// each customer gets the value on its first purchase (on its first row
// when it has only returns), as --by does.
//
// Values are read as text, dictionary-encoded: the read numbers each distinct
// combination of the attributes asked for (at most 65,535 per read) and
// keeps one number per row, in the bits of the packed row that --by used
// alone before, so that a read that asks for no attribute costs nothing
// more.

// Kind is the type of an attribute's values.
type Kind uint8

// The kinds of attributes: text as it is (trimmed), a whole number, or an
// amount of money (in the currency's units, such as "12.50").
const (
	Text Kind = iota
	Int
	Amount
)

var kindNames = [...]string{Text: "text", Int: "a whole number", Amount: "an amount"}

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
}

// attributes are the declared attributes. Sources of the header names:
// UCI Online Retail (StockCode), Shopify's orders export (Lineitem sku,
// Source), WooCommerce (Created Via), Taobao and Tmall (商家编码, 订单来源).
var attributes = []Attribute{
	{Name: "product", Headers: []string{"stockcode", "sku", "lineitemsku", "productid", "productcode", "itemid", "商品编号", "商家编码"}, Kind: Text},
	{Name: "channel", Headers: []string{"channel", "saleschannel", "orderchannel", "source", "ordersource", "createdvia", "订单来源", "渠道", "销售渠道"}, Kind: Text},
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

// AttributeColumn is one attribute of every customer of a Histories.
type AttributeColumn struct {
	Kind   Kind
	ids    []uint16 // per customer: its combination of values
	values []string // per combination: this attribute's value
	typed  []any    // per combination: the value as its Kind, nil when empty
}

// Value returns customer i's value as read ("" when its row had none).
func (c AttributeColumn) Value(i int) string { return c.values[c.ids[i]] }

// Typed returns customer i's value as its Kind: a string, an int, or an
// amount as a float64 in the currency's units; nil when the row had none.
func (c AttributeColumn) Typed(i int) any { return c.typed[c.ids[i]] }

// AttributeError is a value of an attribute that is not of its Kind.
type AttributeError struct {
	Attribute string
	Value     string
	Kind      Kind
	Err       error
}

func (e *AttributeError) Error() string {
	return fmt.Sprintf("attribute %s: %q is not %s: %v", e.Attribute, e.Value, kindNames[e.Kind], e.Err)
}

func (e *AttributeError) Unwrap() error { return e.Err }

// Attribute returns the customers' values of the attribute called name;
// ok is false when the read did not ask for it (Options.Attributes). A
// value that is not of the attribute's Kind is an *AttributeError.
func (h *Histories) Attribute(name string) (col AttributeColumn, ok bool, err error) {
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
	col.Kind = a.Kind
	col.ids = h.groups
	col.values = make([]string, len(h.groupNames))
	col.typed = make([]any, len(h.groupNames))
	for g, key := range h.groupNames {
		if g == 0 {
			continue // no value at all
		}
		v := strings.Split(key, attrSep)[k+1] // [0] is the --by column's
		col.values[g] = v
		if v == "" {
			continue
		}
		switch a.Kind {
		case Text:
			col.typed[g] = v
		case Int:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return col, true, &AttributeError{Attribute: name, Value: v, Kind: a.Kind, Err: err}
			}
			col.typed[g] = int(n)
		case Amount:
			m, err := money.Parse([]byte(v), money.Options{})
			if err != nil {
				return col, true, &AttributeError{Attribute: name, Value: v, Kind: a.Kind, Err: err}
			}
			col.typed[g] = m.Float64()
		}
	}
	return col, true, nil
}

// checkAttributes reports a name in Options.Attributes that is not declared.
func checkAttributes(names []string) error {
	for _, n := range names {
		if attributeNamed(n) == nil {
			return fmt.Errorf("attribute %q: not one lifecycle knows (%s)", n, strings.Join(AttributeNames(), ", "))
		}
	}
	return nil
}
