package words

// cohortWords are the words of lifecycle cohort's terminal page. A title
// is "cohort.title.<metric>" (and ".per" for --per-customer), its %s the
// period ("cohort.period.<period>").
var cohortWords = map[Key]Entry{
	"cohort.period.day":     {"day", "日"},
	"cohort.period.week":    {"week", "周"},
	"cohort.period.month":   {"month", "月"},
	"cohort.period.quarter": {"quarter", "季度"},
	"cohort.period.year":    {"year", "年"},

	"cohort.title.customers":     {"Customers of each cohort buying in each %s since their first purchase", "各同期群首购后每%s购买的客户数"},
	"cohort.title.customers.per": {"Share of each cohort buying in each %s since the first purchase", "各同期群首购后每%s购买的客户占比（留存率）"},
	"cohort.title.orders":        {"Orders of each cohort in each %s since the first purchase", "各同期群首购后每%s的订单数"},
	"cohort.title.orders.per":    {"Orders per acquired customer in each %s since the first purchase", "各同期群首购后每%s的人均订单数"},
	"cohort.title.revenue":       {"Net revenue of each cohort in each %s since the first purchase", "各同期群首购后每%s的净收入"},
	"cohort.title.revenue.per":   {"Net revenue per acquired customer in each %s since the first purchase", "各同期群首购后每%s的人均净收入"},
	"cohort.title.ltv":           {"Cumulative net revenue of each cohort by %ss since the first purchase", "各同期群首购后按%s累计的净收入"},
	"cohort.title.ltv.per":       {"Cumulative net revenue per acquired customer (LTV) by %ss since the first purchase", "各同期群首购后按%s累计的人均净收入（LTV）"},
	"cohort.title.repeat":        {"Customers of each cohort who have bought twice, by %ss since the first purchase", "各同期群首购后按%s累计的复购客户数"},
	"cohort.title.repeat.per":    {"Share of each cohort that has bought twice, by %ss since the first purchase", "各同期群首购后按%s累计的复购率"},

	"cohort.average":             {"Average", "平均"},
	"cohort.none":                {"no cohort", "无同期群"},
	"cohort.empty":               {"(empty)", "（空）"},
	"cohort.unfinished":          {"* the %s %s is unfinished: as of %s (--complete-only leaves it out)", "* %s %s 尚未结束：截至 %s（--complete-only 可排除）"},
	"cohort.as_of":               {"as of %s", "截至 %s"},
	"cohort.average_mean":        {"average: each age over the cohorts that have completed it, the mean cohort", "平均：每个周期取已完整经历该周期的同期群，按同期群简单平均"},
	"cohort.average_size":        {"average: each age over the cohorts that have completed it, weighted by cohort size", "平均：每个周期取已完整经历该周期的同期群，按同期群人数加权"},
	"cohort.left_out_unfinished": {"left out the unfinished %s %s containing the as-of date %s", "略去了未结束的%s %s（包含截至日期 %s）"},
	"cohort.unfinished_note":     {"the %s %s containing the as-of date %s is unfinished: its cells are marked (--complete-only leaves it out)", "%s %s（包含截至日期 %s）尚未结束：其单元格已标出（--complete-only 会略去它）"},
	"cohort.wrote_plot":          {"wrote the heatmap to %s", "热力图已写入 %s"},
}
