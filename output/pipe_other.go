//go:build !windows

package output

// isPlatformBrokenPipe has nothing to add to EPIPE outside Windows.
func isPlatformBrokenPipe(error) bool { return false }
