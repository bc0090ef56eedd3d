package parquetpage

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"

	"lifecycle/dates"
)

// The text of Parquet values (see the package comment).

// First and last days that text dates can hold (years 0000 to 9999).
const (
	MinTextDay = -719528
	MaxTextDay = 2932896
)

// AppendNum appends the text of a typed column's value as a batch holds it
// (Values.Nums): an INT32 or INT64 value, an INT96 timestamp's seconds or a
// DOUBLE's bits (see column.num). days caches the last day written.
func (c *Type) AppendNum(b []byte, v int64, days *DayCache) []byte {
	switch c.Kind {
	case Uint:
		return appendUint(b, uint64(v))
	case Decimal:
		return appendDecimal(b, v, c.Scale)
	case Date:
		if v >= MinTextDay && v <= MaxTextDay {
			return days.append(b, v)
		}
	case Timestamp, Int96:
		return c.appendTimestamp(b, v, days)
	case Time:
		return appendClock(b, floorDiv(v, c.Per))
	case Double: // typed, by its bits (see column.num)
		return strconv.AppendFloat(b, math.Float64frombits(uint64(v)), 'f', -1, 64)
	}
	return appendInt(b, v)
}

// DayCache holds the text of the last day written: rows come in date order
// more often than not. Its zero value is empty.
type DayCache struct {
	day  int64
	ok   bool
	text [10]byte
}

// append appends a day as "2021-03-13".
func (dc *DayCache) append(b []byte, day int64) []byte {
	if day != dc.day || !dc.ok {
		dates.AppendDay(dc.text[:0], int32(day))
		dc.day, dc.ok = day, true
	}
	d := &dc.text
	return append(b, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9])
}

// Seconds returns the whole seconds (floored) of a timestamp of c.Per units
// per second.
func (c *Type) Seconds(v int64) int64 {
	switch {
	case v < 0:
		return floorDiv(v, c.Per)
	case c.Per == 1e3: // constant divisors are multiplications
		return v / 1e3
	case c.Per == 1e6:
		return v / 1e6
	case c.Per == 1e9:
		return v / 1e9
	}
	return v / c.Per
}

// appendTimestamp appends v units since the epoch as "2021-03-13T03:03:27",
// with a "Z" when adjusted to UTC; instants beyond the years 0000-9999 are
// written as the number.
func (c *Type) appendTimestamp(b []byte, v int64, days *DayCache) []byte {
	sec := c.Seconds(v)
	day := floorDiv(sec, 86400)
	if day < MinTextDay || day > MaxTextDay {
		return appendInt(b, v)
	}
	b = days.append(b, day)
	s := sec - day*86400
	h, m := s/3600, s/60%60
	s %= 60
	b = append(b, 'T', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if c.UTC {
		b = append(b, 'Z')
	}
	return b
}

// appendBytes appends the text of a byte-array value of a non-raw kind.
func (c *column) appendBytes(b, v []byte) []byte {
	switch c.Kind {
	case Decimal:
		return appendDecimalBytes(b, v, c.Scale)
	case UUID:
		const hex = "0123456789abcdef"
		for i, x := range v {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				b = append(b, '-')
			}
			b = append(b, hex[x>>4], hex[x&15])
		}
		return b
	case Float16:
		return strconv.AppendFloat(b, float64(half(uint16(v[0])|uint16(v[1])<<8)), 'f', -1, 32)
	}
	return append(b, v...)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// appendTimestamp appends v units (per per second) since the epoch, as
// Type.appendTimestamp does.
func appendTimestamp(b []byte, v, per int64, utc bool) []byte {
	c := Type{Per: per, UTC: utc}
	return c.appendTimestamp(b, v, &DayCache{})
}

// appendClock appends the time of day of sec seconds as "03:03:27".
func appendClock(b []byte, sec int64) []byte {
	s := sec - floorDiv(sec, 86400)*86400
	h, m := s/3600, s/60%60
	s %= 60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}

// appendInt96 appends a legacy INT96 timestamp.
func appendInt96(b []byte, v []byte) []byte {
	return appendTimestamp(b, int96Seconds(v), 1, true)
}

// int96Seconds returns the Unix seconds of a legacy INT96 timestamp:
// nanoseconds of the day, then the Julian day, little-endian.
func int96Seconds(v []byte) int64 {
	var nanos uint64
	for i := 7; i >= 0; i-- {
		nanos = nanos<<8 | uint64(v[i])
	}
	jd := int64(uint32(v[8]) | uint32(v[9])<<8 | uint32(v[10])<<16 | uint32(v[11])<<24)
	return (jd-2440588)*86400 + int64(nanos/1e9)
}

// appendDecimal appends unscaled v at scale as exact decimal text.
func appendDecimal(b []byte, v int64, scale int) []byte {
	mag := uint64(v)
	if v < 0 {
		mag = -mag
		b = append(b, '-')
	}
	if scale == 0 {
		return appendUint(b, mag)
	}
	if scale == 2 { // the usual one, with a constant divisor
		b = appendUint(b, mag/100)
		r := (mag % 100) * 2
		return append(b, '.', digitPairs[r], digitPairs[r+1])
	}
	if scale < len(pow10u) {
		p := pow10u[scale]
		b = appendUint(b, mag/p)
		b = append(b, '.')
		return appendPadded(b, mag%p, scale)
	}
	var tmp [20]byte
	return appendScaled(b, false, strconv.AppendUint(tmp[:0], mag, 10), scale)
}

// pow10u holds the powers of ten that fit in a uint64.
var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// appendInt appends v in decimal, as strconv.AppendInt does, writing in
// place.
func appendInt(b []byte, v int64) []byte {
	if v < 0 {
		return appendUint(append(b, '-'), -uint64(v))
	}
	return appendUint(b, uint64(v))
}

// appendUint appends u in decimal.
func appendUint(b []byte, u uint64) []byte {
	// The number of digits: about log10 from the bit length, then exact.
	n := (bits.Len64(u) * 1233) >> 12
	if n < len(pow10u) && u >= pow10u[n] {
		n++
	}
	return appendPadded(b, u, max(n, 1))
}

// appendPadded appends the last n decimal digits of u, zero-padded.
func appendPadded(b []byte, u uint64, n int) []byte {
	at := len(b)
	b = slices.Grow(b, n)[:at+n]
	d := b[at:]
	i := n
	for i >= 2 {
		q := u / 100
		r := (u - q*100) * 2
		d[i-1], d[i-2] = digitPairs[r+1], digitPairs[r]
		u = q
		i -= 2
	}
	if i == 1 {
		d[0] = byte('0' + u%10)
	}
	return b
}

// appendScaled appends the digits of a magnitude with a decimal point scale
// digits from the right.
func appendScaled(b []byte, neg bool, digits []byte, scale int) []byte {
	if neg && !(len(digits) == 1 && digits[0] == '0') {
		b = append(b, '-')
	}
	if scale <= 0 {
		return append(b, digits...)
	}
	if len(digits) > scale {
		b = append(b, digits[:len(digits)-scale]...)
		b = append(b, '.')
		return append(b, digits[len(digits)-scale:]...)
	}
	b = append(b, '0', '.')
	for range scale - len(digits) {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// appendDecimalBytes appends a big-endian two's complement unscaled value
// at scale.
func appendDecimalBytes(b, v []byte, scale int) []byte {
	switch {
	case len(v) == 0:
		return b
	case len(v) <= 8:
		x := int64(int8(v[0])) // sign-extended
		for _, c := range v[1:] {
			x = x<<8 | int64(c)
		}
		return appendDecimal(b, x, scale)
	case len(v) <= 16:
		var hi, lo uint64
		if v[0]&0x80 != 0 {
			hi, lo = ^uint64(0), ^uint64(0)
		}
		for _, c := range v {
			hi = hi<<8 | lo>>56
			lo = lo<<8 | uint64(c)
		}
		neg := int64(hi) < 0
		if neg {
			var borrow uint64
			lo, borrow = bits.Sub64(0, lo, 0)
			hi, _ = bits.Sub64(0, hi, borrow)
		}
		var tmp [48]byte
		return appendScaled(b, neg, appendUint128(tmp[:0], hi, lo), scale)
	case len(v) <= 64:
		x := new(big.Int).SetBytes(v)
		neg := v[0]&0x80 != 0
		if neg {
			x.Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*len(v))), x)
		}
		return appendScaled(b, neg, x.Append(nil, 10), scale)
	}
	return b // not a decimal: an empty field
}

// appendUint128 appends the decimal digits of hi:lo.
func appendUint128(b []byte, hi, lo uint64) []byte {
	if hi == 0 {
		return strconv.AppendUint(b, lo, 10)
	}
	const e19 = 10_000_000_000_000_000_000
	q, r := bits.Div64(hi%e19, lo, e19)
	b = appendUint128(b, hi/e19, q)
	var tmp [20]byte
	d := strconv.AppendUint(tmp[:0], r, 10)
	for range 19 - len(d) {
		b = append(b, '0')
	}
	return append(b, d...)
}

// half converts an IEEE 754 half-precision float.
func half(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f: // Inf, NaN
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp == 0:
		if frac == 0 {
			return math.Float32frombits(sign)
		}
		f := float32(frac) / (1 << 24) // subnormal: frac * 2^-24
		if sign != 0 {
			f = -f
		}
		return f
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}
