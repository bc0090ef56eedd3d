package money

import (
	"errors"
	"math"

	"lifecycle/msg"
)

// Sentinel errors; test for them with errors.Is. The messages are short and
// do not quote the input: callers add the position and the value.
var (
	// ErrEmpty means the value is empty or blank.
	ErrEmpty = msg.Errorf("empty")
	// ErrSyntax means the value is not a number Parse understands.
	ErrSyntax = msg.Errorf("not a number")
	// ErrRange means the value is outside ±MaxAmount.
	ErrRange = msg.Errorf("too large")
	// ErrSeparator means a thousands separator is where none can be, which
	// usually means the decimal separator option is wrong for the file.
	ErrSeparator = msg.Errorf("misplaced thousands separator")
)

// ParseError is the error Parse returns. Parse returns shared values, so a
// ParseError must not be modified.
type ParseError struct {
	// Err is ErrEmpty, ErrSyntax, ErrRange or ErrSeparator.
	Err error
	// Hint is advice for the user, or "".
	Hint string
}

// Error returns Err's message followed by the hint in parentheses.
func (e *ParseError) Error() string {
	if e.Hint == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + " (" + e.Hint + ")"
}

// Unwrap returns Err.
func (e *ParseError) Unwrap() error { return e.Err }

// The errors Parse returns, allocated once so that failing is as cheap as
// succeeding (callers may try many fields).
var (
	errEmpty    = &ParseError{Err: ErrEmpty}
	errSyntax   = &ParseError{Err: ErrSyntax}
	errRange    = &ParseError{Err: ErrRange}
	errSep      = &ParseError{Err: ErrSeparator}
	errSepComma = &ParseError{Err: ErrSeparator, Hint: "use --decimal-comma for 12,50"}
	errSepDot   = &ParseError{Err: ErrSeparator, Hint: "drop --decimal-comma for 12.50"}
)

// Options controls how amounts are written in the input.
type Options struct {
	// DecimalComma makes ',' the decimal separator ("12,50" is 12.5) and '.'
	// a thousands separator. Without it '.' is the decimal separator and ','
	// a thousands separator. "'", '’' and spaces are thousands separators in
	// both modes.
	DecimalComma bool
}

// Parse reads an amount as written in real exports; see the package
// documentation for the accepted spellings. More than six fractional digits
// are rounded half to even. Errors are *ParseError values wrapping ErrEmpty,
// ErrSyntax, ErrRange or ErrSeparator. Parse does not allocate.
func Parse(b []byte, opt Options) (Amount, error) {
	return parse(b, opt)
}

// ParseString is Parse for a string.
func ParseString(s string, opt Options) (Amount, error) {
	return parse(s, opt)
}

// text is the input of the parser.
type text interface{ ~string | ~[]byte }

// parse is Parse: a fast path for plain numbers, then the general scanner.
func parse[T text](b T, opt Options) (Amount, error) {
	dec := byte('.')
	if opt.DecimalComma {
		dec = ','
	}
	if a, ok := parseFast(b, dec); ok {
		return a, nil
	}
	if hasFullWidth(b) {
		return parseFullWidth(b, opt.DecimalComma)
	}
	a, _, _, err := scan(b, opt.DecimalComma)
	return a, err
}

// hasFullWidth reports whether b holds a full-width form of an ASCII
// character (U+FF01 to U+FF5E: "１２．５０", "－", "，").
func hasFullWidth[T text](b T) bool {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0xEF && (b[i+1] == 0xBC && b[i+2] >= 0x81 || b[i+1] == 0xBD && b[i+2] <= 0x9E) {
			return true
		}
	}
	return false
}

// foldWidth appends b to dst with every full-width form of an ASCII
// character (U+FF01 to U+FF5E) replaced by that character.
func foldWidth[T text](dst []byte, b T) []byte {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == 0xEF && i+2 < len(b) {
			switch c1, c2 := b[i+1], b[i+2]; {
			case c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF: // U+FF01..U+FF3F
				dst = append(dst, 0x20+(c2-0x80))
				i += 2
				continue
			case c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E: // U+FF40..U+FF5E
				dst = append(dst, 0x60+(c2-0x80))
				i += 2
				continue
			}
		}
		dst = append(dst, c)
	}
	return dst
}

// parseFullWidth parses b with its full-width characters folded to ASCII.
func parseFullWidth[T text](b T, comma bool) (Amount, error) {
	var buf [128]byte
	a, _, _, err := scan(foldWidth(buf[:0], b), comma)
	return a, err
}

// parsePlain parses an already validated -?digits(.digits)? with rounding.
func parsePlain(b []byte) (Amount, error) {
	a, _, _, err := scan(b, false)
	return a, err
}

// maxFastDigits is the most integer digits parseFast takes; fewer than
// 10^12 units cannot overflow.
const maxFastDigits = 12

// parseFast parses -?[0-9]{1,12}(dec[0-9]{0,6})? where the integer digits
// may be grouped by threes with ',' ('.' if dec is ','), and reports
// ok=false for anything else, which the general scanner then handles.
func parseFast[T text](b T, dec byte) (Amount, bool) {
	sep := byte(',')
	if dec == ',' {
		sep = '.'
	}
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		i, neg = 1, true
	}
	start := i
	var v uint64
	nInt, group, nSep := 0, 0, 0
	for ; i < len(b); i++ {
		c := b[i]
		if d := c - '0'; d <= 9 {
			v = v*10 + uint64(d)
			nInt++
			group++
			continue
		}
		if c != sep {
			break
		}
		if nSep == 0 && (group == 0 || group > 3 || b[start] == '0') || nSep > 0 && group != 3 {
			return 0, false
		}
		nSep++
		group = 0
	}
	if nInt == 0 || nInt > maxFastDigits || nSep > 0 && group != 3 {
		return 0, false
	}
	nf := 0
	if i < len(b) {
		if b[i] != dec {
			return 0, false
		}
		for i++; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 || nf == Decimals {
				return 0, false
			}
			v = v*10 + uint64(d)
			nf++
		}
	}
	return signed(v*pow10[Decimals-nf], neg), true
}

// maxUnits is the largest integer part an Amount can hold.
const maxUnits = math.MaxInt64 / Scale

// scan is the general parser. Besides the amount it returns the byte span
// [start, end) of the number itself (digits, separators, decimal separator),
// which the tests check against an independent computation; the span is set
// when err is nil or wraps ErrRange.
//
// A separator in the wrong place is ErrSeparator only when the rest is a
// number: "12,5x", and "1.A" with DecimalComma, are not numbers at all
// (ErrSyntax). The rest is checked up to 64 bytes.
func scan[T text](b T, comma bool) (a Amount, start, end int, err error) {
	a, start, end, err = scanNumber(b, comma)
	if errors.Is(err, ErrSeparator) && len(b) <= 64 {
		var buf [64]byte
		n := 0
		for i := 0; i < len(b); i++ {
			if c := b[i]; c != ',' && c != '.' {
				buf[n] = c
				n++
			}
		}
		if _, _, _, err2 := scanNumber(buf[:n], comma); errors.Is(err2, ErrSyntax) {
			return 0, 0, 0, errSyntax
		}
	}
	return a, start, end, err
}

// scanNumber is scan without the check of the rest after a misplaced
// separator.
func scanNumber[T text](b T, comma bool) (a Amount, start, end int, err error) {
	dec := byte('.')
	if comma {
		dec = ','
	}
	i := 0
	var neg, hasSign, paren, closed, token, curBefore, curAfter bool

	// Prefix: whitespace, one of + - (, and one currency.
	for i < len(b) {
		c := b[i]
		if isDigit(c) || c == dec {
			break
		}
		if c == 0xE2 && isMinusSign(b[i:]) {
			if hasSign {
				return 0, 0, 0, errSyntax
			}
			hasSign, neg, token = true, true, true
			i += len(minusSign)
			continue
		}
		switch c {
		case '-', '+':
			if hasSign {
				return 0, 0, 0, errSyntax
			}
			hasSign, neg, token = true, c == '-', true
			i++
			continue
		case '(':
			if hasSign {
				return 0, 0, 0, errSyntax
			}
			hasSign, neg, paren, token = true, true, true, true
			i++
			continue
		}
		if n := spaceLen(b[i:]); n > 0 {
			i += n
			continue
		}
		n := currencyLen(b[i:])
		if n == 0 || curBefore {
			return 0, 0, 0, errSyntax
		}
		curBefore, token = true, true
		i += n
	}
	if i == len(b) {
		if token {
			return 0, 0, 0, errSyntax
		}
		return 0, 0, 0, errEmpty
	}

	// Integer part with optional thousands separators.
	start = i
	var (
		units    uint64 // integer part, valid unless tooLarge
		tooLarge bool
		nInt     int    // integer digits
		group    int    // digits since the last separator
		first    int    // digits before the first separator
		threes   = true // all groups between separators have 3 digits
		twos     = true // all have 2 (Indian grouping: 12,34,567)
		nSep     int    // separators seen
		sepAt    int    // offset of the first separator
		sepLen   int    // its length in bytes
		lead     byte   // first integer digit
	)
	for i < len(b) {
		c := b[i]
		if d := c - '0'; d <= 9 {
			if nInt == 0 {
				lead = c
			}
			if units < 1e14 {
				units = units*10 + uint64(d)
			} else {
				tooLarge = true
			}
			nInt++
			group++
			i++
			continue
		}
		n, space := thousandsLen(b[i:], comma)
		if n == 0 {
			break
		}
		if space && (i+n == len(b) || !isDigit(b[i+n])) {
			break // whitespace after the number
		}
		if nSep == 0 {
			sepAt, sepLen, first = i, n, group
			if group > 3 || lead == '0' {
				return 0, 0, 0, separatorError(b[i])
			}
		} else {
			threes = threes && group == 3
			twos = twos && group == 2
			if !threes && !twos || !sameBytes(b[i:i+n], b[sepAt:sepAt+sepLen]) {
				return 0, 0, 0, separatorError(b[i])
			}
		}
		nSep++
		group = 0
		i += n
	}
	if nSep > 0 && (group != 3 || !threes && first > 2) {
		return 0, 0, 0, separatorError(b[sepAt])
	}

	// Fraction: keep six digits, then the rounding digit and a sticky bit.
	var (
		frac    uint64
		nFrac   int
		roundD  byte
		sticky  bool
		bareDec bool // a decimal separator without digits after it: "5."
	)
	if i < len(b) && b[i] == dec {
		i++
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			switch {
			case nFrac < Decimals:
				frac = frac*10 + uint64(d)
			case nFrac == Decimals:
				roundD = d
			case d != 0:
				sticky = true
			}
			nFrac++
		}
		bareDec = nFrac == 0
		if nInt == 0 && nFrac == 0 {
			return 0, 0, 0, errSyntax
		}
		if i < len(b) && b[i] == ',' && !comma { // "1.234,56"
			return 0, 0, 0, errSepComma
		}
		if i < len(b) && b[i] == '.' && comma { // "1,234.56"
			return 0, 0, 0, errSepDot
		}
	}
	// Exponent, as R and pandas write large and tiny numbers: "1e+05",
	// "4.4e-16"; not after thousands separators.
	mantEnd, exp, hasExp := i, 0, false
	if i < len(b) && b[i]|0x20 == 'e' && nSep == 0 {
		if j, e, ok := exponent(b, i+1); ok {
			i, exp, hasExp = j, e, true
		}
	}
	end = i

	// Suffix: whitespace, one currency, a trailing minus unless already
	// signed, and the closing parenthesis.
	for i < len(b) {
		switch b[i] {
		case ')':
			if !paren || closed {
				return 0, 0, 0, errSyntax
			}
			closed = true
			i++
			continue
		case '-':
			if hasSign || bareDec { // "5.-" means 5 in some locales
				return 0, 0, 0, errSyntax
			}
			hasSign, neg = true, true
			i++
			continue
		}
		if n := spaceLen(b[i:]); n > 0 {
			i += n
			continue
		}
		if isMinusSign(b[i:]) {
			if hasSign || bareDec {
				return 0, 0, 0, errSyntax
			}
			hasSign, neg = true, true
			i += len(minusSign)
			continue
		}
		n := currencyLen(b[i:])
		if n == 0 || curAfter {
			return 0, 0, 0, errSyntax
		}
		curAfter = true
		i += n
	}
	if paren && !closed {
		return 0, 0, 0, errSyntax
	}

	if hasExp {
		m, ok := scaleExp(b[start:mantEnd], dec, nInt, exp)
		if !ok {
			return 0, start, end, errRange
		}
		return signed(m, neg), start, end, nil
	}
	if tooLarge || units > maxUnits {
		return 0, start, end, errRange
	}
	m := units*Scale + frac*pow10[Decimals-min(nFrac, Decimals)]
	if roundD > 5 || roundD == 5 && (sticky || m&1 == 1) {
		m++
	}
	if m > math.MaxInt64 {
		return 0, start, end, errRange
	}
	return signed(m, neg), start, end, nil
}

// maxExp bounds the exponent read: any larger one overflows, any smaller
// one rounds to zero.
const maxExp = 1000

// exponent reads [+-]?digits at b[i:] (after the 'e') and returns the index
// after it and its value, clamped to ±maxExp; ok is false without digits.
func exponent[T text](b T, i int) (j, exp int, ok bool) {
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	j = i
	for j < len(b) && isDigit(b[j]) {
		if exp < maxExp {
			exp = exp*10 + int(b[j]-'0')
		}
		j++
	}
	if j == i {
		return i, 0, false
	}
	exp = min(exp, maxExp)
	if neg {
		exp = -exp
	}
	return j, exp, true
}

// scaleExp returns the micro-units of the mantissa m (digits and at most
// one decimal separator dec, nInt digits before it) times 10^exp, rounded
// half to even to six decimals like any other value; ok is false when the
// magnitude exceeds MaxAmount. Digit k of the significant digits (leading
// zeros dropped) has place value 10^(point-1-k).
func scaleExp[T text](m T, dec byte, nInt, exp int) (uint64, bool) {
	point := nInt + exp
	var (
		units, frac uint64
		roundD      byte
		sticky      bool
		n           int // significant digits seen
	)
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c == dec {
			continue
		}
		d := c - '0'
		if n == 0 && d == 0 {
			point--
			continue
		}
		if n == 0 && point > 19 { // at least 10^19 units
			return 0, false
		}
		switch p := n - point; {
		case p < 0:
			units = units*10 + uint64(d)
			if units > maxUnits {
				return 0, false
			}
		case p < Decimals:
			frac += uint64(d) * pow10[Decimals-1-p]
		case p == Decimals:
			roundD = d
		case d != 0:
			sticky = true
		}
		n++
	}
	if n == 0 {
		return 0, true
	}
	for ; n < point; n++ { // integer zeros after the last digit
		units *= 10
		if units > maxUnits {
			return 0, false
		}
	}
	v := units*Scale + frac
	if roundD > 5 || roundD == 5 && (sticky || v&1 == 1) {
		v++
	}
	return v, v <= math.MaxInt64
}

// separatorError returns the error for a misplaced separator c, with a hint
// when c suggests the wrong decimal separator option.
func separatorError(c byte) error {
	switch c {
	case ',':
		return errSepComma // only a separator without DecimalComma
	case '.':
		return errSepDot // only a separator with DecimalComma
	}
	return errSep
}

// minusSign is U+2212, which some locales' exports use instead of '-'.
const minusSign = "\u2212"

// isMinusSign reports whether b starts with U+2212.
func isMinusSign[T text](b T) bool { return hasPrefix(b, minusSign) }

func isDigit(c byte) bool { return c-'0' <= 9 }

func isLetter(c byte) bool { return c|0x20-'a' < 26 }

// sameBytes reports whether a and b hold the same bytes. (Comparing
// string(a) == string(b) would copy in generic code.)
func sameBytes[T text](a, b T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasPrefix reports whether b starts with s.
func hasPrefix[T text](b T, s string) bool {
	if len(b) < len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b[i] != s[i] {
			return false
		}
	}
	return true
}

// spaceLen returns the length in bytes of the whitespace character at the
// start of b, or 0: ASCII whitespace, U+00A0, U+2000-U+200A, U+202F, U+205F
// and U+3000.
func spaceLen[T text](b T) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return 1
	case 0xC2:
		if len(b) >= 2 && b[1] == 0xA0 {
			return 2
		}
	case 0xE2:
		if len(b) >= 3 && (b[1] == 0x80 && (b[2] >= 0x80 && b[2] <= 0x8A || b[2] == 0xAF) || b[1] == 0x81 && b[2] == 0x9F) {
			return 3
		}
	case 0xE3:
		if len(b) >= 3 && b[1] == 0x80 && b[2] == 0x80 {
			return 3
		}
	}
	return 0
}

// thousandsLen returns the length in bytes of the thousands separator at the
// start of b, or 0, and whether it is a space (which may instead end the
// number): ',' (or '.' with DecimalComma), the apostrophes ' and ’, the
// space, U+00A0, U+2007, U+2008, U+2009 and U+202F.
func thousandsLen[T text](b T, comma bool) (n int, space bool) {
	switch b[0] {
	case ',':
		if !comma {
			return 1, false
		}
	case '.':
		if comma {
			return 1, false
		}
	case '\'':
		return 1, false
	case ' ':
		return 1, true
	case 0xC2:
		if len(b) >= 2 && b[1] == 0xA0 {
			return 2, true
		}
	case 0xE2:
		if len(b) >= 3 && b[1] == 0x80 {
			switch b[2] {
			case 0x99: // ’
				return 3, false
			case 0x87, 0x88, 0x89, 0xAF:
				return 3, true
			}
		}
	}
	return 0, false
}

// isoCodes are ISO 4217 codes (and RMB) accepted in any letter case.
var isoCodes = func() map[[3]byte]bool {
	m := make(map[[3]byte]bool)
	for _, c := range []string{
		"AED", "ARS", "AUD", "BDT", "BGN", "BHD", "BRL", "CAD", "CHF", "CLP",
		"CNH", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP", "GEL", "HKD",
		"HUF", "IDR", "ILS", "INR", "ISK", "JOD", "JPY", "KES", "KRW", "KWD",
		"KZT", "LKR", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "OMR", "PEN",
		"PHP", "PKR", "PLN", "QAR", "RMB", "RON", "RSD", "RUB", "SAR", "SEK",
		"SGD", "THB", "TRY", "TWD", "UAH", "USD", "UYU", "VND", "XAF", "XOF",
		"ZAR",
	} {
		m[[3]byte{c[0], c[1], c[2]}] = true
	}
	return m
}()

// symbols are currency symbols and abbreviations, matched exactly.
var symbols = []string{
	"$", "€", "£", "¥", "￥", "₩", "₹", "₽", "₺", "₪", "₫", "₱", "฿", "₴",
	"₦", "₲", "₵", "₡", "₸", "₼", "₾", "₭", "₮", "₨", "﷼", "＄", "￡", "￦",
	"US$", "U$S", "HK$", "NT$", "R$", "A$", "AU$", "C$", "CA$", "NZ$", "S$",
	"SG$", "MX$", "RD$", "CN¥", "JP¥", "元", "円", "圓", "원", "人民币",
	"R", "RM", "Rp", "Rs", "Rs.", "rs", "rs.", "kr", "kr.", "Kr", "Kr.",
	"zł", "Kč", "Ft", "lei", "Fr", "Fr.", "SFr.", "CHF.", "TL", "S/", "S/.",
	"руб", "руб.", "р.", "лв", "лв.", "грн",
}

// symbolsByFirst indexes symbols by their first byte.
var symbolsByFirst = func() (m [256][]string) {
	for _, s := range symbols {
		m[s[0]] = append(m[s[0]], s)
	}
	return m
}()

// currencyLen returns the length in bytes of the longest known currency
// symbol or code at the start of b, or 0. A match that ends in an ASCII
// letter must not be followed by one ("USDT" is not "USD").
func currencyLen[T text](b T) int {
	best := 0
	if len(b) >= 3 && isLetter(b[0]) && isLetter(b[1]) && isLetter(b[2]) &&
		(len(b) == 3 || !isLetter(b[3])) &&
		isoCodes[[3]byte{b[0] &^ 0x20, b[1] &^ 0x20, b[2] &^ 0x20}] {
		best = 3
	}
	if len(b) == 0 {
		return best
	}
	for _, s := range symbolsByFirst[b[0]] {
		n := len(s)
		if n <= best || !hasPrefix(b, s) {
			continue
		}
		if isLetter(s[n-1]) && n < len(b) && isLetter(b[n]) {
			continue
		}
		best = n
	}
	return best
}
