package main

import (
	"bytes"
	"strings"
	"testing"

	"lifecycle/output/words"
)

// TestErrorLang checks where main takes the language of an error from:
// --lang in the arguments (both spellings, not after --, not an unknown
// value), else the command's choice.
func TestErrorLang(t *testing.T) {
	zh, en := words.Chinese, words.English
	for _, c := range []struct {
		args   []string
		chosen *words.Lang
		want   words.Lang
	}{
		{[]string{"rfm", "--lang", "zh", "x.csv"}, nil, zh},
		{[]string{"rfm", "--lang=zh", "--bogus"}, nil, zh},
		{[]string{"rfm", "--lang", "en"}, &zh, en},
		{[]string{"rfm", "--", "--lang", "zh"}, nil, en},
		{[]string{"rfm", "--lang", "fr"}, nil, en},
		{[]string{"rfm", "x.csv"}, &zh, zh},
		{[]string{"rfm", "--lang"}, nil, en},
	} {
		if got := errorLang(c.args, c.chosen, &bytes.Buffer{}); got != c.want {
			t.Errorf("%q (chosen %v): %v, want %v", c.args, c.chosen, got, c.want)
		}
	}
}

// TestCobraErrorsWorded runs command lines that cobra itself refuses and
// checks that each message is read back as worded (cobraErrors matched
// it, byte for byte) and that the catalogue gives it in Chinese.
func TestCobraErrorsWorded(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"summry"}, {"config", "show", "a", "b"}} {
		var out, errb bytes.Buffer
		code := run(append(args, "--lang", "zh"), strings.NewReader(""), &out, &errb)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		first := strings.SplitN(errb.String(), "\n", 2)[0]
		if !strings.Contains(first, "未知命令") && !strings.Contains(first, "个参数") {
			t.Errorf("%q: stderr stays English under --lang zh: %q", args, errb.String())
		}
	}
	for _, c := range cobraErrors {
		if zh, ok := words.Chinese.Format(c.format); !ok || zh == c.format {
			t.Errorf("cobra's %q is not in the catalogue", c.format)
		}
	}
}
