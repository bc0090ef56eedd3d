package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgressShowsAfterASecondAndClears(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 1.5 s")
	}
	var w lockedBuffer
	p := startProgress(&w, true)
	p.bytes.Store(5_000_000)
	p.rows.Store(100_000)
	time.Sleep(400 * time.Millisecond)
	assert.Empty(t, w.String(), "nothing in the first second")
	time.Sleep(1100 * time.Millisecond)
	p.pause(func() { w.Write([]byte("a message\n")) })
	p.finish()
	out := w.String()
	assert.Contains(t, out, "lifecycle: read 5 MB, 100000 rows")
	assert.Contains(t, out, "\r\033[Ka message\n", "a message clears the line first")
	assert.True(t, strings.HasSuffix(out, "\r\033[K"), "the line is cleared at the end")
}

func TestNoProgressWhenDisabled(t *testing.T) {
	p := startProgress(nil, false)
	assert.Nil(t, p)
	p.pause(func() {})
	p.finish()
	assert.Nil(t, p.rowCounter())
}

func TestChoose(t *testing.T) {
	v, err := choose("period", "week", means("day", 1), means("week", 7), means("month", 30))
	assert.NoError(t, err)
	assert.Equal(t, 7, v)
	_, err = choose("period", "fortnight", means("day", 1), means("week", 7), means("month", 30))
	assert.EqualError(t, err, `--period "fortnight": use day, week or month`)
	var ue *usageError
	assert.ErrorAs(t, err, &ue, "a usage error: exit 2")
}
