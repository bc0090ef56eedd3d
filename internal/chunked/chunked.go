// Package chunked holds arrays of millions of elements in chunks of 1<<Bits
// elements (256 KB for elements of 64 bytes) rather than in one block.
//
// It exists for the cost of memory fresh from the system, which is paid
// with a page fault per 4 KB page touched (microseconds each on a virtual
// machine). Memory that the process has freed costs nothing to reuse, but
// Go's heap reuses it only where an object fits, and what a large read
// frees lies in pieces between what it keeps. An analysis that then makes
// an array of millions of customers in one block gets it all fresh; in
// chunks, much of it lands in those pieces, and the smaller the chunks the
// more (the fault counts that chose Bits are in the commits that made this
// package and set Bits; LIFECYCLE_TRACE shows them for a run).
package chunked

import "iter"

// Bits is the log2 of the number of elements in a chunk.
const Bits = 12

// Slice is an array made of chunks of 1<<Bits elements, the last one
// shorter. It is a struct, so that it cannot be indexed or ranged over as
// the slice of chunks that it holds by mistake.
type Slice[T any] struct{ chunks [][]T }

// Make returns a Slice of n zero elements.
func Make[T any](n int) Slice[T] {
	s := Slice[T]{make([][]T, (n+1<<Bits-1)>>Bits)}
	for i := range s.chunks {
		s.chunks[i] = make([]T, min(1<<Bits, n-i<<Bits))
	}
	return s
}

// Len returns the number of elements.
func (s Slice[T]) Len() int {
	if len(s.chunks) == 0 {
		return 0
	}
	return (len(s.chunks)-1)<<Bits + len(s.chunks[len(s.chunks)-1])
}

// At returns element i.
func (s Slice[T]) At(i int) *T { return &s.chunks[i>>Bits][i&(1<<Bits-1)] }

// All yields each element's index and address, in order.
func (s Slice[T]) All() iter.Seq2[int, *T] {
	return func(yield func(int, *T) bool) {
		for k, c := range s.chunks {
			for j := range c {
				if !yield(k<<Bits+j, &c[j]) {
					return
				}
			}
		}
	}
}

// From returns a Slice holding a copy of xs.
func From[T any](xs []T) Slice[T] {
	s := Make[T](len(xs))
	for k, c := range s.chunks {
		copy(c, xs[k<<Bits:])
	}
	return s
}
