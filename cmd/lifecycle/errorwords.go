package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"lifecycle/msg"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The error that stops a command, in the reader's language. Errors keep
// their English Error (logs, tests, wrapping); those made by msg.Errorf or
// usagef remember their format and arguments, which main formats again
// with the format's translation (words' errors area, keyed by the English
// format as the notes of package orders are). Arguments that are errors
// are given in the language too; a wrapper that is not worded (another
// module's) keeps its words around the wrapped error's; a skipped row is
// given as the skipped rows' lines are (rowErrorIn).

// errorIn is err's message in lang.
func errorIn(lang words.Lang, err error) string {
	if lang == words.English {
		return err.Error()
	}
	return worded(lang, err)
}

func worded(lang words.Lang, err error) string {
	switch e := err.(type) {
	case *usageError:
		return worded(lang, e.err)
	case *orders.RowError:
		return rowErrorIn(lang, e)
	case *fs.PathError:
		return pathErrorIn(lang, e)
	}
	if m := msg.Of(err); m != nil {
		if _, ok := lang.Format(m.Format); !ok {
			return err.Error()
		}
		return m.Render(func(f string) string { s, _ := lang.Format(f); return s },
			func(e error) string { return worded(lang, e) })
	}
	if u := errors.Unwrap(err); u != nil {
		s, us := err.Error(), u.Error()
		if i := strings.LastIndex(s, us); i >= 0 {
			return s[:i] + worded(lang, u) + s[i+len(us):]
		}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		// errors.Join: its errors a line each
		parts := j.Unwrap()
		en, ws := make([]string, len(parts)), make([]string, len(parts))
		for i, p := range parts {
			en[i], ws[i] = p.Error(), worded(lang, p)
		}
		if strings.Join(en, "\n") == err.Error() {
			return strings.Join(ws, "\n")
		}
	}
	return err.Error()
}

// withoutSentinel is err, an analysis' options error ("invalid rfm
// options: 7 bins: use 2 to 9"), without the sentinel's words in front,
// still worded when err is.
func withoutSentinel(err, sentinel error) error {
	if m := msg.Of(err); m != nil && len(m.Args) > 0 {
		if first, ok := m.Args[0].(error); !ok || first != sentinel {
			return errors.New(strings.TrimPrefix(err.Error(), sentinel.Error()+": "))
		}
		if format, ok := strings.CutPrefix(m.Format, "%w: "); ok {
			return msg.Errorf(format, m.Args[1:]...)
		}
	}
	return errors.New(strings.TrimPrefix(err.Error(), sentinel.Error()+": "))
}

// pathErrorIn is a file that cannot be opened or read, in lang: the path,
// what went wrong for the common causes (no such file, no permission),
// and the system's own words in parentheses.
func pathErrorIn(lang words.Lang, e *fs.PathError) string {
	switch {
	case errors.Is(e, fs.ErrNotExist):
		return lang.Get("error.path_not_exist", e.Path, e.Op+": "+e.Err.Error())
	case errors.Is(e, fs.ErrPermission):
		return lang.Get("error.path_permission", e.Path, e.Op+": "+e.Err.Error())
	}
	return lang.Get("error.path_other", e.Path, e.Op+": "+e.Err.Error())
}

// errorLang is the language of the error that stops a command: --lang
// when the command line gives it (read from args, since parsing them may
// be what failed), else the language the command chose (lang, when it got
// that far), else the environment's when standard output is a terminal,
// as the commands choose.
func errorLang(args []string, chosen *words.Lang, stdout io.Writer) words.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, ok := words.Parse(v); ok {
				return l
			}
		}
	}
	if chosen != nil {
		return *chosen
	}
	if output.IsTerminal(stdout) {
		return words.FromEnv(os.Getenv)
	}
	return words.English
}
