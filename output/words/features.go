package words

// features are the descriptions of the features churn rules can use
// (churn --show-features): "feature.NAME" for churn's features,
// "feature.attr.NAME" for the attributes of package orders. Each English
// is the package's own description, which stays the source of truth: a
// description that no longer matches keeps its English (featureIn).
var features = map[Key]Entry{
	"feature.caption":            {"days are calendar days before the as-of date; money in the currency's units; dates compare with date(\"2024-01-31\")", "天数为截至日期之前的自然日；金额以币种的单位计；日期用 date(\"2024-01-31\") 比较"},
	"feature.attr_empty":         {"%s; empty (nil) when it had none", "%s；没有时为空（nil）"},
	"feature.days_since_last":    {"days from the last purchase to the as-of day (0: bought on it)", "从最后一次购买到截至日期的天数（0：当天购买）"},
	"feature.purchases":          {"purchases (orders that are not returns)", "购买次数（不是退货的订单）"},
	"feature.purchase_days":      {"distinct days with a purchase", "有购买的不同日期数"},
	"feature.returns":            {"return orders", "退货订单数"},
	"feature.net_revenue":        {"net revenue: purchases plus returns", "净收入：购买加退货"},
	"feature.typical_gap_days":   {"median days between consecutive purchase days; for a customer with one purchase day, the store's median days from first to second purchase day", "相邻购买日之间天数的中位数；只有一个购买日的客户取本店首购到第二个购买日天数的中位数"},
	"feature.own_gap":            {"typical_gap_days is the customer's own (2 or more purchase days)", "typical_gap_days 是客户自己的（有 2 个及以上购买日）"},
	"feature.days_overdue":       {"days_since_last - typical_gap_days", "days_since_last - typical_gap_days"},
	"feature.overdue_ratio":      {"days_since_last / typical_gap_days", "days_since_last / typical_gap_days"},
	"feature.last_gap_days":      {"days between the last two purchase days (NaN with one purchase day)", "最后两个购买日之间的天数（只有一个购买日时为 NaN）"},
	"feature.gap_trend":          {"last_gap_days / typical_gap_days (above 1: slowing down)", "last_gap_days / typical_gap_days（大于 1：购买变慢）"},
	"feature.revenue_90d":        {"net revenue of the last 90 days (as-of day included)", "最近 90 天的净收入（含截至日期）"},
	"feature.revenue_prev_90d":   {"net revenue of the 90 days before those", "再往前 90 天的净收入"},
	"feature.purchases_90d":      {"purchases in the last 90 days", "最近 90 天的购买次数"},
	"feature.purchases_prev_90d": {"purchases in the 90 days before those", "再往前 90 天的购买次数"},
	"feature.revenue_365d":       {"net revenue of the last 365 days (the default value at risk)", "最近 365 天的净收入（默认的风险价值）"},
	"feature.tenure_days":        {"days from the first purchase to the as-of day", "从首次购买到截至日期的天数"},
	"feature.first_purchase":     {"day of the first purchase", "首次购买的日期"},
	"feature.last_purchase":      {"day of the last purchase", "最后一次购买的日期"},
	"feature.expected_next":      {"last_purchase + typical_gap_days (rounded half up): the replenishment date (0001-01-01 when the gap is unknown)", "last_purchase + typical_gap_days（四舍五入）：预计补货日期（间隔未知时为 0001-01-01）"},
	"feature.as_of":              {"the as-of day", "截至日期"},
	"feature.r_score":            {"RFM recency score, 1 to 5 (5: most recent), quantiles", "RFM 近度得分，1 到 5（5：最近），按分位数"},
	"feature.f_score":            {"RFM frequency score, 1 to 5", "RFM 频度得分，1 到 5"},
	"feature.m_score":            {"RFM monetary score, 1 to 5", "RFM 金额得分，1 到 5"},
	"feature.rfm_code":           {"the three scores written together, \"543\"", "三个得分连写，如 \"543\""},
	"feature.rfm_segment":        {"the segment of the standard RFM scheme, \"At Risk\"", "标准 RFM 方案的分群，如 \"At Risk\""},
	"feature.attr.product":       {"the product code of the first line of the customer's first purchase (StockCode, SKU, 商家编码)", "客户首次购买第一行的商品编码（StockCode、SKU、商家编码）"},
	"feature.attr.channel":       {"the sales channel of the customer's first purchase (Channel, Source, Created Via, 订单来源)", "客户首次购买的销售渠道（Channel、Source、Created Via、订单来源）"},
	"feature.attr.currency":      {"the currency (ISO 4217 code) of the customer's first purchase (Currency, order_currency, 币种)", "客户首次购买的币种（ISO 4217 代码；Currency、order_currency、币种）"},
}
