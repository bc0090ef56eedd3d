package parquetpage

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
)

// bigEndian returns v as an n-byte big-endian two's complement number.
func bigEndian(v int64, n int) []byte {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func TestBitPackedLevels(t *testing.T) {
	dst := make([]uint32, 10)
	n, err := bitPackedLevels(dst, []byte{0b10110000, 0b01000000, 0xff})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []uint32{1, 0, 1, 1, 0, 0, 0, 0, 0, 1}, dst)
	_, err = bitPackedLevels(dst, []byte{1})
	assert.ErrorIs(t, err, errPageShort)
}

func TestText(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{string(appendDecimal(nil, 1234, 2)), "12.34"},
		{string(appendDecimal(nil, -5, 2)), "-0.05"},
		{string(appendDecimal(nil, 0, 3)), "0.000"},
		{string(appendDecimal(nil, -1<<63, 0)), "-9223372036854775808"},
		{string(appendDecimal(nil, 7, 0)), "7"},
		{string(appendDecimalBytes(nil, []byte{0xff, 0x85}, 1)), "-12.3"},
		{string(appendDecimalBytes(nil, bigEndian(-1234, 16), 2)), "-12.34"},
		{string(appendDecimalBytes(nil, append([]byte{0x7f}, bytes.Repeat([]byte{0xff}, 15)...), 0)), "170141183460469231731687303715884105727"},
		{string(appendDecimalBytes(nil, append([]byte{0x80}, make([]byte, 15)...), 38)), "-1.70141183460469231731687303715884105728"},
		{string(appendDecimalBytes(nil, append([]byte{0xff}, bigEndian(-100, 19)...), 2)), "-1.00"},
		{string(appendTimestamp(nil, 1615604607_999, 1000, true)), "2021-03-13T03:03:27Z"},
		{string(appendTimestamp(nil, -1, 1000, false)), "1969-12-31T23:59:59"},
		{string(appendTimestamp(nil, 1<<62, 1, true)), "4611686018427387904"},
		{string(appendInt96(nil, []byte{0, 0x10, 0xa5, 0xd4, 0xe8, 0, 0, 0, 0x97, 0x86, 0x25, 0})), "2021-03-13T00:16:40Z"},
		{string(appendClock(nil, -1)), "23:59:59"},
		{strconv.FormatFloat(float64(half(0x3c00)), 'f', -1, 32), "1"},
		{strconv.FormatFloat(float64(half(0xc100)), 'f', -1, 32), "-2.5"},
		{strconv.FormatFloat(float64(half(0x0001)), 'f', -1, 32), "0.000000059604645"},
	} {
		assert.Equal(t, c.want, c.got)
	}
	assert.Equal(t, "2021-03-13", dates.DayString(18699))
}

func TestRLEDecode(t *testing.T) {
	// A run of 5 threes, then 8 bit-packed values of 2 bits.
	src := []byte{5 << 1, 3, 1<<1 | 1, 0b11100100, 0b00011011}
	dst := make([]uint32, 13)
	require.NoError(t, rleDecode(dst, src, 2))
	assert.Equal(t, []uint32{3, 3, 3, 3, 3, 0, 1, 2, 3, 3, 2, 1, 0}, dst)
	// Runs declaring more values than asked for give only what is asked.
	big := binary.AppendUvarint(nil, 1<<40)
	dst = make([]uint32, 3)
	require.NoError(t, rleDecode(dst, append(big, 1), 1))
	assert.Equal(t, []uint32{1, 1, 1}, dst)
	assert.ErrorIs(t, rleDecode(make([]uint32, 4), []byte{3 << 1}, 1), errPageShort)
	assert.ErrorIs(t, rleDecode(make([]uint32, 20), src, 2), errPageShort)
}

// TestDeltaDecode decodes what parquet-go's DELTA_BINARY_PACKED encoder
// writes, for deltas of every width up to 64 bits.
func TestDeltaDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for bitsWide := range 65 {
		vals := make([]int64, 1+r.IntN(700))
		for i := range vals {
			vals[i] = int64(r.Uint64() >> (64 - bitsWide) & (1<<bitsWide - 1))
			if bitsWide == 64 {
				vals[i] = int64(r.Uint64())
			}
		}
		vals[0] = math.MinInt64 >> (64 - max(bitsWide, 1))
		data, err := parquet.DeltaBinaryPacked.EncodeInt64(nil, vals)
		require.NoError(t, err)
		got := make([]int64, len(vals))
		used, err := deltaDecode(got, data)
		require.NoError(t, err, "width %d", bitsWide)
		assert.Equal(t, vals, got, "width %d", bitsWide)
		assert.Equal(t, len(data), used)

		_, err = deltaDecode(make([]int64, len(vals)+1), data)
		assert.Error(t, err, "a count other than the page's")
		_, err = deltaDecode(got, data[:len(data)/2])
		assert.Error(t, err, "truncated")
	}
	i32 := []int32{math.MinInt32, math.MaxInt32, -1, 0, 7}
	data, err := parquet.DeltaBinaryPacked.EncodeInt32(nil, i32)
	require.NoError(t, err)
	var sc scratch
	got, err := sc.decodeInts(format.DeltaBinaryPacked, data, len(i32), 4, false)
	require.NoError(t, err)
	assert.Equal(t, []int64{math.MinInt32, math.MaxInt32, -1, 0, 7}, got)
}
