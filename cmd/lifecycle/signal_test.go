//go:build unix && !aix

package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigOrders writes orders whose rfm output (about 80,000 customers, 5 MB)
// is large enough to leave the process while it is written.
func bigOrders(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "orders.csv")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "order_id,customer_id,order_date,amount")
	r := rand.New(rand.NewPCG(14, 14))
	for i := range 200_000 {
		fmt.Fprintf(w, "%d,customer-%06d,2024-%02d-%02d,%d.%02d\n",
			i+1, r.IntN(80_000), 1+r.IntN(12), 1+r.IntN(28), 1+r.IntN(500), r.IntN(100))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	return path
}

// pausedRun starts `lifecycle rfm -q -o out in`, stopped by
// LIFECYCLE_TEST_PAUSE at the end of stage, and returns once it is there.
func pausedRun(t *testing.T, bin, stage, out, in string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "rfm", "-q", "-o", out, in)
	cmd.Env = append(os.Environ(), "LIFECYCLE_TEST_PAUSE="+stage)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill() })
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if sc.Text() == "lifecycle: test pause after "+stage {
			go func() { // keep the pipe drained
				for sc.Scan() {
				}
			}()
			return cmd
		}
		t.Logf("stderr: %s", sc.Text())
	}
	cmd.Wait()
	t.Fatalf("the run ended (%v) without pausing after %s", cmd.ProcessState, stage)
	return nil
}

// waitSignaled waits for cmd and returns the signal that ended it.
func waitSignaled(t *testing.T, cmd *exec.Cmd) syscall.Signal {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the run did not end on the signal")
	}
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	require.True(t, ws.Signaled(), "ended by a signal, not %v", cmd.ProcessState)
	return ws.Signal()
}

// dirFiles lists dir, hidden files included, with their sizes.
func dirFiles(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	files := map[string]int64{}
	for _, e := range entries {
		fi, err := e.Info()
		require.NoError(t, err)
		files[e.Name()] = fi.Size()
	}
	return files
}

// TestSignals: SIGINT and SIGTERM at the end of each stage of a large -o
// write (reached through LIFECYCLE_TEST_PAUSE, not by timing) end the run
// as the signal does by default (a shell reports 130 and 143), and leave
// in the output's directory only the old output when the signal came before
// the commit, or the whole new output after it: no temporary file. A
// SIGKILL leaves the temporary file, which the next run writing the same
// path removes.
func TestSignals(t *testing.T) {
	bin, err := exec.LookPath("lifecycle") // set up by TestMain
	require.NoError(t, err)
	in := bigOrders(t)
	wantPath := filepath.Join(t.TempDir(), "want.csv")
	require.NoError(t, exec.Command(bin, "rfm", "-q", "-o", wantPath, in).Run())
	want, err := os.ReadFile(wantPath)
	require.NoError(t, err)
	require.Greater(t, len(want), 4<<20, "larger than the writer's buffers")
	const old = "old output\n"

	for _, tc := range []struct {
		stage     string
		committed bool
	}{{"read", false}, {"compute", false}, {"write", false}, {"commit", true}} {
		for _, sc := range []struct {
			sig    syscall.Signal
			name   string
			status int // as a shell reports it
		}{{syscall.SIGINT, "SIGINT", 130}, {syscall.SIGTERM, "SIGTERM", 143}, {syscall.SIGHUP, "SIGHUP", 129}} {
			sig := sc.sig
			if sig == syscall.SIGHUP && tc.stage != "write" {
				continue // handled as the others: once is enough
			}
			t.Run(tc.stage+"/"+sc.name, func(t *testing.T) {
				if signal.Ignored(sig) {
					t.Skipf("%v is ignored here (a background job?): a child cannot catch it", sig)
				}
				dir := t.TempDir()
				out := filepath.Join(dir, "rfm.csv")
				require.NoError(t, os.WriteFile(out, []byte(old), 0o644))
				cmd := pausedRun(t, bin, tc.stage, out, in)
				files := dirFiles(t, dir)
				if tc.committed {
					assert.Len(t, files, 1, "committed: no temporary file before the signal")
				} else {
					require.Len(t, files, 2, "the temporary file beside rfm.csv: %v", files)
				}
				require.NoError(t, cmd.Process.Signal(sig))
				got := waitSignaled(t, cmd)
				assert.Equal(t, sig, got, "dies of the signal")
				assert.Equal(t, sc.status, 128+int(got), "status in a shell")
				assert.Equal(t, []string{"rfm.csv"}, keys(dirFiles(t, dir)), "nothing but the output")
				b, err := os.ReadFile(out)
				require.NoError(t, err)
				if tc.committed {
					assert.True(t, string(b) == string(want), "the whole new output (%d bytes, want %d)", len(b), len(want))
				} else {
					assert.Equal(t, old, string(b), "the old output")
				}
			})
		}
	}

	t.Run("SIGKILL", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "rfm.csv")
		require.NoError(t, os.WriteFile(out, []byte(old), 0o644))
		cmd := pausedRun(t, bin, "write", out, in)
		require.NoError(t, cmd.Process.Kill())
		assert.Equal(t, syscall.SIGKILL, waitSignaled(t, cmd))
		files := dirFiles(t, dir)
		require.Len(t, files, 2, "a kill leaves the temporary file")
		delete(files, "rfm.csv")
		leftover := keys(files)[0]

		// The next run writing the path removes the leftover; here it
		// pauses, writing, while a third run writes the path whole.
		other := pausedRun(t, bin, "write", out, in)
		files = dirFiles(t, dir)
		require.Len(t, files, 2, "rfm.csv and the paused run's temporary file: %v", files)
		assert.NotContains(t, files, leftover, "the leftover of the killed run is removed")
		require.NoError(t, exec.Command(bin, "rfm", "-q", "-o", out, in).Run())
		assert.ElementsMatch(t, keys(files), keys(dirFiles(t, dir)), "the paused run's file kept")
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.True(t, string(b) == string(want), "the new output")

		require.NoError(t, other.Process.Signal(syscall.SIGTERM))
		assert.Equal(t, syscall.SIGTERM, waitSignaled(t, other))
		assert.Equal(t, []string{"rfm.csv"}, keys(dirFiles(t, dir)))
	})
}

func keys(m map[string]int64) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
