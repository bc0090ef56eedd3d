package orders

// This file opens the inputs: files or standard input, compressed or not,
// in any text encoding, handed to Read as a UTF-8 stream (or a Parquet one).
//
// The layers, outermost first:
//
//	file or stdin -> gzip/zstd (chosen by magic bytes) -> format (extension,
//	"PAR1", or a zip's "PK": an Excel workbook) -> text encoding
//	(--encoding, or detected) -> Read
//
// Decompression and decoding run in a goroutine of their own that fills a few
// 1 MiB buffers ahead of the parser, so that on two cores a compressed input
// costs little more than its decompression.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"lifecycle/msg"
)

// InputOptions says how to open an input. The zero value detects
// everything.
type InputOptions struct {
	// Format is "csv" or "tsv" (delimited or whitespace-aligned text, the
	// delimiter detected either way), "parquet", "xlsx", or "" to go by the
	// file's extension and then its first bytes. Compression is always
	// found from the bytes, whatever Format says, and so is a zip archive,
	// which is read as an Excel workbook.
	Format string
	// Sheet is the sheet to read of a workbook (Input.Sheet); "" reads the
	// first.
	Sheet string
	// Encoding is the text encoding: "utf-8", "gbk" or "gb18030" (read as
	// GB18030, a superset of GBK), "latin1" (read as Windows-1252, which is
	// what Latin-1 exports are in practice), or "" to detect it. Parquet is
	// never re-encoded.
	Encoding string
	// Log receives a line when an encoding is detected or a name misleads;
	// nil discards it.
	Log func(msg string)
	// Words gives a note's format in the reader's language, as
	// Options.Words.
	Words func(format string) string
}

// Input formats and encodings as InputOptions names them.
var (
	// InputFormats are the values InputOptions.Format accepts besides "".
	InputFormats = []string{"csv", "tsv", "parquet", "xlsx"}
	// Encodings are the values InputOptions.Encoding accepts besides "".
	Encodings = []string{"utf-8", "gbk", "gb18030", "latin1"}
)

// ParseInputFormat checks an input format name and returns it in the form
// Input.Format takes: "csv", "parquet", "xlsx" or "" (detect).
func ParseInputFormat(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "csv", "tsv", "txt", "text":
		return "csv", nil
	case "parquet":
		return "parquet", nil
	case "xlsx", "xlsm", "excel":
		return "xlsx", nil
	}
	return "", msg.Errorf("unknown input format %q (choose one of %s)", s, strings.Join(InputFormats, ", "))
}

// textEncoding is a text encoding the reader can decode.
type textEncoding struct {
	name string            // as said in messages
	enc  encoding.Encoding // nil for UTF-8
}

var (
	encUTF8    = textEncoding{name: "UTF-8"}
	encGB18030 = textEncoding{"GB18030", simplifiedchinese.GB18030}
	encCP1252  = textEncoding{"Windows-1252", charmap.Windows1252}
	encUTF16LE = textEncoding{"UTF-16LE", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)}
	encUTF16BE = textEncoding{"UTF-16BE", unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)}
)

// ParseEncoding checks an encoding name, accepting the usual aliases
// (utf8, cp936, gb2312, iso-8859-1, windows-1252, cp1252), and returns its
// canonical InputOptions name, or "" to detect.
func ParseEncoding(s string) (string, error) {
	e, ok, err := parseEncoding(s)
	if err != nil || !ok {
		return "", err
	}
	switch e {
	case encGB18030:
		return "gb18030", nil
	case encCP1252:
		return "latin1", nil
	}
	return "utf-8", nil
}

// parseEncoding returns the encoding named, or ok=false for "" (detect).
func parseEncoding(s string) (e textEncoding, ok bool, err error) {
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s)) {
	case "":
		return textEncoding{}, false, nil
	case "utf8":
		return encUTF8, true, nil
	case "gbk", "gb18030", "gb2312", "cp936", "windows936":
		return encGB18030, true, nil
	case "latin1", "iso88591", "l1", "windows1252", "cp1252":
		return encCP1252, true, nil
	}
	return textEncoding{}, false, msg.Errorf("unknown encoding %q (choose one of %s)", s, strings.Join(Encodings, ", "))
}

// DecompressError is a compressed input that cannot be read to its end:
// truncated or corrupt data, or a file that fails to read.
type DecompressError struct {
	Name   string // the input, as in Input.Name
	Format string // "gzip" or "zstd"
	Err    error
}

func (e *DecompressError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *DecompressError) Words() *msg.Error {
	var pe *fs.PathError
	if errors.As(e.Err, &pe) { // the file could not be read: not the data's fault
		return msg.Of(msg.Errorf("%s: %v", e.Name, e.Err))
	}
	if errors.Is(e.Err, io.ErrUnexpectedEOF) {
		return msg.Of(msg.Errorf("%s: unexpected end of %s data: the file is truncated", e.Name, e.Format))
	}
	return msg.Of(msg.Errorf("%s: corrupt %s data: %v", e.Name, e.Format, e.Err))
}

func (e *DecompressError) Unwrap() error { return e.Err }

// Limits on compressed input. A zstd frame declares its window, which the
// decoder allocates: frames asking for more than maxZstdWindow (zstd's own
// default limit without --long=31) are refused, so a hostile header cannot
// make the process allocate gigabytes. Everything else is streamed: a
// decompression bomb costs time, never memory.
const (
	maxZstdWindow = 128 << 20
	chunkSize     = 1 << 20 // read-ahead buffer
	chunks        = 4       // read-ahead buffers
	sniffSize     = 64 << 10
)

// OpenInput opens a named input for Read; "-" is standard input (named
// "stdin" in messages). Gzip and zstd data are decompressed, whatever the
// name; the format is opt.Format, or Parquet when the name (less a
// .gz or .zst) ends in .parquet or the data starts with "PAR1", an Excel
// workbook when it ends in .xlsx or .xlsm or the data is a zip archive
// (which Read checks), text otherwise. Text is decoded to UTF-8 from opt.Encoding, or from what the
// bytes look like: valid UTF-8 is read as it is; other text as GB18030 when
// it reads as Chinese, else as Windows-1252, said through opt.Log. A UTF-16
// byte-order mark is followed.
//
// Errors name the input; those met while reading come from Input.R, as a
// *DecompressError for compressed data that is truncated or corrupt. The
// Closer releases the file and the goroutine that reads ahead; close it
// when done, whether or not the input was read to its end.
func OpenInput(path string, stdin io.Reader, opt InputOptions) (Input, io.Closer, error) {
	format, err := ParseInputFormat(opt.Format)
	if err != nil {
		return Input{}, nil, err
	}
	enc, encGiven, err := parseEncoding(opt.Encoding)
	if err != nil {
		return Input{}, nil, err
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			if opt.Words != nil {
				format, args = opt.Words(format), wordsArgs(opt.Words, args)
			}
			opt.Log(fmt.Sprintf(format, args...))
		}
	}

	name := "stdin"
	var f *os.File
	var src io.Reader = stdin
	if path != "-" {
		name = path
		if f, err = os.Open(path); err != nil {
			return Input{}, nil, err
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return Input{}, nil, msg.Errorf("%s: is a directory", path)
		}
		src = f
	}
	in, cl, err := openStream(name, f, src, format, enc, encGiven, logf)
	if err != nil {
		if f != nil {
			f.Close()
		}
		return Input{}, nil, err
	}
	in.Sheet = opt.Sheet
	return in, cl, nil
}

// openStream builds the layers over an opened input; f is the file when
// there is one (src is then f).
func openStream(name string, f *os.File, src io.Reader, format string, enc textEncoding, encGiven bool, logf func(string, ...any)) (Input, io.Closer, error) {
	var magic []byte
	var err error
	if f != nil {
		// A file is looked at without reading it, so that an uncompressed
		// file reaches Read as the *os.File itself (Parquet wants to seek).
		magic, err = readMagic(f)
		if err != nil {
			if _, err2 := f.Seek(0, io.SeekCurrent); err2 != nil {
				// Not seekable (a named pipe): peek instead.
				magic, src, err = peek(src, 8)
			}
		}
	} else {
		magic, src, err = peek(src, 8)
	}
	if err != nil {
		return Input{}, nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := notAnExport(name, magic); err != nil {
		return Input{}, nil, err
	}

	// Compression: the bytes decide; the name only tells the inner format.
	comp := compressionOf(magic)
	inner, ext := splitCompressedName(name)
	if ext != "" && comp == "" {
		logf("%s: not %s-compressed despite its name; read as it is", name, ext)
	}
	var closeDec func()
	var r io.Reader = src
	switch comp {
	case "gzip":
		zr, err := gzip.NewReader(bufio.NewReaderSize(src, 256<<10))
		if err != nil {
			return Input{}, nil, &DecompressError{Name: name, Format: comp, Err: err}
		}
		r = zr
	case "zstd":
		zr, err := zstd.NewReader(src, zstd.WithDecoderMaxWindow(maxZstdWindow), zstd.WithDecoderMaxMemory(maxZstdWindow),
			zstd.WithDecoderConcurrency(1))
		if err != nil {
			return Input{}, nil, &DecompressError{Name: name, Format: comp, Err: err}
		}
		r, closeDec = zr, zr.Close
	}
	if comp != "" {
		r = &decompressErrors{r: r, name: name, format: comp}
	}

	// Format: a zip archive, the flag, the name, or the first bytes.
	if isZip(magic) {
		format = "xlsx" // whatever the flag or the name say
	}
	if format == "" {
		switch strings.ToLower(filepath.Ext(inner)) {
		case ".parquet":
			format = "parquet"
		case ".csv", ".tsv", ".txt", ".tab":
			format = "csv"
		case ".xlsx", ".xlsm":
			format = "xlsx"
		default:
			head := magic
			if comp != "" {
				if head, r, err = peek(r, 4); err != nil {
					if closeDec != nil {
						closeDec()
					}
					return Input{}, nil, err
				}
			}
			switch {
			case bytes.HasPrefix(head, []byte("PAR1")):
				format = "parquet"
			case isZip(head):
				format = "xlsx"
			default:
				format = "csv"
			}
		}
	}

	// Encoding: text only. Decompression and decoding read ahead in a
	// goroutine; what they have to say is said by the reading goroutine,
	// before the data that made them say it.
	decode := format == "csv" && encGiven && enc.enc != nil
	ahead := comp != "" || decode
	var said *messages
	if ahead {
		said = &messages{}
	}
	if format == "csv" {
		switch {
		case decode:
			r = transform.NewReader(r, enc.enc.NewDecoder())
		case !encGiven:
			dlog := logf
			if said != nil {
				dlog = said.add
			}
			r = &detectReader{r: r, name: name, logf: dlog}
		}
	}

	c := &inputCloser{file: f}
	if ahead {
		ra := newReadAhead(r, closeDec)
		ra.said, ra.logf = said, logf
		r, c.ra = ra, ra
	}
	return Input{Name: name, R: r, Format: format}, c, nil
}

// messages holds the diagnostics of the goroutine that reads ahead until the
// reading goroutine says them.
type messages struct {
	mu   sync.Mutex
	msgs []string
}

func (m *messages) add(format string, args ...any) {
	m.mu.Lock()
	m.msgs = append(m.msgs, fmt.Sprintf(format, args...))
	m.mu.Unlock()
}

// say passes the messages held to logf.
func (m *messages) say(logf func(string, ...any)) {
	m.mu.Lock()
	msgs := m.msgs
	m.msgs = nil
	m.mu.Unlock()
	for _, s := range msgs {
		logf("%s", s)
	}
}

// readMagic reads the first bytes of a file without moving its offset.
func readMagic(f *os.File) ([]byte, error) {
	b := make([]byte, 8)
	n, err := f.ReadAt(b, 0)
	if err == io.EOF {
		err = nil
	}
	return b[:n], err
}

// peek reads up to n bytes from r and returns them with a reader that
// yields them again, then the rest of r.
func peek(r io.Reader, n int) ([]byte, io.Reader, error) {
	b := make([]byte, n)
	m, err := io.ReadFull(r, b)
	b = b[:m]
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		// Shorter than n: all of it is in b.
		return b, bytes.NewReader(b), nil
	case err != nil:
		return nil, nil, err
	}
	return b, io.MultiReader(bytes.NewReader(b), r), nil
}

// compressionOf names the compression the magic bytes show, or "".
func compressionOf(magic []byte) string {
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b, 8}):
		return "gzip"
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return "zstd"
	}
	return ""
}

// splitCompressedName returns the name less a compression extension, and
// the compression it names ("gzip", "zstd" or "").
func splitCompressedName(name string) (inner, comp string) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".gz", ".gzip":
		return strings.TrimSuffix(name, name[len(name)-len(ext):]), "gzip"
	case ".zst", ".zstd":
		return strings.TrimSuffix(name, name[len(name)-len(ext):]), "zstd"
	}
	return name, ""
}

// isZip reports the first bytes of a zip archive, as an Excel workbook is.
func isZip(magic []byte) bool {
	return bytes.HasPrefix(magic, []byte("PK\x03\x04"))
}

// notAnExport recognises the files people mistake for an export: old
// spreadsheets and the compressions that are not read.
//
// An Excel 97-2003 workbook (.xls, a Compound File of BIFF8 records) is
// not read: the pure-Go readers of that format are young or unmaintained
// ports of libxls, and Excel, LibreOffice and WPS all save as .xlsx. A
// password-protected .xlsx is a Compound File too.
func notAnExport(name string, magic []byte) error {
	var what string
	switch {
	case bytes.HasPrefix(magic, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		what = "an Excel 97-2003 workbook (.xls), which is not read, or a password-protected workbook: save it as .xlsx (Excel Workbook, without a password) or as CSV"
	case len(magic) >= 8 && bytes.HasPrefix(magic, []byte("BZh")) && magic[3] >= '1' && magic[3] <= '9' &&
		bytes.Equal(magic[4:8], []byte{0x31, 0x41, 0x59, 0x26}):
		what = "bzip2-compressed, which is not read: decompress it, or compress with gzip or zstd"
	case bytes.HasPrefix(magic, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		what = "xz-compressed, which is not read: decompress it, or compress with gzip or zstd"
	default:
		return nil
	}
	return fmt.Errorf("%s: %s", name, what)
}

// decompressErrors names the input in the errors of a decompressor.
type decompressErrors struct {
	r      io.Reader
	name   string
	format string
}

func (d *decompressErrors) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		var de *DecompressError
		if !errors.As(err, &de) {
			err = &DecompressError{Name: d.name, Format: d.format, Err: err}
		}
	}
	return n, err
}

// inputCloser closes what OpenInput opened.
type inputCloser struct {
	file *os.File
	ra   *readAhead
	once sync.Once
}

func (c *inputCloser) Close() error {
	var err error
	c.once.Do(func() {
		if c.ra != nil {
			c.ra.stop()
		}
		if c.file != nil {
			err = c.file.Close()
		}
	})
	return err
}

// readAhead reads its source in a goroutine into a few large buffers, so
// that decompression and decoding overlap with parsing.
type readAhead struct {
	full     chan filled
	free     chan []byte
	done     chan struct{}
	stopOnce sync.Once

	buf []byte // the buffer being read, to recycle
	cur []byte // its unread part
	err error

	said *messages // diagnostics of the goroutine, said by Read through logf
	logf func(string, ...any)
}

type filled struct {
	b   []byte
	err error
}

// newReadAhead starts reading r; release is called (in the goroutine) when
// it stops reading.
func newReadAhead(r io.Reader, release func()) *readAhead {
	ra := &readAhead{
		full: make(chan filled, chunks),
		free: make(chan []byte, chunks),
		done: make(chan struct{}),
	}
	for range chunks - 1 {
		ra.free <- nil // allocated when first needed: small inputs stay small
	}
	go ra.run(r, release)
	return ra
}

func (ra *readAhead) run(r io.Reader, release func()) {
	if release != nil {
		defer release()
	}
	for {
		var b []byte
		select {
		case b = <-ra.free:
		case <-ra.done:
			return
		}
		if b == nil {
			b = make([]byte, chunkSize)
		}
		b = b[:cap(b)]
		n := 0
		var err error
		for n < len(b) && err == nil {
			var m int
			m, err = r.Read(b[n:])
			n += m
		}
		select {
		case ra.full <- filled{b[:n], err}:
		case <-ra.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.buf != nil {
			ra.free <- ra.buf
			ra.buf = nil
		}
		f := <-ra.full
		ra.buf, ra.cur, ra.err = f.b, f.b, f.err
		if ra.said != nil {
			ra.said.say(ra.logf)
		}
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// stop ends the goroutine, whether or not the input was read to its end.
func (ra *readAhead) stop() {
	ra.stopOnce.Do(func() { close(ra.done) })
}

// detectReader passes text through until it meets the first byte that is
// not ASCII, then decides the encoding from up to 64 KiB from there on and
// decodes the rest accordingly (ASCII reads the same in every encoding it
// chooses among). A byte-order mark decides at once.
type detectReader struct {
	r    io.Reader
	name string
	logf func(string, ...any)

	started bool
	out     io.Reader // once decided
}

func (d *detectReader) Read(p []byte) (int, error) {
	if d.out != nil {
		return d.out.Read(p)
	}
	if !d.started {
		d.started = true
		head, rest, err := peek(d.r, 4)
		if err != nil {
			return 0, err
		}
		d.r = rest
		if e, ok := bomEncoding(head); ok {
			d.decide(e, nil, d.r)
			if e != encUTF8 {
				d.logf("%s: %s byte-order mark; read as %s", d.name, e.name, e.name)
			}
			return d.out.Read(p)
		}
	}
	n, err := d.r.Read(p)
	i := firstNonASCII(p[:n])
	if i == n {
		return n, err
	}
	// The first byte that is not ASCII: look ahead from it.
	head := append(make([]byte, 0, sniffSize), p[i:n]...)
	for len(head) < sniffSize && err == nil {
		var m int
		m, err = d.r.Read(head[len(head):sniffSize])
		head = head[:len(head)+m]
	}
	var rest io.Reader = d.r
	if err != nil {
		rest = errReader{err}
	}
	e := detectEncoding(head, err != nil)
	if e != encUTF8 {
		d.logf("%s: not UTF-8; read as %s (give --encoding to choose)", d.name, e.name)
	}
	d.decide(e, head, rest)
	if i > 0 {
		return i, nil
	}
	return d.out.Read(p)
}

// decide sets the decoded stream: head, then rest, through e.
func (d *detectReader) decide(e textEncoding, head []byte, rest io.Reader) {
	var r io.Reader = rest
	if len(head) > 0 {
		r = io.MultiReader(bytes.NewReader(head), rest)
	}
	if e.enc != nil {
		r = transform.NewReader(r, e.enc.NewDecoder())
	}
	d.out = r
}

// errReader returns its error, always.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// bomEncoding returns the encoding a byte-order mark at the start of b
// declares.
func bomEncoding(b []byte) (textEncoding, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		return encUTF8, true // Read drops the mark itself
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return encUTF16LE, true
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return encUTF16BE, true
	case bytes.HasPrefix(b, []byte{0x84, 0x31, 0x95, 0x33}):
		return encGB18030, true
	}
	return textEncoding{}, false
}

// firstNonASCII returns the index of the first byte of b at or above 0x80,
// or len(b).
func firstNonASCII(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if (uint64(b[i])|uint64(b[i+1])<<8|uint64(b[i+2])<<16|uint64(b[i+3])<<24|
			uint64(b[i+4])<<32|uint64(b[i+5])<<40|uint64(b[i+6])<<48|uint64(b[i+7])<<56)&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x80 {
			return i
		}
	}
	return i
}

// detectEncoding decides the encoding of text from a sample of it; atEOF
// says the sample is the whole rest of the input, so that a character cut
// at its end is a fault rather than the sample's edge.
//
// Valid UTF-8 is UTF-8, and so is text whose multi-byte characters are
// UTF-8 but for a stray byte in a hundred (a damaged export is still the
// encoding it was written in). Otherwise the sample is GB18030 when it parses as
// GB18030 with almost no invalid sequences and most of its two-byte
// characters in the GB2312 area (both bytes 0xA1-0xFE: the common
// ideographs and full-width punctuation of Chinese text). Latin text in
// Windows-1252 rarely passes: its accented letters stand between ASCII
// ones, which as GB18030 pairs fall outside that area or are invalid.
// Everything else is Windows-1252, which decodes any byte.
func detectEncoding(b []byte, atEOF bool) textEncoding {
	if !atEOF {
		b = trimPartialRune(b)
	}
	if utf8.Valid(b) {
		return encUTF8
	}
	if multi, bad := utf8Counts(b); bad*100 <= multi {
		return encUTF8
	}
	if looksGB18030(b, atEOF) {
		return encGB18030
	}
	return encCP1252
}

// utf8Counts counts the multi-byte UTF-8 characters of b, and the bytes
// that are not ASCII nor part of one.
func utf8Counts(b []byte) (multi, bad int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi++
		}
		i += n
	}
	return multi, bad
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		c := b[i]
		if c < 0x80 {
			return b
		}
		if c >= 0xc0 { // a lead byte: is its sequence complete?
			need := 2
			switch {
			case c >= 0xf0:
				need = 4
			case c >= 0xe0:
				need = 3
			}
			if len(b)-i < need {
				return b[:i]
			}
			return b
		}
	}
	return b
}

// looksGB18030 reports whether b reads as Chinese text in GB18030.
func looksGB18030(b []byte, atEOF bool) bool {
	var pairs, common, ideographs, bad int
loop:
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80 || c == 0xff:
			bad++
			i++
			continue
		case i+1 >= len(b):
			if atEOF {
				bad++
			}
			break loop
		}
		c1 := b[i+1]
		switch {
		case c1 >= 0x30 && c1 <= 0x39: // four bytes
			if i+3 >= len(b) {
				if atEOF {
					bad++
				}
				break loop
			}
			if c2, c3 := b[i+2], b[i+3]; c2 >= 0x81 && c2 <= 0xfe && c3 >= 0x30 && c3 <= 0x39 {
				i += 4
			} else {
				bad++
				i++
			}
		case c1 >= 0x40 && c1 <= 0xfe && c1 != 0x7f:
			pairs++
			if c >= 0xa1 && c1 >= 0xa1 {
				common++
				if c >= 0xb0 && c <= 0xf7 {
					ideographs++
				}
			}
			i += 2
		default:
			bad++
			i++
		}
	}
	return ideographs > 0 && bad*100 <= pairs && common*10 >= pairs*8
}
