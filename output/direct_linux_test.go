package output

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeInPieces writes data to w in pieces of random sizes, some larger
// than the buffer, and flushes.
func writeInPieces(t *testing.T, w flushWriter, data []byte, rng *rand.Rand) {
	t.Helper()
	for p := data; len(p) > 0; {
		k := min(len(p), rng.IntN(3*directBuf/2)+1)
		if rng.IntN(4) == 0 {
			k = min(len(p), rng.IntN(100)+1)
		}
		n, err := w.Write(p[:k])
		require.NoError(t, err)
		require.Equal(t, k, n)
		p = p[k:]
	}
	require.NoError(t, w.Flush())
}

// TestDirectWriterContent writes files of sizes around the block and buffer
// boundaries and reads them back byte for byte, through a Destination (the
// file system of the test's temporary directory decides whether the
// writes go direct) and with a misaligned buffer, which every kernel
// refuses for a direct write, so that the fallback through the page cache
// is taken too.
func TestDirectWriterContent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, directAlign - 1, directAlign, directAlign + 1,
		directBuf - 1, directBuf, directBuf + 1, 3*directBuf + 12345, 5*directBuf + directAlign}
	dir := t.TempDir()
	for _, size := range sizes {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		t.Run("destination", func(t *testing.T) {
			path := filepath.Join(dir, "out.bin")
			d, err := Open(path, nil)
			require.NoError(t, err)
			defer d.Abort()
			w := d.buf.(*directWriter)
			writeInPieces(t, w, data, rng)
			if size >= directBuf {
				assert.True(t, w.failed || w.wrote == int64(size)&^(directAlign-1),
					"size %d: the whole blocks go direct unless refused (%d bytes direct)", size, w.wrote)
				if w.failed {
					t.Logf("direct writes refused in %s: written through the page cache", dir)
				}
			} else {
				assert.Zero(t, w.wrote, "size %d: a file smaller than the buffer is not written direct", size)
			}
			require.NoError(t, d.Commit())
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.True(t, string(got) == string(data), "size %d: file differs from what was written", size)
		})
		t.Run("misaligned", func(t *testing.T) {
			path := filepath.Join(dir, "mis.bin")
			f, err := os.Create(path)
			require.NoError(t, err)
			defer f.Close()
			w := &directWriter{f: f, skew: 1}
			w.cur = w.newBuf()
			writeInPieces(t, w, data, rng)
			if size >= directBuf {
				assert.True(t, w.failed, "size %d: a misaligned direct write is refused", size)
			}
			require.NoError(t, f.Close())
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.True(t, string(got) == string(data), "size %d: file differs from what was written", size)
		})
	}
}

// TestDirectWriterErrors: a write error met by the writing goroutine is
// returned by a later Write or by Flush, and the goroutine ends.
func TestDirectWriterErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.bin")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	f, err := os.Open(path) // read only: every write fails
	require.NoError(t, err)
	defer f.Close()
	w := newFileWriter(f).(*directWriter)
	chunk := make([]byte, directBuf/3)
	var werr error
	for i := 0; i < 10*directBufs*3 && werr == nil; i++ {
		_, werr = w.Write(chunk)
	}
	done := w.done
	ferr := w.Flush()
	require.Error(t, ferr)
	if werr != nil {
		assert.ErrorIs(t, werr, ferr)
	}
	requireEnded(t, done)
}

// requireEnded requires that the writing goroutine of done has ended.
func requireEnded(t *testing.T, done chan struct{}) {
	t.Helper()
	require.NotNil(t, done, "a writing goroutine was started")
	select {
	case <-done:
	default:
		t.Fatal("the writing goroutine has not ended")
	}
}

// TestDestinationAbortStopsWriter: aborting a large output ends the
// writing goroutine and leaves no file.
func TestDestinationAbortStopsWriter(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(filepath.Join(dir, "out.csv"), nil)
	require.NoError(t, err)
	_, err = d.Write(make([]byte, 5*directBuf+17))
	require.NoError(t, err)
	done := d.buf.(*directWriter).done
	d.Abort()
	requireEnded(t, done)
	assert.Empty(t, dirNames(t, dir))
}

// TestDirectWriterProcs: GOMAXPROCS is one higher while a large file is
// written, and as it was once it is flushed.
func TestDirectWriterProcs(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	d, err := Open(filepath.Join(t.TempDir(), "out.bin"), nil)
	require.NoError(t, err)
	defer d.Abort()
	_, err = d.Write(make([]byte, 3*directBuf))
	require.NoError(t, err)
	assert.Equal(t, procs+1, runtime.GOMAXPROCS(0), "while writing")
	require.NoError(t, d.Commit())
	assert.Equal(t, procs, runtime.GOMAXPROCS(0), "after Commit")
}
