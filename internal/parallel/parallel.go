// Package parallel splits a loop over the cores: the one way lifecycle's
// analyses spread their work over millions of customers.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f over [0, n) in one contiguous chunk per core, at once, and
// returns when every call has returned. Below least items (where starting
// goroutines would cost more than it saves) or on one core, it makes one
// call, f(0, n). The chunks do not overlap, so f may write to the items of
// its own chunk without locking.
func For(n, least int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < least || n < 2 || workers < 2 {
		f(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { f(lo, min(lo+chunk, n)) })
	}
	wg.Wait()
}
