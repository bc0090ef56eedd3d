// Package rfm scores customers by recency, frequency and monetary value
// (RFM) at the as-of day of their histories and names their segments.
//
// # Measures
//
// For each customer with at least one purchase on or before the as-of day
// (customers with only returns are left out and counted):
//
//   - recency: the as-of day minus the day of the last purchase, in calendar
//     days of the histories' zone (0 when the customer bought on the as-of
//     day);
//   - frequency: the number of purchases ([FrequencyOrders]) or of distinct
//     days with a purchase ([FrequencyDays]);
//   - monetary: the net revenue, purchases plus returns up to the as-of day,
//     exact ([MonetaryTotal]), or that net revenue divided by the frequency,
//     rounded half to even to the cent ([MonetaryAverage]).
//
// # Scores
//
// Each measure gets a score from 1 to N (Options.Bins, 2 to 9, default 5),
// N being best: the most recent (fewest days), the most frequent, the
// highest monetary value. The code of a customer is the three scores
// written together: "543" is r=5, f=4, m=3.
//
// Quantile rule (the default). Sort the n values of a measure from worst
// to best; equal values form groups. The bins are N consecutive runs of the
// sorted values, bin 1 the worst, cut only between groups, so equal values
// always get equal scores and a better value never gets a lower score. Of
// all such splits the rule takes the one whose bin sizes s1..sN are as equal
// as the ties allow, in the sense of least variance: the least sum of
// squares s1² + ... + sN². Among splits with that least sum it takes the one
// whose cuts are closest to the exact quantiles: the least sum over k of
// |N x Ck - k x n|, where Ck is the number of values in bins 1..k. Any
// remaining tie (a quantile exactly halfway between two group boundaries)
// goes to the larger last cut, then the larger cut before it, and so on.
// Without ties every bin holds n/N values rounded down or up, the cuts being
// the exact quantiles rounded to the nearest whole number of values (7
// values in 5 bins: 1, 2, 1, 2, 1).
//
// Worked example: 10 customers with 1, 1, 1, 1, 2, 2, 3, 4, 6 and 9 orders
// and N = 5. The four customers with 1 order cannot be split, so the least
// sum of squares is 26, reached by the sizes 4+2+1+1+2, 4+2+1+2+1 and
// 4+2+2+1+1; the cuts after 4, 6, 7 and 8 values are nearest the quantiles
// 2, 4, 6 and 8 (distance sum 25, against 30 and 35). So 1 order scores 1,
// 2 orders 2, 3 orders 3, 4 orders 4, and 6 and 9 orders 5. (Ranking by
// first occurrence instead, as percent_rank does, would give 2 orders a 3
// and leave score 2 empty.)
//
// The rule is computed exactly by dynamic programming over the cuts. A cut
// of an optimal split cannot move by one group without making the sum of
// squares worse, which bounds the difference between neighbouring bins by
// the largest group M; hence every bin is within (N-1)M of n/N and cut k
// within (N-1) x M x min(k, N-k) of k x n/N, and only the group boundaries
// in that window are tried. Sorting the values is the main cost.
//
// Fixed cuts (Options.Cuts, as Chinese ERPs use) replace the rule for a
// measure: N-1 ascending thresholds. A value equal to a threshold goes to
// the better bin: with r cuts 7,30,90,180 (days) recency 0 to 7 scores 5,
// 8 to 30 scores 4, ..., over 180 scores 1; with f cuts 2,3,5,8 one order
// scores 1, 2 orders 2, 3 or 4 orders 3, 5 to 7 orders 4, 8 or more 5; with m
// cuts 100,300,1000,3000 net revenue below 100 scores 1, 100 up to 299.99
// scores 2, ..., 3000 or more 5.
//
// # Segments
//
// A [Scheme] names the segments. [Standard] maps each of the 125 codes of
// five bins to one of the eleven usual segments, [RF] maps the 25 r-f pairs
// to the ten segments of the R x F grid, [CN8] is the Chinese eight-class
// model in which R, F and M are each high or low against the mean or the
// median of the customers' values (not their scores), and [ParseScheme]
// reads a custom one. See their documentation.
//
// # Scheme files
//
// A scheme file (YAML or JSON) describes a table scheme:
//
//	name: my segments        # optional
//	bins: 5                  # optional, default 5
//	scores: rfm              # what codes are written with: rfm (default) or rf
//	segments:                # in order, best first
//	  - name: Champions
//	    name_zh: 冠军客户      # optional: the name with --lang zh
//	    action: VIP service  # optional, and action_zh
//	    codes: ["555", "5[4-5][4-5]", "45?"]
//	  - name: Loyal
//	    r: 3-5               # score ranges; a missing one matches any score
//	    f: 4-5
//
// A segment matches a code when one of its code patterns matches it, or
// when each of its r, f, m ranges holds the code's score (a segment may have
// both). A pattern has one element per score: a digit, ? or . for any score,
// or a class such as [4-5] or [45]; a leading ^ and trailing $ are ignored,
// so the regular expressions of pandas tutorials can be pasted. A range is a
// score (4) or two joined by a dash ("3-5"). The file is checked whole:
// every code must be matched by exactly one segment, and every segment must
// match a code.
package rfm

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/money"
	"lifecycle/msg"
	"lifecycle/orders"
)

// Dim is one of the three measures.
type Dim int

// The measures, in code order.
const (
	R Dim = iota // recency
	F            // frequency
	M            // monetary
)

var dimNames = [3]string{"r", "f", "m"}

// String returns "r", "f" or "m".
func (d Dim) String() string {
	if d >= 0 && int(d) < len(dimNames) {
		return dimNames[d]
	}
	return fmt.Sprintf("Dim(%d)", int(d))
}

// Frequency says what frequency counts.
type Frequency int

const (
	// FrequencyOrders counts purchases.
	FrequencyOrders Frequency = iota
	// FrequencyDays counts distinct days with a purchase.
	FrequencyDays
)

// Monetary says what the monetary value is.
type Monetary int

const (
	// MonetaryTotal is the net revenue: purchases plus returns.
	MonetaryTotal Monetary = iota
	// MonetaryAverage is the net revenue divided by the frequency, rounded
	// half to even to the cent.
	MonetaryAverage
)

// Split is the centre that CN8 compares each measure with.
type Split int

const (
	// SplitMean compares with the mean over the customers.
	SplitMean Split = iota
	// SplitMedian compares with the median (the mean of the two middle
	// values when the number of customers is even).
	SplitMedian
)

// Cuts are fixed thresholds per measure, indexed by Dim; nil means the
// quantile rule. R thresholds are days, F thresholds counts, M thresholds
// money.Amount micro-units; each has Bins-1 strictly ascending values, and a
// value equal to a threshold goes to the better bin (see the package
// documentation).
type Cuts [3][]int64

// MinBins and MaxBins bound Options.Bins (codes are written with one digit
// per measure); DefaultBins is the usual five.
const (
	MinBins     = 2
	MaxBins     = 9
	DefaultBins = 5
)

// Options choose how customers are measured, scored and segmented.
type Options struct {
	// Bins is the number of scores per measure; 0 means the scheme's (5 for
	// a scheme that works with any).
	Bins      int
	Frequency Frequency
	Monetary  Monetary
	Cuts      Cuts
	// Scheme names the segments; nil means Standard().
	Scheme *Scheme
	// Split is the centre of a split scheme (CN8).
	Split Split
}

// ErrOptions is wrapped by every error of Options.Check.
var ErrOptions = msg.Errorf("invalid rfm options")

// Check validates the options and fills in the defaults (Bins, Scheme),
// before any data is read. Its errors wrap ErrOptions.
func (o *Options) Check() error {
	if o.Scheme == nil {
		o.Scheme = Standard()
	}
	if o.Bins == 0 {
		o.Bins = o.Scheme.Bins
		if o.Bins == 0 {
			o.Bins = DefaultBins
		}
	}
	if o.Bins < MinBins || o.Bins > MaxBins {
		return msg.Errorf("%w: %d bins: use %d to %d", ErrOptions, o.Bins, MinBins, MaxBins)
	}
	if o.Scheme.Bins != 0 && o.Scheme.Bins != o.Bins {
		return msg.Errorf("%w: scheme %s is written for %d bins, not %d", ErrOptions, o.Scheme.Name, o.Scheme.Bins, o.Bins)
	}
	if o.Frequency != FrequencyOrders && o.Frequency != FrequencyDays {
		return msg.Errorf("%w: unknown frequency %d", ErrOptions, o.Frequency)
	}
	if o.Monetary != MonetaryTotal && o.Monetary != MonetaryAverage {
		return msg.Errorf("%w: unknown monetary %d", ErrOptions, o.Monetary)
	}
	if o.Split != SplitMean && o.Split != SplitMedian {
		return msg.Errorf("%w: unknown split %d", ErrOptions, o.Split)
	}
	for d, c := range o.Cuts {
		if c == nil {
			continue
		}
		if err := checkCuts(Dim(d), c, o.Bins); err != nil {
			return fmt.Errorf("%w: %w", ErrOptions, err)
		}
	}
	return nil
}

// Customer is the RFM record of one customer.
type Customer struct {
	ID string
	// First and Last are the days of the first and last purchase.
	First, Last int32
	// Recency is the as-of day minus Last.
	Recency int32
	// Frequency is the number of purchases or purchase days.
	Frequency int32
	// Monetary is the net revenue or its average per Frequency.
	Monetary money.Amount
	// Net is the net revenue, whatever Monetary is.
	Net money.Amount
	// R, F and M are the scores, 1 to Bins.
	R, F, M uint8
	// Segment indexes the scheme's Segments.
	Segment uint8
}

// Code returns the customer's scores written together, such as "543".
func (c *Customer) Code() string {
	return string([]byte{'0' + c.R, '0' + c.F, '0' + c.M})
}

// Result is the RFM table of a set of histories.
type Result struct {
	AsOf      int32
	Bins      int
	Frequency Frequency
	Monetary  Monetary
	// Scheme names the segments (Options.Scheme or Standard()).
	Scheme *Scheme
	// Customers are the customers with a purchase, in the histories' order
	// (ViewKeys gives the view's order), in chunks (see package chunked).
	Customers chunked.Slice[Customer]
	// NoPurchase counts the customers left out: returns but no purchase.
	NoPurchase int
	// Thresholds are the cuts used per measure, fixed or found by the
	// quantile rule, with the meaning of Cuts. A quantile cut after every
	// value (empty bins at the top) is -1 for R and math.MaxInt64 for F and
	// M: no value reaches it.
	Thresholds [3][]int64
	// Quantile tells which measures were scored by the quantile rule.
	Quantile [3]bool
	// Centers are the split centres per measure when the scheme is a split
	// scheme (CN8): exact rationals of days, counts and micro-units.
	Centers [3]*big.Rat
}

// CustomersOf returns cs as a Result holds its customers: for a Result
// made by hand (a test's, a tool's).
func CustomersOf(cs []Customer) chunked.Slice[Customer] { return chunked.From(cs) }

// Compute measures, scores and segments the customers of h. Options are
// checked first (see Options.Check).
func Compute(h *orders.Histories, opt Options) (*Result, error) {
	if err := opt.Check(); err != nil {
		return nil, err
	}
	res := &Result{AsOf: h.AsOf, Bins: opt.Bins, Frequency: opt.Frequency, Monetary: opt.Monetary, Scheme: opt.Scheme}
	t := measure(h, opt, res)
	score(res, opt, t)
	if res.Scheme.IsSplit() {
		res.Scheme.assignSplit(res, opt.Split)
	}
	return res, nil
}

// divRound divides an amount by n > 0, rounding half to even.
func divRound(a money.Amount, n int64) money.Amount {
	q, r := int64(a)/n, int64(a)%n
	if r2 := 2 * abs64(r); r2 > n || (r2 == n && q%2 != 0) {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return money.Amount(q)
}

// key returns the value of measure d of c, oriented so that larger is
// better (recency is negated).
func key(c *Customer, d Dim) int64 {
	switch d {
	case R:
		return -int64(c.Recency)
	case F:
		return int64(c.Frequency)
	}
	return int64(c.Monetary)
}

// score finds the thresholds of each measure, from the tally t where it
// has them, and scores every customer, naming its segment when the scheme
// is a table.
func score(res *Result, opt Options, t *tally) {
	var keyCuts [3][]int64 // thresholds on key(): score = 1 + #{k: key >= t[k]}
	var wg sync.WaitGroup
	for d := R; d <= M; d++ {
		if c := opt.Cuts[d]; c != nil {
			keyCuts[d] = toKeyCuts(d, c)
			res.Thresholds[d] = slices.Clone(c)
			continue
		}
		res.Quantile[d] = true
		wg.Go(func() {
			keyCuts[d] = t.cuts(d, opt.Bins)
			if keyCuts[d] == nil {
				keyCuts[d] = measureCuts(res.Customers, d, opt.Bins)
			}
			res.Thresholds[d] = fromKeyCuts(d, keyCuts[d])
		})
	}
	wg.Wait()
	// A table scheme names the segment in the same pass (Options.Check
	// made sure that it is written for these bins); a split scheme's
	// needs the centres first.
	sc := res.Scheme
	named := !sc.IsSplit()
	parallel.For(res.Customers.Len(), 100_000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			c := res.Customers.At(i)
			c.R = scoreOf(-int64(c.Recency), keyCuts[R])
			c.F = scoreOf(int64(c.Frequency), keyCuts[F])
			c.M = scoreOf(int64(c.Monetary), keyCuts[M])
			if named {
				c.Segment = sc.segmentOf(c.R, c.F, c.M)
			}
		}
	})
}

// measureCuts returns the cuts of the quantile rule on the keys of measure
// d of cs: counted straight from the customers when their range is narrow
// (days, purchases), else from a copy sorted.
func measureCuts(cs chunked.Slice[Customer], d Dim, bins int) []int64 {
	if cs.Len() == 0 {
		return quantileCutsOf(nil, bins)
	}
	lo, hi := key(cs.At(0), d), key(cs.At(0), d)
	for _, c := range cs.All() {
		v := key(c, d)
		lo, hi = min(lo, v), max(hi, v)
	}
	if !narrow(lo, hi, cs.Len()) {
		vals := make([]int64, cs.Len())
		for i, c := range cs.All() {
			vals[i] = key(c, d)
		}
		return quantileCutsOf(vals, bins)
	}
	counts := make([]int64, uint64(hi)-uint64(lo)+1)
	for _, c := range cs.All() {
		counts[key(c, d)-lo]++
	}
	gv, ends := countedGroups(counts, lo)
	return cutsOf(gv, ends, bins)
}

// toKeyCuts turns thresholds in the measure's units (Cuts) into thresholds
// on key(): recency thresholds t (days, better when <= t) become -t,
// reversed.
func toKeyCuts(d Dim, t []int64) []int64 {
	if d != R {
		return t
	}
	k := make([]int64, len(t))
	for i, x := range t {
		k[len(t)-1-i] = -x
	}
	return k
}

// fromKeyCuts is the inverse of toKeyCuts, mapping "no value" cuts
// (math.MaxInt64) of recency to -1 day.
func fromKeyCuts(d Dim, k []int64) []int64 {
	if d != R {
		return slices.Clone(k)
	}
	t := make([]int64, len(k))
	for i, x := range k {
		if x == math.MaxInt64 {
			t[len(k)-1-i] = -1
		} else {
			t[len(k)-1-i] = -x
		}
	}
	return t
}

// checkCuts validates fixed thresholds of measure d for bins.
func checkCuts(d Dim, t []int64, bins int) error {
	spec := FormatCuts(d, t)
	if len(t) != bins-1 {
		if len(t) == 1 {
			return cutsErr(d, spec, msg.Errorf("1 threshold; %d bins need %d", bins, bins-1))
		}
		return cutsErr(d, spec, msg.Errorf("%d thresholds; %d bins need %d", len(t), bins, bins-1))
	}
	for i := 1; i < len(t); i++ {
		if t[i] <= t[i-1] {
			return cutsErr(d, spec, msg.Errorf("not ascending: %s then %s", formatCut(d, t[i-1]), formatCut(d, t[i])))
		}
	}
	if d != M && len(t) > 0 && t[0] < 0 {
		return cutsErr(d, spec, msg.Errorf("%s is negative", formatCut(d, t[0])))
	}
	return nil
}

// formatCut writes a threshold of measure d as it would be given.
func formatCut(d Dim, v int64) string {
	if d == M {
		return money.Amount(v).String()
	}
	return fmt.Sprint(v)
}

// FormatCuts writes thresholds of measure d as --cuts takes them:
// "r=7,30,90,180".
func FormatCuts(d Dim, t []int64) string {
	parts := make([]string, len(t))
	for i, v := range t {
		parts[i] = formatCut(d, v)
	}
	return d.String() + "=" + strings.Join(parts, ",")
}
