// Package words is lifecycle's message catalogue: the words a person reads
// (terminal headers and labels, the HTML report's titles and sentences,
// notes and messages) in English and in Chinese, declared once so that
// every command and the report take the same words from one place.
//
// A message is looked up by its Key, a dotted name whose first part is the
// area that uses it ("summary.customers", "report.title"). Each area
// declares its messages in a file of its own (an Entries map) and the
// catalogue joins them; a key declared twice, or an entry missing either
// language, fails TestCatalogue. A message may hold fmt verbs; both
// languages must hold the same verbs in the same order.
//
// Machine formats (CSV, JSON, Parquet column names) are not words: they
// stay stable English identifiers whatever the language, unless a command
// says otherwise.
package words

import (
	"fmt"
	"sort"
	"strings"
)

// Lang is a language of the catalogue.
type Lang int

const (
	// English is the default.
	English Lang = iota
	// Chinese (simplified).
	Chinese
)

// Codes are the values --lang takes, in Lang order.
var Codes = []string{"en", "zh"}

// Parse reads a --lang value: "en" or "zh" (a locale such as "zh_CN.UTF-8"
// or "en-GB" is read by its language).
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || s == "c" || s == "posix":
		return English, true
	case s == "zh" || strings.HasPrefix(s, "zh_") || strings.HasPrefix(s, "zh-"):
		return Chinese, true
	}
	return English, false
}

// FromEnv is the language of the environment, for a person at a terminal:
// Chinese when the first set of LC_ALL, LC_MESSAGES and LANG starts with
// "zh" (POSIX's order of precedence), English otherwise.
func FromEnv(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return Chinese
			}
			return English
		}
	}
	return English
}

// String returns l's code ("en", "zh").
func (l Lang) String() string { return Codes[l] }

// An Entry is one message in both languages.
type Entry struct {
	EN, ZH string
}

// A Key names a message of the catalogue.
type Key string

// Get returns the message key in l, formatted with args when given. A key
// the catalogue does not hold returns "[key]" (TestKeysUsed finds such
// keys in the source before a person does).
func (l Lang) Get(key Key, args ...any) string {
	e, ok := catalogue[key]
	if !ok {
		return "[" + string(key) + "]"
	}
	s := e.EN
	if l == Chinese {
		s = e.ZH
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys returns the catalogue's keys, sorted.
func Keys() []Key {
	keys := make([]Key, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// Lookup returns key's entry and whether the catalogue holds it.
func Lookup(key Key) (Entry, bool) {
	e, ok := catalogue[key]
	return e, ok
}

// areas are the Entries of each area; catalogue joins them.
var areas = []map[Key]Entry{common, table, summary, columns, sections, cohortWords, views, value, read, report, notes, features, rfmBins, ltvWords, fxWords, errs, platforms}

var catalogue, duplicates = join(areas)

func join(maps []map[Key]Entry) (map[Key]Entry, []Key) {
	all := map[Key]Entry{}
	var dup []Key
	for _, m := range maps {
		for k, e := range m {
			if _, ok := all[k]; ok {
				dup = append(dup, k)
			}
			all[k] = e
		}
	}
	return all, dup
}
