// Package digits appends whole and fixed-point decimal numbers to byte
// slices, writing the digits in place two at a time, and groups digits by
// thousands for people (Group: the one rule of money's and output's
// grouped numbers).
//
// strconv.AppendUint does the same work through a buffer of its own that
// it then copies, and a fixed-point number needs its digits copied once
// more around the point. Writing millions of numbers into a table, those
// calls and copies cost as much as the digits. Written by hand for that
// reason only: the results are strconv's, which the tests check.
package digits

import "math/bits"

// pairs holds "00" to "99".
const pairs = "0001020304050607080910111213141516171819" +
	"2021222324252627282930313233343536373839" +
	"4041424344454647484950515253545556575859" +
	"6061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

var pow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// Len returns the number of decimal digits of v, 1 for 0.
func Len(v uint64) int {
	n := bits.Len64(v) * 1233 >> 12 // floor(log10(2^len)): n or n+1 digits
	if n < len(pow10) && v >= pow10[n] {
		n++
	}
	return max(n, 1)
}

// AppendUint appends v in decimal.
func AppendUint(dst []byte, v uint64) []byte {
	n := Len(v)
	dst = extend(dst, n)
	put(dst[len(dst)-n:], v)
	return dst
}

// AppendInt appends v in decimal.
func AppendInt(dst []byte, v int64) []byte {
	if v < 0 {
		return AppendUint(append(dst, '-'), -uint64(v))
	}
	return AppendUint(dst, uint64(v))
}

// AppendScaled appends v / 10^d with exactly d decimals and at least one
// digit before the point: (12345, 2) is "123.45", (5, 3) is "0.005" and
// (7, 0) is "7". d is at most 19.
func AppendScaled(dst []byte, v uint64, d int) []byte {
	if d == 0 {
		return AppendUint(dst, v)
	}
	n := max(Len(v), d+1)
	dst = extend(dst, n+1)
	b := dst[len(dst)-n-1:]
	whole := n - d
	q := v / pow10[d]
	put(b[:whole], q)
	b[whole] = '.'
	frac := b[whole+1:]
	r := v - q*pow10[d]
	k := len(frac)
	if r != 0 {
		k -= Len(r)
		put(frac[k:], r)
	}
	for i := range k {
		frac[i] = '0'
	}
	return dst
}

// Group appends the decimal digits ds ('0' to '9', no sign, no point) with
// a comma before each group of three counted from the right:
// "1234567" -> "1,234,567".
func Group(dst, ds []byte) []byte {
	n := len(ds)
	if n == 0 {
		return dst
	}
	first := (n-1)%3 + 1
	dst = append(dst, ds[:first]...)
	for i := first; i < n; i += 3 {
		dst = append(dst, ',', ds[i], ds[i+1], ds[i+2])
	}
	return dst
}

// extend returns dst with n more bytes.
func extend(dst []byte, n int) []byte {
	if cap(dst)-len(dst) < n {
		grown := make([]byte, len(dst), 2*cap(dst)+n)
		copy(grown, dst)
		dst = grown
	}
	return dst[:len(dst)+n]
}

// put writes v into b, which has room for exactly its digits.
func put(b []byte, v uint64) {
	i := len(b)
	for v >= 100 {
		q := v / 100
		r := (v - q*100) * 2
		i -= 2
		b[i], b[i+1] = pairs[r], pairs[r+1]
		v = q
	}
	if v >= 10 {
		b[i-2], b[i-1] = pairs[2*v], pairs[2*v+1]
	} else {
		b[i-1] = byte('0' + v)
	}
}
