package orders

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"lifecycle/msg"
)

// Customer identity. A row's customer is its customer column; where that
// is empty, or a guest placeholder (Profile.Guests: WooCommerce and
// BigCommerce write 0 for a guest checkout), the first of the fallback
// columns with a value: the email, then the phone. The fallback columns are
// the platform's (Profile.Identity, in its order) for a file a profile
// knows, else the file's first email column and first phone column (by
// header name), of a kind other than the customer column's. Such rows are
// counted, once, in Stats.Fallbacks. A value is compared as written
// (trimmed), with three exceptions:
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
// dashes may well be an account number whose dashes matter. An email never
// equals a phone's digits nor (holding an '@') an account id, so ids of two
// kinds cannot merge two customers by accident; a customer who paid once
// with an account and once as a guest is two customers.

// identity says how a file's rows name their customer (see above).
type identity struct {
	phone     bool            // the customer column is a phone column
	guests    map[string]bool // customer values that stand for no account
	fallbacks []idColumn      // tried in order where the customer is empty or a guest
	// describe is the line that tells the user (made by msg, for
	// Options.Words), nil for a plain id column without fallbacks.
	describe error
}

// idColumn is a fallback column of customer identity.
type idColumn struct {
	col   int
	phone bool // compared by its digits
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

// newIdentity settles how the customer column of m is compared, its guest
// placeholders and its fallback columns.
func newIdentity(m *Mapping) identity {
	var id identity
	c := m.Index[ColCustomer]
	if m.Header == nil || c < 0 {
		return id
	}
	name := normName(m.Header[c])
	id.phone = isPhoneHeader(name)
	email := !id.phone && isEmailHeader(name)
	if p := m.Profile; p != nil {
		if len(p.Guests) > 0 {
			id.guests = map[string]bool{}
			for _, g := range p.Guests {
				id.guests[g] = true
			}
		}
		for _, i := range m.Identity {
			id.fallbacks = append(id.fallbacks, idColumn{i, isPhoneHeader(normName(m.Header[i]))})
		}
	} else {
		// The email, then the phone, of kinds other than the customer
		// column's.
		for _, phone := range []bool{false, true} {
			if !phone && (email || id.phone) || phone && id.phone {
				continue
			}
			for i, h := range m.Header {
				if i == c || m.roleOf(i) >= 0 {
					continue
				}
				if n := normName(h); phone && isPhoneHeader(n) || !phone && isEmailHeader(n) && !isPhoneHeader(n) {
					id.fallbacks = append(id.fallbacks, idColumn{i, phone})
					break
				}
			}
		}
	}
	if !id.phone && !email && len(id.fallbacks) == 0 {
		return id
	}
	how := func(phone, email bool) error {
		switch {
		case phone:
			return msg.Errorf("by its digits")
		case email:
			return msg.Errorf("trimmed and case-folded")
		}
		return msg.Errorf("as written")
	}
	switch {
	case id.phone:
		id.describe = msg.Errorf("customer identity: %s (column %d), phone numbers compared by their digits", m.Header[c], c+1)
	case email:
		id.describe = msg.Errorf("customer identity: %s (column %d), emails trimmed and case-folded", m.Header[c], c+1)
	default:
		id.describe = msg.Errorf("customer identity: %s (column %d), as written", m.Header[c], c+1)
	}
	if len(id.fallbacks) > 0 {
		without := msg.Errorf("a row without one")
		if len(id.guests) > 0 {
			without = msg.Errorf("a row without one or with the guest placeholder %s", strings.Join(sortedKeys(id.guests), ", "))
		}
		var by error
		for i := len(id.fallbacks) - 1; i >= 0; i-- {
			fc := id.fallbacks[i]
			h := m.Header[fc.col]
			this := msg.Errorf("%s (column %d), %v", h, fc.col+1, how(fc.phone, !fc.phone && isEmailHeader(normName(h))))
			if by != nil {
				this = msg.Errorf("%v, else by %v", this, by)
			}
			by = this
		}
		id.describe = msg.Errorf("%v; %v is identified by %v", id.describe, without, by)
	}
	return id
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isGuest reports a customer value that stands for no account.
func (id *identity) isGuest(v []byte) bool {
	return id.guests != nil && id.guests[string(v)]
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

// fallback returns the row's first fallback field with a value, trimmed,
// and whether it is a phone; nil when none has one.
func (id *identity) fallback(f [][]byte) (v []byte, phone bool) {
	for _, fc := range id.fallbacks {
		if fc.col < len(f) {
			if v := trimField(f[fc.col]); len(v) > 0 {
				return v, fc.phone
			}
		}
	}
	return nil, false
}
