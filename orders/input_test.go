package orders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ordersCSV is the source every variant below is made from.
const ordersCSV = "order_id,customer_id,order_date,amount\n" +
	"1,alice,2024-01-05,20.00\n" +
	"2,bob,2024-01-06,25.50\n" +
	"3,alice,2024-02-05,20.00\n"

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func zstded(t testing.TB, b []byte) []byte {
	t.Helper()
	zw, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	defer zw.Close()
	return zw.EncodeAll(b, nil)
}

func encoded(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

// writeFile writes a file in a temporary directory and returns its path.
func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

// openAll opens an input (a path, or "-" for stdin) and reads it whole.
func openAll(t testing.TB, path string, stdin []byte, opt InputOptions) (Input, []byte, []string, error) {
	t.Helper()
	var logs []string
	opt.Log = func(m string) { logs = append(logs, m) }
	in, c, err := OpenInput(path, bytes.NewReader(stdin), opt)
	if err != nil {
		return in, nil, logs, err
	}
	defer c.Close()
	b, err := io.ReadAll(in.R)
	return in, b, logs, err
}

func TestOpenInputCompressionAndFormat(t *testing.T) {
	src := []byte(ordersCSV)
	parquet := append([]byte("PAR1"), "not really parquet, but its magic"...)
	tests := []struct {
		name   string // file name, or "-" for stdin
		data   []byte
		format string // InputOptions.Format
		want   []byte
		wantF  string // Input.Format
		log    string
	}{
		{"orders.csv", src, "", src, "csv", ""},
		{"orders.csv.gz", gzipped(t, src), "", src, "csv", ""},
		{"orders.csv.zst", zstded(t, src), "", src, "csv", ""},
		{"orders.tsv.GZ", gzipped(t, src), "", src, "csv", ""},
		{"export", gzipped(t, src), "", src, "csv", ""},               // no extension: sniffed
		{"orders.csv", gzipped(t, src), "", src, "csv", ""},           // misnamed: the bytes decide
		{"orders.csv.gz", src, "", src, "csv", "not gzip-compressed"}, // a browser decompressed it
		{"orders.csv.zst", gzipped(t, src), "", src, "csv", ""},
		{"-", src, "", src, "csv", ""},
		{"-", gzipped(t, src), "", src, "csv", ""},
		{"-", zstded(t, src), "", src, "csv", ""},
		{"-", []byte("a"), "", []byte("a"), "csv", ""}, // shorter than any magic
		{"-", nil, "", []byte{}, "csv", ""},
		{"orders.parquet", parquet, "", parquet, "parquet", ""},
		{"orders.parquet.zst", zstded(t, parquet), "", parquet, "parquet", ""},
		{"orders.parquet.gz", gzipped(t, parquet), "", parquet, "parquet", ""},
		{"-", parquet, "", parquet, "parquet", ""},
		{"-", gzipped(t, parquet), "", parquet, "parquet", ""},
		{"export.bin", zstded(t, parquet), "", parquet, "parquet", ""},
		{"-", gzipped(t, src), "tsv", src, "csv", ""},
		{"-", parquet, "csv", parquet, "csv", ""},
		{"orders.csv.gz", gzipped(t, parquet), "parquet", parquet, "parquet", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.name, tt.format), func(t *testing.T) {
			path := tt.name
			if path != "-" {
				path = writeFile(t, tt.name, tt.data)
			}
			in, got, logs, err := openAll(t, path, tt.data, InputOptions{Format: tt.format})
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantF, in.Format)
			if tt.name == "-" {
				assert.Equal(t, "stdin", in.Name)
			} else {
				assert.Equal(t, path, in.Name)
			}
			if tt.log == "" {
				assert.Empty(t, logs)
			} else {
				require.Len(t, logs, 1)
				assert.Contains(t, logs[0], tt.log)
			}
		})
	}
}

// An uncompressed file reaches Read as the file itself, so that Parquet can
// seek in it.
func TestOpenInputPlainFileIsTheFile(t *testing.T) {
	for _, name := range []string{"orders.parquet", "orders.csv"} {
		in, c, err := OpenInput(writeFile(t, name, []byte("PAR1....")), nil, InputOptions{Encoding: "utf-8"})
		require.NoError(t, err)
		_, ok := in.R.(*os.File)
		assert.True(t, ok, "%s: %T", name, in.R)
		require.NoError(t, c.Close())
	}
}

func TestOpenInputEncodings(t *testing.T) {
	const zh = "订单编号,买家会员名,订单付款时间,买家实际支付金额,订单状态\n" +
		"1001,张三,2024-01-05 10:00:00,20.00,交易成功\n" +
		"1002,李四,2024-01-06 11:00:00,25.50,交易关闭\n"
	const zh4 = zh + "1003,𠀀𠀁,2024-01-07 12:00:00,1.00,交易成功\n" // GB18030's four-byte sequences
	const latin = "customer,date,amount\n" +
		"José Müller,2024-01-05,20.00\n" +
		"Ångström café,2024-01-06,25.50\n" +
		"Conference\u00a0phone – “new”,2024-01-07,1.00\n"
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	tests := []struct {
		name     string
		data     []byte
		encoding string
		want     string
		log      string
	}{
		{"utf-8", []byte(latin), "", latin, ""},
		{"utf-8 with bom", []byte("\ufeff" + zh), "", "\ufeff" + zh, ""},
		{"gbk detected", encoded(t, simplifiedchinese.GBK, zh), "", zh, "not UTF-8; read as GB18030 (give --encoding to choose)"},
		{"gb18030 detected", encoded(t, simplifiedchinese.GB18030, zh4), "", zh4, "read as GB18030"},
		{"gbk given", encoded(t, simplifiedchinese.GBK, zh), "gbk", zh, ""},
		{"gb18030 given", encoded(t, simplifiedchinese.GB18030, zh4), "GB18030", zh4, ""},
		{"latin1 detected", encoded(t, charmap.Windows1252, latin), "", latin, "not UTF-8; read as Windows-1252 (give --encoding to choose)"},
		{"latin1 given", encoded(t, charmap.Windows1252, latin), "latin1", latin, ""},
		{"cp1252 given", encoded(t, charmap.Windows1252, latin), "windows-1252", latin, ""},
		{"utf-8 given keeps bytes", encoded(t, charmap.Windows1252, latin), "utf-8", string(encoded(t, charmap.Windows1252, latin)), ""},
		{"utf-16le bom", encoded(t, utf16le, latin), "", latin, "UTF-16LE byte-order mark"},
		{"utf-16be bom", encoded(t, utf16be, zh), "", zh, "UTF-16BE byte-order mark"},
		{"gb18030 bom", append([]byte{0x84, 0x31, 0x95, 0x33}, encoded(t, simplifiedchinese.GB18030, zh)...), "", "\ufeff" + zh, "GB18030 byte-order mark"},
		{"ascii", []byte(ordersCSV), "", ordersCSV, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, compressed := range []bool{false, true} {
				data := tt.data
				if compressed {
					data = gzipped(t, data)
				}
				_, got, logs, err := openAll(t, "-", data, InputOptions{Encoding: tt.encoding})
				require.NoError(t, err)
				assert.Equal(t, tt.want, string(got))
				if tt.log == "" {
					assert.Empty(t, logs)
				} else {
					require.Len(t, logs, 1)
					assert.Equal(t, "stdin: ", logs[0][:7])
					assert.Contains(t, logs[0], tt.log)
				}
			}
		})
	}
}

// Parquet is never re-encoded, whatever --encoding says.
func TestOpenInputParquetNotDecoded(t *testing.T) {
	data := append([]byte("PAR1\xa0\xff"), 0x80)
	in, got, logs, err := openAll(t, "-", data, InputOptions{Encoding: "gbk"})
	require.NoError(t, err)
	assert.Equal(t, "parquet", in.Format)
	assert.Equal(t, data, got)
	assert.Empty(t, logs)
}

// The first non-ASCII byte may come long after the start: the encoding is
// decided there, on up to 64 KiB from it.
func TestDetectLate(t *testing.T) {
	ascii := strings.Repeat("1,alice,2024-01-05,20.00\n", 10000) // 250 KB
	for _, tt := range []struct {
		name string
		tail []byte
		want string
		log  string
	}{
		{"latin1", encoded(t, charmap.Windows1252, "2,José,2024-01-06,1.00\n"), "2,José,2024-01-06,1.00\n", "Windows-1252"},
		{"gbk", encoded(t, simplifiedchinese.GBK, "2,张三丰,2024-01-06,1.00\n"), "2,张三丰,2024-01-06,1.00\n", "GB18030"},
		{"utf-8", []byte("2,José,2024-01-06,1.00\n"), "2,José,2024-01-06,1.00\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := append([]byte(ascii), tt.tail...)
			_, got, logs, err := openAll(t, "-", data, InputOptions{})
			require.NoError(t, err)
			assert.Equal(t, ascii+tt.want, string(got))
			if tt.log == "" {
				assert.Empty(t, logs)
			} else {
				require.Len(t, logs, 1)
				assert.Contains(t, logs[0], tt.log)
			}
		})
	}
}

func TestDetectEncoding(t *testing.T) {
	gbk := func(s string) []byte { return encoded(t, simplifiedchinese.GBK, s) }
	cp := func(s string) []byte { return encoded(t, charmap.Windows1252, s) }
	// A UTF-8 sample cut inside a character.
	cut := []byte(strings.Repeat("a", sniffSize-1) + "订")
	cut = cut[:sniffSize]
	tests := []struct {
		name  string
		b     []byte
		atEOF bool
		want  textEncoding
	}{
		{"ascii", []byte("a,b\n"), true, encUTF8},
		{"utf-8", []byte("José,张三"), true, encUTF8},
		{"utf-8 cut at the sample's end", cut, false, encUTF8},
		{"utf-8 cut at the end of the input", cut, true, encCP1252},
		{"chinese", gbk("张三,交易成功,广东省 广州市"), true, encGB18030},
		{"one ideograph", gbk("1,否\n"), true, encGB18030},
		{"gbk cut at the sample's end", gbk("张三李四")[:7], false, encGB18030},
		{"german", cp("Müller,Straße,Köln,Düsseldorf"), true, encCP1252},
		{"french", cp("élève,déjà vu,café,garçon"), true, encCP1252},
		{"superstore", cp("Konftel 250 Conference\u00a0phone\u00a0- Charcoal black,911.424"), true, encCP1252},
		{"smart quotes", cp("“Hello” – it’s…"), true, encCP1252},
		{"nbsp before a letter", cp("Imation\u00a08GB Mini\u00a0Flash"), true, encCP1252},
		{"bytes no encoding has", []byte{0x80, 0xff, 0x81}, true, encCP1252},
		{"utf-8 with a stray byte", []byte(strings.Repeat("张三,交易成功\n", 20) + "\xff"), true, encUTF8},
		{"utf-8 with many stray bytes", []byte(strings.Repeat("张三,交易成功\xff\n", 20)), true, encCP1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want.name, detectEncoding(tt.b, tt.atEOF).name)
		})
	}
}

func TestParseNames(t *testing.T) {
	for in, want := range map[string]string{"": "", "utf8": "utf-8", "UTF-8": "utf-8", "gbk": "gb18030", "GB2312": "gb18030",
		"cp936": "gb18030", "gb18030": "gb18030", "latin1": "latin1", "Latin-1": "latin1", "ISO-8859-1": "latin1",
		"windows-1252": "latin1", "cp1252": "latin1"} {
		got, err := ParseEncoding(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseEncoding("ebcdic")
	assert.EqualError(t, err, `unknown encoding "ebcdic" (choose one of utf-8, gbk, gb18030, latin1)`)

	for in, want := range map[string]string{"": "", "csv": "csv", "TSV": "csv", "parquet": "parquet", "xlsx": "xlsx", "Excel": "xlsx"} {
		got, err := ParseInputFormat(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err = ParseInputFormat("ods")
	assert.EqualError(t, err, `unknown input format "ods" (choose one of csv, tsv, parquet, xlsx)`)
	_, _, err = OpenInput("-", nil, InputOptions{Encoding: "ebcdic"})
	assert.Error(t, err)
	_, _, err = OpenInput("-", nil, InputOptions{Format: "ods"})
	assert.Error(t, err)
}

func TestOpenInputErrors(t *testing.T) {
	src := []byte(ordersCSV)
	gz, zs := gzipped(t, src), zstded(t, src)
	corrupt := bytes.Clone(gz)
	for i := 12; i < len(corrupt)-8; i++ {
		corrupt[i] ^= 0x55
	}
	badCRC := bytes.Clone(gz)
	badCRC[len(badCRC)-6] ^= 1
	tests := []struct {
		name string
		data []byte
		want string // the whole message, the file's path as %s
	}{
		{"cut.csv.gz", gz[:len(gz)-12], "%s: unexpected end of gzip data: the file is truncated"},
		{"cut-in-header.csv.gz", gz[:5], "%s: unexpected end of gzip data: the file is truncated"},
		{"cut.csv.zst", zs[:len(zs)-5], "%s: unexpected end of zstd data: the file is truncated"},
		{"crc.csv.gz", badCRC, "%s: corrupt gzip data: gzip: invalid checksum"},
		{"corrupt.csv.gz", corrupt, "%s: corrupt gzip data: "},
		{"book.xls", []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0}, "%s: an Excel 97-2003 workbook (.xls), which is not read, or a password-protected workbook: save it as .xlsx (Excel Workbook, without a password) or as CSV"},
		{"orders.csv.bz2", []byte("BZh91AY&SY"), "%s: bzip2-compressed, which is not read: decompress it, or compress with gzip or zstd"},
		{"orders.csv.xz", []byte("\xfd7zXZ\x00\x00"), "%s: xz-compressed, which is not read: decompress it, or compress with gzip or zstd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.name, tt.data)
			_, _, _, err := openAll(t, path, nil, InputOptions{})
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf(tt.want, path)), "%v", err)
			if strings.Contains(tt.want, "data") {
				var de *DecompressError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, path, de.Name)
			}
		})
	}

	_, _, err := OpenInput(filepath.Join(t.TempDir(), "missing.csv"), nil, InputOptions{})
	assert.ErrorIs(t, err, os.ErrNotExist)
	dir := t.TempDir()
	_, _, err = OpenInput(dir, nil, InputOptions{})
	assert.EqualError(t, err, dir+": is a directory")
}

// A truncated file surfaces through Read, named, as the last thing read.
func TestTruncatedThroughRead(t *testing.T) {
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount\n")
	for i := range 50000 {
		fmt.Fprintf(&b, "%d,c%d,2024-01-%02d,%d.00\n", i, i%1000, 1+i%28, i%100)
	}
	gz := gzipped(t, []byte(b.String()))
	path := writeFile(t, "orders.csv.gz", gz[:len(gz)/2])
	in, c, err := OpenInput(path, nil, InputOptions{})
	require.NoError(t, err)
	defer c.Close()
	_, err = Read([]Input{in}, Options{MaxBad: 0.05})
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+": unexpected end of gzip data: the file is truncated")
	var de *DecompressError
	assert.ErrorAs(t, err, &de)
}

// A zstd frame that asks for a window of 2 TiB is refused before anything is
// allocated.
func TestZstdWindowLimit(t *testing.T) {
	// Magic, a frame header with no single-segment flag, then a window
	// descriptor of exponent 31 (2^41 bytes), then a raw block.
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 31 << 3, 0x01, 0x00, 0x00}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	_, _, _, err := openAll(t, "-", frame, InputOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stdin: corrupt zstd data")
	assert.Contains(t, err.Error(), "window size")
	runtime.ReadMemStats(&ms)
	assert.Less(t, ms.TotalAlloc-before, uint64(64<<20))
}

// A decompression bomb (256 MiB of newlines in 250 KB of gzip) is streamed:
// it costs time, not memory.
func TestBombIsStreamed(t *testing.T) {
	if testing.Short() {
		t.Skip("decompresses 256 MiB")
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	line := bytes.Repeat([]byte("\n"), 1<<20)
	for range 256 {
		_, err := zw.Write(line)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.Less(t, buf.Len(), 1<<20)

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	in, c, err := OpenInput("-", &buf, InputOptions{})
	require.NoError(t, err)
	defer c.Close()
	n, err := io.Copy(io.Discard, in.R)
	require.NoError(t, err)
	assert.Equal(t, int64(256<<20), n)
	runtime.ReadMemStats(&ms)
	assert.Less(t, ms.TotalAlloc-before, uint64(16<<20), "allocated while streaming")
}

// Closing an input before its end stops the goroutine that reads ahead.
func TestCloseEarly(t *testing.T) {
	big := gzipped(t, bytes.Repeat([]byte(ordersCSV), 1<<16)) // 6 MB of text
	before := runtime.NumGoroutine()
	for range 10 {
		in, c, err := OpenInput("-", bytes.NewReader(big), InputOptions{})
		require.NoError(t, err)
		_, err = in.R.Read(make([]byte, 100))
		require.NoError(t, err)
		require.NoError(t, c.Close())
		require.NoError(t, c.Close()) // twice is fine
	}
	// (Polled here: assert.Eventually runs the condition in a goroutine.)
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 500 {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines left running:\n%s", buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFirstNonASCII(t *testing.T) {
	for n := range 20 {
		for i := range n + 1 {
			b := bytes.Repeat([]byte("a"), n)
			if i < n {
				b[i] = 0x80
			}
			assert.Equal(t, i, firstNonASCII(b), "n=%d i=%d", n, i)
		}
	}
}

// FuzzDetectEncoding: any bytes open and read as text without panic; what
// comes out is what went in when it was UTF-8, and valid UTF-8 otherwise.
func FuzzDetectEncoding(f *testing.F) {
	f.Add([]byte(ordersCSV), false)
	f.Add([]byte("customer,amount\nJos\xe9,1\n"), true)
	f.Add(encoded(f, simplifiedchinese.GBK, "订单编号,买家会员名\n1,张三\n"), true)
	f.Add([]byte("\xff\xfea\x00,\x00"), true)
	f.Add([]byte("\xef\xbb\xbfa,b"), true)
	f.Add([]byte("a\x84\x31\x95\x33\x81\x30"), false)
	f.Fuzz(func(t *testing.T, b []byte, atEOF bool) {
		e := detectEncoding(b, atEOF)
		if utf8.Valid(b) && e != encUTF8 {
			t.Fatalf("valid UTF-8 read as %s", e.name)
		}
		looksGB18030(b, atEOF)
		trimPartialRune(b)

		in, got, _, err := openAll(t, "-", b, InputOptions{Format: "csv"})
		if err != nil {
			t.Fatalf("%v", err)
		}
		if !bytes.Equal(got, b) && !utf8.Valid(got) {
			t.Fatalf("decoded to invalid UTF-8: %q -> %q", b, got)
		}
		if utf8.Valid(b) && !bytes.HasPrefix(b, []byte{0xff, 0xfe}) && !bytes.HasPrefix(b, []byte{0xfe, 0xff}) &&
			!bytes.HasPrefix(b, []byte{0x84, 0x31, 0x95, 0x33}) && !bytes.Equal(got, b) {
			t.Fatalf("UTF-8 changed: %q -> %q", b, got)
		}
		assert.Equal(t, "stdin", in.Name)
	})
}

// FuzzDecompress: any bytes, read as a compressed input, give their bytes or
// an error that names the input; never a panic.
func FuzzDecompress(f *testing.F) {
	src := []byte(ordersCSV)
	gz, zs := gzipped(f, src), zstded(f, src)
	f.Add(gz)
	f.Add(zs)
	f.Add(gz[:len(gz)-3])
	f.Add(zs[:len(zs)-3])
	f.Add(gzipped(f, gz))
	f.Add(append(bytes.Clone(gz), gz...))
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 31 << 3, 0x01, 0x00, 0x00})
	f.Add([]byte("PAR1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, path := range []string{"-", "orders.csv.gz"} {
			if path != "-" {
				path = writeFile(t, path, b)
			}
			in, c, err := OpenInput(path, bytes.NewReader(b), InputOptions{})
			if err != nil {
				if !strings.HasPrefix(err.Error(), map[bool]string{true: "stdin", false: path}[path == "-"]+": ") {
					t.Fatalf("error does not name the input: %v", err)
				}
				continue
			}
			_, err = io.Copy(io.Discard, io.LimitReader(in.R, 256<<20))
			c.Close()
			if err != nil {
				var de *DecompressError
				if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), in.Name+": ") {
					t.Fatalf("error is not a named DecompressError: %v", err)
				}
			}
		}
	})
}

// BenchmarkOpenInput reads a genorders-like export through each input path;
// MB/s are of the text delivered.
func BenchmarkOpenInput(b *testing.B) {
	text := benchInput(b, 200000, 50000)
	latin := bytes.ReplaceAll(text, []byte("C0000"), []byte("C\xe90000"))
	gbk := bytes.ReplaceAll(text, []byte("C0000"), encoded(b, simplifiedchinese.GBK, "客户"))
	for _, bc := range []struct {
		name string
		data []byte
		opt  InputOptions
		n    int // bytes delivered
	}{
		{"plain", text, InputOptions{}, len(text)},
		{"gzip", gzipped(b, text), InputOptions{}, len(text)},
		{"zstd", zstded(b, text), InputOptions{}, len(text)},
		{"latin1-detected", latin, InputOptions{}, len(text)},
		{"gbk-given", gbk, InputOptions{Encoding: "gbk"}, len(text)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(bc.n))
			b.ReportAllocs()
			buf := make([]byte, 1<<20)
			for b.Loop() {
				in, c, err := OpenInput("-", bytes.NewReader(bc.data), bc.opt)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{in.R}, buf); err != nil {
					b.Fatal(err)
				}
				c.Close()
			}
		})
	}
}
