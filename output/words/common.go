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

// table are the words of terminal tables fitted to a screen (package output).
var table = map[Key]Entry{
	"table.more_rows": {"%s more rows: --limit N shows N, --limit 0 all", "另有 %s 行未显示：--limit N 显示 N 行，--limit 0 显示全部"},
	"table.dropped":   {"left out to fit %d columns: %s (a wider terminal or --format csv shows them)", "为适应 %d 列宽度未显示：%s（加宽终端或 --format csv 可见）"},
	"table.shortened": {"shortened to fit (…): %s (--format csv shows them whole)", "已截短（…）：%s（--format csv 显示全文）"},
	"table.yes":       {"yes", "是"},
	"table.no":        {"no", "否"},
	"table.all_zero":  {"nothing to report", "无"},
	"table.label_sep": {": ", "："},
	"table.list_sep":  {"; ", "；"},
}

// summary are the words of lifecycle summary.
var summary = map[Key]Entry{
	"summary.title": {"Customer base summary: %s to %s, as of %s (%s)", "客户概况：%s 至 %s，截至 %s（%s）"},
}
