package money

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCurrency(t *testing.T) {
	for in, want := range map[string]string{
		"$10.00": "$", "€20.00": "EUR", "¥100": "¥", "GBP 5": "GBP", "5 eur": "EUR", "-$1,234.56 USD": "$",
		"12.50": "", "-5": "", "(12.50)": "", "R$ 1.234,56": "BRL", "HK$5": "HKD", "99.9元": "CNY", "RMB 5": "CNY",
		"￥１００": "¥", "＄5": "$", "100 kr": "kr", "1 234,56 zł": "PLN", "": "", "US$5": "USD",
	} {
		assert.Equal(t, want, Currency([]byte(in)), "%q", in)
	}
	assert.True(t, SymbolMayBe("$", "USD"))
	assert.True(t, SymbolMayBe("$", "CAD"))
	assert.False(t, SymbolMayBe("$", "EUR"))
	assert.True(t, SymbolMayBe("¥", "JPY"))
	assert.True(t, SymbolMayBe("EUR", "EUR"))
	assert.False(t, SymbolMayBe("GBP", "EUR"))
	assert.True(t, IsShared("$"))
	assert.False(t, IsShared("EUR"))
}

// FuzzCurrency checks that Currency never panics and that what it names is
// an ISO code Parse accepts, a symbol of symbolCodes' values, or a shared
// symbol, found in the text.
func FuzzCurrency(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		c := Currency(in)
		if c == "" {
			return
		}
		if IsShared(c) {
			return
		}
		if len(c) == 3 && isoCodes[[3]byte{c[0], c[1], c[2]}] {
			return
		}
		for _, v := range symbolCodes {
			if v == c {
				return
			}
		}
		t.Fatalf("Currency(%q) = %q: neither an ISO code nor a shared symbol", in, c)
	})
}
