package output

import (
	"strings"
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

// appendJSONString appends s as a JSON string literal. Like encoding/json
// it replaces invalid UTF-8 with U+FFFD and escapes U+2028 and U+2029, but it
// leaves <, > and & alone.
func appendJSONString(dst []byte, s string) []byte {
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
			dst = append(dst, `\ufffd`...)
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
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
