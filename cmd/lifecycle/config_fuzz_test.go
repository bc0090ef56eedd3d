package main

import (
	"testing"
)

// FuzzConfig: any bytes as a configuration file give settings or an error
// naming the file, never a panic; the settings name flags that exist.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"tz: UTC\nquiet: true\n",
		"rfm:\n  scheme: cn8\n  bins: 5\n",
		"cancelled: [void, refunded]\n",
		"summary: 3\n",
		"- a\n- b\n",
		"tz: &a UTC\nrfm:\n  lang: *a\n",
		"{tz: UTC, rfm: {by: segment}}",
		"tz: [[x]]\n",
		"",
	} {
		f.Add([]byte(s))
	}
	root := newRoot(&streams{}, new(string))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseConfig("c.yaml", data, root)
		if err != nil {
			if _, ok := err.(*usageError); !ok {
				t.Fatalf("%T %v: not a usage error", err, err)
			}
			return
		}
		for _, s := range c.all {
			if len(commandsWithFlag(root, s.flag)) == 0 {
				t.Fatalf("setting %q: no command has it", s.flag)
			}
		}
		for name, ss := range c.commands {
			cmd := commandNamed(root.Commands(), name)
			for _, s := range ss {
				if cmd.Flags().Lookup(s.flag) == nil {
					t.Fatalf("%s: setting %q: no such flag", name, s.flag)
				}
			}
		}
	})
}
