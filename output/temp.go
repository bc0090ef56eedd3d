package output

// The temporary files of atomic outputs.
//
// An output file NAME is written to ".NAME.tmpPID-RANDOM" in the same
// directory, PID being the writing process's id in decimal and RANDOM a
// base-36 number. The writer holds an exclusive flock on the temporary file
// from just after creating it until it is renamed over NAME or removed
// (Commit renames it before closing it). Hence:
//
//   - this process knows its live temporary files (the registry below), so
//     that a handler of SIGINT or SIGTERM removes them before the process
//     exits (RemoveTemporaries);
//   - a later run that writes NAME removes the leftovers of writers that
//     are gone (killed by SIGKILL, or the machine stopped): files of this
//     naming whose lock it can take. A file that another live process (or
//     this one) is writing is locked and left alone. Files of other names,
//     and temporary files without a process id (written by versions before
//     the lock), are never removed.
//
// Where flock is missing (Windows, AIX) or refused by the file system
// (ENOLCK on some network file systems), nothing is proved abandoned and
// no leftover is removed.

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"lifecycle/msg"
)

// errLocked is lockFile's error when another open file holds the lock.
var errLocked = msg.Errorf("locked by another writer")

// errExiting is Open's error once RemoveTemporaries has run.
var errExiting = msg.Errorf("the process is exiting")

// live is the registry of this process's temporary files not yet renamed
// or removed. Commit holds its lock while it renames, so that a signal
// handler's RemoveTemporaries waits for a commit under way: the outputs of
// one Commit are all renamed or none.
var live struct {
	sync.Mutex
	names   map[string]struct{}
	exiting bool // RemoveTemporaries has run
}

// dropLive forgets a temporary file that is renamed or removed.
func dropLive(name string) {
	live.Lock()
	delete(live.names, name)
	live.Unlock()
}

// RemoveTemporaries removes the temporary file of every atomic
// Destination not yet committed or aborted, and makes any later Open of a
// file fail. It is for a handler of SIGINT or SIGTERM that then ends the
// process: every output path keeps its old content, or all the new content
// when its Commit had renamed the file (a Commit under way is waited for).
// Direct files and standard output are not touched.
func RemoveTemporaries() {
	live.Lock()
	defer live.Unlock()
	live.exiting = true
	for name := range live.names {
		os.Remove(name)
	}
	clear(live.names)
}

// tempPrefix is the start of the temporary files' names for target's base
// name, up to the process id.
func tempPrefix(base string) string { return "." + base + ".tmp" }

// createTemp creates and locks a new temporary file next to target with
// mode perm, less the umask unless keep is set, and records it as live.
// It holds the registry's lock throughout, so that a signal handler's
// RemoveTemporaries comes either before the file exists or after it is
// recorded.
func createTemp(target string, perm fs.FileMode, keep bool) (*os.File, error) {
	live.Lock()
	defer live.Unlock()
	if live.exiting {
		return nil, errExiting
	}
	dir, base := filepath.Split(target)
	prefix := tempPrefix(base) + strconv.Itoa(os.Getpid()) + "-"
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			// Name the directory, not the random temporary name.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, msg.Errorf("cannot create a file in %s: %w", filepath.Clean(dir), pe.Err)
			}
			return nil, err
		}
		if err := lockFile(f); errors.Is(err, errLocked) {
			// Another run took it for a leftover between our creating
			// and locking it: it removes it. Take another name.
			f.Close()
			continue
		}
		// Any other error: the file system cannot lock; the file is
		// written unlocked, and no other run can lock it either.
		if keep {
			// Replacing a file: keep its mode exactly, whatever the umask.
			if err := f.Chmod(perm); err != nil {
				removeTemp(f)
				return nil, err
			}
		}
		if live.names == nil {
			live.names = map[string]struct{}{}
		}
		live.names[name] = struct{}{}
		return f, nil
	}
	return nil, msg.Errorf("cannot create a temporary file: too many collisions")
}

// removeTemp removes and closes a temporary file, holding its lock until
// it is gone where the system allows.
func removeTemp(f *os.File) {
	if holdWhileRenaming {
		os.Remove(f.Name())
		f.Close()
	} else {
		f.Close()
		os.Remove(f.Name())
	}
}

// removeLeftovers removes the temporary files for base in dir whose
// writers are gone (see the top of this file). It reports nothing: a
// leftover that cannot be removed stays, as it would have anyway.
func removeLeftovers(dir, base string) {
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	defer d.Close()
	prefix := tempPrefix(base)
	for {
		names, err := d.Readdirnames(1024)
		for _, n := range names {
			if rest, ok := strings.CutPrefix(n, prefix); ok && isPIDRandom(rest) {
				removeIfAbandoned(filepath.Join(dir, n))
			}
		}
		if err != nil { // io.EOF at the end
			return
		}
	}
}

// isPIDRandom reports whether s is "PID-RANDOM": decimal digits, a dash,
// base-36 digits.
func isPIDRandom(s string) bool {
	pid, rnd, ok := strings.Cut(s, "-")
	return ok && pid != "" && rnd != "" && strings.Trim(pid, "0123456789") == "" &&
		strings.Trim(rnd, "0123456789abcdefghijklmnopqrstuvwxyz") == ""
}

// removeIfAbandoned removes the regular file name if it can take its lock:
// its writer has closed it or is gone. The lock is held while the file is
// removed, and the name must still be the file locked.
func removeIfAbandoned(name string) {
	if fi, err := os.Lstat(name); err != nil || !fi.Mode().IsRegular() {
		return
	}
	// O_NONBLOCK: should a named pipe take the name meanwhile, the open
	// must not wait for a writer.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrPermission) {
		f, err = os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0) // a write-only file
	}
	if err != nil {
		return
	}
	defer f.Close()
	if lockFile(f) != nil {
		return // being written, or not lockable: not proved abandoned
	}
	locked, err := f.Stat()
	if err != nil || !locked.Mode().IsRegular() {
		return
	}
	if now, err := os.Lstat(name); err == nil && os.SameFile(locked, now) {
		os.Remove(name)
	}
}
