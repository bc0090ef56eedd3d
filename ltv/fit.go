package ltv

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"lifecycle/msg"
)

// Model is a model of the number of purchases.
type Model int

// The models of purchases.
const (
	// BGNBD is the BG/NBD (Fader, Hardie and Lee 2005): parameters r,
	// alpha, a, b.
	BGNBD Model = iota
	// ParetoNBD is the Pareto/NBD (Schmittlein, Morrison and Colombo
	// 1987): parameters r, alpha, s, beta.
	ParetoNBD
	// MBGNBD is the MBG/NBD (Batislam, Denizel and Filiztekin 2007):
	// parameters r, alpha, a, b.
	MBGNBD
)

var modelNames = [...]string{"bgnbd", "pareto-nbd", "mbgnbd"}

// String returns the model's name: bgnbd, pareto-nbd or mbgnbd.
func (m Model) String() string {
	if m >= 0 && int(m) < len(modelNames) {
		return modelNames[m]
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// ParamNames returns the names of the model's parameters, in the order of
// Fit.Params.
func (m Model) ParamNames() []string {
	if m == ParetoNBD {
		return []string{"r", "alpha", "s", "beta"}
	}
	return []string{"r", "alpha", "a", "b"}
}

// Errors.
var (
	// ErrUnidentifiable is wrapped by an *UnidentifiableError.
	ErrUnidentifiable = msg.Errorf("the data cannot identify the model")
	// ErrSummary is a customer summary that no model can read (negative
	// x, t_x > T, a NaN).
	ErrSummary = msg.Errorf("invalid customer summary")
	// ErrNoFit is a fit whose likelihood could not be evaluated at the
	// start or that ended with non-finite parameters.
	ErrNoFit = msg.Errorf("the model could not be fitted")
)

// UnidentifiableError says why data cannot identify a model: fitting
// would return arbitrary parameters (or NaN in other tools).
type UnidentifiableError struct {
	Model  string // bgnbd, pareto-nbd, mbgnbd or gamma-gamma
	Reason string

	why error // Reason as msg made it, or nil
}

// unidentifiable is an UnidentifiableError whose reason is why.
func unidentifiable(model string, why error) *UnidentifiableError {
	return &UnidentifiableError{Model: model, Reason: why.Error(), why: why}
}

func (e *UnidentifiableError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *UnidentifiableError) Words() *msg.Error {
	why := e.why
	if why == nil {
		why = msg.Text(e.Reason)
	}
	return msg.Of(msg.Errorf("%s cannot be fitted: %v", e.Model, why))
}

// Unwrap returns ErrUnidentifiable.
func (e *UnidentifiableError) Unwrap() error { return ErrUnidentifiable }

// Fit is a fitted model of purchases, or one with given parameters (set
// Model and Params; the predictions need nothing else).
type Fit struct {
	Model Model
	// Params are the parameters in the order of Model.ParamNames; rates
	// (alpha, beta) are per time unit of the summaries.
	Params []float64
	// StdErrors are the asymptotic standard errors of Params: the square
	// roots of the diagonal of the inverse of the observed information
	// (minus the Hessian of the log-likelihood, by finite differences of
	// the analytic gradient). NaN where the Hessian is not negative
	// definite (a flat likelihood).
	StdErrors []float64
	// LogLikelihood is the maximised log-likelihood.
	LogLikelihood float64
	// Customers is the number of customers fitted, Cells the number of
	// distinct (x, t_x, T).
	Customers, Cells int
	// Iterations is the number of major iterations of the optimiser (BFGS
	// on the log-parameters); Converged says whether the gradient of the
	// log-likelihood per customer vanishes where it stopped, and Stop why
	// it stopped: [StopGradient], [StopNoGain], [StopIterations] or
	// [StopLineSearch].
	Iterations int
	Converged  bool
	Stop       Stop
	// Cov is the covariance of the logarithms of Params (k x k, row by
	// row): the inverse of the observed information. NaN where StdErrors
	// are.
	Cov []float64
	// Diagnostics say whether the fit can be trusted.
	Diagnostics Diagnostics
}

// Stop is why the optimiser stopped.
type Stop int

// The reasons for stopping.
const (
	// StopGradient: the gradient vanished.
	StopGradient Stop = iota
	// StopNoGain: 20 iterations without a gain in the log-likelihood
	// beyond rounding.
	StopNoGain
	// StopIterations: the iteration limit (Options.MaxIterations) was
	// reached.
	StopIterations
	// StopLineSearch: no step along the search direction improved the
	// log-likelihood (rounding hides any further gain, or the likelihood
	// is too flat or too rough to follow).
	StopLineSearch
)

var stopNames = [...][2]string{
	{"gradient", "gradient vanished"},
	{"no_gain", "no further gain"},
	{"iteration_limit", "iteration limit reached"},
	{"line_search", "line search failed"},
}

// String describes the reason: gradient vanished, no further gain,
// iteration limit reached, line search failed.
func (s Stop) String() string {
	if s >= 0 && int(s) < len(stopNames) {
		return stopNames[s][1]
	}
	return fmt.Sprintf("Stop(%d)", int(s))
}

// Name returns the reason's name, as in JSON: gradient, no_gain,
// iteration_limit, line_search.
func (s Stop) Name() string {
	if s >= 0 && int(s) < len(stopNames) {
		return stopNames[s][0]
	}
	return "stop"
}

// Estimate fits model m to the summaries by maximum likelihood.
//
// The data must identify the model: some customer must have made a repeat
// purchase (with none, the purchase rate and the dropout cannot be told
// apart) and some T must be positive (with all purchases on the as-of day
// there is no time to learn from); otherwise the error is an
// *UnidentifiableError.
func Estimate(m Model, cs []Summary) (*Fit, error) {
	if m < BGNBD || m > MBGNBD {
		return nil, msg.Errorf("ltv: unknown model %d", int(m))
	}
	g, err := Group(cs)
	if err != nil {
		return nil, err
	}
	return g.Estimate(m, Options{})
}

// Options are settings of a fit that leave its estimates as they are.
type Options struct {
	// NoStdErrors skips the standard errors, which take as many more
	// evaluations of the likelihood's gradient as there are parameters:
	// StdErrors are then NaN.
	NoStdErrors bool
	// MaxIterations bounds the optimiser's iterations (0: 2000, which a
	// fit far from its optimum, such as one from a poor starting point,
	// needs a few hundred of). A fit that reaches it stops there, with
	// Stop = StopIterations and, mostly, Converged false.
	MaxIterations int
}

// defaultMaxIterations is the iteration limit of Options{}.
const defaultMaxIterations = 2000

// Grouped is summaries sorted by (x, t_x, T) once, for a fit, the spend
// model and the projection with them to share: [Estimate] and [Project]
// each sort the summaries they are given.
type Grouped struct {
	cs     []Summary
	once   sync.Once
	sc     sortedSummaries
	sorted bool // sc holds cs (else the fallbacks: triples and a map)
	// The cells of a projection, made once for ProjectEach and
	// IntervalsEach to share.
	cellsOnce sync.Once
	cl        *projCells
}

// cells returns the cells of the projection, made on the first call.
func (g *Grouped) cells() *projCells {
	g.cellsOnce.Do(func() {
		sc := g.sort()
		g.cl = cellsOf(g.cs, sc, g.sorted)
	})
	return g.cl
}

// Group checks cs, which must not change while the result is in use, for
// sorting when a fit or a projection first needs it (the spend model does
// not: it can be fitted meanwhile). A summary that no model can read is an
// error wrapping ErrSummary.
func Group(cs []Summary) (*Grouped, error) {
	if err := check(cs); err != nil {
		return nil, err
	}
	return &Grouped{cs: cs}, nil
}

// sort sorts the summaries once; it may be called from several goroutines.
func (g *Grouped) sort() *sortedSummaries {
	g.once.Do(func() { g.sc, g.sorted = sortSummaries(g.cs) })
	return &g.sc
}

// Estimate is [Estimate] of the grouped summaries, with options o.
func (g *Grouped) Estimate(m Model, o Options) (*Fit, error) {
	if m < BGNBD || m > MBGNBD {
		return nil, msg.Errorf("ltv: unknown model %d", int(m))
	}
	cs := g.cs
	if len(cs) == 0 {
		return nil, unidentifiable(m.String(), msg.Errorf("no customers"))
	}
	sc := g.sort()
	c := groupSorted(cs, sc, g.sorted)
	if c.maxT == 0 {
		return nil, unidentifiable(m.String(), msg.Errorf("every purchase is on the as-of day (T = 0 for every customer): there is no time to learn from"))
	}
	if !c.repeat {
		return nil, unidentifiable(m.String(), msg.Errorf("no customer made a repeat purchase (purchases on a second day): the purchase rate and the dropout cannot be told apart"))
	}
	var ll func(p, grad []float64) float64
	switch m {
	case BGNBD:
		ll = newBGEval(c, 0).logLik
	case MBGNBD:
		ll = newBGEval(c, 1).logLik
	case ParetoNBD:
		ll = newPNBDEval(c).logLik
	}
	p0 := start(m, c)
	res, err := maximize(ll, p0, c.customers, o.MaxIterations)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNoFit, m, err)
	}
	if err := bounded(m.String(), m.ParamNames(), res.p, len(cs)); err != nil {
		return nil, err
	}
	var cov *mat.SymDense
	cond := math.NaN()
	if !o.NoStdErrors {
		cov, cond = information(ll, res)
	}
	se := stdErrorsOf(res.p, cov)
	d := Diagnostics{Converged: res.converged, Stop: res.stop, Iterations: res.iterations,
		Condition: cond, NoDropout: noDropout(c)}
	if c.xs[0] == 0 {
		d.OneTime = c.nx[0] / c.customers
	}
	// Every model here reaches the NBD's likelihood as dropout vanishes:
	// a fit at that edge may end a rounding below it.
	d.DropoutLR = math.Max(0, 2*(res.ll-d.NoDropout))
	scales := []float64{0, c.maxT, 0, 0} // alpha is a rate; b a shape
	if m == ParetoNBD {
		scales[3] = c.maxT // beta a rate
	}
	d.diagnose(m.ParamNames(), res.p, se, scales)
	return &Fit{
		Model: m, Params: res.p, StdErrors: se,
		LogLikelihood: res.ll, Customers: len(cs), Cells: len(c.n),
		Iterations: res.iterations, Converged: res.converged, Stop: res.stop,
		Cov: covValues(len(res.p), cov), Diagnostics: d,
	}, nil
}

// paramLimit bounds fitted parameters: beyond it (or below its inverse)
// the maximum is at the edge of the parameter space, not at a point.
const paramLimit = 1e7

// bounded returns an *UnidentifiableError when a parameter ran off toward
// zero or infinity: the likelihood keeps growing there (a gamma
// distribution collapsing to a point, say), which small or degenerate data
// allow; the predictions at such a point mean little.
func bounded(model string, names []string, p []float64, n int) error {
	var off []string
	for i, v := range p {
		if v > paramLimit || v < 1/paramLimit {
			off = append(off, fmt.Sprintf("%s %.3g", names[i], v))
		}
	}
	if off == nil {
		return nil
	}
	return unidentifiable(model, msg.Errorf("the likelihood has no maximum at finite parameters (%s after fitting %d customers): too few or too alike customers to estimate it",
		strings.Join(off, ", "), n))
}

// start returns starting values: r = 1 and alpha such that the mean
// purchase rate r/alpha is the observed repeat rate; a = b = 1; s = 1 and
// beta the mean T.
func start(m Model, c *cells) []float64 {
	var sx, st float64
	for j, n := range c.n {
		sx += n * c.xs[c.xi[j]]
		st += n * c.times[c.ti[j]]
	}
	alpha := st / sx
	if m == ParetoNBD {
		return []float64{1, alpha, 1, st / c.customers}
	}
	return []float64{1, alpha, 1, 1}
}

// gradientTolerance is the largest gradient of the mean log-likelihood per
// customer, with respect to the log-parameters, at a converged fit.
const gradientTolerance = 1e-6

// optimum is the result of maximize.
type optimum struct {
	p  []float64
	ll float64
	// theta and grad are where the optimiser stopped, ln p to the bit,
	// and ll's gradient there (with respect to p): the Hessian's finite
	// differences start from them (information).
	theta, grad []float64
	iterations  int
	converged   bool
	stop        Stop
}

// maximize maximises ll over positive parameters, starting at p0, by BFGS
// on their logarithms (an unconstrained problem). The objective is the
// mean log-likelihood per customer (n customers), so that one tolerance
// fits every data size. ll returns the log-likelihood and its gradient
// with respect to the parameters. maxIter bounds the iterations (0:
// defaultMaxIterations).
func maximize(ll func(p, grad []float64) float64, p0 []float64, n float64, maxIter int) (optimum, error) {
	if maxIter <= 0 {
		maxIter = defaultMaxIterations
	}
	k := len(p0)
	p := make([]float64, k)
	g := make([]float64, k)
	var lastX []float64
	var lastF float64
	lastG := make([]float64, k)
	// The last evaluations, as ll returned them: the optimum is mostly one
	// of them, and need not be evaluated again.
	type evaluation struct {
		x, g []float64
		f    float64
	}
	var recent [4]evaluation
	next := 0
	eval := func(x []float64) {
		if lastX != nil && equal(x, lastX) {
			return
		}
		lastX = append(lastX[:0], x...)
		for i, v := range x {
			p[i] = math.Exp(v)
		}
		f := ll(p, g)
		e := &recent[next%len(recent)]
		e.x, e.g, e.f = append(e.x[:0], x...), append(e.g[:0], g...), f
		next++
		ok := !math.IsNaN(f) && !math.IsInf(f, 0)
		for i := range g {
			lastG[i] = -g[i] * p[i] / n
			ok = ok && !math.IsNaN(lastG[i]) && !math.IsInf(lastG[i], 0) && math.Abs(x[i]) < 40
		}
		lastF = -f / n
		if !ok {
			// Outside where the likelihood can be evaluated: a wall that
			// the line search backs away from.
			lastF = math.Inf(1)
			for i := range lastG {
				lastG[i] = 0
			}
		}
	}
	prob := optimize.Problem{
		Func: func(x []float64) float64 { eval(x); return lastF },
		Grad: func(grad, x []float64) { eval(x); copy(grad, lastG) },
	}
	x0 := make([]float64, k)
	for i, v := range p0 {
		x0[i] = math.Log(v)
	}
	if eval(x0); math.IsInf(lastF, 1) {
		return optimum{}, msg.Errorf("the likelihood cannot be evaluated at the starting values")
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-7,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-13, Relative: 1e-13, Iterations: 20},
		MajorIterations:   maxIter,
	}
	res, err := optimize.Minimize(prob, x0, settings, &optimize.BFGS{})
	if res == nil {
		return optimum{}, err
	}
	out := optimum{p: make([]float64, k), iterations: res.MajorIterations}
	switch {
	case res.Status == optimize.IterationLimit:
		out.stop = StopIterations
	case err != nil:
		out.stop = StopLineSearch
	case res.Status == optimize.FunctionConvergence:
		out.stop = StopNoGain
	default:
		out.stop = StopGradient
	}
	for i, v := range res.X {
		out.p[i] = math.Exp(v)
		if math.IsNaN(out.p[i]) || math.IsInf(out.p[i], 0) || out.p[i] == 0 {
			return optimum{}, msg.Errorf("parameter %d ended at %g", i+1, out.p[i])
		}
	}
	out.ll = math.NaN()
	for _, e := range recent {
		if e.x != nil && equal(e.x, res.X) {
			out.ll = e.f
			copy(g, e.g)
			break
		}
	}
	if math.IsNaN(out.ll) {
		out.ll = ll(out.p, g)
	}
	out.theta, out.grad = append([]float64(nil), res.X...), append([]float64(nil), g...)
	// A line search that fails next to the maximum (rounding hides any
	// further gain) is not a failure: converged means the gradient in the
	// log-parameters, per customer, vanishes.
	norm := 0.0
	for i := range g {
		norm = math.Max(norm, math.Abs(g[i]*out.p[i]/n))
	}
	out.converged = norm < gradientTolerance
	return out, nil
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// nanErrors returns k NaN standard errors.
func nanErrors(k int) []float64 {
	se := make([]float64, k)
	for i := range se {
		se[i] = math.NaN()
	}
	return se
}

// covValues returns cov row by row, NaN without it.
func covValues(k int, cov *mat.SymDense) []float64 {
	out := make([]float64, k*k)
	for i := range k {
		for j := range k {
			out[i*k+j] = math.NaN()
			if cov != nil {
				out[i*k+j] = cov.At(i, j)
			}
		}
	}
	return out
}

// PAlive returns the probability that a customer with summary s is still
// a customer at T.
func (f *Fit) PAlive(s Summary) float64 {
	switch f.Model {
	case ParetoNBD:
		return newPNBD(f.Params).pAlive(s)
	case MBGNBD:
		return newBG(f.Params, 1).pAlive(s)
	}
	return newBG(f.Params, 0).pAlive(s)
}

// Expected returns the expected number of purchases of a customer with
// summary s in the t time units after T.
func (f *Fit) Expected(s Summary, t float64) float64 {
	switch f.Model {
	case ParetoNBD:
		return newPNBD(f.Params).expected(s, t)
	case MBGNBD:
		return newBG(f.Params, 1).expected(s, t)
	}
	return newBG(f.Params, 0).expected(s, t)
}

// ExpectedNew returns E[X(t)], the expected number of repeat purchases
// in the first t time units after a new customer's first purchase: the
// conditional expectation at x = t_x = T = 0 (for the BG/NBD, FHL 2005
// eq. 9; for the Pareto/NBD, r β / (α (s-1)) [1 - (β/(β+t))^(s-1)]).
func (f *Fit) ExpectedNew(t float64) float64 {
	return f.Expected(Summary{}, t)
}

// LogLikelihoodOf returns the log-likelihood of the summaries at the
// parameters of f.
func (f *Fit) LogLikelihoodOf(cs []Summary) (float64, error) {
	if err := check(cs); err != nil {
		return 0, err
	}
	c := group(cs)
	switch f.Model {
	case ParetoNBD:
		return newPNBDEval(c).logLik(f.Params, nil), nil
	case MBGNBD:
		return newBGEval(c, 1).logLik(f.Params, nil), nil
	}
	return newBGEval(c, 0).logLik(f.Params, nil), nil
}
