//go:build unix && !aix

package output

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writerEnv makes the test binary a writer for TestLeftovers (see
// TestLeftoverWriter).
const writerEnv = "LIFECYCLE_OUTPUT_TEST_WRITER"

// TestLeftoverWriter is not a test: run by TestLeftovers with writerEnv set
// to a path, it opens that path, writes to it, prints the temporary file's
// name and waits, writing, until killed.
func TestLeftoverWriter(t *testing.T) {
	path := os.Getenv(writerEnv)
	if path == "" {
		t.Skip("the writer process of TestLeftovers")
	}
	d, err := Open(path, nil)
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	_, err = d.Write([]byte(strings.Repeat("partial,row\n", 1000)))
	if err == nil {
		err = d.buf.Flush()
	}
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("writing " + filepath.Base(d.tmp.Name()) + "\n")
	io.Copy(io.Discard, os.Stdin) // until killed
	os.Exit(1)
}

// startWriter starts a writer process on path and returns it with the
// base name of its temporary file, once created.
func startWriter(t *testing.T, path string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeftoverWriter$")
	cmd.Env = append(os.Environ(), writerEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	t.Cleanup(func() { stdin.Close() })
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	name, ok := strings.CutPrefix(strings.TrimSpace(line), "writing ")
	require.True(t, ok, "writer: %q", line)
	return cmd, name
}

// TestLeftovers: with real writer processes, Open removes the temporary
// file of a writer killed by SIGKILL and leaves alone the one of a writer
// still writing, as well as any file of another naming.
func TestLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	// Not ours to remove: an older naming without a process id, another
	// output's temporary file, a look-alike.
	others := []string{".out.csv.tmp3k2j1", ".other.csv.tmp1-abc", ".out.csv.tmp12-ab.bak", ".out.csv.tmp-abc"}
	for _, n := range others {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
	}

	alive, aliveTmp := startWriter(t, path)
	killed, killedTmp := startWriter(t, path)
	require.NoError(t, killed.Process.Kill()) // SIGKILL: no clean-up
	_ = killed.Wait()
	require.FileExists(t, filepath.Join(dir, killedTmp), "the killed writer's leftover")

	d, err := Open(path, nil)
	require.NoError(t, err)
	ours := filepath.Base(d.tmp.Name())
	assert.NoFileExists(t, filepath.Join(dir, killedTmp), "the leftover of a writer gone is removed")
	assert.FileExists(t, filepath.Join(dir, aliveTmp), "a live writer's file is left alone")
	assert.ElementsMatch(t, append([]string{"out.csv", aliveTmp, ours}, others...), dirNames(t, dir))
	_, err = d.Write([]byte("new"))
	require.NoError(t, err)
	require.NoError(t, d.Commit())

	// The live writer goes on: its file is whole, then, once it is gone,
	// the next Open removes it.
	b, err := os.ReadFile(filepath.Join(dir, aliveTmp))
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("partial,row\n", 1000), string(b))
	require.NoError(t, alive.Process.Kill())
	_ = alive.Wait()
	d, err = Open(path, nil)
	require.NoError(t, err)
	d.Abort()
	assert.ElementsMatch(t, append([]string{"out.csv"}, others...), dirNames(t, dir))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
}
