package words

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// verbs matches fmt verbs (with flags, width and precision) and "%%",
// which fmtVerbs leaves out: "%.1f%% of" is one verb, not "%.1f" and "% o".
var verbs = regexp.MustCompile(`%(%|[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z])`)

// fmtVerbs returns the fmt verbs of s, in order.
func fmtVerbs(s string) []string {
	var vs []string
	for _, v := range verbs.FindAllString(s, -1) {
		if v != "%%" {
			vs = append(vs, v)
		}
	}
	return vs
}

// TestCatalogue fails on a key declared twice, a message missing in either
// language, or languages whose fmt verbs differ.
func TestCatalogue(t *testing.T) {
	for _, k := range duplicates {
		t.Errorf("key %q is declared in two areas", k)
	}
	for _, k := range Keys() {
		e := catalogue[k]
		if strings.TrimSpace(e.EN) == "" {
			t.Errorf("%s: no English", k)
		}
		if strings.TrimSpace(e.ZH) == "" {
			t.Errorf("%s: no Chinese", k)
		}
		if en, zh := fmtVerbs(e.EN), fmtVerbs(e.ZH); strings.Join(en, " ") != strings.Join(zh, " ") {
			t.Errorf("%s: English has verbs %v, Chinese %v", k, en, zh)
		}
		if !strings.Contains(string(k), ".") {
			t.Errorf("%s: a key is area.name", k)
		}
	}
}

// TestKeysUsed walks the module's Go source for string literals passed to
// Get (words.Key("...") or a literal argument of .Get, or of diag.say in
// the commands) and fails on any
// the catalogue does not hold.
func TestKeysUsed(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || filepath.Base(path) == "words_test.go" {
			return nil // this file looks up a missing key on purpose
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Get" && sel.Sel.Name != "Key" && sel.Sel.Name != "say" {
				return true
			}
			if sel.Sel.Name == "Key" {
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "words" {
					return true
				}
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if !strings.Contains(s, ".") {
				return true
			}
			if _, ok := catalogue[Key(s)]; !ok {
				t.Errorf("%s: key %q is not in the catalogue", fset.Position(lit.Pos()), s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestParseAndEnv(t *testing.T) {
	for in, want := range map[string]Lang{"en": English, "zh": Chinese, "zh_CN.UTF-8": Chinese, "en-GB": English, "C": English} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := Parse("fr"); ok {
		t.Error(`Parse("fr") accepted`)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := FromEnv(env(map[string]string{"LANG": "zh_CN.UTF-8"})); got != Chinese {
		t.Errorf("LANG=zh_CN: %v", got)
	}
	if got := FromEnv(env(map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"})); got != English {
		t.Errorf("LC_ALL=en_US over LANG=zh: %v", got)
	}
	if got := English.Get("common.customers"); got != "Customers" {
		t.Errorf("Get = %q", got)
	}
	if got := Chinese.Get("common.more_rows", 5); !strings.Contains(got, "5") {
		t.Errorf("Get with args = %q", got)
	}
	if got := English.Get("no.such"); got != "[no.such]" {
		t.Errorf("missing key = %q", got)
	}
}

// TestNotesCatalogued walks package orders for the formats of its notes
// (literal formats passed to a logf) and fails on any that the notes
// area does not hold in English byte for byte: such a note would stay
// English under --lang zh.
func TestNotesCatalogued(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	eachCall(t, fset, filepath.Join("..", "..", "orders", "*.go"), func(call *ast.CallExpr) {
		name := ""
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			name = fn.Name
		case *ast.SelectorExpr:
			name = fn.Sel.Name
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if name != "logf" || !ok || lit.Kind != token.STRING {
			return
		}
		s, _ := strconv.Unquote(lit.Value)
		if !HasWords(s) {
			return // a message made elsewhere, passed on
		}
		seen++
		if _, ok := byEnglish[s]; !ok {
			t.Errorf("%s: note %q is not in the notes area", fset.Position(lit.Pos()), s)
		}
	})
	if seen == 0 {
		t.Fatal("no notes found in package orders")
	}
}

// errorPackages are the packages whose errors reach a person through
// main: every error they make with words in it is made by msg.Errorf (or
// the commands' usagef, or a helper that takes a format: a config file's
// c.errorf, a model file's bad, a rules file's p.errAt) and catalogued.
var errorPackages = []string{"cmd/lifecycle", "orders", "dates", "money", "fx", "rfm", "cohort", "churn", "ltv", "summary",
	// output's errors that a person meets (a file that cannot be written,
	// a format); its others are a program's mistakes (an invalid table)
	"output/dest.go", "output/temp.go", "output/format.go", "output/textenc.go", "output/parquet.go", "output/xlsx.go"}

// TestErrorsCatalogued walks errorPackages for the formats of their
// errors and fails on one that the errors area does not hold in English
// byte for byte (it would stay English under --lang zh), and on an error
// with words made by fmt.Errorf or errors.New, which main cannot give in
// another language.
func TestErrorsCatalogued(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	for _, pkg := range errorPackages {
		pattern := filepath.Join("..", "..", pkg, "*.go")
		if strings.HasSuffix(pkg, ".go") {
			pattern = filepath.Join("..", "..", pkg)
		}
		eachCall(t, fset, pattern, func(call *ast.CallExpr) {
			fn := ""
			switch f := call.Fun.(type) {
			case *ast.Ident:
				fn = f.Name
			case *ast.SelectorExpr:
				if x, ok := f.X.(*ast.Ident); ok {
					fn = x.Name + "." + f.Sel.Name
				}
			}
			lit := call.Args[0]
			if (fn == "c.errorf" || fn == "p.errAt") && len(call.Args) > 1 { // c.errorf(node, format, ...)
				lit = call.Args[1]
			}
			s, ok := stringConst(lit)
			if !ok || !HasWords(s) {
				return
			}
			switch fn {
			case "msg.Errorf", "usagef", "c.errorf", "p.errAt", "bad":
				seen++
				if e, ok := byEnglish[s]; !ok {
					t.Errorf("%s: error %q is not in the errors area", fset.Position(lit.Pos()), s)
				} else if _, ok := errs[keyOf(e)]; !ok && !isNote(s) {
					t.Errorf("%s: error %q is catalogued outside the errors area", fset.Position(lit.Pos()), s)
				}
			case "fmt.Errorf", "errors.New":
				t.Errorf("%s: %s(%q) stays English under --lang zh: make it with msg.Errorf and catalogue it", fset.Position(lit.Pos()), fn, s)
			}
		})
	}
	if seen == 0 {
		t.Fatal("no errors made with msg.Errorf or usagef found")
	}
}

// eachCall calls fn with every call of one argument or more in the Go
// files, tests left out, that pattern (a filepath.Glob) names; it fails
// the test when pattern names none.
func eachCall(t *testing.T, fset *token.FileSet, pattern string, fn func(call *ast.CallExpr)) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s (%v)", pattern, err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) > 0 {
				fn(call)
			}
			return true
		})
	}
}

// keyOf returns the key of the errors area's entry e, or "".
func keyOf(e Entry) Key {
	for k, x := range errs {
		if x == e {
			return k
		}
	}
	return ""
}

func isNote(s string) bool {
	for _, e := range notes {
		if e.EN == s {
			return true
		}
	}
	return false
}

// stringConst returns the string that e, a literal or a sum of literals,
// holds.
func stringConst(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok1 := stringConst(e.X)
		y, ok2 := stringConst(e.Y)
		return x + y, ok1 && ok2
	case *ast.ParenExpr:
		return stringConst(e.X)
	}
	return "", false
}
