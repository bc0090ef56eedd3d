package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildBinary builds the lifecycle command into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGPIPE is a Unix matter")
	}
	bin := filepath.Join(t.TempDir(), "lifecycle")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// TestClosedPipe: `lifecycle summary ... | head -1` exits 0 with nothing on
// stderr but the diagnostics, however early the reader goes away. main
// ignores SIGPIPE so that the write fails with EPIPE, which run treats as
// the end of the output; without that the process would die by the signal.
func TestClosedPipe(t *testing.T) {
	t.Parallel() // the build overlaps the other tests
	bin := buildBinary(t)

	// The reader has gone before the first write: the write fails with
	// EPIPE every time.
	for _, format := range []string{"csv", "table", "json"} {
		t.Run("reader gone/"+format, func(t *testing.T) {
			r, w, err := os.Pipe()
			require.NoError(t, err)
			require.NoError(t, r.Close())
			var stderr bytes.Buffer
			cmd := exec.Command(bin, "summary", "-q", "--format", format, ordersCSV)
			cmd.Stdout = w
			cmd.Stderr = &stderr
			err = cmd.Run()
			w.Close()
			require.NoError(t, err, "exit: %v; stderr: %s", cmd.ProcessState, stderr.String())
			assert.Equal(t, 0, cmd.ProcessState.ExitCode())
			assert.Empty(t, stderr.String())
		})
	}

	// head -1: the reader takes the first line and closes the pipe.
	t.Run("head -1", func(t *testing.T) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		var stderr bytes.Buffer
		cmd := exec.Command(bin, "summary", "--format", "csv", ordersCSV)
		cmd.Stdout = w
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		w.Close() // the child holds the write end
		line, err := bufio.NewReader(r).ReadString('\n')
		require.NoError(t, err)
		r.Close()
		err = cmd.Wait()
		require.NoError(t, err, "stderr: %s", stderr.String())
		assert.Equal(t, "section,key,value\n", line)
		assert.NotContains(t, stderr.String(), "broken pipe")
		assert.NotContains(t, stderr.String(), "write")
		for _, l := range bytes.Split(bytes.TrimSpace(stderr.Bytes()), []byte("\n")) {
			assert.True(t, bytes.HasPrefix(l, []byte("lifecycle: ")), "%q", l)
		}
	})

	// A failure that is not a closed pipe still fails: the same binary,
	// the same pipe, an input that cannot be read.
	t.Run("data error", func(t *testing.T) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		require.NoError(t, r.Close())
		var stderr bytes.Buffer
		cmd := exec.Command(bin, "summary", "--format", "csv", "missing.csv")
		cmd.Stdout = w
		cmd.Stderr = &stderr
		err = cmd.Run()
		w.Close()
		require.Error(t, err)
		assert.Equal(t, 1, cmd.ProcessState.ExitCode())
		assert.Contains(t, stderr.String(), "missing.csv")
	})
}
