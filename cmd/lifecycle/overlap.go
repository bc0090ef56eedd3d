package main

import (
	"fmt"

	"lifecycle/orders"
)

// Files read together are one store's orders (see orders/overlap.go): an
// input identical to an earlier one is dropped before reading, and what the
// read found in several files is said on stderr.

// dropIdentical returns args without the files whose bytes are those of an
// earlier one, saying so for each.
func dropIdentical(args []string, d diag) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	same, err := orders.IdenticalFiles(args)
	if err != nil || len(same) == 0 {
		return args, err
	}
	var kept []string
	for i, a := range args {
		if j, ok := same[i]; ok {
			if a == args[j] {
				d.printf("%s: given twice: read once", a)
			} else {
				d.printf("%s: the same bytes as %s: read once", a, args[j])
			}
			continue
		}
		kept = append(kept, a)
	}
	return kept, nil
}

// reportOverlaps says what a read of several files found in more than one.
func reportOverlaps(st *orders.Stats, d diag) {
	if st.OverlapOrders > 0 {
		d.printf("%s in more than one file with the same content: read once", verb(st.OverlapOrders, "order appears", "orders appear"))
	}
	if st.UpdatedOrders > 0 {
		d.printf("%s in more than one file with different content (a later export updated it): read from the file given last", verb(st.UpdatedOrders, "order appears", "orders appear"))
	}
	if st.OverlapRepeats > 0 {
		d.printf("%s without an order id in more than one file: read once (--id-per-file reads every file whole)", verb(st.OverlapRepeats, "row appears whole", "rows appear whole"))
	}
	if st.OverlapRows > 0 {
		d.printf("left out %s that later files hold too (%s)", plural(st.OverlapRows, "row"), st.OverlapValue)
	}
}

// verb writes n with the singular or plural of a noun and its verb.
func verb(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
