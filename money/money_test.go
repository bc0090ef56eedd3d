package money

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestString(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{0, "0.00"},
		{u(12, 500_000), "12.50"},
		{u(0, 125_000), "0.125"},
		{u(-3, 0), "-3.00"},
		{1, "0.000001"},
		{-1, "-0.000001"},
		{u(1234567, 890_000), "1234567.89"},
		{u(1, 10_000), "1.01"},
		{u(1, 100_000), "1.10"},
		{u(1, 123_450), "1.12345"},
		{MaxAmount, "9223372036854.775807"},
		{-MaxAmount, "-9223372036854.775807"},
		{math.MinInt64, "-9223372036854.775808"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.String(), "%d", int64(tt.a))
		assert.Equal(t, "x"+tt.want, string(tt.a.AppendText([]byte("x"))))
	}
}

func TestAppendTextAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	a := u(-1234567, 890_000)
	n := testing.AllocsPerRun(100, func() { buf = a.AppendText(buf[:0]) })
	assert.Zero(t, n)
}

func TestGrouped(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{0, "0.00"},
		{u(2500315, 630_000), "2,500,315.63"},
		{u(2500315, 625_000), "2,500,315.62"}, // half to even
		{u(2500315, 635_000), "2,500,315.64"},
		{u(2500315, 625_001), "2,500,315.63"},
		{u(-1234, 500_000), "-1,234.50"},
		{u(999, 995_000), "1,000.00"},
		{u(999, 994_999), "999.99"},
		{u(100, 0), "100.00"},
		{u(1000, 0), "1,000.00"},
		{u(100000, 0), "100,000.00"},
		{u(1000000, 0), "1,000,000.00"},
		{-4999, "0.00"}, // rounds to zero: no "-0.00"
		{-5000, "0.00"}, // half to even: 0
		{-5001, "-0.01"},
		{MaxAmount, "9,223,372,036,854.78"},
		{-MaxAmount, "-9,223,372,036,854.78"},
		{math.MinInt64, "-9,223,372,036,854.78"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.Grouped(), "%d", int64(tt.a))
	}
}

func TestRound(t *testing.T) {
	tests := []struct {
		a    Amount
		n    int
		want Amount
	}{
		{u(1, 234_567), 6, u(1, 234_567)},
		{u(1, 234_567), 9, u(1, 234_567)},
		{u(1, 234_567), 5, u(1, 234_570)},
		{u(1, 234_567), 2, u(1, 230_000)},
		{u(1, 235_000), 2, u(1, 240_000)},
		{u(1, 245_000), 2, u(1, 240_000)}, // half to even
		{u(1, 245_001), 2, u(1, 250_000)},
		{u(-1, 245_000), 2, u(-1, 240_000)},
		{u(-1, 255_000), 2, u(-1, 260_000)},
		{u(2, 500_000), 0, u(2, 0)},
		{u(3, 500_000), 0, u(4, 0)},
		{u(-2, 500_000), 0, u(-2, 0)},
		{u(-3, 500_000), 0, u(-4, 0)},
		{u(0, 500_000), 0, 0},
		{u(0, 5), 5, 0},
		{u(0, 15), 5, 20},
		{MaxAmount, 6, MaxAmount},
		{MaxAmount, 2, u(9223372036854, 770_000)}, // rounding up would overflow
		{-MaxAmount, 2, u(-9223372036854, 770_000)},
		{MaxAmount, 0, u(9223372036854, 0)},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.Round(tt.n), "%s.Round(%d)", tt.a, tt.n)
	}
	assert.Panics(t, func() { Amount(1).Round(-1) })
}

func TestAdd(t *testing.T) {
	tests := []struct {
		a, b Amount
		want Amount
		ok   bool
	}{
		{u(1, 0), u(2, 500_000), u(3, 500_000), true},
		{u(1, 0), u(-2, 500_000), u(-1, 500_000), true},
		{MaxAmount, 0, MaxAmount, true},
		{MaxAmount, 1, 0, false},
		{MaxAmount, MaxAmount, 0, false},
		{-MaxAmount, -1, 0, false}, // math.MinInt64 is outside the range
		{-MaxAmount, -2, 0, false},
		{-MaxAmount, -MaxAmount, 0, false},
		{MaxAmount, -MaxAmount, 0, true},
		{math.MinInt64, 1, -MaxAmount, true},
		{math.MinInt64, 0, 0, false},
	}
	for _, tt := range tests {
		got, ok := Add(tt.a, tt.b)
		assert.Equal(t, tt.ok, ok, "%d+%d", tt.a, tt.b)
		assert.Equal(t, tt.want, got, "%d+%d", tt.a, tt.b)
		got, ok = Add(tt.b, tt.a)
		assert.Equal(t, tt.ok, ok, "%d+%d", tt.b, tt.a)
		assert.Equal(t, tt.want, got, "%d+%d", tt.b, tt.a)
	}
}

// TestSumAddSum: sums of parts added together are the sum of the whole,
// beyond the range of an Amount on the way.
func TestSumAddSum(t *testing.T) {
	parts := [][]Amount{{MaxAmount, MaxAmount, 7}, {-MaxAmount, -3}, {}, {-MaxAmount, -MaxAmount, MaxAmount}}
	var whole, merged Sum
	for _, p := range parts {
		var s Sum
		for _, a := range p {
			s.Add(a)
			whole.Add(a)
		}
		merged.AddSum(s)
	}
	assert.Equal(t, whole, merged)
	total, err := merged.Total()
	require.NoError(t, err)
	assert.Equal(t, Amount(4), total)

	var big, neg Sum
	for range 3 {
		big.Add(MaxAmount)
		neg.Add(-MaxAmount)
	}
	big.AddSum(neg)
	total, err = big.Total()
	require.NoError(t, err)
	assert.Zero(t, total)
}

func TestSum(t *testing.T) {
	var s Sum
	total, err := s.Total()
	require.NoError(t, err)
	assert.Zero(t, total)

	for _, v := range []string{"0.10", "0.20", "0.30", "-0.05", "1,000.001"} {
		a, err := ParseString(v, Options{})
		require.NoError(t, err)
		s.Add(a)
	}
	total, err = s.Total()
	require.NoError(t, err)
	assert.Equal(t, "1000.551", total.String())

	// Intermediate totals beyond the range are fine if the end result fits.
	s = Sum{}
	s.Add(MaxAmount)
	s.Add(MaxAmount)
	_, err = s.Total()
	assert.ErrorIs(t, err, ErrRange)
	assert.EqualError(t, err, "total too large")
	s.Add(-MaxAmount)
	s.Add(-5)
	total, err = s.Total()
	require.NoError(t, err)
	assert.Equal(t, MaxAmount-5, total)

	s = Sum{}
	s.Add(-MaxAmount)
	s.Add(-1)
	_, err = s.Total()
	assert.ErrorIs(t, err, ErrRange)
	s.Add(math.MinInt64)
	s.Add(math.MinInt64)
	s.Add(math.MaxInt64)
	s.Add(math.MaxInt64)
	s.Add(4)
	total, err = s.Total()
	require.NoError(t, err)
	assert.Equal(t, -MaxAmount+1, total)
}

// bigRoundHalfEven returns the integer nearest to r, ties to even.
func bigRoundHalfEven(r *big.Rat) *big.Int {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	switch rem.Lsh(rem, 1).Cmp(den) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// bigMul is Mul computed with math/big.
func bigMul(q, p Amount) (Amount, bool) {
	r := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(int64(q)), big.NewInt(int64(p))), big.NewInt(Scale))
	x := bigRoundHalfEven(r)
	if !x.IsInt64() || x.Int64() == math.MinInt64 {
		return 0, false
	}
	return Amount(x.Int64()), true
}

func TestMul(t *testing.T) {
	tests := []struct {
		q, p Amount
		want Amount
		ok   bool
	}{
		{u(3, 0), u(19, 990_000), u(59, 970_000), true},
		{u(2, 500_000), u(4, 10_000), u(10, 25_000), true},
		{u(-2, 0), u(4, 10_000), u(-8, 20_000), true},
		{u(-2, 0), u(-4, 10_000), u(8, 20_000), true},
		{u(0, 333_333), u(0, 3), 1, true},        // 0.000000999999 -> 0.000001
		{u(0, 500_000), 1, 0, true},              // 0.0000005 -> 0 (even)
		{u(1, 500_000), 1, 2, true},              // 0.0000015 -> 0.000002
		{u(2, 500_000), 1, 2, true},              // 0.0000025 -> 0.000002
		{u(-1, 500_000), 1, -2, true},            // -0.0000015 -> -0.000002
		{u(0, 1), u(0, 1), 0, true},              // 1e-12 -> 0
		{MaxAmount, u(1, 0), MaxAmount, true},    // exact
		{MaxAmount, u(-1, 0), -MaxAmount, true},  // exact
		{MaxAmount, u(1, 1), 0, false},           // just over
		{u(3037001, 0), u(3037001, 0), 0, false}, // 9223375074001 > max units
		{u(3037000, 0), u(3037000, 0), u(9223369000000, 0), true},
		{math.MinInt64, math.MinInt64, 0, false},
		{math.MinInt64, u(1, 0), 0, false},
		{u(0, 0), MaxAmount, 0, true},
	}
	for _, tt := range tests {
		got, ok := Mul(tt.q, tt.p)
		assert.Equal(t, tt.ok, ok, "%s*%s", tt.q, tt.p)
		assert.Equal(t, tt.want, got, "%s*%s = %s", tt.q, tt.p, got)
		wantBig, okBig := bigMul(tt.q, tt.p)
		assert.Equal(t, okBig, ok, "%s*%s vs big", tt.q, tt.p)
		assert.Equal(t, wantBig, got, "%s*%s vs big", tt.q, tt.p)
	}
}

func TestFloat64(t *testing.T) {
	assert.Equal(t, 12.5, u(12, 500_000).Float64())
	assert.Equal(t, -0.01, u(0, -10_000).Float64())
	assert.Equal(t, 0.1, u(0, 100_000).Float64())
	assert.Equal(t, 1234567.89, u(1234567, 890_000).Float64())
}

func TestJSON(t *testing.T) {
	type row struct {
		Amount Amount  `json:"amount"`
		Ptr    *Amount `json:"ptr"`
	}
	a := u(-1234, 500_000)
	out, err := json.Marshal(row{Amount: a, Ptr: &a})
	require.NoError(t, err)
	assert.JSONEq(t, `{"amount":-1234.50,"ptr":-1234.50}`, string(out))
	assert.Equal(t, `{"amount":-1234.50,"ptr":-1234.50}`, string(out))

	var back row
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, a, back.Amount)
	require.NotNil(t, back.Ptr)
	assert.Equal(t, a, *back.Ptr)

	tests := []struct {
		in   string
		want Amount
		err  error
	}{
		{`12.5`, u(12, 500_000), nil},
		{`"12.5"`, u(12, 500_000), nil},
		{`-0`, 0, nil},
		{`0.1234565`, u(0, 123_456), nil},
		{`0.1234575`, u(0, 123_458), nil},
		{`1.5e2`, u(150, 0), nil},
		{`1.5E+2`, u(150, 0), nil},
		{`125e-3`, u(0, 125_000), nil},
		{`-125e-9`, 0, nil},
		{`-1500e-9`, -2, nil},
		{`5e-7`, 0, nil},
		{`5.000001e-7`, 1, nil},
		{`1e-7`, 0, nil},
		{`1e-100`, 0, nil},
		{`0e999`, 0, nil},
		{`9.223372036854775807e12`, MaxAmount, nil},
		{`9.223372036854775808e12`, 0, ErrRange},
		{`1e13`, 0, ErrRange},
		{`1e99999999999`, 0, ErrRange},
		{`"12,50"`, 0, ErrSyntax},
		{`"$12.50"`, 0, ErrSyntax},
		{`".5"`, 0, ErrSyntax},
		{`"5."`, 0, ErrSyntax},
		{`"1e"`, 0, ErrSyntax},
		{`"1e+"`, 0, ErrSyntax},
		{`"--1"`, 0, ErrSyntax},
		{`""`, 0, ErrSyntax},
		{`true`, 0, ErrSyntax},
	}
	for _, tt := range tests {
		var got Amount
		err := got.UnmarshalJSON([]byte(tt.in))
		if tt.err != nil {
			assert.ErrorIs(t, err, tt.err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}

	// null leaves the value alone.
	b := u(7, 0)
	require.NoError(t, json.Unmarshal([]byte(`null`), &b))
	assert.Equal(t, u(7, 0), b)
}

func BenchmarkAppendText(b *testing.B) {
	a := u(-1234567, 890_000)
	buf := make([]byte, 0, 32)
	b.ReportAllocs()
	for b.Loop() {
		buf = a.AppendText(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkString(b *testing.B) {
	a := u(-1234567, 890_000)
	b.ReportAllocs()
	for b.Loop() {
		_ = a.String()
	}
}

func BenchmarkGrouped(b *testing.B) {
	a := u(2500315, 625_000)
	b.ReportAllocs()
	for b.Loop() {
		_ = a.Grouped()
	}
}

func BenchmarkMul(b *testing.B) {
	q, p := u(3, 0), u(19, 990_000)
	b.ReportAllocs()
	for b.Loop() {
		q, _ = Mul(q|1, p)
	}
}

func BenchmarkSum(b *testing.B) {
	var s Sum
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Add(Amount(i))
	}
	if _, err := s.Total(); err != nil {
		b.Fatal(err)
	}
}
