package main

import (
	"fmt"
	"strings"

	"lifecycle/churn"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The rules of churn: --show-rules, --show-features, and a rule's reason
// and level in the output's language.

// rulesTable lays out --show-rules.
func rulesTable(set *churn.Set, lang words.Lang) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "rule", Title: "Rule"},
		{Name: "level", Title: "Level"},
		{Name: "condition", Title: "Condition", Shorten: true},
		{Name: "reason", Title: "Reason", Shorten: true},
		{Name: "origin", Title: "From", Drop: 1},
	}}
	for i := range set.Rules {
		r := &set.Rules[i]
		t.Rows = append(t.Rows, []any{r.Name, levelIn(r.Level, lang), strings.TrimSpace(r.Condition), reasonIn(r, lang), r.Origin})
	}
	t.Caption = fmt.Sprintf("%s; a customer's level is the highest of the rules it trips (--show-features lists what conditions can use)", plural(int64(len(set.Rules)), "rule"))
	return t
}

// featuresTable lays out --show-features.
func featuresTable(lang words.Lang) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "feature", Title: "Feature"},
		{Name: "type", Title: "Type"},
		{Name: "description", Title: "Description", Shorten: true},
	}}
	for _, f := range churn.FeatureList {
		t.Rows = append(t.Rows, []any{f.Name, f.Type, featureIn(f.Name, f.Description, lang)})
	}
	for _, a := range orders.Attributes() {
		t.Rows = append(t.Rows, []any{"attr." + a.Name, a.Kind.String(), lang.Get("feature.attr_empty", featureIn("attr."+a.Name, a.Description, lang))})
	}
	t.Caption = lang.Get("feature.caption")
	return t
}

// reasonIn is a rule's reason in lang (its English when it has none).
func reasonIn(r *churn.Rule, lang words.Lang) string {
	if lang == words.Chinese && r.ReasonZH != "" {
		return r.ReasonZH
	}
	return r.Reason
}

// ruleNameIn is a rule's name in lang: the catalogue's name of a default
// rule (churn.rule.NAME), a rule of the user's as it is named.
func ruleNameIn(name string, lang words.Lang) string {
	if lang != words.English {
		if e, ok := words.Lookup(words.Key("churn.rule." + name)); ok {
			return e.ZH
		}
	}
	return name
}

// ruleNamesIn are names in lang, as ruleNameIn.
func ruleNamesIn(names []string, lang words.Lang) []string {
	for i, n := range names {
		names[i] = ruleNameIn(n, lang)
	}
	return names
}

// featureIn is a feature's description in lang: the catalogue's
// (feature.NAME) while its English is the package's description, the
// package's otherwise.
func featureIn(name, desc string, lang words.Lang) string {
	if e, ok := words.Lookup(words.Key("feature." + name)); ok && e.EN == desc && lang == words.Chinese {
		return e.ZH
	}
	return desc
}

// rulesSrcIn is churnSettings.rulesSrc ("default rules", "rules of FILE")
// in lang.
func rulesSrcIn(src string, lang words.Lang) string {
	if lang == words.English {
		return src
	}
	if file, ok := strings.CutPrefix(src, "rules of "); ok {
		return lang.Get("churn.rules_of", file)
	}
	return lang.Get("churn.default_rules")
}

// levelIn is a level's name in lang.
func levelIn(l churn.Level, lang words.Lang) string {
	if lang == words.English {
		return l.String()
	}
	return lang.Get(words.Key("churn.level." + l.String()))
}
