package main

import (
	"fmt"
	"os"
	"strings"

	"lifecycle/fx"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// --fx FILE --currency CODE: amounts in several currencies converted to
// one at each order's day (see package fx for the rates file, and
// orders/currency.go for what a row must say). The target is --currency,
// which without --fx keeps that currency's rows and skips the others
// (cohort's --to, a period, rules out the issue's --to CODE).

// fxTable reads the rates file of --fx for the currency to (--currency,
// checked already), or returns nil without --fx.
func (f *inputFlags) fxTable(to string) (*fx.Table, error) {
	switch {
	case f.fx == "":
		return nil, nil
	case to == "":
		return nil, usagef("--fx %s: give --currency CODE, the currency to convert to (such as EUR)", f.fx)
	}
	r, err := os.Open(f.fx)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return fx.Read(f.fx, r, to)
}

// reportConversions says what --fx converted, per currency: the amounts,
// and the costs at the same rates in a read with a cost column; then the
// skipped rows it could not convert, or without --fx those in other
// currencies than the read's, which are in no total.
func reportConversions(st *orders.Stats, d diag) {
	for _, c := range st.Conversions {
		if c.Code == st.Currency {
			continue
		}
		d.say("read.converted", c.Code, c.Rows, c.From, c.Code, c.To, st.Currency)
		if st.Costed {
			d.say("fx.costs_converted", c.Code, c.CostFrom, c.Code, c.CostTo, st.Currency)
		}
	}
	fx := st.Conversions != nil
	for _, c := range st.Unconverted {
		code := c.Code
		if code == "" {
			code = d.lang.Get("fx.no_currency")
		}
		switch {
		case !fx && st.Costed:
			d.say("fx.other_currency_cost", code, st.Currency, c.Rows, c.From, c.CostFrom)
		case !fx:
			d.say("fx.other_currency", code, st.Currency, c.Rows, c.From)
		case st.Costed:
			d.say("fx.unconverted_cost", code, c.Rows, c.From, c.CostFrom)
		default:
			d.say("fx.unconverted", code, c.Rows, c.From)
		}
	}
}

// fxItems are summary's items of --fx beside the amounts converted: the
// costs converted (a read with a cost column), and the skipped rows not
// converted, each currency's amounts as written (without --fx, those in
// other currencies than the read's).
func fxItems(st *orders.Stats) []output.Item {
	var items []output.Item
	if st.Costed && st.Conversions != nil {
		items = append(items, output.Item{Key: "converted_cost", Label: words.English.Get("fx.summary_costs", st.Currency),
			Word: "fx.summary_costs", WordArgs: []any{st.Currency}, Value: costConversions{st.Conversions, st.Currency}})
	}
	if len(st.Unconverted) > 0 {
		label := words.Key("fx.summary_unconverted")
		if st.Conversions == nil {
			label = "fx.summary_other_currencies"
		}
		items = append(items, output.Item{Key: "unconverted", Label: words.English.Get(label), Word: label,
			Value: unconverted{st.Unconverted, st.Costed}, Note: words.English.Get("fx.summary_in_no_total")})
	}
	return items
}

// costConversions lists the costs converted for the summary: "GBP 3.00 ->
// 3.51; USD 1.00 -> 0.92" (String), in another language on a terminal
// (In).
type costConversions struct {
	cs []orders.Conversion
	to string
}

func (c costConversions) String() string { return c.In(words.English) }

// In lists the costs converted in lang.
func (c costConversions) In(lang words.Lang) string {
	var parts []string
	for _, x := range c.cs {
		if x.Code != c.to {
			parts = append(parts, fmt.Sprintf("%s %s -> %s", x.Code, x.CostFrom, x.CostTo))
		}
	}
	return strings.Join(parts, lang.Get("summary.conversion_sep"))
}

// unconverted lists the skipped rows in no total for the summary, per
// currency as written: "GBP 1 row 12.00 (cost 4.00)" (String), in another
// language on a terminal (In).
type unconverted struct {
	cs     []orders.Conversion
	costed bool
}

func (u unconverted) String() string { return u.In(words.English) }

// In lists the rows in lang.
func (u unconverted) In(lang words.Lang) string {
	var parts []string
	for _, c := range u.cs {
		code := c.Code
		if code == "" {
			code = lang.Get("fx.no_currency")
		}
		var part string
		if lang == words.English {
			part = fmt.Sprintf("%s %s %s", code, plural(c.Rows, "row"), c.From)
		} else {
			part = lang.Get("fx.unconverted_rows", code, c.Rows, c.From)
		}
		if u.costed {
			part += lang.Get("fx.unconverted_cost_part", c.CostFrom)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, lang.Get("summary.conversion_sep"))
}

// conversions lists the conversions for the summary: "GBP 3 rows
// 15.00 -> 17.55; USD 1 row 10.00 -> 9.22" (String, the value of every
// format), in another language on a terminal (In).
type conversions struct {
	cs []orders.Conversion
	to string
}

func (c conversions) String() string { return c.In(words.English) }

// In lists the conversions in lang.
func (c conversions) In(lang words.Lang) string {
	var parts []string
	for _, x := range c.cs {
		if x.Code == c.to {
			continue
		}
		if lang == words.English {
			parts = append(parts, fmt.Sprintf("%s %s %s -> %s", x.Code, plural(x.Rows, "row"), x.From, x.To))
		} else {
			parts = append(parts, lang.Get("summary.conversion", x.Code, x.Rows, x.From, x.To))
		}
	}
	return strings.Join(parts, lang.Get("summary.conversion_sep"))
}
