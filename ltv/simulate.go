package ltv

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// SimulateRepeats draws, for each customer age in ages (time since the
// first purchase, in the fit's unit), the number of repeat purchases that
// a customer drawn from the fitted population makes in (0, age]: the
// check of lifetimes' plot_period_transactions, whose histogram of
// simulated counts is set against the actual one (a model that fits
// reproduces it).
//
// Each customer gets a purchase rate lambda ~ Gamma(r, alpha) and buys at
// the times of a Poisson process of that rate while alive. BG/NBD: after
// each repeat purchase the customer drops out with probability p ~ Beta(a,
// b) (Fader, Hardie and Lee 2005). MBG/NBD: also at the first purchase,
// time 0 (Batislam, Denizel and Filiztekin 2007). Pareto/NBD: the customer
// is alive for an exponential time of rate mu ~ Gamma(s, beta)
// (Schmittlein, Morrison and Colombo 1987). The draws follow seed: the
// same seed, the same counts.
func (f *Fit) SimulateRepeats(ages []float64, seed uint64) []int {
	src := rand.NewPCG(seed, 0x5eed)
	rng := rand.New(src)
	p := f.Params
	lam := distuv.Gamma{Alpha: p[0], Beta: p[1], Src: src}
	var drop distuv.Beta
	var life distuv.Gamma
	if f.Model == ParetoNBD {
		life = distuv.Gamma{Alpha: p[2], Beta: p[3], Src: src}
	} else {
		drop = distuv.Beta{Alpha: p[2], Beta: p[3], Src: src}
	}
	out := make([]int, len(ages))
	for i, age := range ages {
		rate := lam.Rand()
		if !(rate > 0) || math.IsInf(rate, 0) {
			continue
		}
		end := age // the end of the customer's life within the age
		var pDrop float64
		switch f.Model {
		case ParetoNBD:
			if mu := life.Rand(); mu > 0 {
				end = math.Min(age, rng.ExpFloat64()/mu)
			}
		default:
			pDrop = drop.Rand()
			if f.Model == MBGNBD && rng.Float64() < pDrop {
				continue // dropped out at the first purchase
			}
		}
		n := 0
		for t := rng.ExpFloat64() / rate; t <= end; t += rng.ExpFloat64() / rate {
			n++
			if f.Model != ParetoNBD && rng.Float64() < pDrop {
				break
			}
		}
		out[i] = n
	}
	return out
}
