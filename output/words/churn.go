package words

// views are the captions of the per-customer and per-group views of rfm,
// churn and ltv, and churn's levels (its reasons are in package churn).
var views = map[Key]Entry{
	"common.n_customers": {"%s customers", "%s 位客户"},

	"rfm.caption":         {"%s as of %s; scheme %s", "%s，截至 %s；分群方案 %s"},
	"rfm.segment_caption": {"%s, net revenue %s, as of %s; scheme %s", "%s，净收入 %s，截至 %s；分群方案 %s"},

	"rfm.scheme_caption": {"%s: %d codes, %d segments, %d bins", "%s：%d 个代码，%d 个分群，%d 档"},

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
	"churn.default_rules":           {"default rules", "默认规则"},
	"churn.rules_of":                {"rules of %s", "%s 中的规则"},
	"churn.backtest_cut":            {"backtest: the %s at %s (as-of %s minus %d days) with the orders up to then; churned: no purchase in the %d days after", "回测：%s在 %s 判定（截至日期 %s 减 %d 天），只用此前的订单；流失：其后 %d 天内没有购买"},
	"churn.backtest_base":           {"backtest: %s by the cut, %s of them (%.1f%%) churned", "回测：判定时有 %s 位客户，其中 %s 位（%.1f%%）流失"},
	"churn.no_store_gap":            {"no customer bought on two days: customers with one purchase day have no typical gap", "没有客户在两天以上购买过：只有一个购买日的客户没有典型间隔"},
	"churn.store_gap":               {"typical gap of customers with one purchase day: the store's median days from first to second purchase, %s", "只有一个购买日的客户的典型间隔：本店首购到第二次购买的天数中位数，%s"},
	"churn.warned":                  {"%d of %s warned by the %s: %s", "%d 位客户被预警（共 %s 位，按%s）：%s"},
	"churn.level.none":              {"none", "无"},
	"churn.level.watch":             {"watch", "关注"},
	"churn.level.medium":            {"medium", "中"},
	"churn.level.high":              {"high", "高"},
	"churn.level.critical":          {"critical", "严重"},

	"ltv.caption":      {"%s as of %s; %s, times in %ss; horizon %s, margin %g, %s", "%s，截至 %s；%s，时间单位 %s；预测期 %s，毛利率 %g，%s"},
	"ltv.fitted":       {"%s fitted on %d customers (%d distinct x, t_x, T), %ss: %s; log-likelihood %.2f (%d iterations)", "%s 已拟合 %d 位客户（%d 组不同的 x、t_x、T），时间单位 %s：%s；对数似然 %.2f（迭代 %d 次）"},
	"ltv.spend_fitted": {"gamma-gamma fitted on %d repeat buyers: p %.4g, q %.4g, gamma %.4g; log-likelihood %.2f", "gamma-gamma 已拟合 %d 位复购客户：p %.4g，q %.4g，gamma %.4g；对数似然 %.2f"},
	"ltv.no_discount":  {"no discount", "不折现"},
	"ltv.discount":     {"discount %g a year", "年折现率 %g"},
	"ltv.fit_title":    {"Fitted model", "模型拟合"},
	"ltv.holdout":      {"Holdout check: %s", "验证期检验：%s"},
}
