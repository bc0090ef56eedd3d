package main

// What the commands that list millions of customers share to lay out
// their views (their order is vieworder's).

// boxes holds interface values made once and shared by many cells, so that
// a table of millions of customers does not allocate a value per cell. It
// is filled when made, so that it can be read from several goroutines.
type boxes struct {
	lo    int64
	cache []any
}

func newBoxes(lo, hi int64) *boxes {
	b := &boxes{lo: lo}
	if hi >= lo && hi-lo < 1<<20 {
		b.cache = make([]any, hi-lo+1)
		for i := range b.cache {
			b.cache[i] = int32(lo + int64(i))
		}
	}
	return b
}

// get returns v boxed as an int32.
func (b *boxes) get(v int32) any {
	i := int64(v) - b.lo
	if i < 0 || i >= int64(len(b.cache)) {
		return v
	}
	return b.cache[i]
}

// drop sets *p to its zero value, so that what it held can be collected
// (see mem.Release).
func drop[T any](p *T) {
	var zero T
	*p = zero
}
