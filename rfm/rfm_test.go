package rfm

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/internal/chunked"
	"lifecycle/money"
	"lifecycle/orders"
	"lifecycle/orders/orderstest"
)

// day is 2024-MM-DD as a civil day.
func day(m, d int) int32 { return dates.DayOf(2024, m, d) }

var (
	amt   = orderstest.Amount
	order = orderstest.Order
)

// small is a hand-made set of histories as of 2024-03-31.
func small() *orders.Histories {
	return &orders.Histories{
		Zone: dates.UTC(),
		AsOf: day(3, 31),
		Customers: []orders.Customer{
			{ID: "ann", Purchases: []orders.Order{order(day(1, 5), "10.00"), order(day(1, 5), "5.00"), order(day(3, 30), "20.00")},
				Returns: []orders.Order{order(day(2, 1), "-4.00")}},
			{ID: "bob", Purchases: []orders.Order{order(day(2, 10), "100.00")}},
			{ID: "cy", Returns: []orders.Order{order(day(2, 11), "-9.00")}},
			{ID: "dee", Purchases: []orders.Order{order(day(3, 31), "0.00")}},
			{ID: "eve", Purchases: []orders.Order{order(day(1, 1), "7.01"), order(day(1, 2), "7.01")}},
		},
	}
}

func byIDOf(res *Result) map[string]Customer {
	m := map[string]Customer{}
	for _, c := range res.Customers.All() {
		m[c.ID] = *c
	}
	return m
}

// TestMeasures checks recency, frequency (orders and days), monetary
// (total and average) and the first and last days by hand.
func TestMeasures(t *testing.T) {
	res, err := Compute(small(), Options{Scheme: CN8()})
	require.NoError(t, err)
	assert.Equal(t, 1, res.NoPurchase, "cy has only a return")
	var ids []string
	for _, c := range res.Customers.All() {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"ann", "bob", "dee", "eve"}, ids)
	m := byIDOf(res)
	// ann: last purchase 03-30, as of 03-31: 1 day; 3 orders on 2 days;
	// net 10 + 5 + 20 - 4 = 31.
	assert.Equal(t, Customer{ID: "ann", First: day(1, 5), Last: day(3, 30), Recency: 1, Frequency: 3,
		Monetary: amt("31"), Net: amt("31"), R: m["ann"].R, F: m["ann"].F, M: m["ann"].M, Segment: m["ann"].Segment}, m["ann"])
	assert.Equal(t, int32(50), m["bob"].Recency) // 02-10 to 03-31
	assert.Equal(t, int32(0), m["dee"].Recency)
	assert.Equal(t, amt("0"), m["dee"].Monetary, "a free order is a purchase worth 0")
	assert.Equal(t, int32(2), m["eve"].Frequency)

	res, err = Compute(small(), Options{Scheme: CN8(), Frequency: FrequencyDays, Monetary: MonetaryAverage})
	require.NoError(t, err)
	m = byIDOf(res)
	assert.Equal(t, int32(2), m["ann"].Frequency, "two distinct days")
	assert.Equal(t, amt("15.50"), m["ann"].Monetary, "31 / 2 days")
	assert.Equal(t, amt("31"), m["ann"].Net)
	assert.Equal(t, amt("7.01"), m["eve"].Monetary)

	res, err = Compute(small(), Options{Scheme: CN8(), Monetary: MonetaryAverage})
	require.NoError(t, err)
	m = byIDOf(res)
	assert.Equal(t, amt("10.33"), m["ann"].Monetary, "31 / 3 orders, to the cent")
}

// TestDivRound: averages round half to even to the cent.
func TestDivRound(t *testing.T) {
	tests := []struct {
		a    string
		n    int64
		want string
	}{
		{"31", 3, "10.33"},
		{"0.05", 2, "0.02"},   // 0.025 -> 0.02
		{"0.15", 2, "0.08"},   // 0.075 -> 0.08
		{"-0.05", 2, "-0.02"}, // -0.025 -> -0.02
		{"10", 4, "2.50"},
	}
	for _, tt := range tests {
		assert.Equal(t, amt(tt.want), divRound(amt(tt.a), tt.n).Round(2), "%s / %d", tt.a, tt.n)
	}
}

// TestFixedCuts: a value equal to a threshold goes to the better bin, and
// recency is reversed (fewer days is better).
func TestFixedCuts(t *testing.T) {
	var cs []orders.Customer
	asOf := day(12, 31)
	// Customers whose last purchase is 0, 7, 8, 30, 31, 180, 181 days ago,
	// with as many orders, worth as many units.
	for _, ago := range []int32{0, 7, 8, 30, 31, 180, 181} {
		var p []orders.Order
		for k := int32(0); k <= ago && k < 9; k++ {
			p = append([]orders.Order{order(asOf-ago-k, "1")}, p...)
		}
		p[len(p)-1].Amount = amt(fmt.Sprint(ago)) - amt(fmt.Sprint(len(p)-1))
		cs = append(cs, orders.Customer{ID: fmt.Sprint(ago), Purchases: p})
	}
	h := &orders.Histories{Zone: dates.UTC(), AsOf: asOf, Customers: cs}
	cuts, err := ParseCuts([]string{"r=7,30,90,180", "f=2,3,5,8", "m=7,30,90.5,180"})
	require.NoError(t, err)
	res, err := Compute(h, Options{Cuts: cuts})
	require.NoError(t, err)
	got := map[string][3]uint8{}
	for _, c := range res.Customers.All() {
		got[c.ID] = [3]uint8{c.R, c.F, c.M}
	}
	// frequency: 1, 8, 9, 9, 9, 9, 9 orders; monetary 0, 7, 8, ... units.
	assert.Equal(t, map[string][3]uint8{
		"0":   {5, 1, 1},
		"7":   {5, 5, 2},
		"8":   {4, 5, 2},
		"30":  {4, 5, 3},
		"31":  {3, 5, 3},
		"180": {2, 5, 5},
		"181": {1, 5, 5},
	}, got)
	assert.Equal(t, [3]bool{}, res.Quantile)
	assert.Equal(t, []int64{7, 30, 90, 180}, res.Thresholds[R])
}

func TestParseCuts(t *testing.T) {
	c, err := ParseCuts([]string{"r=7,30,90,180", "F = 2, 3,5,8 ; m=100,300.50,$1000,3000;"})
	require.NoError(t, err)
	assert.Equal(t, []int64{7, 30, 90, 180}, c[R])
	assert.Equal(t, []int64{2, 3, 5, 8}, c[F])
	assert.Equal(t, []int64{int64(amt("100")), int64(amt("300.50")), int64(amt("1000")), int64(amt("3000"))}, c[M])
	c, err = ParseCuts([]string{"recency=1,2", "monetary=-5,0"})
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 2}, c[R])
	assert.Nil(t, c[F])
	assert.Equal(t, []int64{int64(amt("-5")), 0}, c[M])

	bad := []struct {
		spec, msg string
	}{
		{"x=1,2,3,4", `x=1,2,3,4: unknown measure "x" (use r, f or m)`},
		{"r7,30", "r7,30: give DIM=T1,T2,... such as r=7,30,90,180"},
		{"r=7,,30", "r=7,,30: an empty threshold"},
		{"m=1,2,abc,4", `m=1,2,abc,4: "abc" is not an amount: not a number`},
		{"f=1.5,2", `f=1.5,2: "1.5" is not a whole number of purchases`},
		{"r=a,2", `r=a,2: "a" is not a number of days`},
		{"r=-1,2", `r=-1,2: "-1" is negative`},
		{"r=99999999999", `r=99999999999: "99999999999" is too large`},
		{"r=1;r=2", "r=2: r given twice"},
		{"r=7,30 f=2", `r=7,30 f=2: "30 f=2" is not a number of days`},
		{" ", "empty: give DIM=T1,T2,... such as r=7,30,90,180"},
	}
	for _, b := range bad {
		_, err := ParseCuts([]string{b.spec})
		require.Error(t, err, b.spec)
		assert.Equal(t, b.msg, err.Error())
		var ce *CutsError
		assert.ErrorAs(t, err, &ce)
	}
}

func TestOptionsCheck(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		err  string
	}{
		{"defaults", Options{}, ""},
		{"cn8 any bins", Options{Scheme: CN8(), Bins: 3}, ""},
		{"standard is 5 bins", Options{Bins: 3}, "scheme standard is written for 5 bins, not 3"},
		{"too many bins", Options{Scheme: CN8(), Bins: 10}, "10 bins: use 2 to 9"},
		{"too few bins", Options{Scheme: CN8(), Bins: 1}, "1 bins: use 2 to 9"},
		{"cut count", Options{Cuts: Cuts{R: {7, 30, 90}}}, "r=7,30,90: 3 thresholds; 5 bins need 4"},
		{"not ascending", Options{Cuts: Cuts{F: {2, 3, 3, 8}}}, "f=2,3,3,8: not ascending: 3 then 3"},
		{"money not ascending", Options{Cuts: Cuts{M: {int64(amt("5")), int64(amt("1.5")), 1e9, 2e9}}}, "m=5.00,1.50,1000.00,2000.00: not ascending: 5.00 then 1.50"},
		{"negative days", Options{Cuts: Cuts{R: {-2, 1, 2, 3}}}, "r=-2,1,2,3: -2 is negative"},
		{"frequency", Options{Frequency: 7}, "unknown frequency 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opt.Check()
			if tt.err == "" {
				require.NoError(t, err)
				assert.NotNil(t, tt.opt.Scheme)
				assert.NotZero(t, tt.opt.Bins)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrOptions)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

// synthetic makes n customers with random histories as of day 3000.
func synthetic(n int, seed uint64) *orders.Histories {
	r := rand.New(rand.NewPCG(seed, 1))
	h := &orders.Histories{Zone: dates.UTC(), AsOf: 3000, Customers: make([]orders.Customer, n)}
	all := make([]orders.Order, 0, n*4)
	for i := range h.Customers {
		k := 1 + int(r.ExpFloat64()*2)
		first := int32(r.IntN(3000))
		start := len(all)
		d := first
		for j := 0; j < k && d <= 3000; j++ {
			all = append(all, orders.Order{Day: d, Amount: money.Amount((1 + r.Int64N(20000)) * 10_000)})
			d += int32(r.ExpFloat64() * 60)
		}
		h.Customers[i] = orders.Customer{ID: fmt.Sprintf("C%08d", i), Purchases: all[start:len(all):len(all)]}
	}
	return h
}

// TestComputeProperties: on synthetic customers, each measure's scores
// are within 1..N, equal values have equal scores and better values never
// lower ones, for every number of bins.
func TestComputeProperties(t *testing.T) {
	h := synthetic(20_000, 1)
	for bins := MinBins; bins <= MaxBins; bins++ {
		res, err := Compute(h, Options{Bins: bins, Scheme: CN8()})
		require.NoError(t, err)
		for d := R; d <= M; d++ {
			best := map[int64]uint8{}
			type vs struct {
				v int64
				s uint8
			}
			var all []vs
			for _, c := range res.Customers.All() {
				s := [3]uint8{c.R, c.F, c.M}[d]
				require.True(t, s >= 1 && int(s) <= bins)
				v := key(c, d)
				if prev, ok := best[v]; ok {
					require.Equal(t, prev, s, "%s: equal values %d", d, v)
				}
				best[v] = s
				all = append(all, vs{v, s})
			}
			vals := slices.Sorted(maps.Keys(best))
			for i := 1; i < len(vals); i++ {
				require.LessOrEqual(t, best[vals[i-1]], best[vals[i]], "%s: %d < %d", d, vals[i-1], vals[i])
			}
			assert.Len(t, all, res.Customers.Len())
			assert.True(t, res.Quantile[d])
		}
	}
}

// TestThresholdsMatchScores: the reported thresholds, read as --cuts,
// give every customer the same scores.
func TestThresholdsMatchScores(t *testing.T) {
	h := synthetic(5000, 2)
	res, err := Compute(h, Options{})
	require.NoError(t, err)
	var cuts Cuts
	for d := R; d <= M; d++ {
		cuts[d] = res.Thresholds[d]
		// A cut after every value cannot be given as --cuts (it need not
		// ascend); this data has none.
		for _, x := range cuts[d] {
			require.True(t, x != math.MaxInt64 && x != -1)
		}
	}
	fixed, err := Compute(h, Options{Cuts: cuts})
	require.NoError(t, err)
	for i, a := range res.Customers.All() {
		b := fixed.Customers.At(i)
		require.Equal(t, [3]uint8{a.R, a.F, a.M}, [3]uint8{b.R, b.F, b.M}, a.ID)
	}
}

// TestTallyCuts: the cuts found from what measuring tallied (counts of
// recency and frequency, the monetary values) are those found by going
// through the customers again, whatever the options; with recency too
// wide to count (an order from long ago) the tally has none and the
// customers are gone through.
func TestTallyCuts(t *testing.T) {
	h := synthetic(30_000, 5)
	h.Customers[7].Purchases[0].Amount += 1 // not a whole cent
	for _, opt := range []Options{
		{},
		{Frequency: FrequencyDays, Monetary: MonetaryAverage, Bins: 7, Scheme: CN8()},
		{Monetary: MonetaryAverage, Bins: 3, Scheme: CN8()},
	} {
		require.NoError(t, opt.Check())
		res := &Result{AsOf: h.AsOf}
		tl := measure(h, opt, res)
		for d := R; d <= M; d++ {
			want := measureCuts(res.Customers, d, opt.Bins)
			got := tl.cuts(d, opt.Bins)
			if d == M && tl.cents == nil {
				require.Nil(t, got)
				continue
			}
			require.Equal(t, want, got, "%s %+v", d, opt)
		}
		// Averages are rounded to the cent; one total is not in cents, so
		// the tally does not hold monetary values.
		assert.Equal(t, opt.Monetary == MonetaryAverage, tl.cents != nil)
	}
	old := synthetic(100, 6)
	old.Customers[0].Purchases[0].Day = -1_000_000
	res := &Result{AsOf: old.AsOf}
	tl := measure(old, Options{}, res)
	assert.Nil(t, tl.cuts(R, 5))
	assert.NotNil(t, tl.cuts(F, 5))
}

// TestCN8RecencyDirection: a customer who bought yesterday is in an R-high
// class (recent), one who bought long ago in an R-low class, under the mean
// and the median.
func TestCN8RecencyDirection(t *testing.T) {
	h := &orders.Histories{Zone: dates.UTC(), AsOf: day(12, 31), Customers: []orders.Customer{
		{ID: "yesterday", Purchases: []orders.Order{order(day(12, 30), "10")}},
		{ID: "spring", Purchases: []orders.Order{order(day(4, 1), "10")}},
		{ID: "january", Purchases: []orders.Order{order(day(1, 2), "10")}},
		{ID: "march", Purchases: []orders.Order{order(day(3, 14), "500"), order(day(3, 15), "500")}},
	}}
	for _, split := range []Split{SplitMean, SplitMedian} {
		res, err := Compute(h, Options{Scheme: CN8(), Split: split})
		require.NoError(t, err)
		names := map[string]string{}
		for _, c := range res.Customers.All() {
			g := res.Scheme.Segments[c.Segment]
			names[c.ID] = g.NameZH
			switch c.ID {
			case "yesterday":
				assert.True(t, g.High[R], "bought yesterday: R high (%s)", g.Name)
			case "january":
				assert.False(t, g.High[R], "bought in January: R low (%s)", g.Name)
			}
		}
		assert.Equal(t, "一般发展客户", names["yesterday"], "recent, once, little")
		assert.Equal(t, "一般挽留客户", names["january"], "long ago, once, little")
		assert.Equal(t, "重要保持客户", names["march"], "frequent, big spender, not recent: 重要保持 (R low F high M high)")
	}
	// Mean recency: (1 + 274 + 364 + 291) / 4 = 232.5 days; median
	// (274 + 291) / 2 = 282.5.
	res, err := Compute(h, Options{Scheme: CN8()})
	require.NoError(t, err)
	assert.Equal(t, big.NewRat(465, 2), res.Centers[R])
	res, err = Compute(h, Options{Scheme: CN8(), Split: SplitMedian})
	require.NoError(t, err)
	assert.Equal(t, big.NewRat(565, 2), res.Centers[R])
	assert.Equal(t, big.NewRat(1, 1), res.Centers[F])
}

// TestCN8CentreIsLow: a value equal to the centre is low, in every measure.
func TestCN8CentreIsLow(t *testing.T) {
	h := &orders.Histories{Zone: dates.UTC(), AsOf: day(1, 11), Customers: []orders.Customer{
		{ID: "a", Purchases: []orders.Order{order(day(1, 1), "10")}},                         // 10 days, 1, 10
		{ID: "b", Purchases: []orders.Order{order(day(1, 6), "20"), order(day(1, 6), "20")}}, // 5 days, 2, 40
		{ID: "c", Purchases: []orders.Order{order(day(1, 11), "70")}},                        // 0 days, 1, 70
	}}
	// Medians: recency 5, frequency 1, monetary 40.
	res, err := Compute(h, Options{Scheme: CN8(), Split: SplitMedian})
	require.NoError(t, err)
	high := map[string][3]bool{}
	for _, c := range res.Customers.All() {
		high[c.ID] = res.Scheme.Segments[c.Segment].High
	}
	assert.Equal(t, [3]bool{false, false, false}, high["a"])
	assert.Equal(t, [3]bool{false, true, false}, high["b"], "recency 5 = median: low; monetary 40 = median: low")
	assert.Equal(t, [3]bool{true, false, true}, high["c"])
}

func TestCN8Scheme(t *testing.T) {
	s := CN8()
	require.Len(t, s.Segments, 8)
	want := []struct {
		zh, en string
		high   [3]bool
	}{
		{"重要价值客户", "Important Value", [3]bool{true, true, true}},
		{"重要发展客户", "Important Development", [3]bool{true, false, true}},
		{"重要保持客户", "Important Retention", [3]bool{false, true, true}},
		{"重要挽留客户", "Important Win-back", [3]bool{false, false, true}},
		{"一般价值客户", "General Value", [3]bool{true, true, false}},
		{"一般发展客户", "General Development", [3]bool{true, false, false}},
		{"一般保持客户", "General Retention", [3]bool{false, true, false}},
		{"一般挽留客户", "General Win-back", [3]bool{false, false, false}},
	}
	for i, w := range want {
		g := s.Segments[i]
		assert.Equal(t, w.zh, g.Title(Chinese))
		assert.Equal(t, w.en, g.Title(English))
		assert.Equal(t, w.high, g.High, w.en)
		assert.NotEmpty(t, g.Advice(English))
		assert.NotEmpty(t, g.Advice(Chinese))
		assert.NotEqual(t, g.Advice(English), g.Advice(Chinese))
	}
	assert.True(t, s.IsSplit())
	assert.Nil(t, s.Codes())
}

// TestStandardCoversEveryCode: the standard map gives each of the 125
// codes exactly one segment, with the published list sizes.
func TestStandardCoversEveryCode(t *testing.T) {
	s := Standard()
	codes := s.Codes()
	require.Len(t, codes, 125)
	seen := map[string]bool{}
	count := map[string]int{}
	for _, c := range codes {
		require.False(t, seen[c.Code], "code %s listed twice", c.Code)
		seen[c.Code] = true
		count[s.Segments[c.Segment].Name]++
		assert.Equal(t, c.Segment, s.SegmentOf(c.Scores[0], c.Scores[1], c.Scores[2]))
	}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				assert.True(t, seen[fmt.Sprintf("%d%d%d", r, f, m)])
			}
		}
	}
	assert.Equal(t, map[string]int{
		"Champions": 7, "Loyal": 8, "Potential Loyalist": 24, "New Customers": 7, "Promising": 16,
		"Need Attention": 8, "About To Sleep": 8, "At Risk": 22, "Can't Lose Them": 8, "Hibernating": 11, "Lost": 6,
	}, count)
	// Spot checks, including the codes published under two segments.
	for code, seg := range map[string]string{
		"555": "Champions", "543": "Loyal", "511": "New Customers", "155": "Can't Lose Them",
		"111": "Lost", "231": "About To Sleep", "241": "About To Sleep", "251": "About To Sleep",
		"211": "Hibernating", "244": "At Risk", "333": "Potential Loyalist",
	} {
		sc := []uint8{code[0] - '0', code[1] - '0', code[2] - '0'}
		assert.Equal(t, seg, s.Segments[s.SegmentOf(sc[0], sc[1], sc[2])].Name, code)
	}
	for _, g := range s.Segments {
		assert.NotEmpty(t, g.NameZH)
		assert.NotEmpty(t, g.Action)
		assert.NotEmpty(t, g.ActionZH)
	}
	assert.Equal(t, "555", codes[0].Code, "Champions first, best code first")
	assert.Equal(t, "111", codes[len(codes)-1].Code)
}

// TestRFGrid: the tutorials' R x F grid, every pair once, m ignored.
func TestRFGrid(t *testing.T) {
	s := RF()
	require.Len(t, s.Codes(), 25)
	grid := map[string]string{
		"55": "Champions", "54": "Champions", "45": "Loyal Customers", "34": "Loyal Customers",
		"53": "Potential Loyalists", "42": "Potential Loyalists", "51": "New Customers", "41": "Promising",
		"33": "Need Attention", "31": "About To Sleep", "32": "About To Sleep", "24": "At Risk",
		"13": "At Risk", "15": "Can't Lose", "25": "Can't Lose", "11": "Hibernating", "22": "Hibernating",
	}
	for code, seg := range grid {
		for m := uint8(1); m <= 5; m++ {
			assert.Equal(t, seg, s.Segments[s.SegmentOf(code[0]-'0', code[1]-'0', m)].Name, code)
		}
	}
}

func TestSchemeByName(t *testing.T) {
	for _, n := range Schemes {
		s, err := SchemeByName(n)
		require.NoError(t, err)
		assert.Equal(t, n, s.Name)
	}
	_, err := SchemeByName("rfm11")
	assert.EqualError(t, err, `unknown scheme "rfm11" (use standard, cn8, rf)`)
}

// TestBySegment: the sums add up, shares sum to one, rows run by net
// revenue.
func TestBySegment(t *testing.T) {
	res, err := Compute(synthetic(3000, 3), Options{})
	require.NoError(t, err)
	st := res.BySegment()
	require.Len(t, st, 11)
	var customers int
	var net money.Amount
	var share, netShare float64
	for i, g := range st {
		customers += g.Customers
		net += g.Net
		share += g.CustomerShare
		netShare += g.NetShare
		if i > 0 {
			assert.GreaterOrEqual(t, st[i-1].Net, g.Net)
		}
	}
	var total money.Amount
	for _, c := range res.Customers.All() {
		total += c.Net
	}
	assert.Equal(t, res.Customers.Len(), customers)
	assert.Equal(t, total, net)
	assert.InDelta(t, 1, share, 1e-9)
	assert.InDelta(t, 1, netShare, 1e-9)
	// The first segment's means by hand.
	g := st[0]
	var rec, freq int64
	var mon money.Amount
	for _, c := range res.Customers.All() {
		if int(c.Segment) == g.Segment {
			rec += int64(c.Recency)
			freq += int64(c.Frequency)
			mon += c.Monetary
		}
	}
	assert.InDelta(t, float64(rec)/float64(g.Customers), g.MeanRecency, 1e-9)
	assert.InDelta(t, float64(freq)/float64(g.Customers), g.MeanFrequency, 1e-9)
	assert.Equal(t, divRound(mon, int64(g.Customers)).Round(2), g.MeanMonetary)
}

// viewOrder returns the indexes of res's customers in view order: by
// ViewKeys, then by id (as vieworder.Sort puts them), by a plain stable
// sort.
func viewOrder(res *Result) []int32 {
	keys := res.ViewKeys()
	order := make([]int32, res.Customers.Len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(keys[a], keys[b]), strings.Compare(res.Customers.At(int(a)).ID, res.Customers.At(int(b)).ID))
	})
	return order
}

// idsInViewOrder returns the ids of res's customers in view order.
func idsInViewOrder(res *Result) []string {
	var ids []string
	for _, i := range viewOrder(res) {
		ids = append(ids, res.Customers.At(int(i)).ID)
	}
	return ids
}

// TestViewOrderRule: ViewKeys order by segment, monetary descending (then
// the view goes by id), also for values too far apart for their
// differences to make a key.
func TestViewOrderRule(t *testing.T) {
	res := &Result{Customers: chunked.From([]Customer{
		{ID: "b", Segment: 1, Monetary: 5},
		{ID: "z", Segment: 0, Monetary: 1},
		{ID: "a", Segment: 1, Monetary: 5},
		{ID: "y", Segment: 0, Monetary: 9},
		{ID: "c", Segment: 1, Monetary: -3},
		{ID: "x", Segment: 0, Monetary: 1},
	})}
	assert.Equal(t, []string{"y", "x", "z", "a", "b", "c"}, idsInViewOrder(res))

	// Values too far apart for their differences: ranked.
	res = &Result{Customers: chunked.From([]Customer{
		{ID: "low", Monetary: -money.MaxAmount},
		{ID: "high", Monetary: money.MaxAmount},
		{ID: "seg1", Segment: 1, Monetary: 0},
		{ID: "mid", Monetary: 0},
	})}
	assert.Equal(t, []string{"high", "mid", "low", "seg1"}, idsInViewOrder(res))

	// Many customers: checked against the rule pairwise.
	big, err := Compute(synthetic(20_000, 4), Options{})
	require.NoError(t, err)
	order := viewOrder(big)
	require.Len(t, order, big.Customers.Len())
	for k := 1; k < len(order); k++ {
		a, b := big.Customers.At(int(order[k-1])), big.Customers.At(int(order[k]))
		ok := a.Segment < b.Segment || a.Segment == b.Segment && (a.Monetary > b.Monetary || a.Monetary == b.Monetary && a.ID < b.ID)
		require.True(t, ok, "%+v before %+v", *a, *b)
	}
}

// BenchmarkCompute measures, scores and segments 2.5 million synthetic
// customers (about 5 orders each); bytes are customers.
func BenchmarkCompute(b *testing.B) {
	h := synthetic(2_500_000, 5)
	b.SetBytes(int64(len(h.Customers)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(h, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkViewKeys makes the view's keys of 2.5 million scored
// customers.
func BenchmarkViewKeys(b *testing.B) {
	res, err := Compute(synthetic(2_500_000, 6), Options{})
	require.NoError(b, err)
	b.SetBytes(int64(res.Customers.Len()))
	b.ReportAllocs()
	for b.Loop() {
		res.ViewKeys()
	}
}

// TestViewOrder: equal keys for equal segment and monetary value, so that
// the view orders them by the whole id.
func TestViewOrder(t *testing.T) {
	long := "0123456789abcdef" // 16 bytes
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"short", []string{"b", "a", "c"}, []string{"a", "b", "c"}},
		{"past 16 bytes", []string{long + "z", long + "b", long, long + "a"}, []string{long, long + "a", long + "b", long + "z"}},
		{"zero bytes", []string{"a\x00", "a", "a\x00\x00", "\x00"}, []string{"\x00", "a", "a\x00", "a\x00\x00"}},
		{"sorted", []string{"x1", "x2", "x3"}, []string{"x1", "x2", "x3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cs []Customer
			for _, id := range tt.ids {
				cs = append(cs, Customer{ID: id, Monetary: 7})
			}
			// A better customer first, of another segment last.
			cs = append(cs, Customer{ID: "~", Monetary: 8}, Customer{ID: "!", Segment: 1})
			res := &Result{Customers: chunked.From(cs)}
			want := append(append([]string{"~"}, tt.want...), "!")
			assert.Equal(t, want, idsInViewOrder(res))
			assert.Equal(t, "!", res.Customers.At(len(cs)-1).ID, "customers moved")
		})
	}
}
