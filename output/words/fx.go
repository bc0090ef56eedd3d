package words

// fxWords are the notes and summary labels of --fx beyond the amounts
// converted (read.converted): the costs converted at the amounts' rates,
// and the skipped rows it could not convert; and of the skipped rows in
// other currencies than the read's, which are in no total either.
var fxWords = map[Key]Entry{
	"fx.costs_converted":          {"costs of the rows converted from %s: %s %s, %s %s once converted", "由 %s 换算的行的成本：%s %s，换算后 %s %s"},
	"fx.unconverted":              {"skipped rows in %s that --fx could not convert (no date, no ISO code or no rate for their day): %d (%s), in no total", "--fx 无法换算的 %s 跳过行（无日期、无 ISO 代码或当日无汇率）：%d（%s），不计入任何合计"},
	"fx.unconverted_cost":         {"skipped rows in %s that --fx could not convert (no date, no ISO code or no rate for their day): %d (%s, cost %s), in no total", "--fx 无法换算的 %s 跳过行（无日期、无 ISO 代码或当日无汇率）：%d（%s，成本 %s），不计入任何合计"},
	"fx.other_currency":           {"skipped rows in %s, not the read's currency %s: %d (%s), in no total", "%s 的跳过行（不是本次读取的币种 %s）：%d（%s），不计入任何合计"},
	"fx.other_currency_cost":      {"skipped rows in %s, not the read's currency %s: %d (%s, cost %s), in no total", "%s 的跳过行（不是本次读取的币种 %s）：%d（%s，成本 %s），不计入任何合计"},
	"fx.no_currency":              {"no currency named", "未注明币种"},
	"fx.summary_costs":            {"Costs converted to %s", "成本换算为 %s"},
	"fx.summary_unconverted":      {"Skipped rows not converted", "未换算的跳过行"},
	"fx.summary_other_currencies": {"Skipped rows in other currencies", "其他币种的跳过行"},
	"fx.unconverted_rows":         {"%s %d rows %s", "%s %d 行 %s"},
	"fx.unconverted_cost_part":    {" (cost %s)", "（成本 %s）"},
	"fx.summary_in_no_total":      {"(in no total)", "（不计入任何合计）"},
}
