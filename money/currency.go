package money

// Currency returns the currency an amount's text names, as Parse reads it:
// the ISO 4217 code written before or after the number ("GBP 5", "5 eur":
// "GBP", "EUR"), the code of an unambiguous symbol ("€20.00": "EUR", "£",
// "R$", "HK$", "元", "円"...), or, for a symbol that several currencies
// share, the symbol itself ("$10.00": "$", "¥100": "¥", "kr"; full-width
// ＄ and ￥ are "$" and "¥"), which only a currency column or the user can
// settle (see SymbolMayBe). It returns "" when the text names none.
// Currency does not check that the rest is a number.
func Currency(b []byte) string {
	for i := 0; i < len(b); {
		c := b[i]
		if isDigit(c) || c == '.' || c == ',' || c == '-' || c == '+' || c == '(' || c == ')' || c == '\'' {
			i++
			continue
		}
		if n := spaceLen(b[i:]); n > 0 {
			i += n
			continue
		}
		if n := currencyLen(b[i:]); n > 0 {
			sym := string(b[i : i+n])
			if n == 3 && isLetter(sym[0]) && isLetter(sym[1]) && isLetter(sym[2]) {
				if code := upper3(sym); isoCodes[[3]byte{code[0], code[1], code[2]}] {
					if code == "RMB" {
						return "CNY"
					}
					return code
				}
			}
			if code, ok := symbolCodes[sym]; ok {
				return code
			}
			return sym
		}
		i++
	}
	return ""
}

func upper3(s string) string {
	return string([]byte{s[0] &^ 0x20, s[1] &^ 0x20, s[2] &^ 0x20})
}

// symbolCodes maps symbols to their one currency, and the full-width and
// variant spellings of shared symbols to the plain one.
var symbolCodes = map[string]string{
	"€": "EUR", "£": "GBP", "￡": "GBP", "₩": "KRW", "￦": "KRW", "원": "KRW", "₹": "INR",
	"₽": "RUB", "руб": "RUB", "руб.": "RUB", "р.": "RUB", "₺": "TRY", "TL": "TRY", "₪": "ILS",
	"₫": "VND", "₱": "PHP", "฿": "THB", "₴": "UAH", "грн": "UAH", "₦": "NGN", "₲": "PYG",
	"₵": "GHS", "₡": "CRC", "₸": "KZT", "₼": "AZN", "₾": "GEL", "₭": "LAK", "₮": "MNT",
	"US$": "USD", "HK$": "HKD", "NT$": "TWD", "R$": "BRL", "A$": "AUD", "AU$": "AUD",
	"C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "S$": "SGD", "SG$": "SGD", "MX$": "MXN",
	"RD$": "DOP", "CN¥": "CNY", "JP¥": "JPY", "元": "CNY", "人民币": "CNY", "円": "JPY",
	"圓": "TWD", "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "lei": "RON", "лв": "BGN", "лв.": "BGN",
	"RM": "MYR", "Rp": "IDR", "S/": "PEN", "S/.": "PEN", "SFr.": "CHF", "CHF.": "CHF",
	"＄": "$", "￥": "¥", "U$S": "UYU",
}

// sharedSymbols lists, for each symbol several currencies use, the ISO
// codes it may stand for.
var sharedSymbols = map[string][]string{
	"$":  {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD", "ARS", "CLP", "COP", "UYU"},
	"¥":  {"CNY", "JPY"},
	"kr": {"SEK", "NOK", "DKK", "ISK"}, "kr.": {"DKK", "ISK", "SEK", "NOK"},
	"Kr": {"SEK", "NOK", "DKK", "ISK"}, "Kr.": {"DKK", "ISK", "SEK", "NOK"},
	"R": {"ZAR"}, "Rs": {"INR", "PKR", "LKR"}, "Rs.": {"INR", "PKR", "LKR"}, "rs": {"INR", "PKR", "LKR"}, "rs.": {"INR", "PKR", "LKR"},
	"₨": {"INR", "PKR", "LKR"}, "Fr": {"CHF"}, "Fr.": {"CHF"}, "﷼": {"SAR", "QAR", "OMR"},
}

// SymbolMayBe reports whether a currency as Currency returns it may be the
// ISO code: the code itself, or a shared symbol that code uses ("$" may be
// USD or CAD, "¥" CNY or JPY).
func SymbolMayBe(cur, code string) bool {
	if cur == code {
		return true
	}
	for _, c := range sharedSymbols[cur] {
		if c == code {
			return true
		}
	}
	return false
}

// IsShared reports whether cur, as Currency returns it, is a symbol that
// several currencies share rather than an ISO code.
func IsShared(cur string) bool {
	_, ok := sharedSymbols[cur]
	return ok
}
