package orders

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCustomerIdentity(t *testing.T) {
	var fr fileReader
	tests := []struct {
		in    string
		phone bool
		want  string
	}{
		{"C00000001", false, "C00000001"},
		{"AB-12", false, "AB-12"},
		{"17850.0", false, "17850"},
		{"Ann@Example.COM", false, "ann@example.com"},
		{"ann@example.com", false, "ann@example.com"},
		{"ÉLODIE@Exemple.FR", false, "élodie@exemple.fr"},
		{"x\xff@A.B", false, "x\xff@a.b"},
		{"+1 (555) 010-9999", true, "15550109999"},
		{"138 0013 8000", true, "13800138000"},
		{"13800138000.0", true, "13800138000"},
		{"13800138000", true, "13800138000"},
		{"n/a", true, "n/a"},
		{"Ann@Example.com", true, "Ann@Example.com"}, // no digits: as written
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(fr.customer([]byte(tt.in), tt.phone)), "%q phone=%v", tt.in, tt.phone)
	}
}

func TestIdentityHeaders(t *testing.T) {
	for _, h := range []string{"Phone", "Billing Phone", "Phone (Billing)", "Mobile", "Telephone", "Tel", "手机号", "联系手机", "联系电话"} {
		assert.True(t, isPhoneHeader(normName(h)), h)
	}
	for _, h := range []string{"Customer ID", "Email", "Name", "Total", "Hotel"} {
		assert.False(t, isPhoneHeader(normName(h)), h)
	}
	for _, h := range []string{"Email", "Billing Email", "Customer E-mail", "Email (Billing)", "邮箱"} {
		assert.True(t, isEmailHeader(normName(h)), h)
	}
	m := &Mapping{Header: []string{"Name", "Email", "Created at", "Total", "Phone"}}
	m.Index = [numRoles]int{}
	for r := range m.Index {
		m.Index[r] = -1
	}
	m.Index[ColCustomer], m.Index[ColDate], m.Index[ColAmount] = 1, 2, 3
	id := newIdentity(m)
	assert.False(t, id.phone)
	assert.Equal(t, []idColumn{{4, true}}, id.fallbacks, "an email column falls back to the phone")
	m.Header[1] = "Customer ID"
	m.Header = append(m.Header, "Billing Email")
	id = newIdentity(m)
	assert.Equal(t, []idColumn{{5, false}, {4, true}}, id.fallbacks, "an id column falls back to the email, then the phone")
	assert.Contains(t, id.describe.Error(), "customer identity: Customer ID (column 2), as written; a row without one is identified by Billing Email (column 6), trimmed and case-folded, else by Phone (column 5), by its digits")
	m.Header = m.Header[:5]
	m.Header[4] = "Notes"
	assert.Equal(t, identity{}, newIdentity(m), "an id column with neither email nor phone has no fallback")
}

// BenchmarkCustomerID is the hot path's cost per id of the 10M-order
// benchmark's shape, against normCustomer alone (the code before emails).
func BenchmarkCustomerID(b *testing.B) {
	var fr fileReader
	id := []byte("C00000001")
	b.Run("customer", func(b *testing.B) {
		for range b.N {
			fr.customer(id, false)
		}
	})
	b.Run("normCustomer", func(b *testing.B) {
		for range b.N {
			normCustomer(id)
		}
	})
}
