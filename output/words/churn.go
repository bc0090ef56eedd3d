package words

// views are the captions of the per-customer and per-group views of rfm,
// churn and ltv, and churn's levels (its reasons are in package churn).
var views = map[Key]Entry{
	"common.n_customers": {"%s customers", "%s 位客户"},

	"rfm.caption":         {"%s as of %s; scheme %s", "%s，截至 %s；分群方案 %s"},
	"rfm.segment_caption": {"%s, net revenue %s, as of %s; scheme %s", "%s，净收入 %s，截至 %s；分群方案 %s"},

	"churn.caption":                 {"%s of %s warned as of %s; %s", "%s被预警（共 %s），截至 %s；%s"},
	"churn.any_rule":                {"any rule", "任一规则"},
	"churn.risk_recent":             {"value at risk: net revenue of the last 365 days", "风险价值：最近 365 天的净收入"},
	"churn.risk_ltv":                {"value at risk: projected lifetime value", "风险价值：预测的客户终身价值"},
	"churn.rule_caption":            {"%s as of %s, value at risk %s; a customer flagged by several rules counts under each", "%s，截至 %s，风险价值 %s；被多条规则预警的客户在每条规则下都计入"},
	"churn.level_caption":           {"%s as of %s, value at risk %s; a customer's level is the highest of its rules", "%s，截至 %s，风险价值 %s；客户的级别取其触发规则中最高的"},
	"churn.rule.overdue":            {"overdue", "逾期"},
	"churn.rule.dormant":            {"dormant", "沉睡"},
	"churn.rule.declining":          {"declining", "下滑"},
	"churn.rule.no-second-purchase": {"no-second-purchase", "未复购"},
	"churn.all_customers":           {"all customers", "全部客户"},
	"churn.backtest_caption":        {"rules at %s (as-of %s minus %d days); churned: no purchase in the %d days after; value: value at risk at the cut", "规则在 %s 判定（截至日期 %s 减 %d 天）；流失：其后 %d 天内没有购买；价值：判定时的风险价值"},
	"churn.level.none":              {"none", "无"},
	"churn.level.watch":             {"watch", "关注"},
	"churn.level.medium":            {"medium", "中"},
	"churn.level.high":              {"high", "高"},
	"churn.level.critical":          {"critical", "严重"},

	"ltv.caption":     {"%s as of %s; %s, times in %ss; horizon %s, margin %g, %s", "%s，截至 %s；%s，时间单位 %s；预测期 %s，毛利率 %g，%s"},
	"ltv.no_discount": {"no discount", "不折现"},
	"ltv.discount":    {"discount %g a year", "年折现率 %g"},
	"ltv.fit_title":   {"Fitted model", "模型拟合"},
	"ltv.holdout":     {"Holdout check: %s", "验证期检验：%s"},
}
