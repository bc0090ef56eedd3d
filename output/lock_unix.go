//go:build unix && !aix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// holdWhileRenaming: a temporary file is renamed into place while still
// open, so that its lock is held until it has its final name (see
// temp.go). Systems with flock allow it.
const holdWhileRenaming = true

// lockFile takes an exclusive flock on f without waiting. It returns
// errLocked when another open file holds the lock (another process's, or
// another Destination's of this one), another error when the file system
// cannot lock.
func lockFile(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) {
		lerr = unix.Flock(int(fd), unix.LOCK_EX|unix.LOCK_NB)
	}); err != nil {
		return err
	}
	if errors.Is(lerr, unix.EWOULDBLOCK) {
		return errLocked
	}
	return lerr
}
