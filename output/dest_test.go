package output

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dirNames lists the names in dir, hidden temporary files included.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestDestinationFileCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	d, err := Open(path, nil)
	require.NoError(t, err)
	defer d.Abort()
	assert.Equal(t, path, d.Name())
	require.NoError(t, Write(d, CSV, sampleTable()))

	_, err = os.Stat(path)
	require.ErrorIs(t, err, fs.ErrNotExist, "nothing at the path before Commit")
	require.NoError(t, d.Commit())
	d.Abort() // no-op after Commit

	var want bytes.Buffer
	require.NoError(t, Write(&want, CSV, sampleTable()))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want.String(), string(got))
	assert.Equal(t, []string{"out.csv"}, dirNames(t, dir), "no temporary file left")

	require.NoError(t, d.Commit(), "second Commit is a no-op")
	_, err = d.Write([]byte("x"))
	require.ErrorIs(t, err, ErrClosed)
}

func TestDestinationReplacesOnlyOnCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))

	d, err := Open(path, nil)
	require.NoError(t, err)
	_, err = io.WriteString(d, "new content")
	require.NoError(t, err)
	old, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(old), "old content until Commit")
	require.NoError(t, d.Commit())

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new content", string(got))
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), "mode of the replaced file kept")
	}
	assert.Equal(t, []string{"out.json"}, dirNames(t, dir))
}

func TestDestinationAbort(t *testing.T) {
	t.Run("new file", func(t *testing.T) {
		dir := t.TempDir()
		d, err := Open(filepath.Join(dir, "out.csv"), nil)
		require.NoError(t, err)
		// A failing producer: some data written, then an error.
		_, err = d.Write(bytes.Repeat([]byte("x"), 3*bufSize))
		require.NoError(t, err)
		assert.Len(t, dirNames(t, dir), 1, "the temporary file")
		d.Abort()
		d.Abort()
		assert.Empty(t, dirNames(t, dir), "no file and no temporary file")
		require.ErrorIs(t, d.Commit(), ErrClosed)
		_, err = d.Write([]byte("x"))
		require.ErrorIs(t, err, ErrClosed)
	})
	t.Run("existing file kept", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.csv")
		require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
		d, err := Open(path, nil)
		require.NoError(t, err)
		_, err = d.Write([]byte("partial"))
		require.NoError(t, err)
		d.Abort()
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, "old", string(got))
		assert.Equal(t, []string{"out.csv"}, dirNames(t, dir))
	})
	t.Run("failing write", func(t *testing.T) {
		dir := t.TempDir()
		d, err := Open(filepath.Join(dir, "out.csv"), nil)
		require.NoError(t, err)
		defer d.Abort()
		err = Write(d, CSV, &Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{"not a number"}}})
		require.Error(t, err)
		d.Abort()
		assert.Empty(t, dirNames(t, dir))
	})
}

func TestDestinationCommitFailureRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	d, err := Open(path, nil)
	require.NoError(t, err)
	_, err = d.Write([]byte("data"))
	require.NoError(t, err)
	// The path becomes a non-empty directory: the rename must fail.
	require.NoError(t, os.MkdirAll(filepath.Join(path, "sub"), 0o755))
	err = d.Commit()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "write "+path)
	assert.Equal(t, []string{"out.csv"}, dirNames(t, dir), "temporary file removed")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.True(t, fi.IsDir())
	require.ErrorIs(t, d.Commit(), ErrClosed, "a failed Commit closes the destination")
}

func TestDestinationOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a directory")

	_, err = Open(filepath.Join(dir, "missing", "out.csv"), nil)
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.Empty(t, dirNames(t, dir))
}

func TestDestinationSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "real.csv")
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.WriteFile(real, []byte("old"), 0o644))
	require.NoError(t, os.Symlink("real.csv", link))
	d, err := Open(link, nil)
	require.NoError(t, err)
	_, err = d.Write([]byte("new"))
	require.NoError(t, err)
	require.NoError(t, d.Commit())
	got, err := os.ReadFile(real)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got), "the link's target replaced")
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&fs.ModeSymlink, "the link is still a link")
}

func TestDestinationDevice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/null")
	}
	d, err := Open("/dev/null", nil)
	require.NoError(t, err)
	require.NoError(t, Write(d, CSV, sampleTable()))
	require.NoError(t, d.Commit())
	fi, err := os.Stat("/dev/null")
	require.NoError(t, err)
	assert.False(t, fi.Mode().IsRegular(), "/dev/null not replaced")
}

func TestDestinationStdout(t *testing.T) {
	for _, path := range []string{"", "-"} {
		var out bytes.Buffer
		d, err := Open(path, &out)
		require.NoError(t, err)
		assert.Equal(t, "standard output", d.Name())
		_, err = d.Write([]byte("a,b\n"))
		require.NoError(t, err)
		assert.Empty(t, out.String(), "buffered until Commit")
		require.NoError(t, d.Commit())
		assert.Equal(t, "a,b\n", out.String())
		d.Abort()
		assert.Equal(t, "a,b\n", out.String())

		out.Reset()
		d, err = Open(path, &out)
		require.NoError(t, err)
		_, err = d.Write([]byte("dropped"))
		require.NoError(t, err)
		d.Abort()
		assert.Empty(t, out.String(), "Abort drops buffered output")
	}
}

func TestDestinationStdoutError(t *testing.T) {
	d, err := Open("-", &errWriter{})
	require.NoError(t, err)
	_, err = d.Write([]byte("x"))
	require.NoError(t, err)
	err = d.Commit()
	require.ErrorIs(t, err, os.ErrPermission)
	assert.Contains(t, err.Error(), "write standard output")
}

func TestIsBrokenPipe(t *testing.T) {
	assert.False(t, IsBrokenPipe(nil))
	assert.False(t, IsBrokenPipe(os.ErrPermission))
	assert.True(t, IsBrokenPipe(syscall.EPIPE))
	assert.True(t, IsBrokenPipe(fmt.Errorf("write csv: %w", &os.PathError{Op: "write", Path: "|1", Err: syscall.EPIPE})))
	assert.True(t, IsBrokenPipe(fmt.Errorf("x: %w", io.ErrClosedPipe)))

	t.Run("real pipe", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("unix pipes")
		}
		r, w, err := os.Pipe()
		require.NoError(t, err)
		defer w.Close()
		require.NoError(t, r.Close())
		// Not fd 1 or 2, so Go returns EPIPE instead of dying of SIGPIPE.
		err = Write(w, CSV, sampleTable())
		require.Error(t, err)
		assert.True(t, IsBrokenPipe(err), "%v", err)
	})
}
