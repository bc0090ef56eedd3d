package output

import (
	"errors"
	"io"
	"syscall"
)

// IsBrokenPipe reports whether err comes from writing to a pipe whose reader
// has gone (as in `lifecycle ... | head`): EPIPE (and on Windows
// ERROR_BROKEN_PIPE / ERROR_NO_DATA) or io.ErrClosedPipe. The command line
// then exits quietly with status 0.
//
// Note that a Go program writing to a broken pipe on file descriptor 1 or 2
// is killed by SIGPIPE unless it ignores or catches that signal
// (signal.Ignore(syscall.SIGPIPE) or signal.Notify); only then does the write
// return the EPIPE error recognised here.
func IsBrokenPipe(err error) bool {
	if err == nil {
		return false
	}
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrClosedPipe) || isPlatformBrokenPipe(err)
}
