package main

import (
	"slices"
	"strings"
	"testing"

	"lifecycle/cohort"
	"lifecycle/dates"
)

// FuzzCohortPeriodDay: --from and --to values never panic; an accepted
// value is a day whose period is the one written (a date round-trips; a
// month or year gives its first or last day).
func FuzzCohortPeriodDay(f *testing.F) {
	for _, s := range []string{"2024-03-15", "2024-03", "2024", "2024-02-30", "2024-13", "0000-01", "9999-12-31", "", "20x4", "2024/03", "-001-01"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, last bool) {
		d, err := parsePeriodDay("from", s, last)
		if err != nil {
			if !strings.Contains(err.Error(), "--from") {
				t.Fatalf("%q: error %q does not name the flag", s, err)
			}
			return
		}
		switch len(s) {
		case 10:
			if got := dates.DayString(d); got != s {
				t.Fatalf("%q read as %s", s, got)
			}
		case 7:
			if got := cohort.Month.Label(cohort.Month.Of(d)); got != s {
				t.Fatalf("%q read in month %s", s, got)
			}
			if m := cohort.Month.Of(d); (last && d != cohort.Month.End(m)) || (!last && d != cohort.Month.Start(m)) {
				t.Fatalf("%q (last %v) read as %s", s, last, dates.DayString(d))
			}
		case 4:
			if got := cohort.Year.Label(cohort.Year.Of(d)); got != s {
				t.Fatalf("%q read in year %s", s, got)
			}
		default:
			t.Fatalf("%q accepted", s)
		}
	})
}

// FuzzCohortAges: --ages values never panic; accepted ones are ascending,
// distinct and not negative.
func FuzzCohortAges(f *testing.F) {
	for _, s := range []string{"1,7,30", "30,7,1,7", "0", "", ",", "-1", "1,,2", " 3 , 4", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ages, err := parseAges(s)
		if err != nil {
			return
		}
		if len(ages) == 0 {
			t.Fatalf("%q gave no age", s)
		}
		if !slices.IsSorted(ages) || len(slices.Compact(slices.Clone(ages))) != len(ages) || ages[0] < 0 {
			t.Fatalf("%q gave %v", s, ages)
		}
	})
}
