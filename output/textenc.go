package output

import (
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"lifecycle/msg"
)

// Text encodings of CSV and TSV output, for spreadsheets that do not take
// UTF-8 as it is. Excel opens a CSV file in the machine's ANSI code page
// unless the file starts with UTF-8's byte-order mark: on a Chinese
// Windows that is GBK (code page 936), so UTF-8 text shows as mojibake.
// Either of two fixes works there: UTF-8 with the byte-order mark (BOM),
// which every Excel since 2007 reads as UTF-8, or the text in GB18030, a
// superset of GBK that encodes every Unicode character (those outside GBK,
// rare in names, in four bytes that GBK's Excel shows as two odd
// characters).

// TextEncoding is the encoding of a text output.
type TextEncoding int

// The text encodings.
const (
	UTF8    TextEncoding = iota // UTF-8, the default
	GB18030                     // GB18030 (China's national standard; a superset of GBK)
)

// TextEncodings are the names ParseTextEncoding takes.
var TextEncodings = []string{"utf-8", "gb18030"}

// ParseTextEncoding reads an encoding's name: utf-8 (or utf8) or gb18030,
// in any case.
func ParseTextEncoding(s string) (TextEncoding, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-") {
	case "", "utf-8", "utf8":
		return UTF8, nil
	case "gb18030":
		return GB18030, nil
	}
	return 0, msg.Errorf("unknown text encoding %q (use %s)", s, strings.Join(TextEncodings, " or "))
}

// utf8BOM is UTF-8's byte-order mark, U+FEFF.
const utf8BOM = "\xef\xbb\xbf"

// EncodeText returns a writer that writes to w, in enc, what is written
// to it in UTF-8; with bom, the text starts with UTF-8's byte-order mark
// (only with UTF8). Close flushes it (it does not close w). Bytes that are
// not UTF-8 (ids from a file of mixed encodings) cannot be encoded: they
// are an error naming the first, rather than a silent replacement.
func EncodeText(w io.Writer, enc TextEncoding, bom bool) (io.WriteCloser, error) {
	if bom && enc != UTF8 {
		return nil, msg.Errorf("a byte-order mark goes with UTF-8 only")
	}
	switch enc {
	case GB18030:
		return &encodedWriter{w: transform.NewWriter(w, simplifiedchinese.GB18030.NewEncoder())}, nil
	}
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return nil, err
		}
	}
	return nopCloser{w}, nil
}

// encodedWriter is an encoding transform.Writer that first checks that
// what it is given is UTF-8: the encoder would write U+FFFD for a bad
// byte, making "K\xe4se" and "K\xf6se" one id. A character cut between
// two writes is held back until the next.
type encodedWriter struct {
	w     *transform.Writer
	carry []byte // the start of a character cut at the end of the last write
}

func (e *encodedWriter) Write(p []byte) (int, error) {
	buf := p
	if len(e.carry) > 0 {
		buf = append(e.carry, p...)
	}
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(buf[:cut]) {
		return 0, errNotUTF8
	}
	e.carry = append(e.carry[:0], buf[cut:]...)
	return e.w.Write(p)
}

func (e *encodedWriter) Close() error {
	if len(e.carry) > 0 {
		return errNotUTF8
	}
	return e.w.Close()
}

var errNotUTF8 = msg.Errorf("text that is not UTF-8 (an id from a file of mixed encodings) cannot be written in GB18030: write UTF-8 (with --bom for Excel): %w", encoding.ErrInvalidUTF8)

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
