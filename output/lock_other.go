//go:build !unix || aix

package output

import (
	"errors"
	"os"
)

// holdWhileRenaming is false where an open file may not be renamed
// (Windows): Commit closes the temporary file first.
const holdWhileRenaming = false

// lockFile fails: there is no flock here, so no temporary file is ever
// proved abandoned, and none is removed by a later run.
func lockFile(*os.File) error { return errors.ErrUnsupported }
