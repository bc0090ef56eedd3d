package orders

import (
	"slices"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"lifecycle/msg"
)

// Where keeps the orders for which a condition over their columns and
// attributes holds (--where): `country == "United Kingdom"`, `channel in
// ["app", "mini"]`. The condition is written in the language of churn's
// rules (expr); a name in it is a declared attribute (attributes.go) or a
// column of the export by its header, read as text. An order has the
// values of its first row. The condition is evaluated once per distinct
// combination of values, not per order.
type Where struct {
	src   string
	names []string
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

// Apply returns the histories without the orders the condition rejects,
// counted (with their value) in Stats.FilteredOrders and FilteredValue;
// customers left with no order are left out. h must have been read with
// the condition's names among Options.Attributes.
func (w *Where) Apply(h *Histories) (*Histories, error) {
	cols := make([]AttributeColumn, len(w.names))
	env := map[string]any{}
	for k, name := range w.names {
		col, ok, err := h.Attribute(name)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, msg.Errorf("--where: %s was not read", name)
		}
		cols[k] = col
		env[name] = map[Kind]any{Text: "", Int: 0, Amount: 0.0, Time: time.Time{}}[col.Kind]
	}
	program, err := expr.Compile(w.src, expr.Env(env), expr.AsBool())
	if err != nil {
		return nil, msg.Errorf("--where %q: %w", w.src, err)
	}
	// Judge each combination of values once.
	keep := make([]bool, len(h.groupNames))
	var machine vm.VM
	for g := range keep {
		for k, name := range w.names {
			v := cols[k].typed[g]
			if v == nil && cols[k].Kind == Text {
				v = ""
			}
			env[name] = v
		}
		out, err := machine.Run(program, env)
		if err != nil {
			return nil, msg.Errorf("--where %q on %v: %w", w.src, env, err)
		}
		b, ok := out.(bool)
		if !ok {
			return nil, msg.Errorf("--where: the condition is not true or false")
		}
		keep[g] = b
	}

	out := &Histories{Zone: h.Zone, AsOf: h.AsOf, Stats: h.Stats, groupNames: h.groupNames, by: h.by, attrNames: h.attrNames, lines: h.lines}
	out.Customers = make([]Customer, 0, len(h.Customers))
	out.groups = make([]uint32, 0, len(h.groups))
	st := &out.Stats
	kept := func(os []Order) []Order {
		n := 0
		for _, o := range os {
			if keep[o.attrs] {
				n++
			}
		}
		if n == len(os) {
			return os
		}
		ks := make([]Order, 0, n)
		for _, o := range os {
			if keep[o.attrs] {
				ks = append(ks, o)
			} else {
				st.FilteredOrders++
				st.FilteredValue += o.Amount
			}
		}
		return ks
	}
	for _, c := range h.Customers {
		p, r := kept(c.Purchases), kept(c.Returns)
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
	return out, nil
}
