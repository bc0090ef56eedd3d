// Package vieworder puts the rows of a per-customer view into view order:
// the one sorter behind the views of rfm, churn and ltv, which list
// millions of customers.
//
// A view's order is given by a 64-bit key per row, which the analysis
// makes from its rule (rfm: segment, then monetary value descending;
// churn: level, then value at risk descending), ascending, then by
// customer id: ids compare as Go strings do (byte by byte, a prefix
// first), whatever their length. Rows of equal key and id keep the order
// they were given in. Sort guarantees exactly this order, and the same
// rows a plain stable sort by (key, id) gives; how it gets there (a radix
// sort of the keys on every core, then the runs of equal keys sorted by
// id, the long runs by radix on the ids' first 15 bytes) is its own
// affair. ltv's view, whose order is two keys then the input order, is
// Order's.
//
// A row holds its customer's id in place when it is short (an ID: up to
// 15 bytes), so that laying out the view reads no string; longer ids are
// kept apart, by position. A view's rows are made in input order in an
// Input (Fill, on every core); Sort, or Order and Gather, then copy them
// into view order once, as Rows, which the writer reads in memory order.
package vieworder

import (
	"slices"
	"sync"
	"unsafe"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/internal/radix"
)

// ID is a customer id held in a row: its length, then its bytes, for an
// id of up to 15 bytes; for a longer one, a length of longID and the id's
// first 15 bytes, the whole id being kept apart.
type ID [16]byte

// longID is the length of an ID kept apart.
const longID = 0xff

// Set stores id and reports whether it fits; if not, the ID says it is
// long, holds the id's first 15 bytes, and the caller keeps id apart.
func (s *ID) Set(id string) bool {
	copy(s[1:], id)
	if len(id) >= len(s) {
		s[0] = longID
		return false
	}
	s[0] = byte(len(id))
	return true
}

// Long reports whether the id is kept apart.
func (s *ID) Long() bool { return s[0] == longID }

// Input is the rows of a view in input order, as they are made: each row
// holds its id (an ID), and the ids too long for a row are kept apart here.
type Input[T any] struct {
	rows  chunked.Slice[T]
	mu    sync.Mutex
	longs []apart // unordered
}

// apart is the id of row i of an Input, too long for the row.
type apart struct {
	i  int
	id string
}

// NewInput returns an Input of n rows, zero.
func NewInput[T any](n int) *Input[T] { return &Input[T]{rows: chunked.Make[T](n)} }

// Len is the number of rows.
func (in *Input[T]) Len() int { return in.rows.Len() }

// At returns row i. Rows may be set from several goroutines at once, each
// its own rows; their ids are set by Fill.
func (in *Input[T]) At(i int) *T { return in.rows.At(i) }

// Fill calls f on every core, each call with a Share of the rows of its
// own: the rows [s.Lo, s.Hi). It returns when every call has returned.
func (in *Input[T]) Fill(f func(s *Share[T])) {
	parallel.For(in.rows.Len(), grain, func(lo, hi int) {
		s := Share[T]{Lo: lo, Hi: hi, in: in}
		f(&s)
		if len(s.longs) > 0 {
			in.mu.Lock()
			in.longs = append(in.longs, s.longs...)
			in.mu.Unlock()
		}
	})
}

// Share is the rows [Lo, Hi) of an Input, which one call of Fill's
// function makes.
type Share[T any] struct {
	Lo, Hi int
	in     *Input[T]
	longs  []apart
}

// At returns row i, in [Lo, Hi).
func (s *Share[T]) At(i int) *T { return s.in.rows.At(i) }

// SetID stores text as the id of row i, in [Lo, Hi), whose ID is id: in
// the row when it fits, else apart.
func (s *Share[T]) SetID(id *ID, i int, text string) {
	if !id.Set(text) {
		s.longs = append(s.longs, apart{i, text})
	}
}

// take returns the rows of in and its long ids by row (nil when there are
// none), and lets go of them.
func (in *Input[T]) take() (chunked.Slice[T], []string) {
	rows := in.rows
	var long []string
	if len(in.longs) > 0 {
		long = make([]string, rows.Len())
		for _, r := range in.longs {
			long[r.i] = r.id
		}
	}
	in.rows, in.longs = chunked.Slice[T]{}, nil
	return rows, long
}

// Rows is a view's rows in view order, with the ids too long for a row. Its
// rows are not changed once it is made, so that cells may point into them.
type Rows[T any] struct {
	rows chunked.Slice[T]
	long []string // by view position; nil when no id is long
}

// Len is the number of rows.
func (v *Rows[T]) Len() int { return v.rows.Len() }

// At returns row k.
func (v *Rows[T]) At(k int) *T { return v.rows.At(k) }

// Text returns the id of row k, id being that row's ID.
func (v *Rows[T]) Text(id *ID, k int) string {
	if id[0] != longID {
		return unsafe.String(&id[1], int(id[0]))
	}
	return v.long[k]
}

// Cell returns the id of row k as a table cell (a fmt.Stringer), id being
// that row's ID. It allocates nothing: the cell points into the row or at
// the id kept apart.
func (v *Rows[T]) Cell(id *ID, k int) any {
	if id[0] != longID {
		return (*inlineID)(id)
	}
	return (*customerID)(&v.long[k])
}

// customerID is an id kept apart, shown in a table cell.
type customerID string

func (c *customerID) String() string { return string(*c) }

// inlineID is a short id shown in a table cell, read in place.
type inlineID ID

func (s *inlineID) String() string { return unsafe.String(&s[1], int(s[0])) }

// Sort returns the rows of a view in view order: by keys ascending, then
// by id, then in the order given (see the package comment).
//
// in holds the rows in input order, each with its id (id returns a row's
// ID); Sort takes them (in is empty after). order lists the positions of
// the rows that the view shows (nil: every row, in input order), keys the
// key of each of them (keys[k] for order[k]). Sort reorders keys and
// order. Each row is read scattered once and copied, so that the writer
// reads rows in memory order.
func Sort[T any](in *Input[T], keys []uint64, order []int32, id func(*T) *ID) Rows[T] {
	rows, long := in.take()
	if order == nil {
		order = make([]int32, rows.Len())
		parallel.For(len(order), grain, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				order[i] = int32(i)
			}
		})
	}
	radix.SortStable(keys, order)
	view, viewLong := inViewOrder(rows, keys, order, id, long)
	return Rows[T]{view, viewLong}
}

// Gather returns the rows of in in the given order, row k being row
// order[k] of in, and takes them as Sort does: for a view whose order is
// not Sort's (see Order).
func Gather[T any](in *Input[T], order []int32, id func(*T) *ID) Rows[T] {
	rows, long := in.take()
	view, viewLong := inViewOrder(rows, nil, order, id, long)
	return Rows[T]{view, viewLong}
}

// DescendingRanks returns the rank of each of vals among their distinct
// values, the largest ranked 0, and the number of distinct values: a key
// that sorts as vals do descending, in as few bits as the distinct values
// need, for values too far apart for their differences to make a key.
func DescendingRanks(vals []int64) (ranks []uint64, distinct int) {
	sorted := slices.Clone(vals)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	ranks = make([]uint64, len(vals))
	for i, v := range vals {
		k, _ := slices.BinarySearch(sorted, v)
		ranks[i] = uint64(len(sorted) - 1 - k)
	}
	return ranks, len(sorted)
}
