package orders

import (
	"lifecycle/money"
	"lifecycle/msg"
)

// Every sum of money that lifecycle makes (a customer's net revenue, a
// cohort cell, a segment's revenue, a total, a share's numerator) adds
// amounts of rows that Read kept. Read fails with errTotalRange when the
// absolute values of all the amounts it read add up to more than
// money.MaxAmount. Below that bound no sum of any of them, in any order,
// leaves the range of a money.Amount, so the analyses add amounts with plain
// + and their results are exact: one comparison per row here stands for a
// checked add at every one of those sums.
//
// The bound is about 9.2 trillion currency units over a whole input: far
// beyond any store's revenue in units, within reach only of amounts read in
// the wrong unit or from the wrong column, which the message points to.

// errTotalRange says that the amounts read are too large to add exactly.
var errTotalRange = msg.Errorf("amounts %w to add up exactly: their absolute values total more than 9,223,372,036,854.775807, the largest amount a total can hold; is the amount column the right one, and in currency units rather than cents?",
	money.ErrRange)

// magnitudeLimit is one more than the largest allowed sum of magnitudes:
// sums saturate there, so that adding never wraps around.
const magnitudeLimit = uint64(money.MaxAmount) + 1

// absAmount returns |a| (a is never math.MinInt64: money.Parse and
// money.Mul do not produce it).
func absAmount(a money.Amount) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

// addMagnitude returns m+a, or magnitudeLimit if that is more (or wraps).
func addMagnitude(m, a uint64) uint64 {
	if s := m + a; s >= m && s < magnitudeLimit {
		return s
	}
	return magnitudeLimit
}
