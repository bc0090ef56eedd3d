package money

import (
	"errors"
	"math"
	"math/bits"
	"strconv"

	"lifecycle/msg"
)

// Rate is an exchange rate: how many units of one currency a unit of
// another buys, held exactly as the decimal it was written as (up to 18
// significant digits and 18 fractional ones: 0.0061234 and 158.7321 alike),
// so that converting rounds once, at the end.
type Rate struct {
	num uint64 // the digits
	exp uint8  // the rate is num / 10^exp
}

// ErrRate is wrapped by ParseRate's errors.
var ErrRate = msg.Errorf("not a rate")

// ParseRate reads a positive decimal rate ("1.0854", "0.0061234", "158").
// A sign, an exponent, separators and zero are refused.
func ParseRate(s string) (Rate, error) {
	var r Rate
	digits, dot := 0, false
	if s == "" {
		return r, errors.Join(ErrRate, msg.Errorf("empty"))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !dot && i+1 < len(s):
			dot = true
		case c >= '0' && c <= '9':
			if r.num == 0 && c == '0' {
				if dot {
					if r.exp == 18 {
						return Rate{}, errors.Join(ErrRate, msg.Errorf("more than 18 decimals"))
					}
					r.exp++
				}
				continue // leading zeros
			}
			if digits == 18 {
				return Rate{}, errors.Join(ErrRate, msg.Errorf("more than 18 significant digits"))
			}
			if dot {
				if r.exp == 18 {
					return Rate{}, errors.Join(ErrRate, msg.Errorf("more than 18 decimals"))
				}
				r.exp++
			}
			r.num = r.num*10 + uint64(c-'0')
			digits++
		default:
			return Rate{}, errors.Join(ErrRate, msg.Errorf("a rate is a positive decimal number such as 1.0854"))
		}
	}
	if r.num == 0 {
		return Rate{}, errors.Join(ErrRate, msg.Errorf("zero"))
	}
	return r, nil
}

var pow10u = func() (p [19]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// One is the rate of a currency to itself.
var One = Rate{num: 1}

// Convert returns a x r, rounded half to even to an Amount's six decimals;
// ok=false if it is beyond ±MaxAmount.
func (r Rate) Convert(a Amount) (Amount, bool) {
	hi, lo := bits.Mul64(a.magnitude(), r.num)
	d := pow10u[r.exp]
	if hi >= d {
		return 0, false
	}
	quo, rem := bits.Div64(hi, lo, d)
	if rem > d/2 || rem == d/2 && d > 1 && quo&1 == 1 {
		quo++
	}
	if quo > math.MaxInt64 {
		return 0, false
	}
	return signed(quo, a < 0), true
}

// String writes the rate as the decimal it was read as (without leading
// or trailing zeros beyond the number's own).
func (r Rate) String() string {
	s := strconv.FormatUint(r.num, 10)
	if r.exp == 0 {
		return s
	}
	for len(s) <= int(r.exp) {
		s = "0" + s
	}
	return s[:len(s)-int(r.exp)] + "." + s[len(s)-int(r.exp):]
}
