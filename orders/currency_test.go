package orders

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/fx"
	"lifecycle/money"
)

// fxRates are the rates of the tests below, to EUR.
const fxRates = "date,currency,rate\n2024-03-01,USD,0.9221\n2024-03-04,USD,0.9250\n2024-03-01,GBP,1.1702\n2024-03-04,GBP,1.1690\n"

// fxOrders holds every kind of row a read under --fx meets: kept rows in
// three currencies, a return, cancelled ones, and rows skipped with a
// date (converted) and without one (not).
const fxOrders = `order_id,customer_id,order_date,amount,status,cost
1,a,2024-03-01,USD 10.00,paid,4.00
2,b,2024-03-02,EUR 20.00,paid,7.50
3,a,2024-03-04,GBP 5,paid,2.10
4,c,2024-03-09,EUR 7,paid,
5,c,2024-03-09,USD 20.00,cancelled,12.00
6,,2024-03-05,USD 9.99,paid,3.33
7,d,not a date,GBP 12.00,paid,5.00
8,d,2024-03-06,USD 15.00,paid,n/a
9,e,2024-03-06,USD -5.00,paid,2.00
10,,2024-03-07,$3.00,paid,1.00
`

// sumConversions sums the conversions' amounts and costs as converted.
func sumConversions(cs []Conversion) (to, costTo money.Amount) {
	for _, c := range cs {
		to += c.To
		costTo += c.CostTo
	}
	return to, costTo
}

// TestFXCostsAndSkippedRows: under --fx a row's cost converts at its
// amount's rate, so that revenue - cost = margin in the target currency
// to the cent; a skipped row's amount converts too when its date and
// currency read, and one that cannot be is in no total, counted apart.
// Every figure is worked by hand below (rates of 03-04 for 03-05..09).
// Before, costs stayed as written (a margin of EUR less USD) and skipped
// rows' amounts were added unconverted to the EUR totals.
func TestFXCostsAndSkippedRows(t *testing.T) {
	tb, err := fx.Read("rates.csv", strings.NewReader(fxRates), "EUR")
	require.NoError(t, err)
	for _, margin := range []bool{false, true} {
		for _, par := range []bool{false, true} {
			t.Run(fmt.Sprintf("margin %v parallel %v", margin, par), func(t *testing.T) {
				defer func(p bool, s, c int) { parseParallel, sampleRows, chunkBytes = p, s, c }(parseParallel, sampleRows, chunkBytes)
				parseParallel, sampleRows, chunkBytes = par, 1, 40
				h := readString(t, fxOrders, Options{FX: tb, Margin: margin})
				st := h.Stats
				// Revenue: 1 9.221, 2 20, 3 5.845, 4 7, 5 18.50, 6 9.24075,
				// 8 13.875, 9 -4.625; cost: 1 3.6884, 2 7.50, 3 2.4549,
				// 5 11.10, 6 3.08025, 9 -1.85 (a return's cost comes back).
				assert.Equal(t, amt("79.05675"), st.Revenue)
				assert.Equal(t, amt("25.97355"), st.Cost)
				want := st.Revenue
				if margin {
					want = amt("53.0832")
				}
				assert.Equal(t, want, st.Total)
				if margin {
					assert.Equal(t, st.Total, st.Revenue-st.Cost, "revenue less cost is the margin read")
				}
				assert.Equal(t, st.Total, accounted(h), "reconciles in EUR")
				to, costTo := sumConversions(st.Conversions)
				assert.Equal(t, st.Revenue, to, "every amount in the totals is converted and counted: %+v", st.Conversions)
				assert.Equal(t, st.Cost, costTo, "every cost in the totals is converted and counted")
				usd := st.Conversions[0]
				assert.Equal(t, Conversion{Code: "USD", Rows: 5, From: amt("49.99"), To: amt("46.21175"), CostFrom: amt("17.33"), CostTo: amt("16.01865")}, usd)
				// Without a date (7) or an ISO code (10): in no total.
				assert.Equal(t, []Conversion{{Code: "GBP", Rows: 1, From: amt("12"), CostFrom: amt("5")}, {Code: "$", Rows: 1, From: amt("3"), CostFrom: amt("1")}}, st.Unconverted)
				// 8's cost is not a number: without margin it costs nothing,
				// with margin it is skipped.
				nc, sk := amt("9.24075"), money.Amount(0)
				if margin {
					nc, sk = amt("6.1605"), amt("13.875")
				}
				assert.Equal(t, nc, st.NoCustomerValue)
				assert.Equal(t, sk, st.SkippedValue)
			})
		}
	}
}

// TestFXSkippedWithoutRate: a skipped row whose currency has no rate for
// its day stops nothing (a kept row's would): it is counted apart.
func TestFXSkippedWithoutRate(t *testing.T) {
	tb, err := fx.Read("rates.csv", strings.NewReader(fxRates), "EUR")
	require.NoError(t, err)
	h := readString(t, "order_id,customer_id,order_date,amount\n1,a,2024-03-01,USD 10.00\n2,,2024-04-01,USD 5.00\n3,,2024-04-01,EUR 2.00\n", Options{FX: tb})
	st := h.Stats
	assert.Equal(t, []Conversion{{Code: "USD", Rows: 1, From: amt("5")}}, st.Unconverted)
	assert.Equal(t, amt("2"), st.NoCustomerValue, "the row in EUR needs no rate")
	assert.Equal(t, amt("11.221"), st.Total)
	assert.Equal(t, st.Total, accounted(h))
}

// FuzzFXReconciles reads any file under --fx, as revenue and as margin,
// and requires that every total be in the target currency and reconcile:
// the conversions sum to the revenue and cost read, the histories and the
// stats account for Total, and with margin revenue - cost = Total.
func FuzzFXReconciles(f *testing.F) {
	f.Add(fxOrders)
	f.Add("order_id,customer_id,order_date,amount,currency,unit cost,quantity\n1,a,2024-03-01,10,USD,2,3\n1,a,,,,1,1\n2,,2024-03-02,5,GBP,1,1\n3,b,bad,7,GBP,1,1\n")
	f.Add("Name,Email,Financial Status,Created at,Total,Currency,Cost,Refunded Amount\n#1,a@x.com,partially_refunded,2024-03-05,30.00,USD,10,5\n#2,,paid,2024-03-05,9,EUR,1,\n")
	tb, err := fx.Read("rates.csv", strings.NewReader(fxRates), "EUR")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, margin := range []bool{false, true} {
			h, err := Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, Options{FX: tb, Margin: margin, MaxBad: 1})
			if err != nil {
				continue
			}
			st := &h.Stats
			to, costTo := sumConversions(st.Conversions)
			if to != st.Revenue || costTo != st.Cost {
				t.Fatalf("margin %v: conversions to %v and %v, revenue %v and cost %v read (%+v)", margin, to, costTo, st.Revenue, st.Cost, st.Conversions)
			}
			if got := accounted(h); got != st.Total {
				t.Fatalf("margin %v: %v accounted, %v read", margin, got, st.Total)
			}
			if margin && st.Revenue-st.Cost != st.Total {
				t.Fatalf("revenue %v - cost %v != margin %v", st.Revenue, st.Cost, st.Total)
			}
		}
	})
}

// TestOtherCurrencyInNoTotal: --currency EUR skips the rows in other
// currencies, and their amounts are in no total (which are all EUR),
// counted apart per currency; so is a guest's row in pounds, skipped for
// having no customer. Before, Total and SkippedValue added the dollars,
// yen and pounds to the euros (142.00).
func TestOtherCurrencyInNoTotal(t *testing.T) {
	text := "order_id,customer_id,order_date,amount,cost\n1,a,2024-01-01,$10.00,4\n2,b,2024-02-01,€20.00,5\n3,a,2024-03-01,¥100,60\n" +
		"4,c,2024-03-02,GBP 5,1\n5,c,2024-03-03,EUR 7,2\n6,c,2024-03-04,GBP 2,1\n7,,2024-03-05,GBP 3,1\n8,,2024-03-05,EUR 4,1\n"
	for _, margin := range []bool{false, true} {
		h := readString(t, text, Options{Currency: "EUR", Margin: margin})
		st := h.Stats
		assert.EqualValues(t, 4, st.Skipped[OtherCurrency])
		assert.EqualValues(t, 2, st.Skipped[NoCustomer])
		assert.Equal(t, amt("31"), st.Revenue)
		assert.Equal(t, amt("8"), st.Cost)
		assert.Equal(t, money.Amount(0), st.SkippedValue)
		nc := amt("4")
		if margin {
			nc = amt("3")
		}
		assert.Equal(t, nc, st.NoCustomerValue, "the guest's euros, not its pounds")
		assert.Equal(t, st.Total, accounted(h), "reconciles in EUR")
		assert.Equal(t, []Conversion{{Code: "$", Rows: 1, From: amt("10"), CostFrom: amt("4")}, {Code: "¥", Rows: 1, From: amt("100"), CostFrom: amt("60")},
			{Code: "GBP", Rows: 3, From: amt("10"), CostFrom: amt("3")}}, st.Unconverted)
	}
}

// TestSkippedInAnotherCurrency: without --currency, a read whose kept rows
// are all in one currency takes its skipped rows' amounts into its totals
// when they name that currency (or none), and gives those that name
// another apart. Rows that name no currency at all leave the read's
// currency open: every skipped amount is then in its totals, as before.
// Before, the pounds were added to the euros' skipped values.
func TestSkippedInAnotherCurrency(t *testing.T) {
	text := "order_id,customer_id,order_date,amount,currency,cost\n1,a,2024-01-01,20.00,EUR,5\n2,,2024-01-02,3.00,GBP,1\n" +
		"3,b,bad,4.00,GBP,1\n4,,2024-01-03,6.00,EUR,2\n5,c,bad,7.00,,1\n6,b,2024-01-04,10.00,EUR,3\n"
	for _, margin := range []bool{false, true} {
		for _, par := range []bool{false, true} {
			defer func(p bool, s, c int) { parseParallel, sampleRows, chunkBytes = p, s, c }(parseParallel, sampleRows, chunkBytes)
			parseParallel, sampleRows, chunkBytes = par, 1, 30
			h := readString(t, text, Options{Margin: margin})
			st := h.Stats
			what := fmt.Sprintf("margin %v parallel %v", margin, par)
			assert.Equal(t, "EUR", st.Currency, what)
			assert.Equal(t, amt("43"), st.Revenue, what) // 20 + 6 + 7 + 10
			assert.Equal(t, amt("11"), st.Cost, what)
			nc, sk := amt("6"), amt("7")
			if margin {
				nc, sk = amt("4"), amt("6")
			}
			assert.Equal(t, nc, st.NoCustomerValue, what)
			assert.Equal(t, sk, st.SkippedValue, what)
			assert.Equal(t, st.Total, accounted(h), "reconciles in EUR: %s", what)
			assert.Equal(t, []Conversion{{Code: "GBP", Rows: 2, From: amt("7"), CostFrom: amt("2")}}, st.Unconverted, what)
		}
	}
	plain := "order_id,customer_id,order_date,amount\n1,a,2024-01-01,20.00\n2,,2024-01-02,GBP 3.00\n"
	h := readString(t, plain, Options{})
	assert.Equal(t, amt("3"), h.Stats.NoCustomerValue, "a read of no named currency may be in pounds")
	assert.Empty(t, h.Stats.Unconverted)
}
