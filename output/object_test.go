package output

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// TestWriteObject: keys in the order added, nested objects indented a level
// deeper (an empty one stays "{}"), floats with ten significant digits,
// NaN as null, money exact, and the compact form on one line.
func TestWriteObject(t *testing.T) {
	params := &Object{}
	params.Add("r", 0.24259395230803)
	params.Add("alpha", 4.4135)
	o := &Object{}
	o.Add("model", "BG/NBD")
	o.Add("customers", 2357)
	o.Add("params", params)
	o.Add("empty", &Object{})
	o.Add("spend", nil)
	o.Add("ll", math.NaN())
	o.Add("converged", true)
	o.Add("total", money.Amount(12_500_000))

	var b bytes.Buffer
	require.NoError(t, WriteObject(&b, o, true))
	assert.Equal(t, `{
  "model": "BG/NBD",
  "customers": 2357,
  "params": {
    "r": 0.2425939523,
    "alpha": 4.4135
  },
  "empty": {},
  "spend": null,
  "ll": null,
  "converged": true,
  "total": 12.50
}
`, b.String())

	b.Reset()
	require.NoError(t, WriteObject(&b, o, false))
	assert.Equal(t, `{"model":"BG/NBD","customers":2357,"params":{"r":0.2425939523,"alpha":4.4135},"empty":{},"spend":null,"ll":null,"converged":true,"total":12.50}`+"\n", b.String())

	bad := &Object{}
	bad.Add("x", []int{1})
	b.Reset()
	assert.Error(t, WriteObject(&b, bad, true))
	assert.Zero(t, b.Len(), "nothing written")
}
