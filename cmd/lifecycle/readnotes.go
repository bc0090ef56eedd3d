package main

import (
	"errors"
	"fmt"

	"lifecycle/orders"
	"lifecycle/output/words"
)

// rowErrorIn is a skipped row's message in lang: its position
// (file:line:column, as in English), the field, its value and the reason in
// lang, and the parser's own words in parentheses, so that the message
// reads in Chinese and still matches the English one a search finds.
func rowErrorIn(lang words.Lang, err error) string {
	var e *orders.RowError
	if lang == words.English || !errors.As(err, &e) {
		return err.Error()
	}
	reason := lang.Get(words.Key("item.skipped_" + e.Reason.Key()))
	if e.Column == 0 || e.Role == orders.NoRole {
		return lang.Get("read.row_error_row", e.At(), reason, e.Err.Error())
	}
	role := e.Role.String()
	if w, ok := words.Lookup(words.Key("read.role." + role)); ok {
		role = w.ZH
	}
	return lang.Get("read.row_error", e.At(), role, fmt.Sprintf("%q", e.Value), reason, e.Err.Error())
}
