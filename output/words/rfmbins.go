package words

// rfmBins are the lines rfm prints on stderr about which values got which
// score (cmd/lifecycle/rfmbins.go).
var rfmBins = map[Key]Entry{
	"rfm.bins.quantiles":        {"quantiles", "按分位数"},
	"rfm.bins.r":                {"r (days since the last purchase, %s): %s", "r（距最后一次购买的天数，%s）：%s"},
	"rfm.bins.f":                {"f (%s, %s): %s", "f（%s，%s）：%s"},
	"rfm.bins.m":                {"m (%s, %s): %s", "m（%s，%s）：%s"},
	"rfm.bins.none":             {"none", "无"},
	"rfm.bins.any":              {"any", "任意"},
	"rfm.bins.below":            {"below %s", "低于 %s"},
	"rfm.bins.or_more":          {"%s or more", "%s 及以上"},
	"rfm.bins.to_below":         {"%s to below %s", "%s 至低于 %s"},
	"rfm.bins.purchase_days":    {"purchase days", "购买日数"},
	"rfm.bins.purchases":        {"purchases", "购买次数"},
	"rfm.bins.net_revenue":      {"net revenue", "净收入"},
	"rfm.bins.net_margin":       {"net margin", "净毛利"},
	"rfm.bins.per_purchase":     {"purchase", "每次购买"},
	"rfm.bins.per_purchase_day": {"purchase day", "每个购买日"},
	"rfm.bins.measure_per":      {"%s per %s", "%s（%s）"},
	"rfm.bins.mean":             {"mean", "均值"},
	"rfm.bins.median":           {"median", "中位数"},
	"rfm.bins.centers":          {"cn8 split at the %s: recency %s days (fewer is high), frequency %s, monetary %s (more is high)", "cn8 按%s划分：近度 %s 天（越少越高），频度 %s，金额 %s（越多越高）"},
}
