package orders

import (
	"testing"

	"lifecycle/output/words"
)

// TestProfilesWorded fails on a text of a platform's profile that a person
// reads (its description, rows, note, why it cannot give customers) and
// that the catalogue does not hold: it would stay English under --lang zh.
func TestProfilesWorded(t *testing.T) {
	for _, p := range profiles {
		for field, s := range map[string]string{"Name": p.Name, "Rows": p.Rows, "Note": p.Note, "NoIdentity": p.NoIdentity} {
			if s == "" {
				continue
			}
			if zh, ok := words.Chinese.Format(s); !ok || zh == s {
				t.Errorf("profile %q: %s %q is not in the catalogue", p.Name, field, s)
			}
		}
	}
}
