package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"lifecycle/output"
	"lifecycle/output/words"
)

// What a person at a terminal sees: the language (--lang, or the
// environment's on a terminal), the width (the terminal's, COLUMNS
// overriding) and the rows of a per-customer view (--limit).

// defaultLimit is the number of rows a per-customer view shows on a
// terminal without --limit.
const defaultLimit = 20

// screenFlags are the flags of the terminal view, registered with the
// output flags of every command.
type screenFlags struct {
	lang  string
	limit int
}

func (f *outputFlags) registerScreen(fs *pflag.FlagSet) {
	fs.StringVar(&f.scr.lang, "lang", "", "language of headers, labels, segment names, reasons, suggested actions and notes: en or zh (default: en; zh on a terminal whose LC_ALL, LC_MESSAGES or LANG starts with zh); machine formats keep their English names unless it is given")
	fs.IntVar(&f.scr.limit, "limit", defaultLimit, "rows of a per-customer view shown on a terminal (0: all); a pipe, -o and other formats get every row")
}

// checkScreen checks --lang and --limit, and sets the language.
func (f *outputFlags) checkScreen(s *streams) error {
	if f.scr.limit < 0 {
		return usagef("--limit %d: use 0 (all rows) or more", f.scr.limit)
	}
	if f.scr.lang != "" {
		l, ok := words.Parse(f.scr.lang)
		if !ok || strings.ContainsAny(f.scr.lang, "_-.") {
			return usagef("--lang %q: use %v", f.scr.lang, orList(words.Codes))
		}
		f.lang = l
		s.lang = &f.lang
		return nil
	}
	if f.fmt == output.TableFormat && output.IsTerminal(s.out) && f.path == "" {
		f.lang = words.FromEnv(os.Getenv)
	}
	s.lang = &f.lang
	return nil
}

// customersIn is "1 customer", "2,000 customers" in lang (in English as
// plural writes it).
func customersIn(lang words.Lang, n int64) string {
	if lang == words.English {
		return plural(n, "customer")
	}
	return lang.Get("common.n_customers", output.Grouped(strconv.FormatInt(n, 10)))
}

// screen is how the table format fits standard output: on a terminal its
// width (COLUMNS, when a number, overriding what the terminal says) and
// the limit of a long view (long: a per-customer view); written elsewhere
// (a pipe, -o FILE.txt), the whole table, cut only by a --limit given.
func (f *outputFlags) screen(s *streams, long bool) output.Screen {
	sc := output.Screen{Lang: f.lang}
	if f.fmt != output.TableFormat || f.path != "" && f.path != "-" {
		return sc
	}
	if output.IsTerminal(s.out) {
		sc.Width = output.TerminalWidth(s.out)
		if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
			sc.Width = n
		}
		if long {
			sc.Limit = f.scr.limit
		}
	} else if long && f.limitGiven() {
		sc.Limit = f.scr.limit
	}
	return sc
}
