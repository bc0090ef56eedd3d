package churn

import (
	"math"
	"slices"
	"sync"
	"time"

	"lifecycle/internal/parallel"
	"lifecycle/money"
	"lifecycle/orders"
)

// Window is the length in days of the two revenue windows (revenue_90d and
// revenue_prev_90d); ValueDays that of the value-at-risk window.
const (
	Window    = 90
	ValueDays = 365
)

// Features are what the rules of one customer are written over, measured
// at the as-of day. The expr tags are the names a condition uses. Counts and
// days are ints, money (in the currency's units) and ratios float64; a
// feature that is undefined for the customer is NaN (any comparison with it
// is false). See the package documentation for the definitions.
type Features struct {
	DaysSinceLast   int     `expr:"days_since_last"`
	Purchases       int     `expr:"purchases"`
	PurchaseDays    int     `expr:"purchase_days"`
	Returns         int     `expr:"returns"`
	NetRevenue      float64 `expr:"net_revenue"`
	TypicalGapDays  float64 `expr:"typical_gap_days"`
	OwnGap          bool    `expr:"own_gap"`
	DaysOverdue     float64 `expr:"days_overdue"`
	OverdueRatio    float64 `expr:"overdue_ratio"`
	LastGapDays     float64 `expr:"last_gap_days"`
	GapTrend        float64 `expr:"gap_trend"`
	Revenue90       float64 `expr:"revenue_90d"`
	RevenuePrev90   float64 `expr:"revenue_prev_90d"`
	Purchases90     int     `expr:"purchases_90d"`
	PurchasesPrev90 int     `expr:"purchases_prev_90d"`
	Revenue365      float64 `expr:"revenue_365d"`
	TenureDays      int     `expr:"tenure_days"`
	// The dates are midnight UTC of the civil day (compare them with
	// date("2024-01-31") or as_of - duration("720h")).
	FirstPurchase time.Time `expr:"first_purchase"`
	LastPurchase  time.Time `expr:"last_purchase"`
	ExpectedNext  time.Time `expr:"expected_next"`
	AsOf          time.Time `expr:"as_of"`
	// RFM scores (1 to 5, 5 best) and the segment of the standard scheme
	// (lifecycle/rfm), filled only when a rule uses them.
	R       int    `expr:"r_score"`
	F       int    `expr:"f_score"`
	M       int    `expr:"m_score"`
	RFM     string `expr:"rfm_code"`
	Segment string `expr:"rfm_segment"`
	// Attr holds the customer's values of the attributes a rule uses
	// (attr.channel: see lifecycle/orders' attributes), filled only then:
	// text, int, float64 (an amount) or time.Time by the attribute's kind, nil when
	// the customer's first purchase had none.
	Attr map[string]any `expr:"attr"`

	// steps counts the evaluation steps of the customer's rules (not a
	// feature: see limits.go).
	steps int
}

// Feature describes one feature for rule writers (--show-features).
type Feature struct {
	Name        string
	Type        string // int, float, bool, date or string
	Description string
}

// FeatureList describes every feature, in the order of Features.
var FeatureList = []Feature{
	{"days_since_last", "int", "days from the last purchase to the as-of day (0: bought on it)"},
	{"purchases", "int", "purchases (orders that are not returns)"},
	{"purchase_days", "int", "distinct days with a purchase"},
	{"returns", "int", "return orders"},
	{"net_revenue", "float", "net revenue: purchases plus returns"},
	{"typical_gap_days", "float", "median days between consecutive purchase days; for a customer with one purchase day, the store's median days from first to second purchase day"},
	{"own_gap", "bool", "typical_gap_days is the customer's own (2 or more purchase days)"},
	{"days_overdue", "float", "days_since_last - typical_gap_days"},
	{"overdue_ratio", "float", "days_since_last / typical_gap_days"},
	{"last_gap_days", "float", "days between the last two purchase days (NaN with one purchase day)"},
	{"gap_trend", "float", "last_gap_days / typical_gap_days (above 1: slowing down)"},
	{"revenue_90d", "float", "net revenue of the last 90 days (as-of day included)"},
	{"revenue_prev_90d", "float", "net revenue of the 90 days before those"},
	{"purchases_90d", "int", "purchases in the last 90 days"},
	{"purchases_prev_90d", "int", "purchases in the 90 days before those"},
	{"revenue_365d", "float", "net revenue of the last 365 days (the default value at risk)"},
	{"tenure_days", "int", "days from the first purchase to the as-of day"},
	{"first_purchase", "date", "day of the first purchase"},
	{"last_purchase", "date", "day of the last purchase"},
	{"expected_next", "date", "last_purchase + typical_gap_days (rounded half up): the replenishment date (0001-01-01 when the gap is unknown)"},
	{"as_of", "date", "the as-of day"},
	{"r_score", "int", "RFM recency score, 1 to 5 (5: most recent), quantiles"},
	{"f_score", "int", "RFM frequency score, 1 to 5"},
	{"m_score", "int", "RFM monetary score, 1 to 5"},
	{"rfm_code", "string", `the three scores written together, "543"`},
	{"rfm_segment", "string", `the segment of the standard RFM scheme, "At Risk"`},
}

// rfmFeatures are the features that need lifecycle/rfm.
var rfmFeatures = []string{"r_score", "f_score", "m_score", "rfm_code", "rfm_segment"}

// dayTime is midnight UTC of a civil day.
func dayTime(day int32) time.Time {
	return time.Unix(int64(day)*86400, 0).UTC()
}

// measure holds what a customer's features are computed from, exact, and a
// reusable buffer.
type measure struct {
	gaps []int32
	// exact money of the last computed customer
	net, rev365 money.Amount
}

// features fills f with the features of c (which has a purchase) at asOf;
// storeGap is the store's median first-to-second gap (NaN when no customer
// bought on two days). The RFM fields are left as they are.
func (m *measure) features(c *orders.Customer, asOf int32, storeGap float64, f *Features) {
	p := c.Purchases
	first, last := p[0].Day, p[len(p)-1].Day
	f.DaysSinceLast = int(asOf - last)
	f.Purchases = len(p)
	f.Returns = len(c.Returns)
	f.TenureDays = int(asOf - first)

	var net, r90, rPrev, r365 money.Amount
	n90, nPrev := 0, 0
	m.gaps = m.gaps[:0]
	prev := p[0].Day
	days := 1
	for i := range p {
		o := &p[i]
		if o.Day != prev {
			m.gaps = append(m.gaps, o.Day-prev)
			prev = o.Day
			days++
		}
		net += o.Amount
		switch age := asOf - o.Day; {
		case age < Window:
			r90 += o.Amount
			n90++
		case age < 2*Window:
			rPrev += o.Amount
			nPrev++
		}
		if asOf-o.Day < ValueDays {
			r365 += o.Amount
		}
	}
	for i := range c.Returns {
		o := &c.Returns[i]
		net += o.Amount
		switch age := asOf - o.Day; {
		case age < 0:
		case age < Window:
			r90 += o.Amount
		case age < 2*Window:
			rPrev += o.Amount
		}
		if age := asOf - o.Day; age >= 0 && age < ValueDays {
			r365 += o.Amount
		}
	}
	f.PurchaseDays = days
	f.NetRevenue = net.Float64()
	f.Revenue90, f.RevenuePrev90, f.Revenue365 = r90.Float64(), rPrev.Float64(), r365.Float64()
	f.Purchases90, f.PurchasesPrev90 = n90, nPrev
	m.net, m.rev365 = net, r365

	if len(m.gaps) > 0 {
		f.LastGapDays = float64(m.gaps[len(m.gaps)-1])
		f.TypicalGapDays = median(m.gaps) // sorts the gaps
		f.OwnGap = true
	} else {
		f.TypicalGapDays = storeGap
		f.OwnGap = false
		f.LastGapDays = math.NaN()
	}
	dsl := float64(f.DaysSinceLast)
	f.DaysOverdue = dsl - f.TypicalGapDays
	f.OverdueRatio = dsl / f.TypicalGapDays
	f.GapTrend = f.LastGapDays / f.TypicalGapDays
	f.FirstPurchase = dayTime(first)
	f.LastPurchase = dayTime(last)
	if next, ok := expectedNext(last, f.TypicalGapDays); ok {
		f.ExpectedNext = dayTime(next)
	} else {
		f.ExpectedNext = time.Time{}
	}
	f.AsOf = dayTime(asOf)
}

// expectedNext is last + gap rounded half up; false when gap is NaN.
func expectedNext(last int32, gap float64) (int32, bool) {
	if math.IsNaN(gap) || math.IsInf(gap, 0) {
		return 0, false
	}
	return last + int32(math.Floor(gap+0.5)), true
}

// median returns the median of xs (the mean of the two middle values when
// their number is even), reordering xs.
func median(xs []int32) float64 {
	n := len(xs)
	if n == 1 {
		return float64(xs[0])
	}
	if n == 2 {
		return (float64(xs[0]) + float64(xs[1])) / 2
	}
	if n <= 24 {
		// Insertion sort: most customers have few gaps.
		insertionSort(xs)
	} else {
		// The middle value selected, the lower one (n even) the largest
		// before it: linear, where sorting the gaps of a customer with
		// hundreds of purchases was not.
		selectNth(xs, n/2)
		if n%2 == 0 {
			return (float64(slices.Max(xs[:n/2])) + float64(xs[n/2])) / 2
		}
	}
	if n%2 == 1 {
		return float64(xs[n/2])
	}
	return (float64(xs[n/2-1]) + float64(xs[n/2])) / 2
}

func insertionSort(xs []int32) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// selectNth reorders xs so that xs[k] is the value of rank k (0-based) of
// xs, the values before it no greater and those after it no smaller:
// Hoare's selection (Find, CACM 4(7), 1961) with a median-of-three pivot.
func selectNth(xs []int32, k int) {
	lo, hi := 0, len(xs)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		p := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < p {
				i++
			}
			for xs[j] > p {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		// xs[lo..j] <= p <= xs[i..hi], and what lies between equals p.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
	insertionSort(xs[lo : hi+1])
}

// storeGap returns the median, over the customers with purchases on two
// days or more, of the days from the first purchase day to the second; NaN
// when there is none. A histogram of the gaps keeps it linear.
func storeGap(h *orders.Histories) float64 {
	var counts []int64 // counts[d]: customers whose second purchase day is d days after the first
	var n int64
	var mu sync.Mutex
	parallel.For(len(h.Customers), 100_000, func(lo, hi int) {
		var c []int64
		var m int64
		for i := lo; i < hi; i++ {
			p := h.Customers[i].Purchases
			for j := 1; j < len(p); j++ {
				if d := p[j].Day - p[0].Day; d != 0 {
					if int(d) >= len(c) {
						c = slices.Grow(c, int(d)+1-len(c))[:d+1]
					}
					c[d]++
					m++
					break
				}
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if len(c) > len(counts) {
			counts = slices.Grow(counts, len(c)-len(counts))[:len(c)]
		}
		for d, k := range c {
			counts[d] += k
		}
		n += m
	})
	if n == 0 {
		return math.NaN()
	}
	// The values of ranks (n+1)/2 and n/2+1 (1-based): the two middle ones,
	// the same one when n is odd.
	lo, hi := (n+1)/2, n/2+1
	var seen int64
	vlo := -1
	for d, c := range counts {
		seen += c
		if vlo < 0 && seen >= lo {
			vlo = d
		}
		if seen >= hi {
			return (float64(vlo) + float64(d)) / 2
		}
	}
	panic("unreachable")
}
