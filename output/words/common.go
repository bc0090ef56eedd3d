package words

// common are the words every command shares: the figures' names.
var common = map[Key]Entry{
	"common.customers":   {"Customers", "客户数"},
	"common.orders":      {"Orders", "订单数"},
	"common.net_revenue": {"Net revenue", "净收入"},
	"common.repeat_rate": {"Repeat rate", "复购率"},
	"common.order_value": {"Order value", "客单价"},
	"common.as_of":       {"As of", "截至"},
	"common.more_rows":   {"%d more rows: --limit 0 shows them all", "另有 %d 行未显示：--limit 0 显示全部"},
	"common.currency":    {"Currency", "币种"},
}
