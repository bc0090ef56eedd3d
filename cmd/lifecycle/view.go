package main

import (
	"lifecycle/parallel"
	"strings"
)

// What the commands that list millions of customers share to lay out
// their views.

// customerID is a customer id shown in a table cell: boxed through a
// pointer, so that a cell costs no allocation.
type customerID string

func (c *customerID) String() string { return string(*c) }

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

// packIDs copies the ids of a view's rows into blocks of text in view
// order, one block per core, so that the writer reads them in memory
// order: a customer's id is where the reader left it, a cache miss from
// the next one's. id(i) is row i's id, which packIDs replaces by its copy.
func packIDs(n int, id func(i int) *string) {
	parallel.For(n, 100_000, func(lo, hi int) {
		size := 0
		for i := lo; i < hi; i++ {
			size += len(*id(i))
		}
		var b strings.Builder
		b.Grow(size)
		for i := lo; i < hi; i++ {
			b.WriteString(*id(i))
		}
		all, off := b.String(), 0
		for i := lo; i < hi; i++ {
			p := id(i)
			n := len(*p)
			*p = all[off : off+n]
			off += n
		}
	})
}
