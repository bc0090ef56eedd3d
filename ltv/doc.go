// Package ltv projects customer lifetime value with the "buy till you die"
// models of repeat purchasing: the BG/NBD, the Pareto/NBD and the MBG/NBD
// for the number of purchases, the Gamma-Gamma for their value.
//
// # Summaries
//
// Each model sees a customer as (x, t_x, T), measured on civil days
// (orders.Order.Day) and given in a time unit ([Week], days/7 as in the
// papers, or [Day]):
//
//   - x: repeat purchases, the number of distinct days with a purchase
//     minus 1 (purchases on one day are one purchase, as in the papers'
//     treatment of CDNOW);
//   - t_x: the time from the first purchase day to the last (0 when x = 0);
//   - T: the time from the first purchase day to the as-of day.
//
// The spend of a customer is the mean value of their repeat purchases (a
// day's purchases count as one worth their sum); the first purchase is
// left out, as in Fader, Hardie and Lee (2005b).
//
// Counting days rather than purchases matters for data from a process in
// continuous time: a customer with purchase rate λ per week loses about
// λ/14 of their repeat purchases to days with two or more, which on
// genorders' defaults (CDNOW's parameters) is 1.3% of all repeat purchases
// and makes the BG/NBD's alpha come out about 4% high (r, a and b within
// 1%). The papers' rule is kept: in real exports a second order on the
// same day is often a split or corrected order rather than a new visit.
//
// # Models of purchases
//
// While alive, a customer buys as a Poisson process with rate λ, and λ
// varies across customers as a gamma distribution with shape r and rate
// α. Customers drop out, unobserved:
//
//   - BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the
//     easy way: an alternative to the Pareto/NBD model", Marketing Science
//     24(2)): after each repeat purchase with probability p, p ~ Beta(a, b).
//   - MBG/NBD (Batislam, Denizel and Filiztekin 2007, "Empirical validation
//     and comparison of models for customer base analysis", IJRM 24(3)):
//     after every purchase, the first included, with p ~ Beta(a, b); so a
//     customer with no repeat purchase may be gone too.
//   - Pareto/NBD (Schmittlein, Morrison and Colombo 1987, "Counting your
//     customers: who are they and what will they do next?", Management
//     Science 33(1)): after an exponential lifetime with rate μ, μ ~
//     Gamma(s, β).
//
// The likelihoods, P(alive) and conditional expectations are written out,
// with their sources, beside the code (bgnbd.go, pareto.go); every one is
// evaluated in logarithms, so heavy buyers, whose (α+T)^(r+x) is far
// beyond a float, are exact. The Pareto/NBD's Gauss hypergeometric
// function is summed after Euler's transformation, a series of positive,
// shrinking terms for every customer; where its argument is near 1 (beta
// far above alpha) and that series would need up to 40/(1-z) terms, its
// integral is split into a short series and an exact sum of powers
// (logHyp in hyp.go).
//
// # Fitting
//
// [Estimate] maximises the log-likelihood over the logarithms of the
// parameters with BFGS (gonum/optimize) and the analytic gradient, for
// at most Options.MaxIterations iterations (Fit.Stop says why it stopped).
// Customers with the same (x, t_x, T) share one term, weighted by their
// number, so the cost grows with the distinct triples (about 450,000 for
// a million customers over four years in days), not the customers.
// Standard errors are from the observed information ([Options] can skip
// them). [Group] sorts the summaries once for a fit and the projection to
// share (the spend model needs no sort and can be fitted meanwhile);
// [SummarizeColumns] gives summaries ready for it. Data that cannot
// identify a model (no customer, no repeat purchase, T = 0 for everyone)
// is an [UnidentifiableError], never NaN parameters.
//
// # Spend
//
// [EstimateSpend] fits the Gamma-Gamma model (Fader, Hardie and Lee 2005b,
// "RFM and CLV: using iso-value curves for customer base analysis", JMR
// 42(4); Fader and Hardie 2013, "The Gamma-Gamma model of monetary value")
// to the repeat buyers' mean spends. The model assumes that spend and
// frequency are independent; SpendFit.Correlation measures how far the data
// are from that.
//
// # Value
//
// [Project] gives each customer P(alive), the expected purchases in the
// horizon H, the expected order value and
//
//	CLV = margin x expected order value x discounted expected purchases
//
// where, with a yearly discount rate d > 0, the horizon is cut into
// months (a twelfth of 365.25 days) and a last, partial month ending at H:
// n = ceil(H / month) steps, t_k = k x month for k < n and t_n = H. The
// purchases expected in step k are discounted from the step's end:
//
//	discounted = sum_k (E(t_k) - E(t_(k-1))) / (1 + d)^(t_k / year)
//
// A purchase is thus discounted by the end of the month it falls in,
// whatever the horizon (12m and 1y are 12 whole months; 45 days are a month
// and 14.5625 days).
//
// E(t) being the customer's expected purchases in the first t time units
// after the as-of day. With d = 0 it is E(H). Customers with the same
// (x, t_x, T) share one computation, and E(t) / P(alive), which depends on
// x and T only (a series for the BG/NBD), is computed once for each
// distinct (x, T); [Grouped.ProjectEach] hands each customer's projection
// to the caller instead of collecting them.
//
// [Historical] is the formula used without a model: average order value x
// purchase frequency x expected lifespan, each from the data.
//
// # Holdout
//
// [Validate] fits a model on the orders up to as-of minus a holdout period
// and compares what it predicts for that period with what happened: by
// calibration frequency, as a cumulative tracking curve (the figures of
// Fader, Hardie and Lee 2005), and in total.
package ltv
