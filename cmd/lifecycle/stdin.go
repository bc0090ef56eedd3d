package main

import (
	"bytes"
	"io"
	"os"

	"lifecycle/msg"
)

// The input arguments of a command line, and standard input when none is
// given.

// inputArgs returns the input arguments of a command line: the files it
// names or, when it names none, standard input ("-") if that holds data (a
// pipe, or a file that is not empty). Standard input that is a terminal or
// empty (cron's /dev/null, an empty pipe) with no file named is a forgotten
// file argument: a usage error. Looking at a pipe waits for its first byte,
// which the returned streams still read.
func inputArgs(s *streams, args []string) ([]string, error) {
	if len(args) > 0 {
		return args, nil
	}
	var what error
	switch data, in, err := stdinData(s.in); {
	case err != nil:
		return nil, msg.Errorf("stdin: %w", err)
	case data:
		s.in = in
		return []string{"-"}, nil
	case isDevice(s.in):
		what = msg.Errorf("a terminal or device")
	default:
		what = msg.Errorf("empty")
	}
	return nil, usagef("missing file argument: give one or more order files, or pipe the orders to standard input (it is %s)", what)
}

// stdinData tells whether r, standard input, has data to read, without
// losing any: in is r, or r with its first byte put back. A terminal or a
// device (such as /dev/null) is not read at all; a regular file is stated.
func stdinData(r io.Reader) (data bool, in io.Reader, err error) {
	if r == nil {
		return false, r, nil
	}
	if f, ok := r.(*os.File); ok {
		st, err := f.Stat()
		if err == nil {
			switch {
			case st.Mode()&os.ModeDevice != 0:
				return false, r, nil
			case st.Mode().IsRegular():
				return st.Size() > 0, r, nil
			}
		}
	}
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n > 0 {
			return true, io.MultiReader(bytes.NewReader(b[:n]), r), nil
		}
		if err == io.EOF {
			return false, r, nil
		}
		if err != nil {
			return false, r, err
		}
	}
}

// isDevice tells whether r is a terminal or another device file.
func isDevice(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeDevice != 0
}

// checkArgs checks the input arguments (inputArgs makes sure there is at
// least one): standard input at most once (a second - would read nothing).
func checkArgs(args []string) error {
	stdin := 0
	for _, a := range args {
		if a == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usagef("- (standard input) given %d times: it can be read only once", stdin)
	}
	return nil
}
