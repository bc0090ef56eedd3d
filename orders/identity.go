package orders

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Customer identity. A customer id is compared as written (trimmed), with
// three exceptions:
//
//   - an id that went through a float column ("17850.0") is the integer
//     ("17850");
//   - an email, any id holding an '@', is compared case-folded
//     ("Ann@Example.com" is "ann@example.com");
//   - in a phone column, recognised by its header name (Phone, Billing
//     Phone, Mobile, Telephone, Tel, 手机, 手机号, 联系手机, 电话, 联系电话,
//     ...: see isPhoneHeader), an id is its digits ("+1 (555) 010-9999" is
//     "15550109999"; one without digits stays as written). A country code
//     written in one row and not in another makes two customers: the digits
//     are compared, not the numbers they dial.
//
// The values alone never make a column a phone column: an id of digits and
// dashes may well be an account number whose dashes matter.
//
// Fallback: when the customer column is an email column (its header says
// email: Email, Billing Email, 邮箱) and the file has a phone column, a row
// without an email is identified by its phone (and a phone column falls
// back to an email column): guests who gave one and not the other are kept
// rather than skipped as having no customer. Such rows are counted
// (Stats.Fallbacks). An email never equals a phone's digits, so the two
// kinds of id cannot merge two customers by accident.

// identity says how a file's customer column is compared.
type identity struct {
	phone      bool // the customer column is a phone column
	fallback   int  // 1 + the column read for rows without a customer; 0 for none
	fallPhone  bool // the fallback column is a phone column
	describeAs string
}

// isPhoneHeader reports a header naming phone numbers (normalised by
// normName).
func isPhoneHeader(n string) bool {
	for _, w := range []string{"phone", "mobile", "telephone", "手机", "电话"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "tel" || n == "cell"
}

// isEmailHeader reports a header naming email addresses.
func isEmailHeader(n string) bool {
	return strings.Contains(n, "email") || strings.Contains(n, "邮箱") || strings.Contains(n, "电子邮件")
}

// newIdentity settles how the customer column of m is compared, and its
// fallback column.
func newIdentity(m *Mapping) identity {
	var id identity
	c := m.Index[ColCustomer]
	if m.Header == nil || c < 0 {
		return id
	}
	name := normName(m.Header[c])
	id.phone = isPhoneHeader(name)
	email := !id.phone && isEmailHeader(name)
	if !id.phone && !email {
		return id
	}
	for i, h := range m.Header {
		if i == c || m.roleOf(i) >= 0 {
			continue
		}
		n := normName(h)
		if email && isPhoneHeader(n) || id.phone && isEmailHeader(n) && !isPhoneHeader(n) {
			id.fallback, id.fallPhone = i+1, email
			break
		}
	}
	how := "emails trimmed and case-folded"
	if id.phone {
		how = "phone numbers compared by their digits"
	}
	id.describeAs = fmt.Sprintf("customer identity: %s (column %d), %s", m.Header[c], c+1, how)
	if id.fallback > 0 {
		fh := "case-folded"
		if id.fallPhone {
			fh = "by its digits"
		}
		id.describeAs += fmt.Sprintf("; a row without one is identified by %s (column %d), %s", m.Header[id.fallback-1], id.fallback, fh)
	}
	return id
}

// roleOf returns the role read from column i, or -1.
func (m *Mapping) roleOf(i int) Role {
	for r, j := range m.Index {
		if j == i {
			return Role(r)
		}
	}
	return -1
}

// customer returns the id a customer field is compared by (see above): the
// field itself but for floats' ".0", emails and phone columns. The result
// may be fr.idBuf, valid until the next call.
func (fr *fileReader) customer(id []byte, phone bool) []byte {
	id = normCustomer(id)
	if !phone && bytes.IndexByte(id, '@') < 0 {
		return id // the common case: an id, byte for byte
	}
	return fr.customerSlow(id, phone)
}

// customerSlow is customer for phones and emails.
func (fr *fileReader) customerSlow(id []byte, phone bool) []byte {
	if phone {
		return fr.phoneDigits(id)
	}
	return fr.foldEmail(id)
}

// foldEmail returns the email id case-folded (simple Unicode lower case).
func (fr *fileReader) foldEmail(id []byte) []byte {
	lower := true
	for _, c := range id {
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			lower = false
			break
		}
	}
	if lower {
		return id
	}
	b := fr.idBuf[:0]
	for i := 0; i < len(id); {
		c := id[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(id[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, c) // not UTF-8: kept as it is
		} else {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		i += n
	}
	fr.idBuf = b
	return b
}

// phoneDigits returns the digits of a phone number, or the id as written
// when it has none.
func (fr *fileReader) phoneDigits(id []byte) []byte {
	b := fr.idBuf[:0]
	for _, c := range id {
		if '0' <= c && c <= '9' {
			b = append(b, c)
		}
	}
	fr.idBuf = b
	if len(b) == 0 || len(b) == len(id) {
		return id
	}
	return b
}

// fallbackID returns the trimmed fallback field of a row without a
// customer, or nil.
func (fr *fileReader) fallbackID(f [][]byte) []byte {
	if i := fr.ident.fallback - 1; i >= 0 && i < len(f) {
		return trimField(f[i])
	}
	return nil
}
