package orders

import (
	"fmt"
	"strings"
)

// An attribute is a column of an export that lifecycle does not need to
// build histories but that an analysis can use: a sales channel, a
// currency, a member tier. Each is declared once, in attributes below, with
// the header names real exports give it; a command then reads it by name
// (Options.Attributes, or --by NAME when no column has that header), and
// each customer gets the value on its first purchase (on its first row
// when it has only returns), as --by does.
//
// Values are text, dictionary-encoded: the read numbers each distinct
// combination of the attributes asked for (at most 65,535 per read) and
// keeps one number per row, in the bits of the packed row that --by used
// alone before, so that a read that asks for no attribute costs nothing
// more.

// Attribute declares an attribute.
type Attribute struct {
	// Name is how commands and churn rules (attr.NAME) call it: lower
	// case, no spaces.
	Name string
	// Headers are the header names that exports use for it, normalised as
	// by normName (lower case, no spaces, '_' or '-'), in order of
	// preference.
	Headers []string
}

// attributes are the declared attributes. Sources of the header names:
// UCI Online Retail (StockCode), Shopify's orders export (Lineitem sku,
// Source), WooCommerce (Created Via), Taobao and Tmall (商家编码, 订单来源).
var attributes = []Attribute{
	{Name: "product", Headers: []string{"stockcode", "sku", "lineitemsku", "productid", "productcode", "itemid", "商品编号", "商家编码"}},
	{Name: "channel", Headers: []string{"channel", "saleschannel", "orderchannel", "source", "ordersource", "createdvia", "订单来源", "渠道", "销售渠道"}},
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
	ids    []uint16 // per customer: its combination of values
	values []string // per combination: this attribute's value
}

// Value returns customer i's value ("" when its row had none).
func (c AttributeColumn) Value(i int) string { return c.values[c.ids[i]] }

// Attribute returns the customers' values of the attribute called name;
// ok is false when the read did not ask for it (Options.Attributes).
func (h *Histories) Attribute(name string) (col AttributeColumn, ok bool) {
	k := -1
	for i, n := range h.attrNames {
		if n == name {
			k = i
		}
	}
	if k < 0 || h.groups == nil {
		return col, false
	}
	col.ids = h.groups
	col.values = make([]string, len(h.groupNames))
	for g, key := range h.groupNames {
		if g == 0 {
			continue // no value at all
		}
		parts := strings.Split(key, attrSep)
		col.values[g] = parts[k+1] // parts[0] is the --by column's
	}
	return col, true
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
