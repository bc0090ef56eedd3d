package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The layout's rules, checked by TestLayout on the imports of every Go file
// of the module, whatever its build constraints (parsed with go/parser; the
// packages' imports of each other followed as `go list -deps` would):
//
//   - no analysis package imports output or cmd, even through another
//     package;
//   - orders imports no analysis, even through another package;
//   - no file under cmd/ imports a package under internal/, but for the
//     two seams that the README's Layout names for commands: vieworder
//     (the one view order) and mem (the one memory policy). The speed
//     helpers (radix, chunked, parallel, digits, the Parquet page decoder)
//     are reached only through the packages that use them.
var (
	analyses = []string{"lifecycle/rfm", "lifecycle/cohort", "lifecycle/ltv", "lifecycle/churn", "lifecycle/summary"}
	cmdSeams = []string{"lifecycle/internal/vieworder", "lifecycle/internal/mem"}
)

// moduleImports returns, for each package of the module under root, the
// module's packages that its non-test files import, and, for each file,
// everything it imports.
func moduleImports(t *testing.T, root string) (pkgs map[string][]string, files map[string][]string) {
	pkgs, files = map[string][]string{}, map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		pkg := "lifecycle/" + filepath.ToSlash(filepath.Dir(rel))
		for _, is := range f.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			files[rel] = append(files[rel], p)
			if !strings.HasSuffix(path, "_test.go") && (p == "lifecycle" || strings.HasPrefix(p, "lifecycle/")) && !slices.Contains(pkgs[pkg], p) {
				pkgs[pkg] = append(pkgs[pkg], p)
			}
		}
		if _, ok := pkgs[pkg]; !ok && !strings.HasSuffix(path, "_test.go") {
			pkgs[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs, files
}

// deps returns the module's packages that pkg imports, directly or not,
// each with the chain of imports that reaches it.
func deps(pkgs map[string][]string, pkg string) map[string][]string {
	chain := map[string][]string{}
	var visit func(p string, via []string)
	visit = func(p string, via []string) {
		for _, q := range pkgs[p] {
			if _, seen := chain[q]; seen {
				continue
			}
			chain[q] = append(slices.Clone(via), q)
			visit(q, chain[q])
		}
	}
	visit(pkg, []string{pkg})
	return chain
}

func isUnder(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

func TestLayout(t *testing.T) {
	pkgs, files := moduleImports(t, "../..")
	for _, a := range analyses {
		if _, ok := pkgs[a]; !ok {
			t.Fatalf("no package %s: the test walks the wrong tree", a)
		}
	}
	for _, a := range analyses {
		for q, via := range deps(pkgs, a) {
			if isUnder(q, "lifecycle/output") || isUnder(q, "lifecycle/cmd") {
				t.Errorf("analysis %s imports %s (%s): analyses return typed results, output renders them", a, q, strings.Join(via, " -> "))
			}
		}
	}
	for q, via := range deps(pkgs, "lifecycle/orders") {
		if slices.ContainsFunc(analyses, func(a string) bool { return isUnder(q, a) }) {
			t.Errorf("orders imports the analysis %s (%s): orders builds histories, analyses take them", q, strings.Join(via, " -> "))
		}
	}
	checked := 0
	for file, imports := range files {
		if !strings.HasPrefix(file, "cmd/") {
			continue
		}
		checked++
		for _, p := range imports {
			// Tests may use the test helpers (internal/xlsxtest writes
			// workbooks): they are no speed machinery.
			testHelper := strings.HasSuffix(file, "_test.go") && strings.HasSuffix(p, "test")
			if isUnder(p, "lifecycle/internal") && !slices.Contains(cmdSeams, p) && !testHelper {
				t.Errorf("%s imports %s: commands reach the speed helpers only through the packages that use them", file, p)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no file under cmd/")
	}
}
