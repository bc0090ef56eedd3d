package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/ltv"
	"lifecycle/orders"
)

// cdnowHistories reads the CDNOW sample as of asOf.
func cdnowHistories(t *testing.T, path, asOf string) *orders.Histories {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	day, err := dates.ParseDay(asOf)
	require.NoError(t, err)
	var cols orders.Columns
	cols[orders.ColCustomer] = "2"
	cols[orders.ColDate] = "3"
	cols[orders.ColAmount] = "5"
	h, err := orders.Read([]orders.Input{{Name: "CDNOW_sample.txt", R: f}}, orders.Options{NoHeader: true, Columns: cols, MaxBad: 0.05, AsOf: day, HasAsOf: true})
	require.NoError(t, err)
	return h
}

// TestLTVSavedModelCDNOW: each model fitted on CDNOW's calibration period
// (to 1997-09-30) and saved with --save-model scores the customers
// exactly as the fit did: at the calibration's as-of, --model-file's
// output is byte-for-byte the fitting run's; on the holdout (as of
// 1998-06-30, the whole sample), the saved model's per-customer P(alive),
// expected purchases, order value and CLV are those of a fresh fit to
// 1e-12, and its parameters the fresh fit's, bit for bit.
func TestLTVSavedModelCDNOW(t *testing.T) {
	path := sharedPath(t, "CDNOW_sample.txt")
	dir := t.TempDir()
	cols := []string{"--no-header", "--customer", "2", "--date", "3", "--amount", "5"}
	calib := ltvSummaries(t, cdnowHistories(t, path, "1997-09-30"))
	holdout := ltvSummaries(t, cdnowHistories(t, path, "1998-06-30"))
	proj := ltv.Projection{Horizon: 52, UnitsPerYear: ltv.UnitsPerYear(ltv.Week), Margin: 1}
	for _, m := range []ltv.Model{ltv.BGNBD, ltv.ParetoNBD, ltv.MBGNBD} {
		file := filepath.Join(dir, m.String()+".json")
		args := append([]string{"ltv", "--model", m.String(), "--as-of", "1997-09-30", "--format", "csv", "--save-model", file}, cols...)
		code, fitted, errs := runCmd(t, "", append(args, path)...)
		require.Equal(t, 0, code, errs)
		code, scored, errs := runCmd(t, "", append(append([]string{"ltv", "--model-file", file, "--as-of", "1997-09-30", "--format", "csv"}, cols...), path)...)
		require.Equal(t, 0, code, errs)
		assert.Equal(t, fitted, scored, "%v: the saved model scores as the fit", m)
		assert.Contains(t, errs, m.String()+" from "+file+", not refitted (fitted on 2357 customers with first purchases from 1997-01-01, as of 1997-09-30), weeks")
		assert.NotContains(t, errs, "fitted on 2357 customers (")

		saved, err := readModelFile(file)
		require.NoError(t, err)
		g, err := ltv.Group(calib)
		require.NoError(t, err)
		fresh, err := g.Estimate(m, ltv.Options{})
		require.NoError(t, err)
		spend, err := g.EstimateSpend(ltv.Options{})
		require.NoError(t, err)
		assert.Equal(t, fresh.Params, saved.fit.Params, "%v", m)
		assert.Equal(t, spend.Params, saved.spend.Params, "%v", m)
		for i := range fresh.Cov {
			assert.InEpsilon(t, fresh.Cov[i], saved.fit.Cov[i], 1e-15, "%v: covariance", m)
		}
		want := ltv.Project(fresh, spend, holdout, proj)
		got := ltv.Project(saved.fit, saved.spend, holdout, proj)
		for i := range want {
			w, g := want[i], got[i]
			for _, p := range [][2]float64{{w.PAlive, g.PAlive}, {w.Purchases, g.Purchases}, {w.OrderValue, g.OrderValue}, {w.CLV, g.CLV}} {
				require.InDelta(t, p[0], p[1], 1e-12*math.Max(1, math.Abs(p[0])), "%v: customer %d", m, i)
			}
		}
	}
}

// ltvSummaries are the weekly summaries of h.
func ltvSummaries(t *testing.T, h *orders.Histories) []ltv.Summary {
	cs, _ := ltv.Summarize(h, ltv.Week)
	return ltv.Summaries(cs)
}
