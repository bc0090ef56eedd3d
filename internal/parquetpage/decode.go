package parquetpage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
	"github.com/pierrec/lz4/v4"
)

// This file decodes Parquet pages: decompression and the value encodings.
// Every decoder is told how many values to produce and never produces more,
// whatever counts the data declares, so memory follows the page header
// (itself checked against the file) and not the data.

var errPageShort = errors.New("page data ends too soon")

// decompressor decompresses pages, never beyond the size the page header
// gives.
type decompressor struct {
	br     bytes.Reader
	zstd   *zstd.Decoder
	gzip   *gzip.Reader
	brotli *brotli.Reader
}

// decode decompresses src, which the page header says decompresses to size
// bytes, into dst (reused).
func (d *decompressor) decode(codec format.CompressionCodec, dst *[]byte, src []byte, size int) ([]byte, error) {
	if codec == format.Uncompressed {
		return src, nil
	}
	if cap(*dst) < size {
		*dst = make([]byte, size)
	}
	out := (*dst)[:size]
	switch codec {
	case format.Snappy:
		n, err := snappy.DecodedLen(src)
		if err != nil {
			return nil, fmt.Errorf("snappy: %w", err)
		}
		if n > size {
			return nil, fmt.Errorf("snappy data decompresses to %d bytes, more than the %d the page header says", n, size)
		}
		b, err := snappy.Decode(out, src)
		if err != nil {
			return nil, fmt.Errorf("snappy: %w", err)
		}
		return b, nil
	case format.Zstd:
		if d.zstd == nil {
			z, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecodeAllCapLimit(true),
				zstd.WithDecoderMaxWindow(64<<20))
			if err != nil {
				return nil, err
			}
			d.zstd = z
		}
		b, err := d.zstd.DecodeAll(src, out[:0:size])
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		return b, nil
	case format.Gzip:
		d.br.Reset(src)
		var err error
		if d.gzip == nil {
			d.gzip, err = gzip.NewReader(&d.br)
		} else {
			err = d.gzip.Reset(&d.br)
		}
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return readLimited(d.gzip, out, "gzip")
	case format.Brotli:
		d.br.Reset(src)
		if d.brotli == nil {
			d.brotli = brotli.NewReader(&d.br)
		} else if err := d.brotli.Reset(&d.br); err != nil {
			return nil, fmt.Errorf("brotli: %w", err)
		}
		return readLimited(d.brotli, out, "brotli")
	case format.Lz4Raw:
		n, err := lz4.UncompressBlock(src, out)
		if err != nil {
			return nil, fmt.Errorf("lz4: %w", err)
		}
		return out[:n], nil
	}
	return nil, fmt.Errorf("compression %v is not supported", codec)
}

// readLimited reads a whole stream into out, failing if it holds more.
func readLimited(r io.Reader, out []byte, name string) ([]byte, error) {
	n, err := io.ReadFull(r, out)
	switch err {
	case nil:
		var one [1]byte
		if m, _ := r.Read(one[:]); m > 0 {
			return nil, fmt.Errorf("%s data decompresses to more than the %d bytes the page header says", name, len(out))
		}
	case io.EOF, io.ErrUnexpectedEOF:
	default:
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out[:n], nil
}

// rleDecode decodes len(dst) values of bw bits (0..32) from src, in the
// RLE/bit-packing hybrid encoding (levels, dictionary indexes, booleans).
func rleDecode(dst []uint32, src []byte, bw uint) error {
	if bw > 32 {
		return fmt.Errorf("bit width %d", bw)
	}
	mask := uint64(1)<<bw - 1
	byteWidth := int(bw+7) / 8
	n, i := 0, 0
	for n < len(dst) {
		h, k := binary.Uvarint(src[i:])
		if k <= 0 {
			return errPageShort
		}
		i += k
		if h&1 == 1 { // bit-packed groups of 8 values
			groups := h >> 1
			if groups > uint64(len(src)) {
				return errPageShort
			}
			nb := int(groups) * int(bw)
			if nb > len(src)-i {
				return errPageShort
			}
			m := min(int(groups)*8, len(dst)-n)
			unpackLSB(dst[n:n+m], src[i:i+nb], bw, mask)
			n += m
			i += nb
		} else { // a run of one value
			if byteWidth > len(src)-i {
				return errPageShort
			}
			var v uint32
			for j := byteWidth - 1; j >= 0; j-- {
				v = v<<8 | uint32(src[i+j])
			}
			i += byteWidth
			m := min(h>>1, uint64(len(dst)-n))
			run := dst[n : n+int(m)]
			for j := range run {
				run[j] = v
			}
			n += int(m)
		}
	}
	return nil
}

// unpackLSB unpacks len(dst) values of bw bits packed least significant bit
// first; src holds enough bytes.
func unpackLSB(dst []uint32, src []byte, bw uint, mask uint64) {
	var acc uint64
	var nb uint
	k := 0
	for j := range dst {
		for nb < bw {
			acc |= uint64(src[k]) << nb
			k++
			nb += 8
		}
		dst[j] = uint32(acc & mask)
		acc >>= bw
		nb -= bw
	}
}

// bitPackedLevels decodes the deprecated BIT_PACKED level encoding (most
// significant bit first) of 1-bit levels.
func bitPackedLevels(dst []uint32, src []byte) (int, error) {
	nb := (len(dst) + 7) / 8
	if nb > len(src) {
		return 0, errPageShort
	}
	for j := range dst {
		dst[j] = uint32(src[j/8]>>(7-j%8)) & 1
	}
	return nb, nil
}

// deltaDecode decodes a DELTA_BINARY_PACKED stream of exactly len(dst)
// values and returns the bytes it used.
func deltaDecode(dst []int64, src []byte) (int, error) {
	i := 0
	next := func() (uint64, error) {
		u, k := binary.Uvarint(src[i:])
		if k <= 0 {
			return 0, errPageShort
		}
		i += k
		return u, nil
	}
	blockSize, err := next()
	if err != nil {
		return 0, err
	}
	miniBlocks, err := next()
	if err != nil {
		return 0, err
	}
	total, err := next()
	if err != nil {
		return 0, err
	}
	first, err := next()
	if err != nil {
		return 0, err
	}
	if blockSize == 0 || blockSize%128 != 0 || blockSize > 1<<20 || miniBlocks == 0 || blockSize%miniBlocks != 0 || (blockSize/miniBlocks)%32 != 0 {
		return 0, fmt.Errorf("DELTA_BINARY_PACKED: bad block size %d/%d", blockSize, miniBlocks)
	}
	if total != uint64(len(dst)) {
		return 0, fmt.Errorf("DELTA_BINARY_PACKED: %d values where %d were expected", total, len(dst))
	}
	if total == 0 {
		return i, nil
	}
	per := int(blockSize / miniBlocks)
	last := zigzag(first)
	dst[0] = last
	n := 1
	for n < len(dst) {
		u, err := next()
		if err != nil {
			return 0, err
		}
		minDelta := zigzag(u)
		if int(miniBlocks) > len(src)-i {
			return 0, errPageShort
		}
		widths := src[i : i+int(miniBlocks)]
		i += int(miniBlocks)
		for _, w := range widths {
			if n == len(dst) {
				break
			}
			if w > 64 {
				return 0, fmt.Errorf("DELTA_BINARY_PACKED: bit width %d", w)
			}
			m := min(per, len(dst)-n)
			need := (m*int(w) + 7) / 8
			if need > len(src)-i {
				return 0, errPageShort
			}
			unpackDeltas(dst[n:n+m], src[i:], uint(w), minDelta, &last)
			i += min(per*int(w)/8, len(src)-i) // a whole miniblock, unless the writer cut the padding
			n += m
		}
	}
	return i, nil
}

// unpackDeltas unpacks len(dst) deltas of w bits (LSB first) from src and
// turns them into values, wrapping like the writer did.
func unpackDeltas(dst []int64, src []byte, w uint, minDelta int64, last *int64) {
	v := *last
	var acc uint64
	var nb uint
	k := 0
	mask := uint64(1)<<w - 1
	if w == 64 {
		mask = math.MaxUint64
	}
	for j := range dst {
		var d uint64
		if w <= 56 {
			for nb < w {
				acc |= uint64(src[k]) << nb
				k++
				nb += 8
			}
			d = acc & mask
			acc >>= w
			nb -= w
		} else { // wide values: bit by bit from the position
			pos := uint(j) * w
			for b := uint(0); b < w; {
				byt, off := pos/8, pos%8
				take := min(8-off, w-b)
				d |= (uint64(src[byt]>>off) & (1<<take - 1)) << b
				b += take
				pos += take
			}
		}
		v = int64(uint64(v) + uint64(minDelta) + d)
		dst[j] = v
	}
	*last = v
}

// scratch holds the reusable buffers of one column's decoding.
type scratch struct {
	u32   []uint32
	i64   []int64
	i64b  []int64
	f64   []float64
	bs    [][]byte
	arena []byte // DELTA_BYTE_ARRAY values
	ends  []int
	offs  []int // DELTA_LENGTH_BYTE_ARRAY offsets
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// decodeByteArrays decodes n byte-array values (typeLen > 0: fixed length).
// The values point into data or into sc.arena.
func (sc *scratch) decodeByteArrays(enc format.Encoding, data []byte, n, typeLen, limit int) ([][]byte, error) {
	out := grow(sc.bs, n)
	sc.bs = out
	switch enc {
	case format.Plain:
		if typeLen > 0 {
			if n*typeLen > len(data) {
				return nil, errPageShort
			}
			for j := range out {
				out[j] = data[j*typeLen : (j+1)*typeLen : (j+1)*typeLen]
			}
			return out, nil
		}
		i := 0
		for j := range out {
			if len(data)-i < 4 {
				return nil, errPageShort
			}
			l := int(binary.LittleEndian.Uint32(data[i:]))
			i += 4
			if l > len(data)-i || l < 0 {
				return nil, errPageShort
			}
			out[j] = data[i : i+l : i+l]
			i += l
		}
		return out, nil
	case format.DeltaByteArray:
		prefix := grow(sc.i64b, n)
		sc.i64b = prefix
		used, err := deltaDecode(prefix, data)
		if err != nil {
			return nil, err
		}
		data = data[used:]
		lens := grow(sc.i64, n)
		sc.i64 = lens
		used, err = deltaDecode(lens, data)
		if err != nil {
			return nil, err
		}
		suffixes, err := splitLengths(out, lens, data[used:])
		if err != nil {
			return nil, err
		}
		// Each value is a prefix of the one before and its suffix: they can
		// add up to much more than the page, so the total is bounded.
		total, prev := 0, 0
		for j, p := range prefix {
			if p < 0 || int(p) > prev {
				return nil, fmt.Errorf("DELTA_BYTE_ARRAY: prefix %d of a %d-byte value", p, prev)
			}
			prev = int(p) + len(suffixes[j])
			total += prev
			if total > limit {
				return nil, fmt.Errorf("DELTA_BYTE_ARRAY values add up to more than %d bytes", limit)
			}
		}
		arena := grow(sc.arena, total)
		sc.arena = arena
		at, start := 0, 0
		for j, p := range prefix {
			copy(arena[at:], arena[start:start+int(p)])
			copy(arena[at+int(p):], suffixes[j])
			start = at
			at += int(p) + len(suffixes[j])
			out[j] = arena[start:at:at]
		}
		if typeLen > 0 {
			for _, v := range out {
				if len(v) != typeLen {
					return nil, fmt.Errorf("DELTA_BYTE_ARRAY: %d-byte value in a %d-byte column", len(v), typeLen)
				}
			}
		}
		return out, nil
	case format.ByteStreamSplit:
		if typeLen <= 0 {
			break
		}
		return sc.byteStreamSplit(out, data, n, typeLen)
	}
	return nil, fmt.Errorf("encoding %v is not supported for byte arrays", enc)
}

// decodeLengths decodes n DELTA_LENGTH_BYTE_ARRAY values (typeLen > 0:
// of fixed length), which lie back to back after their lengths: it returns
// their bytes and where each value starts in them, then where the last
// ends (n+1 offsets).
func (sc *scratch) decodeLengths(data []byte, n, typeLen int) ([]byte, []int, error) {
	lens := grow(sc.i64, n)
	sc.i64 = lens
	used, err := deltaDecode(lens, data)
	if err != nil {
		return nil, nil, err
	}
	data = data[used:]
	offs := grow(sc.offs, n+1)
	sc.offs = offs
	at := 0
	for j, l := range lens {
		if l < 0 || l > int64(len(data)-at) {
			return nil, nil, errPageShort
		}
		if typeLen > 0 && int(l) != typeLen {
			return nil, nil, fmt.Errorf("DELTA_LENGTH_BYTE_ARRAY: %d-byte value in a %d-byte column", l, typeLen)
		}
		offs[j] = at
		at += int(l)
	}
	offs[n] = at
	return data[:at], offs, nil
}

// byteStreamSplit reassembles n values of k bytes into the arena.
func (sc *scratch) byteStreamSplit(out [][]byte, data []byte, n, k int) ([][]byte, error) {
	if n*k > len(data) {
		return nil, errPageShort
	}
	arena := grow(sc.arena, n*k)
	sc.arena = arena
	for j := range n {
		for b := range k {
			arena[j*k+b] = data[b*n+j]
		}
		out[j] = arena[j*k : (j+1)*k : (j+1)*k]
	}
	return out, nil
}

// splitLengths cuts data into values of the given lengths.
func splitLengths(out [][]byte, lens []int64, data []byte) ([][]byte, error) {
	i := 0
	for j, l := range lens {
		if l < 0 || l > int64(len(data)-i) {
			return nil, errPageShort
		}
		out[j] = data[i : i+int(l) : i+int(l)]
		i += int(l)
	}
	return out, nil
}

// decodeInts decodes n INT32 (width 4) or INT64 (width 8) values; INT32s
// are sign-extended, or zero-extended when unsigned.
func (sc *scratch) decodeInts(enc format.Encoding, data []byte, n, width int, unsigned bool) ([]int64, error) {
	out := grow(sc.i64, n)
	sc.i64 = out
	switch enc {
	case format.Plain:
		if n*width > len(data) {
			return nil, errPageShort
		}
		if width == 8 {
			for j := range out {
				out[j] = int64(binary.LittleEndian.Uint64(data[8*j:]))
			}
		} else {
			for j := range out {
				out[j] = extend32(binary.LittleEndian.Uint32(data[4*j:]), unsigned)
			}
		}
		return out, nil
	case format.DeltaBinaryPacked:
		if _, err := deltaDecode(out, data); err != nil {
			return nil, err
		}
		if width == 4 {
			for j, v := range out {
				out[j] = extend32(uint32(v), unsigned)
			}
		}
		return out, nil
	case format.ByteStreamSplit:
		if n*width > len(data) {
			return nil, errPageShort
		}
		for j := range out {
			var u uint64
			for b := width - 1; b >= 0; b-- {
				u = u<<8 | uint64(data[b*n+j])
			}
			if width == 4 {
				out[j] = extend32(uint32(u), unsigned)
			} else {
				out[j] = int64(u)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("encoding %v is not supported for integers", enc)
}

func extend32(u uint32, unsigned bool) int64 {
	if unsigned {
		return int64(u)
	}
	return int64(int32(u))
}

// decodeFloats decodes n FLOAT (width 4) or DOUBLE (width 8) values.
func (sc *scratch) decodeFloats(enc format.Encoding, data []byte, n, width int) ([]float64, error) {
	out := grow(sc.f64, n)
	sc.f64 = out
	if n*width > len(data) {
		return nil, errPageShort
	}
	switch enc {
	case format.Plain:
		for j := range out {
			if width == 8 {
				out[j] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*j:]))
			} else {
				out[j] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*j:])))
			}
		}
		return out, nil
	case format.ByteStreamSplit:
		for j := range out {
			var u uint64
			for b := width - 1; b >= 0; b-- {
				u = u<<8 | uint64(data[b*n+j])
			}
			if width == 8 {
				out[j] = math.Float64frombits(u)
			} else {
				out[j] = float64(math.Float32frombits(uint32(u)))
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("encoding %v is not supported for floats", enc)
}

// decodeBools decodes n booleans as 0 or 1.
func (sc *scratch) decodeBools(enc format.Encoding, data []byte, n int) ([]uint32, error) {
	out := grow(sc.u32, n)
	sc.u32 = out
	switch enc {
	case format.Plain:
		if (n+7)/8 > len(data) {
			return nil, errPageShort
		}
		for j := range out {
			out[j] = uint32(data[j/8]>>(j%8)) & 1
		}
		return out, nil
	case format.RLE:
		if len(data) < 4 {
			return nil, errPageShort
		}
		l := int(binary.LittleEndian.Uint32(data))
		if l < 0 || l > len(data)-4 {
			return nil, errPageShort
		}
		return out, rleDecode(out, data[4:4+l], 1)
	}
	return nil, fmt.Errorf("encoding %v is not supported for booleans", enc)
}

// decodeIndexes decodes n dictionary indexes (a bit width, then the hybrid
// encoding).
func (sc *scratch) decodeIndexes(data []byte, n int) ([]uint32, error) {
	out := grow(sc.u32, n)
	sc.u32 = out
	if n == 0 {
		return out, nil
	}
	if len(data) < 1 {
		return nil, errPageShort
	}
	return out, rleDecode(out, data[1:], uint(data[0]))
}
