package output

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// Object is a JSON object whose keys keep the order they are added in, for
// a result that is neither a Table nor a Report (such as a fitted model
// with its parameters by name) and for the provenance of an output (Meta).
// Its values are nil (null), a string, a bool, an integer, a money.Amount
// (its exact digits), a float64 (ten significant digits, the same on every
// platform; NaN and infinities are null), a nested *Object, or an array of
// strings ([]string) or of objects ([]*Object).
type Object struct {
	keys []string
	vals []any
}

// Add appends key with its value v.
func (o *Object) Add(key string, v any) {
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
}

// WriteObject writes o and a line break to w: indented by two spaces a
// level when pretty, else on one line. A value of a type that Object does
// not hold is an error, and nothing is written.
func WriteObject(w io.Writer, o *Object, pretty bool) error {
	j := jsonOut{pretty: pretty}
	if err := j.object(o); err != nil {
		return err
	}
	j.b = append(j.b, '\n')
	_, err := w.Write(j.b)
	return err
}

// object appends o.
func (j *jsonOut) object(o *Object) error {
	j.open('{')
	for i, k := range o.keys {
		j.key(k)
		if err := j.value(k, o.vals[i]); err != nil {
			return err
		}
	}
	j.close('}')
	return nil
}

// value appends v, the value of key k in an Object.
func (j *jsonOut) value(k string, v any) error {
	switch v := v.(type) {
	case *Object:
		return j.object(v)
	case []*Object:
		j.open('[')
		for _, o := range v {
			j.member()
			if err := j.object(o); err != nil {
				return err
			}
		}
		j.close(']')
	case []string:
		j.open('[')
		for _, s := range v {
			j.member()
			j.b = appendJSONString(j.b, s)
		}
		j.close(']')
	case nil:
		j.b = append(j.b, "null"...)
	case string:
		j.b = appendJSONString(j.b, v)
	case bool:
		j.b = strconv.AppendBool(j.b, v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			j.b = append(j.b, "null"...)
		} else {
			j.b = strconv.AppendFloat(j.b, v, 'g', 10, 64)
		}
	default:
		if m, ok := asMoney(v); ok {
			j.b = m.AppendText(j.b)
		} else if n, ok := asInt(v); ok {
			j.b = strconv.AppendInt(j.b, n, 10)
		} else {
			return fmt.Errorf("output: %q: a %T value cannot be written in an Object", k, v)
		}
	}
	return nil
}

// jsonOut lays out nested JSON objects and arrays, the one layout of every
// JSON document this package writes (Object and Report): commas between
// members and, when pretty, each member on a line of its own indented by
// two spaces a level, the closing bracket back at its opening's level (on
// the same line when empty). Values are appended to b by the caller.
type jsonOut struct {
	b      []byte
	pretty bool
	n      []int // the members written so far at each open level
}

// open appends an opening bracket, '{' or '['.
func (j *jsonOut) open(c byte) {
	j.b = append(j.b, c)
	j.n = append(j.n, 0)
}

// close appends the closing bracket, '}' or ']', of the innermost level.
func (j *jsonOut) close(c byte) {
	n := j.n[len(j.n)-1]
	j.n = j.n[:len(j.n)-1]
	if n > 0 {
		j.newline()
	}
	j.b = append(j.b, c)
}

// member starts the next member of the innermost level: a comma after the
// first, then the line break and indent.
func (j *jsonOut) member() {
	top := len(j.n) - 1
	if j.n[top] > 0 {
		j.b = append(j.b, ',')
	}
	j.n[top]++
	j.newline()
}

// key starts the next member of an object: `"key":`, and a space when
// pretty.
func (j *jsonOut) key(k string) {
	j.member()
	j.b = appendJSONString(j.b, k)
	j.b = append(j.b, ':')
	if j.pretty {
		j.b = append(j.b, ' ')
	}
}

// newline appends, when pretty, a line break and the indent of the
// innermost level.
func (j *jsonOut) newline() {
	if j.pretty {
		j.b = append(j.b, '\n')
		for range j.n {
			j.b = append(j.b, ' ', ' ')
		}
	}
}
