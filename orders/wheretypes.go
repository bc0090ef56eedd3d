package orders

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/msg"
)

// The types of a --where condition's names. A column that plays a
// numeric role in the file (the amount, quantity, price, cost or refunded
// column) is a number, read by the parser of the amounts with the read's
// convention (money.Parse: "1.234,50 €" with --decimal-comma, "$1,234.50",
// full-width digits); the date column is a time, read in the date
// column's layout and the read's zone (a value two files' layouts both
// read, in the first file's); every other column is text, and a declared
// attribute is of its kind (text, all of them today). Two functions read text as numbers and times:
// number(Col), with the same parser, and date(Col), which takes ISO 8601
// ("2024-01-05", "2024-01-05 10:30", RFC 3339) or a layout lifecycle
// detects from that one value. A text literal compared with a number or a
// time is read as one: amount == "21.43", order_date >= "2024-01-01" (the
// day's start in the read's zone), amount in ["25", "35.00"]; one that
// does not read is a usage error, found before the input is read.

var timeType = reflect.TypeOf(time.Time{})

// roleKind is the kind of a column of role r in a condition: Amount (a
// number, as float64), Time or Text.
func roleKind(r Role) Kind {
	switch r {
	case ColAmount, ColQuantity, ColPrice, ColCost:
		return Amount
	case ColDate:
		return Time
	}
	return Text
}

// refundedRole stands for the refunded column (Mapping.Refunded), which
// plays no role of its own.
const refundedRole = numRoles

// kindOf returns the kind in a condition of column i of a file mapped as
// m, that of the role it plays, and that role (NoRole for none).
func kindOf(m *Mapping, i int) (Kind, Role) {
	for r := Role(0); r < numRoles; r++ {
		if m.Index[r] == i && roleKind(r) != Text {
			return roleKind(r), r
		}
	}
	if m.Refunded >= 0 && m.Refunded == i {
		return Amount, refundedRole
	}
	return Text, NoRole
}

// WhereError is a condition that does not type-check against the columns
// of an input: a usage error, found before the input's rows are read.
type WhereError struct {
	File string
	Src  string
	Err  error
	// Typed says which names are numbers or dates ("amount is a
	// number"), for the message: msg errors, worded in the reader's
	// language.
	Typed []any
}

func (e *WhereError) Error() string { return e.Words().Error() }

// Words is the error worded: the condition and why it fails, then which
// columns are numbers or dates and how to read text as one.
func (e *WhereError) Words() *msg.Error {
	var typed error
	if len(e.Typed) > 0 {
		list := msg.Errorf(strings.Repeat("%v, ", len(e.Typed)-1)+"%v", e.Typed...)
		typed = msg.Errorf("%v; other columns are text", list)
	} else {
		typed = msg.Errorf("the condition names only text columns")
	}
	return msg.Of(msg.Errorf("%s: --where %q: %w\n  %w: number(Col) and date(Col) read text as a number or a date (number(Quantity) > 10, date(PaidAt) >= date(\"2024-01-01\"))", e.File, e.Src, e.Err, typed))
}

func (e *WhereError) Unwrap() error { return e.Err }

// bind types the condition's names by the roles their columns play in a
// file mapped as m, and checks it: a name typed differently by two files,
// or a condition that does not type-check, is a *WhereError.
func (w *Where) bind(file string, m *Mapping, opt *Options) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	kinds, roles := make([]Kind, len(w.names)), make([]Role, len(w.names))
	for k, name := range w.names {
		j := slices.Index(m.AttrNames, name)
		if j < 0 {
			return nil // resolve reports the name
		}
		kinds[k], roles[k] = kindOf(m, m.Attrs[j])
		if a := attributeNamed(name); a != nil {
			kinds[k], roles[k] = a.Kind, NoRole
		}
	}
	w.comma, w.strict = opt.DecimalComma, opt.Strict
	if w.kinds != nil {
		for k, name := range w.names {
			if kinds[k] != w.kinds[k] {
				return &WhereError{File: file, Src: w.src, Err: msg.Errorf("%s is %s here but %s in %s", name, kindNames[kinds[k]], kindNames[w.kinds[k]], w.file),
					Typed: w.typedNames(kinds)}
			}
		}
		return nil
	}
	w.kinds, w.roles, w.file = kinds, roles, file
	if _, err := w.compile(dates.UTC(), nil); err != nil {
		w.kinds = nil // a file's mapping may be made twice (Parquet's): fail again
		return &WhereError{File: file, Src: w.src, Err: err, Typed: w.typedNames(kinds)}
	}
	return nil
}

// typedNames lists the names that are numbers or times.
func (w *Where) typedNames(kinds []Kind) []any {
	var typed []any
	for k, name := range w.names {
		switch kinds[k] {
		case Amount:
			typed = append(typed, msg.Errorf("%s is a number", name))
		case Time:
			typed = append(typed, msg.Errorf("%s is a date", name))
		}
	}
	return typed
}

// conventions records how a file's numbers are written (per role: with a
// decimal comma, fileReader.comma) and the layout of its date column.
func (w *Where) conventions(comma [numRoles]bool, l dates.Layout) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for r, c := range comma {
		w.roleComma[r] = w.roleComma[r] || c
	}
	if !l.IsZero() && !slices.Contains(w.layouts, l) {
		w.layouts = append(w.layouts, l)
	}
}

// compile compiles the condition with its names typed (w.kinds), its
// dates in zone z; env receives a value of each name's type.
func (w *Where) compile(z *dates.Zone, env map[string]any) (*vm.Program, error) {
	if env == nil {
		env = map[string]any{}
	}
	for k, name := range w.names {
		env[envName(name)] = map[Kind]any{Text: "", Int: 0, Amount: 0.0, Time: time.Time{}}[w.kinds[k]]
	}
	lit := &literals{zone: z}
	program, err := expr.Compile(w.src, expr.Env(env), expr.AsBool(),
		expr.DisableBuiltin("date"),
		expr.Function("date", func(args ...any) (any, error) {
			switch v := args[0].(type) {
			case time.Time:
				return v, nil
			case string:
				t, err := parseDate(v, z)
				return t, named(args, err)
			}
			return nil, msg.Errorf("date(%v): not text", args[0])
		}, new(func(string, string) time.Time), new(func(time.Time, string) time.Time)),
		expr.Function("number", func(args ...any) (any, error) {
			switch v := args[0].(type) {
			case float64:
				return v, nil
			case string:
				a, err := money.ParseString(v, money.Options{DecimalComma: w.comma})
				if err != nil {
					return nil, named(args, fmt.Errorf("%q: %w", v, err))
				}
				return a.Float64(), nil
			}
			return nil, msg.Errorf("number(%v): not text", args[0])
		}, new(func(string, string) float64), new(func(float64, string) float64)),
		expr.Patch(renamer{}), expr.Patch(lit))
	if lit.err != nil {
		err = lit.err // the checker's error on the literal left as text says less
	}
	if err != nil {
		return nil, err
	}
	return program, nil
}

// functions are the functions of a condition, which a column may be
// named as too (CDNOW's date column is "date").
var functions = []string{"date", "number"}

// envName is the name of a condition's name in its environment: a
// column named as a function is renamed, so that date >= date("2024-01-01")
// compares the column with the function's value.
func envName(name string) string {
	if slices.Contains(functions, name) {
		return name + "\x00"
	}
	return name
}

// renamer renames a condition's names as envName does, but for the
// functions called.
type renamer struct{}

func (renamer) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode: // visited before the call it may be the callee of
		n.Value = envName(n.Value)
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		id.Value = strings.TrimSuffix(id.Value, "\x00")
		if !slices.Contains(functions, id.Value) || len(n.Arguments) != 1 {
			return
		}
		// A second argument, the column's name (number(Ref)) or "", for
		// the message on a value that does not read.
		name := ""
		if col, ok := n.Arguments[0].(*ast.IdentifierNode); ok {
			name = strings.TrimSuffix(col.Value, "\x00")
		}
		n.Arguments = append(n.Arguments, &ast.StringNode{Value: name})
	}
}

// named puts the column's name that renamer gave a function (args[1])
// before err: Ref "x9": not a number.
func named(args []any, err error) error {
	if err == nil || args[1] == "" {
		return err
	}
	return fmt.Errorf("%v %w", args[1], err)
}

// parseDate reads a date written in a condition, or by date(Col): ISO
// 8601, else a layout lifecycle detects from the value alone.
func parseDate(s string, z *dates.Zone) (time.Time, error) {
	s = strings.TrimSpace(s)
	l := dates.ISO8601
	t, err := l.ParseString(s, z)
	if err != nil {
		if l, err = dates.Detect([]string{s}); err == nil {
			t, err = l.ParseString(s, z)
		}
	}
	if err != nil {
		return time.Time{}, msg.Errorf("%q: not a date (write 2024-01-05, or 2024-01-05 10:30)", s)
	}
	return time.Unix(t, 0).In(z.Location()), nil
}

// literals reads the text literals compared with a number or a time as
// numbers or times (amount == "21.43", order_date >= "2024-01-01", amount
// in ["25", "35"]); err is the first that does not read.
type literals struct {
	zone *dates.Zone
	err  error
}

func (p *literals) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BinaryNode)
	if !ok {
		return
	}
	switch b.Operator {
	case "==", "!=", "<", "<=", ">", ">=":
		p.convert(b.Left.Type(), &b.Right)
		p.convert(b.Right.Type(), &b.Left)
	case "in", "not in":
		if a, ok := b.Right.(*ast.ArrayNode); ok {
			for i := range a.Nodes {
				p.convert(b.Left.Type(), &a.Nodes[i])
			}
		}
	}
}

// convert replaces *n, when it is a text literal and t is a number or a
// time, by the literal read as one.
func (p *literals) convert(t reflect.Type, n *ast.Node) {
	s, ok := (*n).(*ast.StringNode)
	if !ok || t == nil || p.err != nil {
		return
	}
	switch {
	case t.Kind() == reflect.Float64:
		a, err := money.ParseString(s.Value, money.Options{})
		if err != nil {
			p.err = fmt.Errorf("%q: %w", s.Value, err)
			return
		}
		ast.Patch(n, &ast.FloatNode{Value: a.Float64()})
	case t == timeType:
		v, err := parseDate(s.Value, p.zone)
		if err != nil {
			p.err = err
			return
		}
		ast.Patch(n, &ast.ConstantNode{Value: v})
	}
}
