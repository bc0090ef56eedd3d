//go:build linux

package output

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal and returns its terminal side.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	fd := int(ptmx.Fd())
	require.NoError(t, unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0))
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	require.NoError(t, err)
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	return tty
}

func TestParquetRefusesTerminal(t *testing.T) {
	tty := openPTY(t)
	require.True(t, IsTerminal(tty))
	tbl := &Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{1}}}
	err := Write(tty, Parquet, tbl)
	require.ErrorIs(t, err, ErrBinaryTerminal)
	assert.Contains(t, err.Error(), "-o FILE.parquet")

	d, err := Open("-", tty)
	require.NoError(t, err)
	defer d.Abort()
	require.ErrorIs(t, WriteReport(d, Parquet, &Report{Sections: []Section{{Key: "s", Items: []Item{{Key: "k", Value: 1}}}}}), ErrBinaryTerminal)
	require.NoError(t, d.Commit())
}
