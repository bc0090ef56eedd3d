package main

import (
	"fmt"
	"os"
	"strings"

	"lifecycle/fx"
	"lifecycle/orders"
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

// reportConversions says what --fx converted, per currency.
func reportConversions(st *orders.Stats, d diag) {
	for _, c := range st.Conversions {
		if c.Code == st.Currency {
			continue
		}
		d.say("read.converted", c.Code, c.Rows, c.From, c.Code, c.To, st.Currency)
	}
}

// conversionsText lists the conversions for the summary: "GBP 3 rows
// 15.00 -> 17.55; USD 1 row 10.00 -> 9.22".
func conversionsText(cs []orders.Conversion, to string) string {
	var parts []string
	for _, c := range cs {
		if c.Code != to {
			parts = append(parts, fmt.Sprintf("%s %s %s -> %s", c.Code, plural(c.Rows, "row"), c.From, c.To))
		}
	}
	return strings.Join(parts, "; ")
}
