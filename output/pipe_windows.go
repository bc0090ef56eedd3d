package output

import (
	"errors"
	"syscall"
)

// errNoData is ERROR_NO_DATA ("the pipe is being closed"), which Windows
// returns when writing to a pipe whose reader has gone.
const errNoData = syscall.Errno(232)

// isPlatformBrokenPipe recognises the Windows broken-pipe errors.
func isPlatformBrokenPipe(err error) bool {
	return errors.Is(err, syscall.ERROR_BROKEN_PIPE) || errors.Is(err, errNoData)
}
