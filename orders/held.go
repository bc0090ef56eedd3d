package orders

// heldRows keeps records for later, compactly: their fields' bytes back to
// back and where each field ends, 4 bytes a field beside its bytes rather
// than a slice (24 bytes) and an allocation per field. A record of a
// million empty fields (a megabyte of commas) so costs 5 MB held, not 24
// MB; what rows cost is proportional to their text, whatever their shape.
//
// It holds the sample read ahead for detection (see maxSampleBytes), the
// first record of a file without a header and the rows a chunk's reader
// leaves for judging in order (see parallelRest).
type heldRows struct {
	buf  []byte   // the fields' bytes, back to back
	ends []uint32 // per field: its end in buf
	rows []heldRow

	f [][]byte // the fields of the row last returned by fields
}

type heldRow struct {
	line int // the line on which the record starts
	end  int // its fields are ends[previous row's end:end]
}

// add keeps a copy of a record's fields.
func (h *heldRows) add(line int, f [][]byte) {
	h.ends = doubling(h.ends, len(f))
	for _, b := range f {
		h.buf = append(h.buf, b...)
		h.ends = append(h.ends, uint32(len(h.buf)))
	}
	h.rows = append(h.rows, heldRow{line: line, end: len(h.ends)})
}

// len is the number of rows held.
func (h *heldRows) len() int { return len(h.rows) }

// size is the memory the rows held take, in bytes.
func (h *heldRows) size() int { return len(h.buf) + 4*len(h.ends) + 16*len(h.rows) }

// line returns the line of row i.
func (h *heldRows) line(i int) int { return h.rows[i].line }

// span returns where row i's fields are in ends.
func (h *heldRows) span(i int) (first, end int) {
	if i > 0 {
		first = h.rows[i-1].end
	}
	return first, h.rows[i].end
}

// width returns the number of fields of row i.
func (h *heldRows) width(i int) int {
	first, end := h.span(i)
	return end - first
}

// field returns field j of row i, or false if the row has fewer fields.
// The slice is valid while h is.
func (h *heldRows) field(i, j int) ([]byte, bool) {
	first, end := h.span(i)
	if j >= end-first {
		return nil, false
	}
	k := first + j
	start := uint32(0)
	if k > 0 {
		start = h.ends[k-1]
	}
	return h.buf[start:h.ends[k]:h.ends[k]], true
}

// fields returns the fields of row i, valid until the next call.
func (h *heldRows) fields(i int) [][]byte {
	first, end := h.span(i)
	start := uint32(0)
	if first > 0 {
		start = h.ends[first-1]
	}
	h.f = h.f[:0]
	for _, e := range h.ends[first:end] {
		h.f = append(h.f, h.buf[start:e:e])
		start = e
	}
	return h.f
}

// doubling returns s with room for n more elements, doubling its capacity when
// it must grow (append grows large slices by a quarter, copying them over
// and over).
func doubling[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	t := make([]T, len(s), max(2*cap(s), len(s)+n))
	copy(t, s)
	return t
}
