package parquetpage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// This file opens a Parquet file without trusting it: every size and count
// in the footer is checked against the file before anything is allocated
// for it (see thriftWalk), because parquet-go's own decoders allocate
// whatever a list length or a page header declares.

// Limits on what a Parquet file may make the reader allocate. Those that
// grow with the file allow any real file (whose pages hold data that is in
// the file) while a small hostile file cannot ask for gigabytes.
const (
	maxFooter      = 256 << 20 // bytes of footer
	maxThriftDepth = 32        // nesting of thrift structs (real metadata: < 10)
	pageFloor      = 64 << 20  // a page may always decompress to this much
	pageCeiling    = 1 << 30
	valuesFloor    = 1 << 20 // a page may always hold this many values
	valuesCeiling  = 1 << 28
	// A file may hold at most rowsPerByte rows per byte, or rowsFloor
	// rows: real order exports need a few bytes per order (dates and
	// amounts differ), and rows become memory when grouped.
	rowsPerByte = 64
	rowsFloor   = 1 << 18
)

// errThriftShort says that a thrift value runs past the end of its bytes.
var errThriftShort = errors.New("truncated metadata")

// File is an open Parquet file whose footer has been read and checked.
type File struct {
	ra      io.ReaderAt
	size    int64
	dataEnd int64 // offset of the footer: column chunks end before it
	md      format.FileMetaData
	// Per-page limits (see the constants above).
	maxPage   int
	maxValues int
	close     func() // releases the input (a temporary copy is removed); once
}

// RandomAccess returns random access to r: r itself when it is a regular
// file (or an in-memory reader), else a temporary copy, removed by the
// returned function. Errors do not name the input.
func RandomAccess(in io.Reader) (io.ReaderAt, int64, func(), error) {
	nop := func() {}
	switch r := in.(type) {
	case interface {
		io.ReaderAt
		Stat() (fs.FileInfo, error)
	}:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			return r, fi.Size(), nop, nil
		}
	case interface {
		io.ReaderAt
		Size() int64
	}: // bytes.Reader, strings.Reader, io.SectionReader
		return r, r.Size(), nop, nil
	}
	// Standard input or a decompressed stream: Parquet is read from its
	// end, so it needs the whole file first. Its first bytes are checked
	// before anything is copied: a stream of anything else (a decompression
	// bomb of zeros, say) fails at once rather than when it ends. The end's
	// marker and footer are checked as soon as the copy is whole.
	head := make([]byte, 4)
	n, err := io.ReadFull(in, head)
	head = head[:n]
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return bytes.NewReader(head), int64(n), nop, nil // too short: Open says so
	case err != nil:
		return nil, 0, nop, err
	}
	if err := checkHead(head); err != nil {
		return nil, 0, nop, err
	}
	tmp, err := os.CreateTemp("", "lifecycle-*.parquet")
	if err != nil {
		return nil, 0, nop, fmt.Errorf("reading Parquet needs a temporary copy: %w", err)
	}
	os.Remove(tmp.Name()) // where the system allows it, the copy goes when closed
	done := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	m, err := io.Copy(tmp, io.MultiReader(bytes.NewReader(head), in))
	if err != nil {
		done()
		return nil, 0, nop, fmt.Errorf("copying to a temporary file: %w", err)
	}
	return tmp, m, done, nil
}

// checkHead checks the first 4 bytes of a Parquet file.
func checkHead(head []byte) error {
	switch string(head) {
	case "PAR1":
		return nil
	case "PARE":
		return errEncrypted
	}
	return errors.New("not a Parquet file: it does not start with PAR1")
}

var errEncrypted = errors.New("encrypted Parquet files are not supported")

// Open reads and checks the footer of a Parquet file of size bytes. Errors
// say what is wrong, without the file name. release is called once the
// reading has ended (Reader.Stop), not when Open fails.
func Open(ra io.ReaderAt, size int64, release func()) (*File, error) {
	if size < 12 {
		return nil, fmt.Errorf("not a Parquet file: %d bytes is too short", size)
	}
	var head, tail [8]byte
	if err := readFull(ra, head[:4], 0); err != nil {
		return nil, err
	}
	if err := readFull(ra, tail[:], size-8); err != nil {
		return nil, err
	}
	switch err := checkHead(head[:4]); {
	case string(tail[4:]) == "PARE":
		return nil, errEncrypted
	case err != nil:
		return nil, err
	case string(tail[4:]) != "PAR1":
		return nil, errors.New("truncated Parquet file: it does not end with the PAR1 footer marker")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return nil, fmt.Errorf("truncated or corrupt Parquet file: the footer is said to be %d bytes, the file has %d", n, size)
	}
	if n > maxFooter {
		return nil, fmt.Errorf("Parquet footer of %d MB is too large", n>>20)
	}
	footer := make([]byte, n)
	if err := readFull(ra, footer, size-8-n); err != nil {
		return nil, err
	}
	// The footer is decoded by parquet-go only once its lists and strings
	// are known to fit in it and to need little memory.
	budget := min(64<<20+16*size, 1<<30)
	w := thriftWalk{b: footer}
	if err := w.structure(); err != nil {
		return nil, fmt.Errorf("corrupt Parquet footer: %w", err)
	}
	if w.alloc > budget {
		return nil, fmt.Errorf("corrupt Parquet footer: it would need %d MB of memory", w.alloc>>20)
	}
	f := &File{ra: ra, size: size, dataEnd: size - 8 - n, close: sync.OnceFunc(release)}
	if err := unmarshalThrift(footer[:w.pos], &f.md); err != nil {
		return nil, fmt.Errorf("corrupt Parquet footer: %w", err)
	}
	f.maxPage = int(min(max(64*size, pageFloor), pageCeiling))
	f.maxValues = int(min(max(8*size, valuesFloor), valuesCeiling))
	return f, nil
}

// unmarshalThrift decodes checked thrift bytes with parquet-go, turning a
// panic into an error.
func unmarshalThrift(b []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return thrift.Unmarshal(new(thrift.CompactProtocol), b, v)
}

// readFull reads len(b) bytes at off.
func readFull(ra io.ReaderAt, b []byte, off int64) error {
	n, err := ra.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("reading %d bytes at offset %d: %w", len(b), off, err)
}

// Field is a top-level field of a Parquet schema.
type Field struct {
	Name string
	el   *format.SchemaElement
	leaf int    // index of its column chunk in each row group
	bad  string // why it cannot be read as a column ("" if it can)
}

// Fields returns the top-level fields of the schema, in order, checking
// that the schema is a well-formed tree and that the row groups agree with
// it and hold no more rows than MaxRows.
func (f *File) Fields() ([]Field, error) {
	fields, leaves, err := f.fields()
	if err != nil {
		return nil, err
	}
	var total int64
	for g := range f.md.RowGroups {
		rg := &f.md.RowGroups[g]
		if rg.NumRows < 0 || len(rg.Columns) != leaves {
			return nil, fmt.Errorf("corrupt Parquet footer: row group %d has %d rows in %d column chunks for %d columns",
				g+1, rg.NumRows, len(rg.Columns), leaves)
		}
		total += rg.NumRows
		if total < 0 || total > MaxRows(f.size) {
			return nil, fmt.Errorf("corrupt Parquet footer: more than %d rows in a file of %d bytes",
				MaxRows(f.size), f.size)
		}
	}
	return fields, nil
}

// MaxRows is the most rows a file of size bytes may hold (see
// rowsPerByte).
func MaxRows(size int64) int64 { return max(rowsPerByte*size, rowsFloor) }

// fields returns the top-level fields of the schema and the number of leaf
// columns, checking that the schema is a well-formed tree.
func (f *File) fields() ([]Field, int, error) {
	s := f.md.Schema
	if len(s) == 0 {
		return nil, 0, errors.New("corrupt Parquet footer: no schema")
	}
	top := int(s[0].NumChildren.V)
	if top <= 0 || top > len(s)-1 {
		return nil, 0, fmt.Errorf("corrupt Parquet schema: the root has %d fields", top)
	}
	var out []Field
	i, leaves := 1, 0
	for range top {
		if i >= len(s) {
			return nil, 0, errors.New("corrupt Parquet schema: fewer fields than declared")
		}
		el := &s[i]
		fd := Field{Name: el.Name, el: el, leaf: leaves}
		n, end, err := subtree(s, i)
		if err != nil {
			return nil, 0, err
		}
		switch {
		case end > i+1 || el.NumChildren.V > 0 || !el.Type.Valid:
			fd.bad = "a nested (group) column, which lifecycle cannot read"
			fd.leaf = -1
		case el.RepetitionType.Valid && el.RepetitionType.V == format.Repeated:
			fd.bad = "a repeated (list) column, which lifecycle cannot read"
			fd.leaf = -1
		}
		out = append(out, fd)
		leaves += n
		i = end
	}
	if i != len(s) {
		return nil, 0, errors.New("corrupt Parquet schema: more fields than declared")
	}
	return out, leaves, nil
}

// subtree returns the number of leaves of the schema node at i and the index
// after its last descendant, walking iteratively (a schema can be deep).
func subtree(s []format.SchemaElement, i int) (leaves, end int, err error) {
	pending := 1 // nodes still to visit
	for pending > 0 {
		if i >= len(s) {
			return 0, 0, errors.New("corrupt Parquet schema: fewer fields than declared")
		}
		pending--
		if c := s[i].NumChildren; c.Valid && c.V > 0 {
			if int(c.V) > len(s)-i-1 {
				return 0, 0, fmt.Errorf("corrupt Parquet schema: %q has %d children", s[i].Name, c.V)
			}
			pending += int(c.V)
		} else {
			leaves++
		}
		i++
	}
	return leaves, i, nil
}

// thriftWalk checks thrift compact-protocol bytes without decoding them:
// every list and string must fit in what is left of the input, nesting is
// bounded, and alloc adds up (generously) the memory a decoder needs. visit,
// when set, receives the integer and boolean fields of the outer struct and
// of the structs directly in it.
type thriftWalk struct {
	b     []byte
	pos   int
	alloc int64
	depth int
	ids   [2]int16 // field ids at depth 1 and 2
	visit func(depth int, outer, inner int16, v int64)
}

// Thrift compact-protocol types.
const (
	tStop   = 0
	tTrue   = 1
	tFalse  = 2
	tByte   = 3
	tI16    = 4
	tI32    = 5
	tI64    = 6
	tDouble = 7
	tBinary = 8
	tList   = 9
	tSet    = 10
	tMap    = 11
	tStruct = 12
)

// Memory a decoder needs per element of a list of each type: the largest
// parquet-go struct in a list (format.ColumnChunk) is 560 bytes.
const (
	allocStruct = 640
	allocScalar = 8
	allocBinary = 24
)

func (w *thriftWalk) varint() (uint64, error) {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if w.pos >= len(w.b) {
			return 0, errThriftShort
		}
		c := w.b[w.pos]
		w.pos++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, nil
		}
	}
	return 0, errors.New("corrupt metadata: varint too long")
}

func (w *thriftWalk) skip(n uint64) error {
	if n > uint64(len(w.b)-w.pos) {
		return errThriftShort
	}
	w.pos += int(n)
	return nil
}

func zigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// structure walks one struct.
func (w *thriftWalk) structure() error {
	w.depth++
	if w.depth > maxThriftDepth {
		return errors.New("corrupt metadata: nested too deeply")
	}
	var id int16
	for {
		if w.pos >= len(w.b) {
			return errThriftShort
		}
		h := w.b[w.pos]
		w.pos++
		typ := h & 0x0f
		if typ == tStop {
			break
		}
		if d := h >> 4; d != 0 {
			id += int16(d)
		} else {
			u, err := w.varint()
			if err != nil {
				return err
			}
			id = int16(zigzag(u))
		}
		if w.depth <= 2 {
			w.ids[w.depth-1] = id
		}
		if err := w.value(typ, true); err != nil {
			return err
		}
	}
	w.depth--
	return nil
}

// value walks one value of type typ: a struct field, or a list element.
func (w *thriftWalk) value(typ byte, field bool) error {
	switch typ {
	case tTrue, tFalse:
		v := int64(0)
		if field {
			if typ == tTrue {
				v = 1
			}
		} else {
			if w.pos >= len(w.b) {
				return errThriftShort
			}
			if w.b[w.pos] == 1 {
				v = 1
			}
			w.pos++
		}
		w.report(field, v)
	case tByte:
		if w.pos >= len(w.b) {
			return errThriftShort
		}
		w.report(field, int64(int8(w.b[w.pos])))
		w.pos++
	case tI16, tI32, tI64:
		u, err := w.varint()
		if err != nil {
			return err
		}
		w.report(field, zigzag(u))
	case tDouble:
		return w.skip(8)
	case tBinary:
		n, err := w.varint()
		if err != nil {
			return err
		}
		w.alloc += int64(min(n, 1<<40))
		return w.skip(n)
	case tList, tSet:
		if w.pos >= len(w.b) {
			return errThriftShort
		}
		h := w.b[w.pos]
		w.pos++
		n, et := uint64(h>>4), h&0x0f
		if n == 15 {
			var err error
			if n, err = w.varint(); err != nil {
				return err
			}
		}
		// Every element takes at least one byte.
		if n > uint64(len(w.b)-w.pos) {
			return errThriftShort
		}
		switch et {
		case tStruct:
			w.alloc += int64(n) * allocStruct
		case tBinary:
			w.alloc += int64(n) * allocBinary
		default:
			w.alloc += int64(n) * allocScalar
		}
		for range n {
			if err := w.value(et, false); err != nil {
				return err
			}
		}
	case tMap:
		n, err := w.varint()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if w.pos >= len(w.b) {
			return errThriftShort
		}
		kv := w.b[w.pos]
		w.pos++
		if n > uint64(len(w.b)-w.pos)/2 {
			return errThriftShort
		}
		w.alloc += int64(n) * 2 * allocStruct
		for range n {
			if err := w.value(kv>>4, false); err != nil {
				return err
			}
			if err := w.value(kv&0x0f, false); err != nil {
				return err
			}
		}
	case tStruct:
		return w.structure()
	default:
		return fmt.Errorf("corrupt metadata: unknown thrift type %d", typ)
	}
	return nil
}

// report passes a scalar field of the outer structs to visit.
func (w *thriftWalk) report(field bool, v int64) {
	if !field || w.visit == nil || w.depth > 2 {
		return
	}
	w.visit(w.depth, w.ids[0], w.ids[1], v)
}

// pageHeader is what the reader needs of a page header.
type pageHeader struct {
	typ          format.PageType
	uncompressed int64
	compressed   int64
	crc          int64
	hasCRC       bool
	numValues    int64
	numNulls     int64
	encoding     format.Encoding
	defEncoding  format.Encoding
	defLen       int64 // v2: bytes of definition levels
	repLen       int64 // v2: bytes of repetition levels
	compressedV2 bool  // v2: whether the values are compressed
	size         int   // bytes of the header itself
}

// parsePageHeader reads a page header from b (which may hold more bytes than
// the header).
func parsePageHeader(b []byte) (pageHeader, error) {
	h := pageHeader{compressedV2: true, typ: -1}
	w := thriftWalk{b: b}
	w.visit = func(depth int, outer, inner int16, v int64) {
		if depth == 1 {
			switch outer {
			case 1:
				h.typ = format.PageType(v)
			case 2:
				h.uncompressed = v
			case 3:
				h.compressed = v
			case 4:
				h.crc, h.hasCRC = v, true
			}
			return
		}
		switch outer {
		case 5: // DataPageHeader
			switch inner {
			case 1:
				h.numValues = v
			case 2:
				h.encoding = format.Encoding(v)
			case 3:
				h.defEncoding = format.Encoding(v)
			}
		case 7: // DictionaryPageHeader
			switch inner {
			case 1:
				h.numValues = v
			case 2:
				h.encoding = format.Encoding(v)
			}
		case 8: // DataPageHeaderV2
			switch inner {
			case 1:
				h.numValues = v
			case 2:
				h.numNulls = v
			case 4:
				h.encoding = format.Encoding(v)
			case 5:
				h.defLen = v
			case 6:
				h.repLen = v
			case 7:
				h.compressedV2 = v != 0
			}
		}
	}
	if err := w.structure(); err != nil {
		return h, err
	}
	h.size = w.pos
	switch {
	case h.compressed < 0 || h.uncompressed < 0:
		return h, fmt.Errorf("corrupt page header: sizes %d and %d", h.compressed, h.uncompressed)
	case h.numValues < 0 || h.numNulls < 0 || h.numNulls > h.numValues:
		return h, fmt.Errorf("corrupt page header: %d values, %d nulls", h.numValues, h.numNulls)
	case h.defLen < 0 || h.repLen < 0 || h.defLen > h.compressed || h.repLen > h.compressed-h.defLen:
		return h, fmt.Errorf("corrupt page header: %d+%d bytes of levels in a page of %d", h.repLen, h.defLen, h.compressed)
	}
	return h, nil
}

// headerWindow is how much is read to find a page header; larger headers
// (long string statistics) are read again with a larger window.
const headerWindow = 4 << 10

// readPageHeader reads the page header at off, which must end before end.
func (f *File) readPageHeader(buf *[]byte, off, end int64) (pageHeader, error) {
	window := int64(headerWindow)
	for {
		n := min(window, end-off)
		if cap(*buf) < int(n) {
			*buf = make([]byte, n)
		}
		b := (*buf)[:n]
		if err := readFull(f.ra, b, off); err != nil {
			return pageHeader{}, err
		}
		h, err := parsePageHeader(b)
		if err == errThriftShort && n < end-off && window < int64(f.maxPage) {
			window *= 8
			continue
		}
		if err == errThriftShort {
			return h, errors.New("truncated page header")
		}
		return h, err
	}
}
