package main

import (
	"lifecycle/orders"
)

// Files read together are one store's orders (see orders/overlap.go): an
// input identical to an earlier one is dropped before reading, and what the
// read found in several files is said on stderr.

// identicalInput is an input left out for having the bytes of an earlier
// one (of), at its place among the inputs given.
type identicalInput struct {
	at       int
	name, of string
}

// dropIdentical returns args without the files whose bytes are those of an
// earlier one, saying so for each, and those it left out.
func dropIdentical(args []string, d diag) ([]string, []identicalInput, error) {
	if len(args) < 2 {
		return args, nil, nil
	}
	same, err := orders.IdenticalFiles(args)
	if err != nil || len(same) == 0 {
		return args, nil, err
	}
	var kept []string
	var dropped []identicalInput
	for i, a := range args {
		if j, ok := same[i]; ok {
			if a == args[j] {
				d.say("read.given_twice", a)
			} else {
				d.say("read.same_bytes", a, args[j])
			}
			dropped = append(dropped, identicalInput{i, a, args[j]})
			continue
		}
		kept = append(kept, a)
	}
	return kept, dropped, nil
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
