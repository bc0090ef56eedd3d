package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"

	"lifecycle/dates"
	"lifecycle/ltv"
	"lifecycle/msg"
	"lifecycle/output"
)

// A model file (ltv --save-model FILE.json, read by --model-file) is one
// JSON object that holds what scoring needs and what tells whether the
// model suits the data it scores:
//
//	format        "lifecycle ltv model"
//	version       1 (a reader refuses a later version)
//	model         bgnbd, pareto-nbd or mbgnbd
//	time_unit     week or day: the unit of t_x, T and the rates
//	params        the parameters by name (rates per time_unit)
//	std_errors    their standard errors (null: none)
//	param_order   the names in the order of the rows of log_covariance
//	log_covariance  the covariance of the logarithms of the parameters
//	              (null entries: not positive definite)
//	log_likelihood, iterations, converged
//	warnings      the fit's diagnostics that fired (ltv.Issue names)
//	calibration   first_purchase and as_of: the window the fit saw
//	data          customers, repeat_buyers, cells, mean_x, mean_t
//	spend         the Gamma-Gamma (model, customers, params, std_errors,
//	              param_order, log_covariance, log_likelihood), or null
//
// Numbers are written by encoding/json, whose float64 text reads back to
// the same bits: a saved model scores exactly as the fit it saved.

const (
	modelFileFormat  = "lifecycle ltv model"
	modelFileVersion = 1
)

// savedModel is a model file.
type savedModel struct {
	Format        string              `json:"format"`
	Version       int                 `json:"version"`
	Model         string              `json:"model"`
	TimeUnit      string              `json:"time_unit"`
	Params        map[string]float64  `json:"params"`
	StdErrors     map[string]*float64 `json:"std_errors"`
	ParamOrder    []string            `json:"param_order"`
	LogCovariance [][]*float64        `json:"log_covariance"`
	LogLikelihood float64             `json:"log_likelihood"`
	Iterations    int                 `json:"iterations"`
	Converged     bool                `json:"converged"`
	Warnings      []string            `json:"warnings"`
	Calibration   struct {
		FirstPurchase string `json:"first_purchase"`
		AsOf          string `json:"as_of"`
	} `json:"calibration"`
	Data struct {
		Customers    int     `json:"customers"`
		RepeatBuyers int     `json:"repeat_buyers"`
		Cells        int     `json:"cells"`
		MeanX        float64 `json:"mean_x"`
		MeanT        float64 `json:"mean_t"`
	} `json:"data"`
	Spend *savedSpend `json:"spend"`
}

// savedSpend is the spend model of a model file.
type savedSpend struct {
	Model         string              `json:"model"`
	Customers     int                 `json:"customers"`
	Params        map[string]float64  `json:"params"`
	StdErrors     map[string]*float64 `json:"std_errors"`
	ParamOrder    []string            `json:"param_order"`
	LogCovariance [][]*float64        `json:"log_covariance"`
	LogLikelihood float64             `json:"log_likelihood"`
}

// finite is v, or nil (null) when it is NaN or infinite.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// savedParams returns params, std errors and the covariance matrix of a
// fit in a model file's form.
func savedParams(names []string, p, se, cov []float64) (map[string]float64, map[string]*float64, [][]*float64) {
	k := len(names)
	ps, ses := map[string]float64{}, map[string]*float64{}
	m := make([][]*float64, k)
	for i, n := range names {
		ps[n], ses[n] = p[i], finite(se[i])
		m[i] = make([]*float64, k)
		for j := range k {
			if cov != nil {
				m[i][j] = finite(cov[i*k+j])
			}
		}
	}
	return ps, ses, m
}

// newSavedModel is the model file of fit and spend (nil: none), fitted on
// summaries cs at as-of day asOf in unit.
func newSavedModel(fit *ltv.Fit, spend *ltv.SpendFit, unit ltv.Unit, cs []ltv.Summary, asOf int32) *savedModel {
	names := fit.Model.ParamNames()
	m := &savedModel{Format: modelFileFormat, Version: modelFileVersion, Model: fit.Model.String(), TimeUnit: unit.String(),
		ParamOrder: names, LogLikelihood: fit.LogLikelihood, Iterations: fit.Iterations, Converged: fit.Converged, Warnings: []string{}}
	m.Params, m.StdErrors, m.LogCovariance = savedParams(names, fit.Params, fit.StdErrors, fit.Cov)
	for _, is := range fit.Diagnostics.Issues {
		m.Warnings = append(m.Warnings, is.String())
	}
	var maxT, sx, st float64
	for _, s := range cs {
		maxT = math.Max(maxT, s.T)
		sx += float64(s.X)
		st += s.T
		if s.X > 0 {
			m.Data.RepeatBuyers++
		}
	}
	m.Calibration.FirstPurchase = dates.DayString(asOf - int32(math.Round(maxT*unit.Days())))
	m.Calibration.AsOf = dates.DayString(asOf)
	m.Data.Customers, m.Data.Cells = len(cs), fit.Cells
	m.Data.MeanX, m.Data.MeanT = sx/float64(len(cs)), st/float64(len(cs))
	if spend != nil {
		sp := &savedSpend{Model: "gamma-gamma", Customers: spend.Customers, ParamOrder: spendParamNames, LogLikelihood: spend.LogLikelihood}
		sp.Params, sp.StdErrors, sp.LogCovariance = savedParams(spendParamNames, spend.Params, spend.StdErrors, spend.Cov)
		m.Spend = sp
	}
	return m
}

// writeModelFile writes m to a destination for path, written but not
// committed: the caller commits it with the command's output.
func writeModelFile(s *streams, path string, m *savedModel) (*output.Destination, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	dst, err := output.Open(path, s.out)
	if err != nil {
		return nil, err
	}
	if _, err := dst.Write(append(b, '\n')); err != nil {
		dst.Abort()
		return nil, err
	}
	return dst, nil
}

// loadedModel is a model file read back: the fits to score with.
type loadedModel struct {
	fit   *ltv.Fit
	spend *ltv.SpendFit // nil: the file has none
	unit  ltv.Unit
	file  *savedModel
	path  string
}

// readModelFile reads and checks the model file at path. Errors name the
// file (and line:column for malformed JSON) and what was expected.
func readModelFile(path string) (*loadedModel, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseModelFile(path, b)
}

// parseModelFile parses and checks b, the model file at path.
func parseModelFile(path string, b []byte) (*loadedModel, error) {
	var m savedModel
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&m); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := position(b, se.Offset)
			return nil, msg.Errorf("%s:%d:%d: not a model file: %v", path, line, col, err)
		case errors.As(err, &te):
			line, col := position(b, te.Offset)
			want := "number"
			if te.Type.Kind() != reflect.Float64 && te.Type.Kind() != reflect.Int {
				want = te.Type.Kind().String()
			}
			return nil, msg.Errorf("%s:%d:%d: %s: expected a %s, found a JSON %s", path, line, col, te.Field, want, te.Value)
		case errors.Is(err, io.ErrUnexpectedEOF):
			line, col := position(b, int64(len(b)))
			return nil, msg.Errorf("%s:%d:%d: not a model file: the JSON ends too early", path, line, col)
		case errors.Is(err, io.EOF):
			return nil, msg.Errorf("%s: empty: expected a model file written by ltv --save-model", path)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	bad := func(format string, args ...any) error {
		return msg.Errorf("%s: %w", path, msg.Errorf(format, args...))
	}
	if m.Format != modelFileFormat {
		return nil, bad("format %q: expected %q, a file written by ltv --save-model", m.Format, modelFileFormat)
	}
	if m.Version < 1 || m.Version > modelFileVersion {
		return nil, bad("version %d: this lifecycle reads model files of version %d", m.Version, modelFileVersion)
	}
	model, err := choose("model", m.Model, means("bgnbd", ltv.BGNBD), means("pareto-nbd", ltv.ParetoNBD), means("mbgnbd", ltv.MBGNBD))
	if err != nil {
		return nil, bad("model %q: expected bgnbd, pareto-nbd or mbgnbd", m.Model)
	}
	unit, err := choose("time-unit", m.TimeUnit, means("week", ltv.Week), means("day", ltv.Day))
	if err != nil {
		return nil, bad("time_unit %q: expected week or day", m.TimeUnit)
	}
	p, err := paramsOf(m.Params, model.ParamNames())
	if err != nil {
		return nil, bad("%v", err)
	}
	fit := &ltv.Fit{Model: model, Params: p, LogLikelihood: m.LogLikelihood, Customers: m.Data.Customers,
		Cells: m.Data.Cells, Iterations: m.Iterations, Converged: m.Converged}
	fit.StdErrors, fit.Cov = errorsOf(m.StdErrors, m.LogCovariance, model.ParamNames())
	out := &loadedModel{fit: fit, unit: unit, file: &m, path: path}
	if m.Spend != nil {
		p, err := paramsOf(m.Spend.Params, spendParamNames)
		if err != nil {
			return nil, bad("spend: %v", err)
		}
		out.spend = &ltv.SpendFit{Params: p, LogLikelihood: m.Spend.LogLikelihood, Customers: m.Spend.Customers}
		out.spend.StdErrors, out.spend.Cov = errorsOf(m.Spend.StdErrors, m.Spend.LogCovariance, spendParamNames)
	}
	return out, nil
}

// paramsOf returns the parameters names from ps, each positive and finite.
func paramsOf(ps map[string]float64, names []string) ([]float64, error) {
	p := make([]float64, len(names))
	for i, n := range names {
		v, ok := ps[n]
		if !ok {
			return nil, msg.Errorf("params: no %s", n)
		}
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, msg.Errorf("params: %s %v: expected a positive number", n, v)
		}
		p[i] = v
	}
	return p, nil
}

// errorsOf returns the standard errors and the covariance (row by row) of
// a model file, NaN where they are null or missing.
func errorsOf(se map[string]*float64, cov [][]*float64, names []string) ([]float64, []float64) {
	k := len(names)
	s := make([]float64, k)
	c := make([]float64, k*k)
	for i, n := range names {
		s[i] = math.NaN()
		if v := se[n]; v != nil {
			s[i] = *v
		}
		for j := range k {
			c[i*k+j] = math.NaN()
			if i < len(cov) && j < len(cov[i]) && cov[i][j] != nil {
				c[i*k+j] = *cov[i][j]
			}
		}
	}
	return s, c
}

// position returns the line and column (1-based, in bytes) of offset in b.
func position(b []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(b)))
	line = 1 + bytes.Count(b[:offset], []byte("\n"))
	col = int(offset) - bytes.LastIndexByte(b[:offset], '\n')
	return line, col
}
