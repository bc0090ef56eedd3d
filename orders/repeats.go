package orders

import "bytes"

// A whole-row repeat of an order in an order-level export is read once
// (see partition.merge, which finds every one). Most repeats are found as
// they are read, before they take memory: a file of one row repeated a
// hundred million times (a few hundred kilobytes compressed) would
// otherwise hold a hundred million rows until grouping. repeats looks a
// row up among the rows of the batch being filled, through a small table
// of where recent rows went; a repeat it misses is found when grouping, so
// what it finds changes no result, only memory.

// recentBits is the size of the table of recent rows: 2^13 entries of 8
// bytes, 64 KB per file reader.
const recentBits = 13

// repeats reports whether the batch being filled holds a row identical to
// r, of the same customer: a row read once, as a duplicate. It notes r as
// the row about to be added otherwise.
func (fr *fileReader) repeats(r row, cust []byte) bool {
	if fr.recent == nil {
		fr.recent = make([]uint64, 1<<recentBits)
	}
	h := (r.key ^ uint64(r.t)*0x9e3779b97f4a7c15 ^ uint64(r.amount)*0xc2b2ae3d27d4eb4f) * 0xff51afd7ed558ccd
	slot := &fr.recent[h>>(64-recentBits)]
	tag := h << recentBits >> 32 << 32 // hash bits the slot number does not use
	b := fr.out
	// An entry is the row's index in the batch below its tag. It may be
	// stale (from a batch handed over since, or of a row that hashes
	// alike): it counts only if the row there is r.
	if e := *slot; e&^(1<<32-1) == tag {
		if i := int(uint32(e)); i < b.Len() && b.Row(i) == r && bytes.Equal(b.Key(i), cust) &&
			(!fr.rd.overlaps || b.Tag(i)>>fr.rd.fileShift == uint32(fr.file)) { // another file's row is an overlap

			return true
		}
	}
	*slot = tag | uint64(b.Len())
	return false
}
