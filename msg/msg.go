// Package msg makes errors that remember how they were worded: the fmt
// format they were made from and its arguments, beside the English message
// that Error returns. The command line gives such an error in the reader's
// language by looking the format up in the message catalogue
// (lifecycle/output/words, whose entries are keyed there by the English
// format, byte for byte, as the notes of package orders are) and
// formatting the same arguments into the translation; an argument that is
// itself an error is given in that language too.
//
// Packages that may not import output (the analyses, orders, dates,
// money, fx) make their errors that a person reads with Errorf instead of
// fmt.Errorf; a typed error whose message is made of parts says so through
// Worded. Error, errors.Is and errors.As behave as with fmt.Errorf.
package msg

import (
	"errors"
	"fmt"
	"strings"
)

// An Error is an error made by Errorf: its English message, and the
// format and arguments it was made from.
type Error struct {
	// Format is the English fmt format, %w included.
	Format string
	// Args are the arguments, unchanged.
	Args []any

	err  error // fmt.Errorf(Format, Args...)
	text bool  // made by Text: Format is no format
}

// Errorf returns the error fmt.Errorf would, remembering format and args.
func Errorf(format string, args ...any) error {
	return &Error{Format: format, Args: args, err: fmt.Errorf(format, args...)}
}

// Error returns the English message, as fmt.Errorf's.
func (e *Error) Error() string { return e.err.Error() }

// Unwrap returns the errors of the format's %w verbs, as fmt.Errorf's
// error would.
func (e *Error) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		if w := u.Unwrap(); w != nil {
			return []error{w}
		}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// Text returns an *Error whose message is s itself, a fixed text that
// comes from data rather than code (a platform's description): its
// translation is looked up as a format is, and s is never read for verbs.
func Text(s string) error {
	return &Error{Format: s, err: errors.New(s), text: true}
}

// Render gives e in another language: translate returns a format's
// translation (the format itself when it has none), and each argument that
// is an error is given by arg (%w is formatted as %v).
func (e *Error) Render(translate func(format string) string, arg func(error) string) string {
	format := translate(e.Format)
	if e.text {
		return format
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if ae, ok := a.(error); ok && ae != nil {
			a = arg(ae)
		}
		args[i] = a
	}
	return fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), args...)
}

// Worded is a typed error whose message is made of worded parts: Words
// returns it as an *Error whose Error is the error's own message.
type Worded interface {
	error
	Words() *Error
}

// Of returns the worded form of err itself (not of an error it wraps):
// err when it is an *Error, its Words when it is Worded, else nil.
func Of(err error) *Error {
	switch e := err.(type) {
	case *Error:
		return e
	case Worded:
		return e.Words()
	}
	return nil
}

// Words returns e itself, so that an *Error is Worded.
func (e *Error) Words() *Error { return e }
