package main

import "testing"

// TestVersionString checks the text of --version for a build with and
// without version-control information.
func TestVersionString(t *testing.T) {
	for _, c := range []struct {
		v    buildVersion
		want string
	}{
		{buildVersion{Module: "(devel)", Go: "go1.26.8"},
			"lifecycle (devel)\nrevision: unknown (built without version-control information)\nbuilt with go1.26.8\n"},
		{buildVersion{Module: "v0.3.0", Revision: "709714f932ed54860b51f6f424e730c3cf1e79ba", Time: "2026-12-06T02:40:00Z", Modified: true, Go: "go1.26.8"},
			"lifecycle v0.3.0\nrevision: 709714f932ed54860b51f6f424e730c3cf1e79ba (2026-12-06T02:40:00Z), with uncommitted changes\nbuilt with go1.26.8\n"},
	} {
		if got := c.v.String(); got != c.want {
			t.Errorf("%+v:\ngot  %q\nwant %q", c.v, got, c.want)
		}
	}
}
