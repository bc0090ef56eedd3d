package main

import (
	"fmt"
	"testing"

	"lifecycle/orders"
)

// TestMask: the masked id is the first 16 hex digits of HMAC-SHA256(key,
// id). The values were computed with Python's hmac module:
//
//	hmac.new(key, id, hashlib.sha256).hexdigest()[:16]
func TestMask(t *testing.T) {
	for _, c := range []struct{ key, id, want string }{
		{"k1", "a", "b48a3d0812d5055b"},
		{"secret", "ann@example.com", "beac5748fe881f21"},
		{"secret", "张三", "e14cfc8bf5dc8dae"},
	} {
		m := newMask([]byte(c.key))
		if got := m.id(c.id); got != c.want {
			t.Errorf("mask(%q) with key %q = %s, want %s", c.id, c.key, got, c.want)
		}
		if got := m.id(c.id); got != c.want {
			t.Errorf("mask(%q) the second time = %s, want %s", c.id, got, c.want)
		}
	}
}

// TestMaskHistories: every customer gets the masked form of its own id,
// whichever core masked it.
func TestMaskHistories(t *testing.T) {
	m := newMask([]byte("k"))
	h := &orders.Histories{}
	for i := range 1001 {
		h.Customers = append(h.Customers, orders.Customer{ID: fmt.Sprintf("customer-%d@example.com", i)})
	}
	want := make([]string, len(h.Customers))
	for i, c := range h.Customers {
		want[i] = m.id(c.ID)
	}
	maskHistories(h, m)
	for i, c := range h.Customers {
		if c.ID != want[i] {
			t.Fatalf("customer %d: %s, want %s", i, c.ID, want[i])
		}
	}
}
