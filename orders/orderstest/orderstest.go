// Package orderstest builds customer histories by hand, for the tests of
// the analyses (rfm, cohort, churn, ltv).
package orderstest

import (
	"lifecycle/money"
	"lifecycle/orders"
)

// Amount parses s ("12.50", "-3") as an exact amount; a mistake in a test's
// amount panics.
func Amount(s string) money.Amount {
	a, err := money.ParseString(s, money.Options{})
	if err != nil {
		panic(err)
	}
	return a
}

// Order is an order of the amount on civil day d, at midnight UTC: a
// purchase, or a return when the amount is negative.
func Order(d int32, amount string) orders.Order {
	return orders.Order{Day: d, Amount: Amount(amount)}
}
