package orders

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/msg"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Where keeps the orders for which a condition over their columns and
// attributes holds (--where): `Country == "United Kingdom"`, `channel in
// ["app", "mini"]`, `amount > 100`, `order_date >= "2024-01-01"`. The
// condition is written in the language of churn's rules (expr); a name in
// it is a declared attribute (attributes.go) or a column of the export by
// its header (or, when no header has it, by its role: amount, date,
// quantity, price, cost, customer, order, status). A column's type is that
// of the role it plays in the file: numbers and dates as wheretypes.go
// says, text otherwise. An order has the values of its first row. The
// condition is evaluated once per distinct combination of values, not per
// order.
//
// An order whose first row has a number or date named by the condition
// that does not read (empty, or "abc" as an amount), or on which the
// condition fails (number(Col) of a text that is no number), is not
// judged: it is left out, counted with the orders the condition rejects
// and apart (Stats.Unjudged) with the reason, or, with Options.Strict, the
// read stops (an *UnjudgedError).
type Where struct {
	src   string
	names []string

	mu        sync.Mutex
	kinds     []Kind         // of each name, from the first file read (bind)
	roles     []Role         // the role of each name's column there
	file      string         // that file
	comma     bool           // text numbers written 12,50 (Options.DecimalComma)
	roleComma [numRoles]bool // a file reads the role's numbers so (conventions)
	strict    bool           // Options.Strict
	layouts   []dates.Layout // of the files' date columns (conventions)
}

// ParseWhere parses a condition; its names are to be read with the
// orders (Options.Attributes).
func ParseWhere(src string) (*Where, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, msg.Errorf("--where %q: %w", src, err)
	}
	v := &identifiers{callees: map[ast.Node]bool{}}
	ast.Walk(&tree.Node, v)
	w := &Where{src: src}
	for _, n := range v.ids {
		if !v.callees[n] && !slices.Contains(w.names, n.Value) {
			w.names = append(w.names, n.Value)
		}
	}
	if len(w.names) == 0 {
		return nil, msg.Errorf("--where %q: names no column or attribute", src)
	}
	return w, nil
}

// identifiers collects the names of an expression, and which of them are
// functions called.
type identifiers struct {
	ids     []*ast.IdentifierNode
	callees map[ast.Node]bool
}

func (v *identifiers) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		v.ids = append(v.ids, x)
	case *ast.CallNode:
		v.callees[x.Callee] = true
	}
}

// Names lists the columns and attributes the condition reads.
func (w *Where) Names() []string { return w.names }

// UnjudgedError is an order the condition could not judge, under
// Options.Strict.
type UnjudgedError struct {
	Src    string
	Reason string
}

func (e *UnjudgedError) Error() string {
	return fmt.Sprintf("--where %q: %s (--strict stops at an order the condition cannot judge)", e.Src, e.Reason)
}

// Apply returns the histories without the orders the condition rejects or
// cannot judge, counted (with their value) in Stats.FilteredOrders and
// FilteredValue, those it cannot judge in Stats.Unjudged as well;
// customers left with no order are left out. h must have been read with
// the condition's names among Options.Attributes (and the condition as
// Options.Where, which types its names).
func (w *Where) Apply(h *Histories) (*Histories, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.kinds == nil { // no file was read: every name is text
		w.kinds, w.roles = make([]Kind, len(w.names)), make([]Role, len(w.names))
	}
	values := make([][]string, len(w.names))
	cols := make([]typedColumn, len(w.names))
	for k, name := range w.names {
		col, ok, err := h.attribute(name, w.kinds[k] == Text)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, msg.Errorf("--where: %s was not read", name)
		}
		values[k] = col.values
		switch {
		case col.Kind != Text: // a declared attribute's own type
			cols[k].boxed = col.typed
			for g, v := range col.typed {
				if v == nil {
					cols[k].fail(g, errEmpty)
				}
			}
		case w.kinds[k] == Text: // as read, boxed already
			cols[k].boxed = col.typed
			for g, v := range col.typed {
				if v == nil {
					col.typed[g] = ""
				}
			}
		default:
			cols[k] = w.typedValues(w.kinds[k], w.roles[k], col.values, h.Zone)
		}
	}
	env := map[string]any{}
	program, err := w.compile(h.Zone, env)
	if err != nil {
		return nil, &WhereError{File: w.file, Src: w.src, Err: err, Typed: w.typedNames(w.kinds)}
	}
	// Judge each combination of values once.
	// verdict is, per combination, rejected (0), kept or not judged; why
	// says why not.
	const kept, unjudged = 1, 2
	verdict := make([]uint8, len(h.groupNames))
	why := map[uint32]string{}
	var machine vm.VM
	for g := range verdict {
		reason := ""
		for k, name := range w.names {
			v, err := cols[k].value(g)
			if err != nil {
				reason = fmt.Sprintf("%s %q: %v", name, values[k][g], err)
				break
			}
			env[envName(name)] = v
		}
		if reason == "" {
			out, err := machine.Run(program, env)
			if err == nil {
				b, ok := out.(bool)
				if !ok {
					return nil, msg.Errorf("--where: the condition is not true or false")
				}
				if b {
					verdict[g] = kept
				}
				continue
			}
			reason = firstLine(err.Error())
			if fe := (*file.Error)(nil); errors.As(err, &fe) {
				reason = fe.Message // without the position in the condition
			}
		}
		verdict[g], why[uint32(g)] = unjudged, reason
	}

	out := &Histories{Zone: h.Zone, AsOf: h.AsOf, Stats: h.Stats, groupNames: h.groupNames, by: h.by, attrNames: h.attrNames, lines: h.lines}
	out.Customers = make([]Customer, 0, len(h.Customers))
	out.groups = make([]uint32, 0, len(h.groups))
	st := &out.Stats
	keep := func(os []Order) []Order {
		n := 0
		for _, o := range os {
			if verdict[o.attrs] == kept {
				n++
			}
		}
		if n == len(os) {
			return os
		}
		ks := make([]Order, 0, n)
		for _, o := range os {
			if verdict[o.attrs] == kept {
				ks = append(ks, o)
			} else {
				st.FilteredOrders++
				st.FilteredValue += o.Amount
				if verdict[o.attrs] == unjudged {
					st.Unjudged++
					st.UnjudgedValue += o.Amount
					if reason := why[o.attrs]; !slices.Contains(st.UnjudgedReasons, reason) && len(st.UnjudgedReasons) < maxExamples {
						st.UnjudgedReasons = append(st.UnjudgedReasons, reason)
					}
				}
			}
		}
		return ks
	}
	for _, c := range h.Customers {
		p, r := keep(c.Purchases), keep(c.Returns)
		if len(p) == 0 && len(r) == 0 {
			continue
		}
		out.Customers = append(out.Customers, Customer{ID: c.ID, Purchases: p, Returns: r})
		first := r
		if len(p) > 0 {
			first = p
		}
		out.groups = append(out.groups, first[0].attrs)
	}
	if w.strict && st.Unjudged > 0 {
		return nil, &UnjudgedError{Src: w.src, Reason: st.UnjudgedReasons[0]}
	}
	return out, nil
}

// typedColumn is the values of a name, one per combination: boxed, or
// numbers or times (in loc) boxed when asked for (a column of times boxed
// whole would hold 40 bytes a combination); bad holds those that do not
// read.
type typedColumn struct {
	boxed []any
	nums  []float64
	secs  []int64
	loc   *time.Location
	bad   map[int]error
}

// value returns the value of combination g, or why it has none.
func (c *typedColumn) value(g int) (any, error) {
	if err, ok := c.bad[g]; ok {
		return nil, err
	}
	switch {
	case c.boxed != nil:
		return c.boxed[g], nil
	case c.nums != nil:
		return c.nums[g], nil
	}
	return time.Unix(c.secs[g], 0).In(c.loc), nil
}

func (c *typedColumn) fail(g int, err error) {
	if c.bad == nil {
		c.bad = map[int]error{}
	}
	c.bad[g] = err
}

// typedValues reads the values of a name of kind k (Amount or Time) whose
// column plays role r, one per combination. As the read does, an empty
// cost or refunded amount is nothing (a refunded amount without a digit).
func (w *Where) typedValues(k Kind, r Role, values []string, z *dates.Zone) typedColumn {
	var c typedColumn
	if k == Amount {
		comma := w.roleComma[ColAmount]
		if r < numRoles {
			comma = w.roleComma[r]
		}
		c.nums = make([]float64, len(values))
		for g, v := range values {
			if r == ColCost && v == "" || r == refundedRole && !strings.ContainsAny(v, "0123456789") {
				continue // 0
			}
			a, err := money.ParseString(v, money.Options{DecimalComma: comma})
			if err != nil {
				c.fail(g, err)
			}
			c.nums[g] = a.Float64()
		}
		return c
	}
	c.secs, c.loc = make([]int64, len(values)), z.Location()
	layouts, detected := w.layouts, false
	detect := func() { // the layout of the values themselves (a sample), once
		detected = true
		var sample []string
		for _, v := range values {
			if v != "" && len(sample) < sampleRows {
				sample = append(sample, v)
			}
		}
		if l, err := dates.Detect(sample); err == nil && !slices.Contains(layouts, l) {
			layouts = append(slices.Clip(layouts), l)
		}
	}
	for g, v := range values {
		if v == "" {
			c.fail(g, errEmpty)
			continue
		}
		t, ok := parseIn(layouts, v, z)
		if !ok && !detected {
			// A date column completed by a time column (BigCommerce's
			// Order Time) has a layout of its own.
			detect()
			t, ok = parseIn(layouts, v, z)
		}
		if !ok {
			c.fail(g, errNotDate)
		}
		c.secs[g] = t
	}
	return c
}

// parseIn reads v, in Unix seconds, in the first of layouts that reads it.
func parseIn(layouts []dates.Layout, v string, z *dates.Zone) (int64, bool) {
	for _, l := range layouts {
		if t, err := l.ParseString(v, z); err == nil {
			return t, true
		}
	}
	return 0, false
}

var (
	errEmpty   = msg.Errorf("empty")
	errNotDate = msg.Errorf("not a date")
)

// firstLine is the first line of s.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
