//go:build !linux

package output

import (
	"bufio"
	"os"
)

func newFileWriter(f *os.File) flushWriter {
	return bufio.NewWriterSize(f, bufSize)
}
