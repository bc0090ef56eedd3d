package ltv

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
)

// Issue is a reason not to trust a fit, found by its diagnostics.
type Issue int

// The issues, in the order in which they are reported.
const (
	// NotConverged: the optimiser stopped (Diagnostics.Stop) where the
	// gradient does not vanish.
	NotConverged Issue = iota
	// AtBoundary: parameters ran toward 0 or infinity
	// (Diagnostics.Boundary): the maximum is at the edge of the parameter
	// space, where the model degenerates into a simpler one.
	AtBoundary
	// LooseEstimate: parameters whose standard error is above their value
	// (Diagnostics.Loose): the data hardly pin them down.
	LooseEstimate
	// FlatLikelihood: the observed information is not positive definite or
	// its condition number is above flatCondition: along some direction
	// of the parameters the likelihood hardly changes, and no standard
	// error can be trusted.
	FlatLikelihood
	// FewRepeaters: more than oneTimeShare of the customers made no repeat
	// purchase: the fit rests on the few who did.
	FewRepeaters
	// NoDropout: the model's likelihood is not significantly above that of
	// the same purchases without dropout (the NBD, Diagnostics.NoDropout;
	// judged on converged fits only):
	// the data cannot tell when customers leave, and P(alive) is near 1
	// for everyone whatever their silence.
	NoDropout
)

var issueNames = [...]string{"not_converged", "at_boundary", "loose_estimate", "flat_likelihood", "few_repeaters", "no_dropout"}

// String returns the issue's name, as in JSON: not_converged,
// at_boundary, loose_estimate, flat_likelihood, few_repeaters, no_dropout.
func (i Issue) String() string {
	if i >= 0 && int(i) < len(issueNames) {
		return issueNames[i]
	}
	return "issue"
}

// The thresholds of the diagnostics.
const (
	// shapeLow and shapeHigh bound the shape parameters (r, s, a, b; p,
	// q) away from a boundary: a shape below 0.01 is a gamma or beta
	// distribution collapsing onto 0 (s, a: nobody drops out), one above
	// 1000 a distribution collapsing onto its mean (every customer alike).
	shapeLow, shapeHigh = 0.01, 1000
	// scaleHigh bounds the rates (alpha, beta; gamma) in units of the
	// longest T (the mean spend for gamma): beyond 1000 of it, the
	// distribution of the purchase or dropout rate sits at 0 over the
	// whole observation period.
	scaleHigh = 1000
	// flatCondition is the condition number of the observed information
	// (in the log-parameters) above which the likelihood is flat along
	// some direction: its standard errors cannot be trusted. CDNOW's fits
	// are near 100; UCI's BG/NBD, whose dropout the data cannot tell, is
	// far beyond.
	flatCondition = 1e6
	// oneTimeShare is the share of customers without a repeat purchase
	// above which FewRepeaters is reported (CDNOW: 0.60).
	oneTimeShare = 0.9
	// dropoutChi2 is the likelihood-ratio statistic, 2 (LL - LL_NBD),
	// below which dropout is not identified: the 95% point of a
	// chi-square with one degree of freedom (conservative for the
	// boundary's mixture of chi-squares).
	dropoutChi2 = 3.84
)

// Diagnostics are the checks of a fit that say whether its numbers can be
// trusted. Every fit carries them (Fit.Diagnostics, SpendFit.Diagnostics);
// Issues lists what they found, in the order of the Issue constants.
type Diagnostics struct {
	Converged  bool
	Stop       Stop
	Iterations int
	// Boundary and Loose are the names of the parameters at or near a
	// boundary and of those whose standard error is above their value.
	Boundary, Loose []string
	// Condition is the condition number of the observed information in
	// the log-parameters; +Inf when it is not positive definite, NaN when
	// it was not computed (Options.NoStdErrors).
	Condition float64
	// OneTime is the share of customers without a repeat purchase (NaN
	// for the spend model).
	OneTime float64
	// NoDropout is the maximised log-likelihood of the purchases without
	// dropout (the NBD: Poisson purchases, gamma rates, r and alpha fitted
	// alone), the limit of every model here as dropout vanishes; DropoutLR
	// is 2 (LogLikelihood - NoDropout), the likelihood-ratio statistic
	// for dropout. NaN for the spend model.
	NoDropout, DropoutLR float64
	Issues               []Issue
}

// Has says whether d found issue i.
func (d *Diagnostics) Has(i Issue) bool {
	for _, j := range d.Issues {
		if j == i {
			return true
		}
	}
	return false
}

// diagnose fills the checks common to every fit and lists the issues.
// scales[i] is the unit of parameter i if it is a rate or a scale, 0 for a
// shape.
func (d *Diagnostics) diagnose(names []string, p, se, scales []float64) {
	for i, v := range p {
		if scales[i] > 0 && v > scaleHigh*scales[i] || scales[i] == 0 && (v < shapeLow || v > shapeHigh) {
			d.Boundary = append(d.Boundary, names[i])
		}
		if se[i] > v {
			d.Loose = append(d.Loose, names[i])
		}
	}
	if !d.Converged {
		d.Issues = append(d.Issues, NotConverged)
	}
	if d.Boundary != nil {
		d.Issues = append(d.Issues, AtBoundary)
	}
	if d.Loose != nil {
		d.Issues = append(d.Issues, LooseEstimate)
	}
	if d.Condition > flatCondition {
		d.Issues = append(d.Issues, FlatLikelihood)
	}
	if d.OneTime > oneTimeShare {
		d.Issues = append(d.Issues, FewRepeaters)
	}
	if d.Converged && d.DropoutLR < dropoutChi2 { // a fit cut short may be below the NBD
		d.Issues = append(d.Issues, NoDropout)
	}
}

// information returns the covariance of the maximum-likelihood estimates
// θ = ln p, (-H)^-1 with H the Hessian of the log-likelihood in θ taken by
// forward differences of the analytic gradient from the optimum opt, and
// the condition number of -H (its largest eigenvalue over its smallest).
// cov is nil and the condition +Inf when -H is not positive definite.
//
// The gradient at the optimum is the optimiser's last (opt.grad, at
// opt.theta): the differences cost k gradients, one per parameter, not
// k+1.
func information(ll func(p, grad []float64) float64, opt optimum) (cov *mat.SymDense, cond float64) {
	k := len(opt.p)
	q := make([]float64, k)
	g := make([]float64, k)
	gradTheta := func(y, x []float64) {
		for i, v := range x {
			q[i] = math.Exp(v)
		}
		ll(q, g)
		for i := range y {
			y[i] = g[i] * q[i]
		}
	}
	theta := opt.theta
	// Forward differences from the gradient at the maximum: k gradients
	// instead of 2k, with an error of the order of the step (1e-5
	// relative), far below the standard errors' own uncertainty.
	origin := make([]float64, k)
	for i, v := range theta {
		origin[i] = opt.grad[i] * math.Exp(v)
	}
	J := mat.NewDense(k, k, nil)
	fd.Jacobian(J, gradTheta, theta, &fd.JacobianSettings{Formula: fd.Forward, Step: 1e-5, OriginValue: origin})
	info := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			v := -(J.At(i, j) + J.At(j, i)) / 2
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, math.Inf(1)
			}
			info.SetSym(i, j, v)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(info, false) {
		return nil, math.Inf(1)
	}
	ev := eig.Values(nil)
	lo, hi := ev[0], ev[0]
	for _, v := range ev {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if !(lo > 0) {
		return nil, math.Inf(1)
	}
	var ch mat.Cholesky
	if !ch.Factorize(info) {
		return nil, math.Inf(1)
	}
	cov = mat.NewSymDense(k, nil)
	if err := ch.InverseTo(cov); err != nil {
		return nil, math.Inf(1)
	}
	return cov, hi / lo
}

// stdErrorsOf returns the standard errors of p from the covariance of
// ln p: p_i sqrt(cov(θ_i, θ_i)) (the delta method). NaN without cov.
func stdErrorsOf(p []float64, cov *mat.SymDense) []float64 {
	se := nanErrors(len(p))
	if cov == nil {
		return se
	}
	for i := range p {
		if v := cov.At(i, i); v > 0 {
			se[i] = p[i] * math.Sqrt(v)
		}
	}
	return se
}

// noDropout returns the maximised log-likelihood of the cells without
// dropout, the NBD:
//
//	L = Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
//
// the limit of the BG/NBD and MBG/NBD as a -> 0 and of the Pareto/NBD as
// s -> 0. NaN when it cannot be fitted.
//
// The likelihood depends on x and T, not t_x, and its one term in both,
// -(r+x) ln(α+T), sums over the customers of each T to -(r N_T + X_T)
// ln(α+T), with N_T the customers whose age is T and X_T their repeat
// purchases: after one pass over the cells, each evaluation costs a log
// per distinct T and a log-gamma per distinct x, whatever the data's size.
func noDropout(c *cells) float64 {
	nT := make([]float64, len(c.times))
	xT := make([]float64, len(c.times))
	for j, n := range c.n {
		nT[c.ti[j]] += n
		xT[c.ti[j]] += n * c.xs[c.xi[j]]
	}
	ll := func(p, grad []float64) float64 {
		r, alpha := p[0], p[1]
		lgr, _ := math.Lgamma(r)
		psr := mathext.Digamma(r)
		la := math.Log(alpha)
		var sum kahan
		var gr, ga float64
		for i, x := range c.xs {
			lg, _ := math.Lgamma(r + x)
			sum.add(c.nx[i] * (lg - lgr + r*la))
			gr += c.nx[i] * (mathext.Digamma(r+x) - psr + la)
			ga += c.nx[i] * r / alpha
		}
		for i, n := range nT {
			if n == 0 {
				continue // a time that is only some t_x
			}
			at := alpha + c.times[i]
			l := math.Log(at)
			sum.add(-(r*n + xT[i]) * l)
			gr -= n * l
			ga -= (r*n + xT[i]) / at
		}
		if grad != nil {
			grad[0], grad[1] = gr, ga
		}
		return sum.sum()
	}
	p0 := start(BGNBD, c)[:2]
	res, err := maximize(ll, p0, c.customers, 0)
	if err != nil {
		return math.NaN()
	}
	return res.ll
}
