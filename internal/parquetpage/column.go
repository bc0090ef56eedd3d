package parquetpage

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"

	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// Kind is how a column's values become text.
type Kind uint8

const (
	Raw       Kind = iota // byte arrays as they are
	Bool                  // true, false
	Int                   // signed integers
	Uint                  // unsigned 64-bit integers
	Decimal               // integers or big-endian byte arrays with a scale
	Date                  // days since 1970-01-01
	Timestamp             // units since 1970-01-01T00:00:00
	Time                  // time of day
	Int96                 // legacy INT96 timestamps (UTC)
	Float
	Double
	UUID
	Float16
)

// column reads one column of the file, chunk by chunk and page by page.
// A page is decoded into typed values (or dictionary indexes); their text
// is written row by row into batches by appendRows, or, for a typed column,
// the values themselves by appendNums.
type column struct {
	Type
	name    string
	leaf    int  // column chunk index in a row group
	typeLen int  // FIXED_LEN_BYTE_ARRAY
	uint32  bool // INT32 holding unsigned values
	maxDef  int  // 1 for an optional column
	f       *File
	dec     *decompressor

	// The current column chunk.
	codec    format.CompressionCodec
	off, end int64
	left     int64    // rows still to come from the chunk
	hasDict  bool     // the chunk's dictionary page was read
	dict     [][]byte // the dictionary as text
	dictNums []int64  // the dictionary of a typed column, as numbers
	dictText []byte

	// The current page: rows rows, the next one at pos; defs (nil for a
	// required column) says which have a value, the next value being at
	// vpos in the slice of the page's kind.
	rows, pos, vpos int
	defs            []uint32
	page            pageKind
	idx             []uint32 // pageDict
	ints            []int64  // pageInts
	floats          []float64
	bools           []uint32
	bytes           [][]byte // pageBytes
	flat            []byte   // pageFlat: value j is flat[offs[j]:offs[j+1]]
	offs            []int
	int96           []byte

	// Buffers, reused from page to page.
	hdr, raw, data []byte
	levels         []uint32
	sc             scratch
	dictVals       [][]byte
	days           DayCache
}

// Type is what turning a column's values into text or numbers needs to
// know of the column, fixed once the file is opened. The goroutines that
// take rows from batches keep copies: the decoder that owns a column writes
// its decoding state all along, and sharing its cache lines would slow
// them.
type Type struct {
	Index int         // position in the header (Fields)
	Phys  format.Type // the physical type
	Kind  Kind
	Scale int   // Decimal
	Per   int64 // Timestamp, Time, Int96: units per second
	UTC   bool  // Timestamp, Int96
	// Typed says the column's values go to batches as numbers (Values.Nums)
	// rather than text: chosen by NewReader's caller, for kinds whose
	// numbers it can take as they are.
	Typed bool
}

// pageKind says which slice holds the values of the current page.
type pageKind uint8

const (
	pageDict pageKind = iota
	pageInts
	pageFloats
	pageBools
	pageBytes
	pageFlat // byte arrays back to back (DELTA_LENGTH_BYTE_ARRAY)
	pageInt96
)

// newColumn prepares the reading of a top-level field.
func newColumn(f *File, dec *decompressor, index int, fd Field) (*column, error) {
	if fd.bad != "" {
		return nil, fmt.Errorf("%s", fd.bad)
	}
	el := fd.el
	c := &column{Type: Type{Index: index, Phys: el.Type.V}, name: fd.Name, leaf: fd.leaf, f: f, dec: dec}
	if el.RepetitionType.Valid && el.RepetitionType.V == format.Optional {
		c.maxDef = 1
	}
	ct := deprecated.ConvertedType(-1)
	if el.ConvertedType.Valid {
		ct = el.ConvertedType.V
	}
	decimal := func(scale int32) error {
		if scale < 0 || scale > 76 {
			return fmt.Errorf("corrupt schema: DECIMAL scale %d", scale)
		}
		c.Kind, c.Scale = Decimal, int(scale)
		return nil
	}
	var err error
	lt := el.LogicalType.Value
	switch t := lt.(type) {
	case *format.DecimalType:
		err = decimal(t.Scale)
	default:
		if ct == deprecated.Decimal {
			err = decimal(el.Scale.V)
		}
	}
	if err != nil {
		return nil, err
	}
	units := func(u *format.TimeUnit) int64 {
		switch u.Value.(type) {
		case *format.MilliSeconds:
			return 1e3
		case *format.MicroSeconds:
			return 1e6
		case *format.NanoSeconds:
			return 1e9
		}
		return 0
	}
	switch c.Phys {
	case format.Boolean:
		c.Kind = Bool
	case format.Int32, format.Int64:
		if c.Kind == Decimal {
			break
		}
		c.Kind = Int
		switch t := lt.(type) {
		case *format.DateType:
			c.Kind = Date
		case *format.IntType:
			if !t.IsSigned {
				c.Kind, c.uint32 = Uint, c.Phys == format.Int32
			}
		case *format.TimestampType:
			c.Kind, c.Per, c.UTC = Timestamp, units(&t.Unit), t.IsAdjustedToUTC
		case *format.TimeType:
			c.Kind, c.Per = Time, units(&t.Unit)
		case nil:
			switch ct {
			case deprecated.Date:
				c.Kind = Date
			case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
				c.Kind, c.uint32 = Uint, c.Phys == format.Int32
			case deprecated.TimestampMillis:
				c.Kind, c.Per, c.UTC = Timestamp, 1e3, true
			case deprecated.TimestampMicros:
				c.Kind, c.Per, c.UTC = Timestamp, 1e6, true
			case deprecated.TimeMillis:
				c.Kind, c.Per = Time, 1e3
			case deprecated.TimeMicros:
				c.Kind, c.Per = Time, 1e6
			}
		}
		if (c.Kind == Timestamp || c.Kind == Time) && c.Per == 0 {
			return nil, fmt.Errorf("corrupt schema: time unit missing")
		}
	case format.Int96:
		c.Kind, c.Per, c.UTC = Int96, 1, true // its values are seconds: see num
	case format.Float:
		c.Kind = Float
	case format.Double:
		c.Kind = Double
	case format.ByteArray:
		if c.Kind != Decimal {
			c.Kind = Raw
		}
	case format.FixedLenByteArray:
		c.typeLen = int(el.TypeLength.V)
		if c.typeLen <= 0 || c.typeLen > 1<<16 {
			return nil, fmt.Errorf("corrupt schema: FIXED_LEN_BYTE_ARRAY of %d bytes", c.typeLen)
		}
		if c.Kind == Decimal {
			break
		}
		c.Kind = Raw
		switch lt.(type) {
		case *format.UUIDType:
			if c.typeLen == 16 {
				c.Kind = UUID
			}
		case *format.Float16Type:
			if c.typeLen == 2 {
				c.Kind = Float16
			}
		}
	default:
		return nil, fmt.Errorf("corrupt schema: unknown type %d", c.Phys)
	}
	if c.Kind == Decimal && (c.Phys == format.Boolean || c.Phys == format.Float || c.Phys == format.Double || c.Phys == format.Int96) {
		return nil, fmt.Errorf("corrupt schema: DECIMAL stored as %v", c.Phys)
	}
	return c, nil
}

// check checks a column chunk of the column against the file.
func (c *column) check(cc *format.ColumnChunk) error {
	md := &cc.MetaData
	if cc.FilePath != "" {
		return fmt.Errorf("the data is in another file (%q), which is not supported", cc.FilePath)
	}
	if md.Type != c.Phys {
		return fmt.Errorf("corrupt footer: a %v chunk in a %v column", md.Type, c.Phys)
	}
	switch md.Codec {
	case format.Uncompressed, format.Snappy, format.Gzip, format.Brotli, format.Zstd, format.Lz4Raw:
	default:
		return fmt.Errorf("compression %v is not supported", md.Codec)
	}
	start, size := chunkStart(md), md.TotalCompressedSize
	if start < 4 || size < 0 || start > c.f.dataEnd || size > c.f.dataEnd-start {
		return fmt.Errorf("truncated or corrupt file: the column chunk (%d bytes at offset %d) lies outside the file's %d bytes of data",
			size, start, c.f.dataEnd)
	}
	return nil
}

// chunkStart is where a column chunk's first page is: its dictionary page
// when it has one.
func chunkStart(md *format.ColumnMetaData) int64 {
	if d := md.DictionaryPageOffset; d > 0 && d < md.DataPageOffset {
		return d
	}
	return md.DataPageOffset
}

// start starts reading a column chunk (checked by check) of rows rows.
func (c *column) start(cc *format.ColumnChunk, rows int64) {
	c.codec = cc.MetaData.Codec
	c.off = chunkStart(&cc.MetaData)
	c.end = c.off + cc.MetaData.TotalCompressedSize
	c.left = rows
	c.hasDict = false
	c.rows, c.pos, c.vpos = 0, 0, 0
}

// nextPage reads pages until one with rows.
func (c *column) nextPage() (err error) {
	defer func() {
		// Pages are decoded here and must not panic; should one, the
		// Reader's user gets an error rather than the program a crash.
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error reading the page at offset %d: %v\n%s", c.off, r, debug.Stack())
		}
	}()
	for {
		if c.off >= c.end {
			return fmt.Errorf("corrupt file: the column chunk ends %d rows before its row group", c.left)
		}
		at := c.off
		h, err := c.f.readPageHeader(&c.hdr, c.off, c.end)
		if err != nil {
			return fmt.Errorf("page at offset %d: %w", at, err)
		}
		body := c.off + int64(h.size)
		if h.compressed > c.end-body {
			return fmt.Errorf("page at offset %d: %d bytes run past the end of the column chunk (truncated or corrupt file)", at, h.compressed)
		}
		c.off = body + h.compressed
		if h.typ != format.DataPage && h.typ != format.DataPageV2 && h.typ != format.DictionaryPage {
			continue // index pages, and page types this reader does not know
		}
		if h.uncompressed > int64(c.f.maxPage) || h.numValues > int64(c.f.maxValues) {
			return fmt.Errorf("page at offset %d: %d values in %d bytes is more than this reader allows for a file of %d bytes (corrupt file?)",
				at, h.numValues, h.uncompressed, c.f.size)
		}
		c.raw = grow(c.raw, int(h.compressed))
		if err := readFull(c.f.ra, c.raw, body); err != nil {
			return fmt.Errorf("page at offset %d: %w", at, err)
		}
		switch h.typ {
		case format.DictionaryPage:
			err = c.readDictionary(&h)
		default:
			err = c.readData(&h)
		}
		if err != nil {
			return fmt.Errorf("page at offset %d: %w", at, err)
		}
		if c.rows > 0 {
			return nil
		}
	}
}

// readDictionary reads a dictionary page into c.dict, or c.dictNums for a
// typed column.
func (c *column) readDictionary(h *pageHeader) error {
	if c.hasDict {
		return fmt.Errorf("a second dictionary page")
	}
	if h.encoding != format.Plain && h.encoding != format.PlainDictionary {
		return fmt.Errorf("dictionary encoded as %v", h.encoding)
	}
	data, err := c.dec.decode(c.codec, &c.data, c.raw, int(h.uncompressed))
	if err != nil {
		return err
	}
	n := int(h.numValues)
	if err := c.decodeValues(format.Plain, data, n); err != nil {
		return fmt.Errorf("dictionary: %w", err)
	}
	c.hasDict = true
	if c.Typed {
		c.dictNums = c.dictNums[:0] // the old dictionary is no longer used
		for j := range n {
			c.dictNums = append(c.dictNums, c.num(j))
		}
		return nil
	}
	text := c.dictText[:0] // the old dictionary is no longer used
	ends := c.sc.ends[:0]
	for j := range n {
		text = c.appendValue(text, j)
		ends = append(ends, len(text))
	}
	c.sc.ends = ends
	c.dictText = text
	c.dict = grow(c.dictVals, n)
	c.dictVals = c.dict
	s := 0
	for j, e := range ends {
		c.dict[j] = text[s:e:e]
		s = e
	}
	return nil
}

// readData reads a data page (v1 or v2).
func (c *column) readData(h *pageHeader) error {
	n := int(h.numValues)
	var data, levels []byte
	var err error
	if h.typ == format.DataPageV2 {
		levels = c.raw[h.repLen : h.repLen+h.defLen]
		data = c.raw[h.repLen+h.defLen:]
		if h.compressedV2 {
			size := h.uncompressed - h.repLen - h.defLen
			if size < 0 {
				return fmt.Errorf("corrupt page header: %d bytes of levels in %d", h.repLen+h.defLen, h.uncompressed)
			}
			if data, err = c.dec.decode(c.codec, &c.data, data, int(size)); err != nil {
				return err
			}
		}
	} else if data, err = c.dec.decode(c.codec, &c.data, c.raw, int(h.uncompressed)); err != nil {
		return err
	}

	// Which rows have a value.
	nn := n
	c.defs = nil
	if c.maxDef > 0 {
		c.levels = grow(c.levels, n)
		c.defs = c.levels
		switch {
		case h.typ == format.DataPageV2 && len(levels) == 0 && h.numNulls == 0:
			for i := range c.defs {
				c.defs[i] = 1
			}
		case h.typ == format.DataPageV2:
			err = rleDecode(c.defs, levels, 1)
		case h.defEncoding == format.RLE:
			if len(data) < 4 {
				return errPageShort
			}
			l := int64(uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24)
			if l > int64(len(data)-4) {
				return errPageShort
			}
			err = rleDecode(c.defs, data[4:4+l], 1)
			data = data[4+l:]
		case h.defEncoding == format.BitPacked:
			var k int
			k, err = bitPackedLevels(c.defs, data)
			data = data[k:]
		default:
			return fmt.Errorf("definition levels encoded as %v", h.defEncoding)
		}
		if err != nil {
			return fmt.Errorf("definition levels: %w", err)
		}
		nn = 0
		for _, d := range c.defs {
			nn += int(d & 1)
		}
	}
	if err := c.decodeValues(h.encoding, data, nn); err != nil {
		return err
	}
	// A row group's rows, not more.
	if int64(n) > c.left {
		n = int(c.left)
	}
	c.left -= int64(n)
	c.rows, c.pos, c.vpos = n, 0, 0
	return nil
}

// decodeValues decodes the n values of a page into the slice of its kind.
func (c *column) decodeValues(enc format.Encoding, data []byte, n int) error {
	var err error
	if n == 0 { // a page of nulls may have no values section at all
		c.page, c.bytes = pageBytes, c.bytes[:0]
		return nil
	}
	if enc == format.PlainDictionary || enc == format.RLEDictionary {
		if !c.hasDict {
			return fmt.Errorf("dictionary-encoded values without a dictionary page")
		}
		c.page = pageDict
		if c.idx, err = c.sc.decodeIndexes(data, n); err != nil {
			return fmt.Errorf("dictionary indexes: %w", err)
		}
		size := len(c.dict)
		if c.Typed {
			size = len(c.dictNums)
		}
		for _, k := range c.idx {
			if int(k) >= size {
				return fmt.Errorf("dictionary index %d of %d", k, size)
			}
		}
		return nil
	}
	switch c.Phys {
	case format.Boolean:
		c.page = pageBools
		c.bools, err = c.sc.decodeBools(enc, data, n)
	case format.Int32, format.Int64:
		width := 4
		if c.Phys == format.Int64 {
			width = 8
		}
		c.page = pageInts
		c.ints, err = c.sc.decodeInts(enc, data, n, width, c.uint32)
	case format.Int96:
		if enc != format.Plain {
			return fmt.Errorf("encoding %v is not supported for INT96", enc)
		}
		if 12*n > len(data) {
			return errPageShort
		}
		c.page, c.int96 = pageInt96, data[:12*n]
	case format.Float, format.Double:
		width := 4
		if c.Phys == format.Double {
			width = 8
		}
		c.page = pageFloats
		c.floats, err = c.sc.decodeFloats(enc, data, n, width)
	default: // byte arrays
		if enc == format.DeltaLengthByteArray {
			c.page = pageFlat
			c.flat, c.offs, err = c.sc.decodeLengths(data, n, c.typeLen)
			break
		}
		c.page = pageBytes
		c.bytes, err = c.sc.decodeByteArrays(enc, data, n, c.typeLen, c.f.maxPage)
	}
	return err
}

// appendValue appends the text of value j of the current page.
func (c *column) appendValue(b []byte, j int) []byte {
	switch c.page {
	case pageDict:
		return append(b, c.dict[c.idx[j]]...)
	case pageInts:
		return c.AppendNum(b, c.ints[j], &c.days)
	case pageFloats:
		if c.Phys == format.Float {
			return strconv.AppendFloat(b, c.floats[j], 'f', -1, 32)
		}
		return strconv.AppendFloat(b, c.floats[j], 'f', -1, 64)
	case pageBools:
		if c.bools[j] != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case pageInt96:
		return appendInt96(b, c.int96[12*j:12*j+12])
	}
	if c.Kind == Raw {
		return append(b, c.byteArray(j)...)
	}
	return c.appendBytes(b, c.byteArray(j))
}

// byteArray returns value j of the current page of byte arrays.
func (c *column) byteArray(j int) []byte {
	if c.page == pageFlat {
		return c.flat[c.offs[j]:c.offs[j+1]:c.offs[j+1]]
	}
	return c.bytes[j]
}

// appendRows appends the text of the next k rows of the current page (which
// has them) to text, and the end of each to ends. A null is an empty text.
func (c *column) appendRows(text []byte, ends []int, k int) ([]byte, []int) {
	if c.defs == nil && c.page == pageInts {
		for _, v := range c.ints[c.vpos : c.vpos+k] {
			text = c.AppendNum(text, v, &c.days)
			ends = append(ends, len(text))
		}
		c.pos += k
		c.vpos += k
		return text, ends
	}
	if c.defs == nil && c.Kind == Raw && (c.page == pageBytes || c.page == pageDict || c.page == pageFlat) {
		// Strings, the ids: copied as they are.
		switch c.page {
		case pageFlat: // at once
			o := c.offs[c.vpos : c.vpos+k+1]
			base := len(text) - o[0]
			text = append(text, c.flat[o[0]:o[k]]...)
			for _, e := range o[1:] {
				ends = append(ends, base+e)
			}
		case pageDict:
			for _, i := range c.idx[c.vpos : c.vpos+k] {
				text = append(text, c.dict[i]...)
				ends = append(ends, len(text))
			}
		default:
			for _, v := range c.bytes[c.vpos : c.vpos+k] {
				text = append(text, v...)
				ends = append(ends, len(text))
			}
		}
		c.pos += k
		c.vpos += k
		return text, ends
	}
	for range k {
		if c.defs == nil || c.defs[c.pos]&1 == 1 {
			text = c.appendValue(text, c.vpos)
			c.vpos++
		}
		c.pos++
		ends = append(ends, len(text))
	}
	return text, ends
}

// appendNums appends the values of the next k rows of the current page
// (which has them) to v, for a typed column.
func (c *column) appendNums(v *Values, k int) {
	if c.defs == nil && c.page == pageInts {
		v.Nums = append(v.Nums, c.ints[c.vpos:c.vpos+k]...)
		c.pos += k
		c.vpos += k
		return
	}
	for range k {
		if c.defs == nil || c.defs[c.pos]&1 == 1 {
			v.Nums = append(v.Nums, c.num(c.vpos))
			c.vpos++
		} else {
			v.Nums = append(v.Nums, 0)
			v.setNull(len(v.Nums) - 1)
		}
		c.pos++
	}
}

// num returns value j of the current page of a typed column: an INT32 or
// INT64 as it is, an INT96 timestamp as its seconds, a DOUBLE as its bits.
func (c *column) num(j int) int64 {
	switch c.page {
	case pageDict:
		return c.dictNums[c.idx[j]]
	case pageInt96:
		return int96Seconds(c.int96[12*j : 12*j+12])
	case pageFloats:
		return int64(math.Float64bits(c.floats[j])) // a DOUBLE, by its bits
	}
	return c.ints[j]
}

// estimate bounds the bytes of text of the next k rows of the current page.
func (c *column) estimate(k int) int {
	if c.Typed {
		return 0 // numbers, no text
	}
	j := min(c.vpos+k, c.values())
	n := 0
	switch {
	case c.page == pageDict:
		for _, i := range c.idx[c.vpos:j] {
			n += len(c.dict[i])
		}
	case c.page == pageBytes && c.Kind == Raw:
		for _, v := range c.bytes[c.vpos:j] {
			n += len(v)
		}
	case c.page == pageFlat && c.Kind == Raw:
		n = c.offs[j] - c.offs[c.vpos]
	case c.page == pageBytes, c.page == pageFlat:
		n = 256 * (j - c.vpos) // decimals of up to 64 bytes, UUIDs
	default:
		n = 96 * (j - c.vpos) // numbers: a DECIMAL at scale 76, timestamps
	}
	return n
}

// values is the number of values of the current page.
func (c *column) values() int {
	switch c.page {
	case pageDict:
		return len(c.idx)
	case pageInts:
		return len(c.ints)
	case pageFloats:
		return len(c.floats)
	case pageBools:
		return len(c.bools)
	case pageInt96:
		return len(c.int96) / 12
	case pageFlat:
		return len(c.offs) - 1
	}
	return len(c.bytes)
}
