package main

import (
	"fmt"
	"os"
	"strings"

	"lifecycle/fx"
	"lifecycle/orders"
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

// reportConversions says what --fx converted, per currency.
func reportConversions(st *orders.Stats, d diag) {
	for _, c := range st.Conversions {
		if c.Code == st.Currency {
			continue
		}
		d.say("read.converted", c.Code, c.Rows, c.From, c.Code, c.To, st.Currency)
	}
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
