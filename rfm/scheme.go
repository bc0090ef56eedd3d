package rfm

import (
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/msg"
)

// Scheme names segments: either a table from codes to segments (Standard,
// RF, files read by ParseScheme), in which every code has exactly one
// segment, or a split scheme (CN8), in which a customer's class is whether
// each measure is above or below the customers' mean or median.
type Scheme struct {
	// Name is "standard", "rf", "cn8" or a file's name.
	Name string
	// Bins is the number of bins the codes are written for; 0 means any
	// (a split scheme).
	Bins int
	// Dims is the number of scores a code has: 3 (r, f, m: "543") or 2
	// (r, f: "54"); 0 for a split scheme.
	Dims int
	// Segments in the scheme's order, best first.
	Segments []Segment
	// table maps a code index (see index) to a segment index.
	table []uint8
}

// Segment is one named segment of a scheme.
type Segment struct {
	// Name is the English name; NameZH the Chinese one ("" means Name).
	Name, NameZH string
	// Action is a one-line suggestion of what to do with the segment's
	// customers, in English and in Chinese ("" means none, or Action).
	Action, ActionZH string
	// High says, in a split scheme, whether the class has R, F and M above
	// the centre (R above means more recent: fewer days than the centre).
	High [3]bool
}

// Lang is the language of segment names and actions.
type Lang int

const (
	// English names and actions.
	English Lang = iota
	// Chinese names and actions, falling back to English where a scheme
	// has none.
	Chinese
)

// Title returns the segment's name in lang.
func (g *Segment) Title(lang Lang) string {
	if lang == Chinese && g.NameZH != "" {
		return g.NameZH
	}
	return g.Name
}

// Advice returns the segment's suggested action in lang.
func (g *Segment) Advice(lang Lang) string {
	if lang == Chinese && g.ActionZH != "" {
		return g.ActionZH
	}
	return g.Action
}

// IsSplit reports whether s is a split scheme (CN8).
func (s *Scheme) IsSplit() bool { return s.Dims == 0 }

// UsesMonetary reports whether the scheme's segments depend on the
// monetary score: every scheme but an r-f one (RF, or a file with two
// scores).
func (s *Scheme) UsesMonetary() bool { return s.Dims != 2 }

// Code is one code of a table scheme and its segment.
type Code struct {
	// Code is the scores written together: "543", or "54" in an r-f scheme.
	Code string
	// Scores are the digits of Code as numbers.
	Scores []uint8
	// Segment indexes the scheme's Segments.
	Segment int
}

// Codes lists every code of a table scheme with its segment, ordered by
// segment, then from the best code down ("555" before "554"). It is nil for
// a split scheme.
func (s *Scheme) Codes() []Code {
	if s.IsSplit() {
		return nil
	}
	var out []Code
	for i := len(s.table) - 1; i >= 0; i-- {
		sc := codeScores(i, s.Bins, s.Dims)
		out = append(out, Code{Code: codeString(sc), Scores: sc, Segment: int(s.table[i])})
	}
	slices.SortStableFunc(out, func(a, b Code) int { return a.Segment - b.Segment })
	return out
}

// SegmentOf returns the segment index of a table scheme for the scores r,
// f and m (m is ignored by an r-f scheme), each in 1..Bins.
func (s *Scheme) SegmentOf(r, f, m uint8) int {
	return int(s.table[s.index(r, f, m)])
}

// index is the code index of the scores in a table scheme.
func (s *Scheme) index(r, f, m uint8) int {
	b := s.Bins
	i := int(r-1)*b + int(f-1)
	if s.Dims == 3 {
		i = i*b + int(m-1)
	}
	return i
}

// codeScores returns the scores of code index i.
func codeScores(i, bins, dims int) []uint8 {
	sc := make([]uint8, dims)
	for d := dims - 1; d >= 0; d-- {
		sc[d] = uint8(i%bins + 1)
		i /= bins
	}
	return sc
}

// codeString writes scores as a code: [5 4 3] is "543".
func codeString(sc []uint8) string {
	b := make([]byte, len(sc))
	for i, s := range sc {
		b[i] = '0' + s
	}
	return string(b)
}

// segmentOf returns the segment of the scores r, f, m in a table scheme.
func (s *Scheme) segmentOf(r, f, m uint8) uint8 { return s.table[s.index(r, f, m)] }

// assignSplit sets each customer's segment in a split scheme.
func (s *Scheme) assignSplit(res *Result, split Split) {
	cs := res.Customers
	var lim [3]int64
	for d := R; d <= M; d++ {
		res.Centers[d] = center(cs, d, split)
		if res.Centers[d] == nil {
			continue
		}
		if d == R {
			// Recent: recency < centre, i.e. recency <= ceil(centre) - 1.
			lim[d] = -floorRat(new(big.Rat).Neg(res.Centers[d])) - 1
		} else {
			// Above: value > centre, i.e. value >= floor(centre) + 1.
			lim[d] = floorRat(res.Centers[d]) + 1
		}
	}
	parallel.For(cs.Len(), 100_000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			c := cs.At(i)
			idx := uint8(0)
			if int64(c.Monetary) < lim[M] {
				idx += 4
			}
			if int64(c.Recency) > lim[R] {
				idx += 2
			}
			if int64(c.Frequency) < lim[F] {
				idx++
			}
			c.Segment = idx
		}
	})
}

// rawValue is the measure d of c in its own units (days, count,
// micro-units).
func rawValue(c *Customer, d Dim) int64 {
	switch d {
	case R:
		return int64(c.Recency)
	case F:
		return int64(c.Frequency)
	}
	return int64(c.Monetary)
}

// center is the mean or median of measure d over cs, exactly; nil when cs
// is empty.
func center(cs chunked.Slice[Customer], d Dim, split Split) *big.Rat {
	if cs.Len() == 0 {
		return nil
	}
	if split == SplitMedian {
		v := make([]int64, cs.Len())
		for i, c := range cs.All() {
			v[i] = rawValue(c, d)
		}
		sortInt64(v)
		n := len(v)
		if n%2 == 1 {
			return new(big.Rat).SetInt64(v[n/2])
		}
		sum := new(big.Int).Add(big.NewInt(v[n/2-1]), big.NewInt(v[n/2]))
		return new(big.Rat).SetFrac(sum, big.NewInt(2))
	}
	// A 128-bit sum (hi, lo): it cannot overflow.
	var hi int64
	var lo uint64
	for _, c := range cs.All() {
		x := rawValue(c, d)
		var carry uint64
		lo, carry = bits.Add64(lo, uint64(x), 0)
		hi += int64(carry) + x>>63
	}
	sum := new(big.Int).Lsh(big.NewInt(hi), 64)
	sum.Add(sum, new(big.Int).SetUint64(lo))
	return new(big.Rat).SetFrac(sum, big.NewInt(int64(cs.Len())))
}

// floorRat returns floor(q); q must fit an int64.
func floorRat(q *big.Rat) int64 {
	z := new(big.Int).Div(q.Num(), q.Denom()) // Euclidean; Denom > 0: the floor
	return z.Int64()
}

// The built-in schemes.

// Standard is the widely used 11-segment map of the 125 codes of five
// bins, from Champions to Lost, as an explicit table.
//
// The code lists are the ones published in many RFM tutorials and
// templates (Champions 555, 554, 544, 545, 454, 455, 445; Loyal 543, 444,
// 435, 355, 354, 345, 344, 335; ...). Copies in the wild differ in one
// place: some give About To Sleep only 331, 321, 312, 221 and 213 and put
// 231, 241 and 251 under Hibernating as well, and some repeat or drop a
// code. Here 231, 241 and 251 are About To Sleep (recency below average but
// buying more than once: not yet hibernating), which makes the eleven lists
// a partition of the 125 codes: each code is in exactly one list (tested).
func Standard() *Scheme { return mustCompile(standardSpec) }

// RF is the R x F grid of many tutorials: ten segments of the 25 pairs of
// r and f scores of five bins, m not used (hibernating [1-2][1-2], at risk
// [1-2][3-4], can't lose [1-2]5, about to sleep 3[1-2], need attention 33,
// loyal customers [3-4][4-5], promising 41, new customers 51, potential
// loyalists [4-5][2-3], champions 5[4-5]).
func RF() *Scheme { return mustCompile(rfSpec) }

// CN8 is the Chinese eight-class model (RFM 八大客户类型): R, F and M are
// each high or low against the customers' mean (or median), where high R
// means recent, fewer days since the last purchase than the centre; high F
// and M mean more than the centre. A value equal to the centre is low. The
// classes, with their usual English names: 重要价值客户 Important Value (R
// F M high), 重要发展客户 Important Development (R high, F low, M high),
// 重要保持客户 Important Retention (R low, F high, M high), 重要挽留客户
// Important Win-back (R low, F low, M high), and the same four with M low,
// 一般 General: General Value, General Development, General Retention,
// General Win-back.
func CN8() *Scheme {
	s := &Scheme{Name: "cn8"}
	for i := 0; i < 8; i++ {
		g := cn8Segments[i]
		g.High = [3]bool{i&2 == 0, i&1 == 0, i&4 == 0}
		s.Segments = append(s.Segments, g)
	}
	return s
}

// Schemes are the names of the built-in schemes.
var Schemes = []string{"standard", "cn8", "rf"}

// SchemeByName returns a built-in scheme.
func SchemeByName(name string) (*Scheme, error) {
	switch strings.ToLower(name) {
	case "standard":
		return Standard(), nil
	case "cn8":
		return CN8(), nil
	case "rf":
		return RF(), nil
	}
	return nil, msg.Errorf("unknown scheme %q (use %s)", name, strings.Join(Schemes, ", "))
}

var cn8Segments = [8]Segment{
	{Name: "Important Value", NameZH: "重要价值客户",
		Action:   "VIP service and exclusive benefits: keep them as they are",
		ActionZH: "VIP 专属服务与权益,维持现状"},
	{Name: "Important Development", NameZH: "重要发展客户",
		Action:   "Raise purchase frequency: membership, points, repeat-purchase offers",
		ActionZH: "提升购买频次:会员积分、复购优惠"},
	{Name: "Important Retention", NameZH: "重要保持客户",
		Action:   "Reach out personally before they drift away: reminders, care calls",
		ActionZH: "主动联系,防止流失:关怀回访、到期提醒"},
	{Name: "Important Win-back", NameZH: "重要挽留客户",
		Action:   "Win-back offer and find out why they left",
		ActionZH: "重点挽回:了解流失原因,定向优惠召回"},
	{Name: "General Value", NameZH: "一般价值客户",
		Action:   "Raise order value: bundles, upsell, spend-more-save-more",
		ActionZH: "提升客单价:组合推荐、满减"},
	{Name: "General Development", NameZH: "一般发展客户",
		Action:   "Nurture new buyers: welcome series, second-purchase coupon",
		ActionZH: "新客培育:欢迎礼、二次购买券"},
	{Name: "General Retention", NameZH: "一般保持客户",
		Action:   "Low-cost reminders and coupons to bring them back",
		ActionZH: "低成本触达:优惠券提醒回购"},
	{Name: "General Win-back", NameZH: "一般挽留客户",
		Action:   "Low priority: include in large promotions only",
		ActionZH: "低优先级,仅大促时触达"},
}

// standardSpec is the Standard table: the published code lists.
var standardSpec = &schemeSpec{
	Name: "standard", Bins: 5, Scores: "rfm",
	Segments: []segmentSpec{
		{Name: "Champions", NameZH: "冠军客户",
			Action:   "VIP service: reward them, early access to new products, ask for reviews and referrals",
			ActionZH: "VIP 专属服务:回馈奖励、新品抢先体验,邀请评价和推荐",
			Codes:    list("555 554 544 545 454 455 445")},
		{Name: "Loyal", NameZH: "忠诚客户",
			Action:   "Upsell higher-value products, loyalty programme, ask for reviews",
			ActionZH: "推荐高价值商品,会员计划,邀请评价",
			Codes:    list("543 444 435 355 354 345 344 335")},
		{Name: "Potential Loyalist", NameZH: "潜在忠诚客户",
			Action:   "Offer membership and recommend related products",
			ActionZH: "邀请入会,推荐相关商品",
			Codes:    list("553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 341 333 323")},
		{Name: "New Customers", NameZH: "新客户",
			Action:   "Onboarding: welcome series, help with the first use",
			ActionZH: "新客引导:欢迎礼、使用指导",
			Codes:    list("512 511 422 421 412 411 311")},
		{Name: "Promising", NameZH: "有潜力客户",
			Action:   "Build awareness: free trials, small first-repeat offers",
			ActionZH: "提升品牌认知:试用装、复购小额优惠",
			Codes:    list("525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313")},
		{Name: "Need Attention", NameZH: "需要关注客户",
			Action:   "Limited-time offers and recommendations from past purchases",
			ActionZH: "限时优惠,按历史购买推荐",
			Codes:    list("535 534 443 434 343 334 325 324")},
		{Name: "About To Sleep", NameZH: "即将沉睡客户",
			Action:   "Reconnect: popular products and discounts",
			ActionZH: "重新建立联系:热销商品与折扣",
			Codes:    list("331 321 312 221 213 231 241 251")},
		{Name: "At Risk", NameZH: "有流失风险客户",
			Action:   "Win-back offer: personalised emails, renewals, helpful resources",
			ActionZH: "挽回优惠:个性化邮件或短信、续购提醒",
			Codes:    list("255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124")},
		{Name: "Can't Lose Them", NameZH: "不能失去的客户",
			Action:   "Win them back personally: new products, direct contact, do not lose them to a competitor",
			ActionZH: "一对一挽回:新品推荐、专人联系,防止流向竞品",
			Codes:    list("155 154 144 214 215 115 114 113")},
		{Name: "Hibernating", NameZH: "休眠客户",
			Action:   "Relevant products and special discounts to revive interest",
			ActionZH: "推荐相关商品和特别折扣,唤起兴趣",
			Codes:    list("332 322 233 232 223 222 132 123 122 212 211")},
		{Name: "Lost", NameZH: "流失客户",
			Action:   "One low-cost reactivation campaign, then leave them",
			ActionZH: "低成本召回一次,无响应则不再投入",
			Codes:    list("111 112 121 131 141 151")},
	},
}

// rfSpec is the RF grid.
var rfSpec = &schemeSpec{
	Name: "rf", Bins: 5, Scores: "rf",
	Segments: []segmentSpec{
		{Name: "Champions", NameZH: "冠军客户",
			Action:   "VIP service: reward them, early access, ask for referrals",
			ActionZH: "VIP 专属服务:回馈奖励、抢先体验,邀请推荐",
			Codes:    list("5[4-5]")},
		{Name: "Loyal Customers", NameZH: "忠诚客户",
			Action:   "Upsell, loyalty programme, ask for reviews",
			ActionZH: "向上销售,会员计划,邀请评价",
			Codes:    list("[3-4][4-5]")},
		{Name: "Potential Loyalists", NameZH: "潜在忠诚客户",
			Action:   "Offer membership and recommend related products",
			ActionZH: "邀请入会,推荐相关商品",
			Codes:    list("[4-5][2-3]")},
		{Name: "New Customers", NameZH: "新客户",
			Action:   "Onboarding: welcome series, second-purchase coupon",
			ActionZH: "新客引导:欢迎礼、二次购买券",
			Codes:    list("51")},
		{Name: "Promising", NameZH: "有潜力客户",
			Action:   "Build awareness: free trials, small offers",
			ActionZH: "提升品牌认知:试用装、小额优惠",
			Codes:    list("41")},
		{Name: "Need Attention", NameZH: "需要关注客户",
			Action:   "Limited-time offers and recommendations from past purchases",
			ActionZH: "限时优惠,按历史购买推荐",
			Codes:    list("33")},
		{Name: "About To Sleep", NameZH: "即将沉睡客户",
			Action:   "Reconnect: popular products and discounts",
			ActionZH: "重新建立联系:热销商品与折扣",
			Codes:    list("3[1-2]")},
		{Name: "At Risk", NameZH: "有流失风险客户",
			Action:   "Win-back offer: personalised emails and renewals",
			ActionZH: "挽回优惠:个性化邮件或短信、续购提醒",
			Codes:    list("[1-2][3-4]")},
		{Name: "Can't Lose", NameZH: "不能失去的客户",
			Action:   "Win them back personally before a competitor does",
			ActionZH: "一对一挽回,防止流向竞品",
			Codes:    list("[1-2]5")},
		{Name: "Hibernating", NameZH: "休眠客户",
			Action:   "Special discounts to revive interest, else let go",
			ActionZH: "特别折扣唤起兴趣,否则放弃",
			Codes:    list("[1-2][1-2]")},
	},
}

func list(s string) []string { return strings.Fields(s) }

func mustCompile(spec *schemeSpec) *Scheme {
	s, err := spec.compile()
	if err != nil {
		panic("rfm: built-in scheme " + spec.Name + ": " + err.Error())
	}
	return s
}
