package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"lifecycle/output/words"
)

// buildVersion is what the binary knows of the source it was built from:
// the module version and the version-control revision that the go command
// stamps into the build info.
type buildVersion struct {
	// Module is the module version: a tag or pseudo-version when built
	// with go install module@version (or, since Go 1.24, from a checkout
	// with VCS information), "(devel)" otherwise.
	Module string
	// Revision is the commit, Time its time (RFC 3339) and Modified
	// whether the working tree had changes; Revision is empty when the
	// build has no VCS information (go build -buildvcs=false, go test, a
	// source tree outside version control).
	Revision string
	Time     string
	Modified bool
	// Go is the version of Go the binary was built with.
	Go string
}

// readVersion reads the build info of the running binary.
func readVersion() buildVersion {
	v := buildVersion{Module: "(devel)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.Go = bi.GoVersion
	if bi.Main.Version != "" {
		v.Module = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the text of lifecycle --version: the version on the first
// line, then the revision, or why there is none.
func (v buildVersion) String() string { return v.In(words.English) }

// In is String in lang (the report's footer).
func (v buildVersion) In(lang words.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "lifecycle %s\n", v.Module)
	if v.Revision == "" {
		b.WriteString(lang.Get("version.no_revision") + "\n")
	} else {
		rev := v.Revision
		if v.Time != "" {
			rev += " (" + v.Time + ")"
		}
		if v.Modified {
			rev = lang.Get("version.modified", rev)
		}
		b.WriteString(lang.Get("version.revision", rev) + "\n")
	}
	if v.Go != "" {
		b.WriteString(lang.Get("version.built_with", v.Go) + "\n")
	}
	return b.String()
}

// newVersionCmd is `lifecycle version`, the same as `lifecycle --version`.
func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and revision of this binary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(s.out, readVersion())
			return err
		},
	}
}
