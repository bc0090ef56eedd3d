package output

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// liveNames returns the registry of live temporary files.
func liveNames() []string {
	live.Lock()
	defer live.Unlock()
	var names []string
	for n := range live.names {
		names = append(names, n)
	}
	return names
}

// TestTemporaryNames: a temporary file is named after its path and this
// process, and the registry holds it exactly while it is live: Commit,
// Abort and a failed Commit each drop it.
func TestTemporaryNames(t *testing.T) {
	require.Empty(t, liveNames())
	dir := t.TempDir()
	want := regexp.MustCompile(`^\.out\.csv\.tmp` + strconv.Itoa(os.Getpid()) + `-[0-9a-z]+$`)

	commit, err := Open(filepath.Join(dir, "out.csv"), nil)
	require.NoError(t, err)
	names := dirNames(t, dir)
	require.Len(t, names, 1)
	assert.Regexp(t, want, names[0])
	abort, err := Open(filepath.Join(dir, "out.csv"), nil)
	require.NoError(t, err)
	failed, err := Open(filepath.Join(dir, "failed.csv"), nil)
	require.NoError(t, err)
	assert.Len(t, liveNames(), 3)
	assert.Len(t, dirNames(t, dir), 3, "the second Open left the first one's temporary file")

	require.NoError(t, commit.Commit())
	abort.Abort()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "failed.csv", "sub"), 0o755))
	require.Error(t, failed.Commit())
	assert.Empty(t, liveNames(), "no temporary file left registered")
	assert.ElementsMatch(t, []string{"out.csv", "failed.csv"}, dirNames(t, dir))
}

// TestRemoveTemporaries: what a signal handler calls removes every live
// temporary file, leaves the paths as they were, and makes later Opens
// fail.
func TestRemoveTemporaries(t *testing.T) {
	defer func() { // the process goes on, unlike a real handler's
		live.Lock()
		live.exiting = false
		live.Unlock()
	}()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.csv")
	require.NoError(t, os.WriteFile(old, []byte("old\n"), 0o644))
	var ds []*Destination
	for _, name := range []string{"old.csv", "new.csv", "new.csv"} {
		d, err := Open(filepath.Join(dir, name), nil)
		require.NoError(t, err)
		defer d.Abort()
		_, err = d.Write(bytes.Repeat([]byte("x"), 3<<20)) // past the buffers: written out in part
		require.NoError(t, err)
		ds = append(ds, d)
	}
	done, err := Open(filepath.Join(dir, "done.csv"), nil)
	require.NoError(t, err)
	require.NoError(t, done.Commit())
	require.Len(t, dirNames(t, dir), 5)

	RemoveTemporaries()
	assert.ElementsMatch(t, []string{"old.csv", "done.csv"}, dirNames(t, dir))
	assert.Empty(t, liveNames())
	got, err := os.ReadFile(old)
	require.NoError(t, err)
	assert.Equal(t, "old\n", string(got))

	_, err = Open(filepath.Join(dir, "later.csv"), nil)
	require.ErrorIs(t, err, errExiting)
	require.Error(t, ds[0].Commit(), "the temporary file is gone")
	assert.ElementsMatch(t, []string{"old.csv", "done.csv"}, dirNames(t, dir))
}

// TestCommitTogether: the outputs of one Commit replace their paths all
// or none.
func TestCommitTogether(t *testing.T) {
	t.Run("all", func(t *testing.T) {
		dir := t.TempDir()
		var out bytes.Buffer
		var ds []*Destination
		for _, name := range []string{"a.csv", "b.svg", "-"} {
			path := name
			if name != "-" {
				path = filepath.Join(dir, name)
			}
			d, err := Open(path, &out)
			require.NoError(t, err)
			_, err = d.Write([]byte("new " + name))
			require.NoError(t, err)
			ds = append(ds, d)
		}
		require.NoError(t, Commit(ds...))
		assert.ElementsMatch(t, []string{"a.csv", "b.svg"}, dirNames(t, dir))
		for _, name := range []string{"a.csv", "b.svg"} {
			got, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			assert.Equal(t, "new "+name, string(got))
		}
		assert.Equal(t, "new -", out.String())
		require.NoError(t, Commit(ds...), "committed already: nothing to do")
	})
	t.Run("none when one cannot be written", func(t *testing.T) {
		if _, err := os.Stat("/dev/full"); err != nil {
			t.Skip("no /dev/full")
		}
		dir := t.TempDir()
		a := filepath.Join(dir, "a.csv")
		require.NoError(t, os.WriteFile(a, []byte("old"), 0o644))
		// A link to /dev/full: a disk that is full.
		full := filepath.Join(dir, "full.svg")
		require.NoError(t, os.Symlink("/dev/full", full))
		da, err := Open(a, nil)
		require.NoError(t, err)
		df, err := Open(full, nil)
		require.NoError(t, err)
		for _, d := range []*Destination{da, df} {
			_, err = d.Write([]byte("new"))
			require.NoError(t, err)
		}
		err = Commit(da, df)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "write "+full)
		got, err := os.ReadFile(a)
		require.NoError(t, err)
		assert.Equal(t, "old", string(got), "a.csv not replaced")
		assert.ElementsMatch(t, []string{"a.csv", "full.svg"}, dirNames(t, dir), "no temporary file")
		assert.Empty(t, liveNames())
		require.ErrorIs(t, da.Commit(), ErrClosed)
	})
	t.Run("none when one was aborted", func(t *testing.T) {
		dir := t.TempDir()
		da, err := Open(filepath.Join(dir, "a.csv"), nil)
		require.NoError(t, err)
		db, err := Open(filepath.Join(dir, "b.csv"), nil)
		require.NoError(t, err)
		db.Abort()
		require.ErrorIs(t, Commit(da, db), ErrClosed)
		assert.Empty(t, dirNames(t, dir))
		assert.Empty(t, liveNames())
	})
}
