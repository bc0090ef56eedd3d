package rfm

import (
	"lifecycle/money"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bruteCuts enumerates every tie-respecting split of the groups (ends as
// in groups) into bins ordered bins and returns the one the quantile rule
// chooses, by its definition: least sum of squared sizes, then least sum of
// |bins*C[k] - (k+1)*n|, then the larger last cut, the larger cut before it...
func bruteCuts(ends []int64, bins int) []int64 {
	n := ends[len(ends)-1]
	bounds := append([]int64{0}, ends...)
	N := int64(bins)
	var best []int64
	var bestCost cost
	cur := make([]int64, bins-1)
	var rec func(k, from int)
	rec = func(k, from int) {
		if k == bins-1 {
			c := cutsCost(cur, n, N)
			better := best == nil || c.less(bestCost)
			if !better && c == bestCost {
				for i := len(cur) - 1; i >= 0; i-- {
					if cur[i] != best[i] {
						better = cur[i] > best[i]
						break
					}
				}
			}
			if better {
				best, bestCost = slices.Clone(cur), c
			}
			return
		}
		for i := from; i < len(bounds); i++ {
			cur[k] = bounds[i]
			rec(k+1, i)
		}
	}
	rec(0, 0)
	return best
}

// cutsCost is the rule's cost of the cuts of n values into N bins.
func cutsCost(cuts []int64, n, N int64) cost {
	var c cost
	prev := int64(0)
	for i, p := range cuts {
		c.sq += (p - prev) * (p - prev)
		c.dev += abs64(N*p - int64(i+1)*n)
		prev = p
	}
	c.sq += (n - prev) * (n - prev)
	return c
}

// fullDP is the rule's dynamic programme over every boundary, without the
// windows and without divide and conquer: a slow reference.
func fullDP(ends []int64, bins int) cost {
	n := ends[len(ends)-1]
	b := append([]int64{0}, ends...)
	N := int64(bins)
	prev := make([]cost, len(b))
	for j := range prev {
		prev[j] = infCost
	}
	prev[0] = cost{}
	for k := int64(1); k < N; k++ {
		cur := make([]cost, len(b))
		for j := range b {
			cur[j] = infCost
			for i := 0; i <= j; i++ {
				if prev[i] == infCost {
					continue
				}
				d := b[j] - b[i]
				c := cost{prev[i].sq + d*d, prev[i].dev + abs64(N*b[j]-k*n)}
				if c.less(cur[j]) {
					cur[j] = c
				}
			}
		}
		prev = cur
	}
	best := infCost
	for i := range b {
		if prev[i] == infCost {
			continue
		}
		d := n - b[i]
		if c := (cost{prev[i].sq + d*d, prev[i].dev}); c.less(best) {
			best = c
		}
	}
	return best
}

// randomEnds returns the group ends of a random tie pattern of n values:
// mostly small groups, some big ones.
func randomEnds(r *rand.Rand, n int, bigTies bool) []int64 {
	var ends []int64
	pos := int64(0)
	for pos < int64(n) {
		size := 1 + r.Int64N(3)
		if bigTies && r.IntN(4) == 0 {
			size = 1 + r.Int64N(int64(n))
		}
		pos = min(pos+size, int64(n))
		ends = append(ends, pos)
	}
	return ends
}

// TestOptimalCutsBruteForce: the dynamic programme finds exactly the split
// the rule's definition picks (every tie-respecting split enumerated), on
// many small inputs.
func TestOptimalCutsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 3000; iter++ {
		n := 1 + r.IntN(14)
		bins := 2 + r.IntN(4)
		ends := randomEnds(r, n, r.IntN(2) == 0)
		require.Equal(t, bruteCuts(ends, bins), optimalCuts(ends, bins), "ends %v bins %d", ends, bins)
	}
	for iter := 0; iter < 40; iter++ {
		n := 15 + r.IntN(12)
		bins := 6 + r.IntN(4)
		ends := randomEnds(r, n, true)
		require.Equal(t, bruteCuts(ends, bins), optimalCuts(ends, bins), "ends %v bins %d", ends, bins)
	}
}

// TestOptimalCutsWindows: on inputs where the windows around the exact
// quantiles leave most boundaries out (many values, small ties), the cuts
// cost exactly the optimum of the full programme.
func TestOptimalCutsWindows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 60; iter++ {
		n := 100 + r.IntN(300)
		bins := 2 + r.IntN(8)
		ends := randomEnds(r, n, iter%3 == 0)
		got := optimalCuts(ends, bins)
		assert.Equal(t, fullDP(ends, bins), cutsCost(got, int64(n), int64(bins)), "n %d bins %d", n, bins)
	}
}

// scoresOf scores values by the quantile rule.
func scoresOf(values []int64, bins int) []uint8 {
	t := quantileCuts(values, bins)
	s := make([]uint8, len(values))
	for i, v := range values {
		s[i] = scoreOf(v, t)
	}
	return s
}

// TestQuantileProperties: on random values with ties, scores are within
// 1..N, never lower for a better value, equal for equal values, and the bin
// sizes have the least sum of squares any tie-respecting split has.
func TestQuantileProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 500; iter++ {
		n := 1 + r.IntN(200)
		bins := 2 + r.IntN(8)
		spread := 1 + r.Int64N(int64(n)*2)
		values := make([]int64, n)
		for i := range values {
			values[i] = r.Int64N(spread) - spread/2
			if r.IntN(10) == 0 {
				values[i] = 7 // a big tie
			}
		}
		s := scoresOf(values, bins)
		sizes := make([]int64, bins+1)
		for i := range values {
			require.GreaterOrEqual(t, s[i], uint8(1))
			require.LessOrEqual(t, s[i], uint8(bins))
			sizes[s[i]]++
			for j := range values {
				if values[i] == values[j] {
					require.Equal(t, s[i], s[j], "equal values %d", values[i])
				}
				if values[i] < values[j] {
					require.LessOrEqual(t, s[i], s[j], "%d < %d", values[i], values[j])
				}
			}
		}
		var sq int64
		for _, z := range sizes[1:] {
			sq += z * z
		}
		_, ends := groups(values)
		require.Equal(t, fullDP(ends, bins).sq, sq, "values %v bins %d", values, bins)
	}
}

// TestQuantileWorkedExample is the example of the package documentation.
func TestQuantileWorkedExample(t *testing.T) {
	orders := []int64{1, 1, 1, 1, 2, 2, 3, 4, 6, 9}
	assert.Equal(t, []uint8{1, 1, 1, 1, 2, 2, 3, 4, 5, 5}, scoresOf(orders, 5))
	_, ends := groups(orders)
	assert.Equal(t, cost{26, 25}, cutsCost(optimalCuts(ends, 5), 10, 5))
	assert.Equal(t, cost{26, 30}, cutsCost([]int64{4, 6, 7, 9}, 10, 5))
	assert.Equal(t, cost{26, 35}, cutsCost([]int64{4, 6, 8, 9}, 10, 5))
}

// TestQuantileNoTies: without ties the bins hold floor or ceil of n/N
// values, the larger ones first (as NTILE), and the scores ascend with the
// values.
func TestQuantileNoTies(t *testing.T) {
	for n := 1; n <= 40; n++ {
		for bins := 2; bins <= 9; bins++ {
			values := make([]int64, n)
			for i := range values {
				values[i] = int64(i * 3)
			}
			r := rand.New(rand.NewPCG(uint64(n), uint64(bins)))
			r.Shuffle(n, func(i, j int) { values[i], values[j] = values[j], values[i] })
			s := scoresOf(values, bins)
			sizes := make([]int, bins)
			for _, x := range s {
				sizes[x-1]++
			}
			want := make([]int, bins)
			for k := range want {
				want[k] = n / bins
				if k < n%bins {
					want[k]++
				}
			}
			// The cuts nearest the exact quantiles come first: with 7
			// values in 5 bins the sizes are 1,2,1,2,1 (cuts 1, 3, 4, 6 of
			// 1.4, 2.8, 4.2, 5.6), a permutation of NTILE's 2,2,1,1,1.
			slices.Sort(sizes)
			slices.Sort(want)
			assert.Equal(t, want, sizes, "n %d bins %d", n, bins)
		}
	}
}

// TestQuantileTies pins the rule on small cases worked by hand.
func TestQuantileTies(t *testing.T) {
	tests := []struct {
		name   string
		values []int64
		bins   int
		want   []uint8
	}{
		// All equal: one bin. Its place is the tie-break: with every
		// split's sizes {n,0,...}, the cuts nearest the quantiles put the
		// group in the middle bin.
		{"all equal", []int64{4, 4, 4, 4}, 5, []uint8{3, 3, 3, 3}},
		// Two halves: the bins 2 and 4 (cuts 0, 50, 50, 100 of 20, 40, 60, 80).
		{"two halves", []int64{1, 1, 2, 2}, 5, []uint8{2, 2, 4, 4}},
		// Most customers bought once: they share score 1 and the others
		// spread over 2..5.
		{"one-time buyers", []int64{1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 5, 8}, 5, []uint8{1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 5, 5}},
		{"two bins", []int64{5, 1, 3, 3, 3, 9}, 2, []uint8{2, 1, 1, 1, 1, 2}},
		{"one value", []int64{42}, 5, []uint8{3}},
		// No ties: the exact quantiles 1.4, 2.8, 4.2, 5.6 rounded.
		{"seven in five", []int64{10, 20, 30, 40, 50, 60, 70}, 5, []uint8{1, 2, 2, 3, 4, 4, 5}},
		// Halfway (2 values, 4 bins: quantiles 0.5, 1, 1.5): the cuts
		// (0,1,1), (0,1,2), (1,1,1) and (1,1,2) are all one value off in
		// total; the larger cuts from the last give (1,1,2).
		{"halfway", []int64{1, 2}, 4, []uint8{1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, scoresOf(tt.values, tt.bins))
		})
	}
}

// TestThresholdAt: a cut after every value is math.MaxInt64.
func TestThresholdAt(t *testing.T) {
	gv, ends := groups([]int64{3, 1, 1, 2})
	assert.Equal(t, []int64{1, 2, 3}, gv)
	assert.Equal(t, []int64{2, 3, 4}, ends)
	assert.Equal(t, int64(1), thresholdAt(gv, ends, 0))
	assert.Equal(t, int64(2), thresholdAt(gv, ends, 2))
	assert.Equal(t, int64(3), thresholdAt(gv, ends, 3))
	assert.Equal(t, int64(math.MaxInt64), thresholdAt(gv, ends, 4))
}

// TestSortInt64 compares the radix sort with slices.Sort, across the
// sign and on values that share their high bytes.
func TestSortInt64(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 100, 5000, 70000} {
		for _, spread := range []int64{3, 1 << 20, math.MaxInt64} {
			a := make([]int64, n)
			for i := range a {
				a[i] = r.Int64N(spread) - spread/2
			}
			if n > 10 {
				a[0], a[1] = math.MinInt64, math.MaxInt64
			}
			want := slices.Clone(a)
			slices.Sort(want)
			sortInt64(a)
			require.Equal(t, want, a, "n %d spread %d", n, spread)
		}
	}
}

// TestGroupsCountingAndSorting: the counting path (narrow values) and the
// sorting path give the same groups.
func TestGroupsCountingAndSorting(t *testing.T) {
	narrow := []int64{5, 3, 5, 5, 9, 3}
	gv, ends := groups(narrow)
	assert.Equal(t, []int64{3, 5, 9}, gv)
	assert.Equal(t, []int64{2, 5, 6}, ends)
	wide := []int64{5e12, -3, 5e12, 5e12, 9e15, -3}
	gv, ends = groups(wide)
	assert.Equal(t, []int64{-3, 5e12, 9e15}, gv)
	assert.Equal(t, []int64{2, 5, 6}, ends)
}

// TestGroupsMerged: the groups of many wide values, sorted by halves and
// merged, are those of the values sorted whole, for values drawn from few
// and from many, with ties across the halves and a half of one value.
func TestGroupsMerged(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	n := 3*parallelGroups + 7
	for _, distinct := range []int64{1, 3, 1000, 1 << 40} {
		values := make([]int64, n)
		for i := range values {
			values[i] = r.Int64N(distinct)*1_000_003 - 5_000_000
		}
		if distinct == 3 {
			for i := range n / 2 {
				values[i] = 7e12 // the first half one value, beyond the rest
			}
		}
		wv, we := sortedGroups(values)
		gv, ends := groups(values)
		require.Equal(t, wv, gv, "distinct %d", distinct)
		require.Equal(t, we, ends, "distinct %d", distinct)
	}
}

// quantileCuts is quantileCutsOf on a copy of values.
func quantileCuts(values []int64, bins int) []int64 {
	return quantileCutsOf(slices.Clone(values), bins)
}

// sortedGroups is groups by slices.Sort, the reference.
func sortedGroups(values []int64) (gv, ends []int64) {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		gv, ends = append(gv, sorted[i]), append(ends, int64(j))
		i = j
	}
	return gv, ends
}

// TestRadixSort32 compares the radix sort with slices.Sort for both digit
// widths, on short slices, values that share their high digits and values
// that use every bit.
func TestRadixSort32(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, bits := range []uint{8, 11} {
		for _, n := range []int{0, 1, 100, 5000, 70000} {
			for _, spread := range []uint32{3, 1 << 20, 1 << 25, math.MaxUint32} {
				a := make([]uint32, n)
				for i := range a {
					a[i] = r.Uint32N(spread)
				}
				want := slices.Clone(a)
				slices.Sort(want)
				got := radixSort(a, make([]uint32, n), bits)
				require.Equal(t, want, got, "bits %d n %d spread %d", bits, n, spread)
			}
		}
	}
}

// TestCentsGroups: the groups of monetary values held as sortable cents
// are those of the amounts sorted, below and above the size sorted on two
// cores, across the sign, on few and many values, and at the ends of what
// 32 bits of cents hold.
func TestCentsGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, spread := range []int64{7, 100_000, 50_000_000, math.MaxUint32} {
		for _, n := range []int{0, 1, 5000, parallelGroups + 3} {
			values := make([]int64, n)
			cents := make([]uint32, n)
			for i := range values {
				values[i] = (r.Int64N(spread) - spread/2) * microPerCent
				if i == 3 {
					values[i] = math.MaxInt32 * microPerCent
				}
				var ok bool
				cents[i], ok = sortableCents(money.Amount(values[i]))
				require.True(t, ok, "%d", values[i])
			}
			wv, we := sortedGroups(values)
			gv, ends := centsGroups(cents)
			require.Equal(t, wv, gv, "spread %d n %d", spread, n)
			require.Equal(t, we, ends, "spread %d n %d", spread, n)
		}
	}
}

// TestSortableCents: whole cents within 32 bits round-trip; other amounts
// are refused.
func TestSortableCents(t *testing.T) {
	for _, a := range []money.Amount{0, 10_000, -10_000, math.MaxInt32 * 10_000, math.MinInt32 * 10_000} {
		s, ok := sortableCents(a)
		require.True(t, ok, "%d", a)
		assert.Equal(t, a, amountOfCents(s))
	}
	for _, a := range []money.Amount{1, -5_000, (math.MaxInt32 + 1) * 10_000, (math.MinInt32 - 1) * 10_000} {
		_, ok := sortableCents(a)
		assert.False(t, ok, "%d", a)
	}
	x, _ := sortableCents(-10_000)
	y, _ := sortableCents(0)
	z, _ := sortableCents(10_000)
	assert.True(t, x < y && y < z)
}

// BenchmarkQuantileCuts scores 2.5 million monetary-like values (cents,
// one-time buyers tied on common prices).
func BenchmarkQuantileCuts(b *testing.B) {
	const n = 2_500_000
	r := rand.New(rand.NewPCG(9, 10))
	values := make([]int64, n)
	for i := range values {
		values[i] = (100 + r.Int64N(500_000)) * 10_000
	}
	b.SetBytes(n * 8)
	b.ReportAllocs()
	for b.Loop() {
		quantileCuts(values, 5)
	}
}
