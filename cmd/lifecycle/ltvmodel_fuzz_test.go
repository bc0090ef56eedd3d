package main

import (
	"math"
	"testing"
)

// FuzzModelFile: parseModelFile never panics; what it accepts has a known
// model and unit and positive, finite parameters, and its error otherwise
// names the file.
func FuzzModelFile(f *testing.F) {
	f.Add([]byte(`{"format": "lifecycle ltv model", "version": 1, "model": "bgnbd", "time_unit": "week", "params": {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4}}`))
	f.Add([]byte(`{"format": "lifecycle ltv model", "version": 1, "model": "pareto-nbd", "time_unit": "day", "params": {"r": 0.5, "alpha": 70, "s": 0.6, "beta": 80}, "spend": {"params": {"p": 6, "q": 3.7, "gamma": 15}}, "log_covariance": [[1, null], [2]]}`))
	f.Add([]byte(`{"format": "lifecycle ltv model", "version": 1`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseModelFile("m.json", b)
		if err != nil {
			if len(err.Error()) < 7 || err.Error()[:6] != "m.json" {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		for _, v := range m.fit.Params {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("accepted parameter %v", v)
			}
		}
		if len(m.fit.Params) != 4 || len(m.fit.Cov) != 16 || len(m.fit.StdErrors) != 4 {
			t.Fatalf("accepted %d parameters", len(m.fit.Params))
		}
		if m.spend != nil && len(m.spend.Params) != 3 {
			t.Fatalf("accepted %d spend parameters", len(m.spend.Params))
		}
	})
}
