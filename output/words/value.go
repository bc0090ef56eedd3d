package words

// value are the words of the value an analysis scores (--value, --cost):
// revenue, or margin (revenue less cost).
var value = map[Key]Entry{
	"value.value":             {"Value", "价值口径"},
	"value.note_margin":       {"(revenue less cost)", "（收入减成本）"},
	"value.note_revenue":      {"(--value margin scores margin)", "（--value margin 按毛利计）"},
	"value.revenue_read":      {"Revenue of all rows read", "读取的全部收入"},
	"value.cost_read":         {"Cost of all rows read", "读取的全部成本"},
	"value.margin_read":       {"Margin of all rows read", "读取的全部毛利"},
	"value.rows_without_cost": {"Rows without a cost", "无成本的行"},
	"value.cost_zero":         {"(read as costing nothing)", "（按零成本计）"},
	"value.input_total":       {"Sum of all margins read", "读取的全部毛利合计"},
	"value.gross":             {"Gross margin", "毛利（退货前）"},
	"value.returns":           {"Returns margin", "退货毛利"},
	"value.net":               {"Net margin", "净毛利"},
	"value.average":           {"Average order margin", "平均订单毛利"},
	"value.average_note":      {"(gross margin / orders)", "（毛利 / 订单数）"},
	"value.section":           {"Customers and margin", "客户与毛利"},
	"value.concentration":     {"Margin concentration", "毛利集中度"},
	"value.share":             {"Share of net margin", "净毛利占比"},
	"value.caption":           {"values are margins (revenue less cost)", "价值按毛利计（收入减成本）"},
	"value.title":             {"values are margins", "按毛利计"},
	"value.margin_line":       {"values are margins, revenue less cost (%s): of all rows read, revenue %s, cost %s, margin %s", "价值按毛利计，即收入减成本（%s）：全部读取行的收入 %s，成本 %s，毛利 %s"},
	"value.cost_line":         {"cost read (%s): of all rows read, revenue %s, cost %s, margin %s; summary, rfm and ltv score margin with --value margin", "已读取成本（%s）：全部读取行的收入 %s，成本 %s，毛利 %s；summary、rfm、ltv 加 --value margin 按毛利计"},
	"value.spend_note":        {"repeat buyers whose mean repeat margin is zero or less: %d; the spend model (Gamma-Gamma) needs positive values, leaves them out of its fit and gives them the population's mean order margin", "平均复购毛利为零或负的复购客户：%d；消费模型（Gamma-Gamma）只接受正值，不纳入拟合，按总体平均订单毛利计"},
	"value.column":            {"column %q", "列 %q"},
	"value.given_column":      {"the --cost column", "--cost 所指的列"},
	"value.no_cost_line":      {"rows without a cost: %d, read as costing nothing (their margin is their revenue)", "无成本的行：%d，按零成本计（毛利即收入）"},
}
