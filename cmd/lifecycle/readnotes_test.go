package main

import (
	"testing"

	"lifecycle/orders"
	"lifecycle/output/words"
)

// TestSkipReasonsCatalogued: every reason a row is skipped for has its
// word in the catalogue, in English as the reason's name (the stderr line
// of skipped rows and summary's labels take it from there). "bad cost"
// had none, and stderr said "1 [item.skipped_bad_cost]".
func TestSkipReasonsCatalogued(t *testing.T) {
	for _, r := range orders.Reasons() {
		e, ok := words.Lookup(words.Key("item.skipped_" + r.Key()))
		if !ok {
			t.Errorf("reason %q: no item.skipped_%s in the catalogue", r, r.Key())
			continue
		}
		if e.EN != r.String() {
			t.Errorf("reason %q: the catalogue's English is %q", r, e.EN)
		}
	}
}
