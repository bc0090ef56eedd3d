package main

import (
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
				d.say("read.given_twice", a)
			} else {
				d.say("read.same_bytes", a, args[j])
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
		d.say("read.overlap_same", st.OverlapOrders)
	}
	if st.UpdatedOrders > 0 {
		d.say("read.overlap_updated", st.UpdatedOrders)
	}
	if st.OverlapRepeats > 0 {
		d.say("read.overlap_repeats", st.OverlapRepeats)
	}
	if st.OverlapRows > 0 {
		d.say("read.overlap_rows", st.OverlapRows, st.OverlapValue)
	}
}
