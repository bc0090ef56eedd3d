package output

import (
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// appendField appends s as one CSV/TSV field separated by sep, quoted the way
// encoding/csv.Writer quotes (RFC 4180): only when s holds the separator, a
// quote, a line break, begins with a space, or is `\.`; quotes are doubled.
func appendField(dst []byte, s string, sep byte) []byte {
	return appendQuotedIf(dst, s, fieldNeedsQuotes(s, sep))
}

// appendQuotedIf appends s, quoted (quotes doubled) when quote is set.
func appendQuotedIf(dst []byte, s string, quote bool) []byte {
	if !quote {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"')
}

// fieldNeedsQuotes mirrors encoding/csv's rule for separator sep.
func fieldNeedsQuotes(s string, sep byte) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\r', '\n', sep:
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

const hexDigits = "0123456789abcdef"

// invalidUTF8 counts the strings written to JSON with bytes that are not
// UTF-8 (see InvalidUTF8).
var invalidUTF8 atomic.Int64

// InvalidUTF8 returns the number of strings this process has written as
// JSON with bytes that are not UTF-8, each such byte escaped as \udcXX
// (see the package documentation). The command layer compares it before
// and after a write to warn; this package never writes to standard error.
func InvalidUTF8() int64 { return invalidUTF8.Load() }

// appendJSONString appends s as a JSON string literal. Like encoding/json
// it escapes U+2028 and U+2029 and leaves <, > and & alone; unlike it, a
// byte that is not UTF-8 is not replaced by U+FFFD (which would give two
// different ids one JSON string) but written as the lone surrogate escape
// \udcXX of its value XX (Python's surrogateescape, PEP 383), which no
// valid UTF-8 text gives.
func appendJSONString(dst []byte, s string) []byte {
	invalid := false
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', 'd', 'c', hexDigits[c>>4], hexDigits[c&0xf])
			invalid = true
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	if invalid {
		invalidUTF8.Add(1)
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
