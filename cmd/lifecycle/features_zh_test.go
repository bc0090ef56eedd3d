package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"lifecycle/churn"
	"lifecycle/orders"
	"lifecycle/output/words"
)

// TestFeaturesInChinese fails when a feature of churn or an attribute of
// orders has no Chinese description in the catalogue, or one whose
// English no longer matches the package's description (then
// --show-features --lang zh would show the English).
func TestFeaturesInChinese(t *testing.T) {
	check := func(name, desc string) {
		e, ok := words.Lookup(words.Key("feature." + name))
		if assert.True(t, ok, "feature.%s is in the catalogue", name) {
			assert.Equal(t, desc, e.EN, "feature.%s: English as the package says it", name)
		}
	}
	for _, f := range churn.FeatureList {
		check(f.Name, f.Description)
	}
	for _, a := range orders.Attributes() {
		check("attr."+a.Name, a.Description)
	}
	zh := featuresTable(words.Chinese)
	en := featuresTable(words.English)
	for i, row := range zh.Rows {
		if row[2] == en.Rows[i][2] && row[0] != "days_overdue" && row[0] != "overdue_ratio" {
			t.Errorf("%s: the same description in both languages: %v", row[0], row[2])
		}
	}
}
