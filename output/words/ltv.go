package words

// ltvWords are ltv's warnings about a fit (cmd/lifecycle/ltvdiag.go): what
// was found, then what to try.
var ltvWords = map[Key]Entry{
	"ltv.warning":              {"warning: %s", "警告：%s"},
	"ltv.historical":           {"historical: own average order value x own repeat purchases per %s (x/T) x expected lifespan %.2f %ss (the mean t_x of %d repeat buyers, capped at the horizon); all customers: average order value %.2f, %.4f repeat purchases per %s", "historical：自己的平均订单金额 x 自己每%s的复购次数（x/T）x 预期存续期 %.2f 个%s（%d 位复购客户 t_x 的均值，以预测期为上限）；全体客户：平均订单金额 %.2f，复购频率 %.4f 次/%s"},
	"ltv.loaded":               {"%s from %s, not refitted (fitted on %d customers with first purchases from %s, as of %s), %ss: %s", "%s 来自 %s，未重新拟合（拟合于 %d 位客户，首次购买始于 %s，截至 %s），按%s：%s"},
	"ltv.warn.join":            {"%s; %s", "%s；%s"},
	"ltv.warn.not_converged":   {"%s did not converge (%s after %d iterations): the parameters may be off", "%s 未收敛（%s，迭代 %d 次后停止）：参数可能不准"},
	"ltv.warn.at_boundary":     {"%s: %s at the edge of the parameter space: the maximum is where the model degenerates into a simpler one", "%s：%s 位于参数空间的边界：似然在模型退化为更简单模型处取得最大值"},
	"ltv.warn.loose_estimate":  {"%s: the standard errors of %s are above their values: the data hardly pin them down", "%s：%s 的标准误大于其估计值：数据几乎无法确定它们"},
	"ltv.warn.not_definite":    {"%s: the likelihood is flat where the fit stopped (the observed information is not positive definite): no standard error can be trusted", "%s：拟合停止处似然函数平坦（观测信息矩阵非正定）：所有标准误都不可信"},
	"ltv.warn.flat_likelihood": {"%s: the likelihood is nearly flat along some direction (condition number %.3g): the standard errors cannot be trusted", "%s：似然函数在某个方向上几乎平坦（条件数 %.3g）：标准误不可信"},
	"ltv.warn.few_repeaters":   {"%s: %.1f%% of the customers made no repeat purchase: the fit rests on the few who did", "%s：%.1f%% 的客户没有复购：拟合只依赖少数复购的客户"},
	"ltv.warn.no_dropout":      {"%s: the data cannot tell when customers leave: the likelihood is only %.2f above that of no dropout at all (likelihood ratio %.2f, below 3.84), so P(alive) stays near 1 for everyone, however long their silence", "%s：数据无法判断客户何时离开：似然仅比完全无流失高 %.2f（似然比 %.2f，低于 3.84），因此无论沉默多久，每个客户的 P(alive) 都接近 1"},
	"ltv.retry.model":          {"try another --model", "可换用其他 --model"},
	"ltv.retry.iterations":     {"try a higher --max-iterations or another --model", "可调高 --max-iterations 或换用其他 --model"},
	"ltv.retry.boundary":       {"read the other warnings for what the data lack; try another --model", "参看其他警告了解数据缺少什么；可换用其他 --model"},
	"ltv.retry.longer":         {"try a longer calibration period (more history) or another --model", "可使用更长的校准期（更多历史数据）或换用其他 --model"},
	"ltv.retry.flat":           {"try another --model or --time-unit day", "可换用其他 --model 或 --time-unit day"},
	"ltv.retry.few":            {"try a longer calibration period (more history), or --model historical", "可使用更长的校准期（更多历史数据），或 --model historical"},
	"ltv.retry.no_dropout":     {"try a longer calibration period, --time-unit day, or judge churn by silence (lifecycle churn)", "可使用更长的校准期、--time-unit day，或按沉默时长判断流失（lifecycle churn）"},
	"ltv.model_warnings":       {"warning: %s had warnings when it was fitted: %s", "警告：%s 在拟合时有警告：%s"},
	"ltv.no_values_in":         {"no order values in %s: expected_order_value and clv are left empty", "%s 中没有订单金额模型：expected_order_value 和 clv 留空"},
	"ltv.no_values":            {"no order values: %v; expected_order_value and clv are left empty", "无法估计订单金额：%v；expected_order_value 和 clv 留空"},
	"ltv.spend_correlated":     {"warning: spend and frequency are correlated (r = %.2f over %d repeat buyers); the Gamma-Gamma model assumes they are not, so order values lean toward the mean", "警告：消费金额与购买频次相关（%.2f，基于 %d 位复购客户）；Gamma-Gamma 模型假设二者无关，因此订单金额偏向均值"},
	"ltv.spend_q":              {"warning: gamma-gamma q = %.3f <= 1: the mean order value of the population is not finite; customers without a repeat purchase get no expected order value", "警告：gamma-gamma 的 q = %.3f <= 1：总体平均订单金额不是有限值；没有复购的客户没有预期订单金额"},
	"ltv.no_intervals":         {"warning: no intervals: %v; the bound columns are left empty", "警告：无法给出区间：%v；上下限列留空"},
	"ltv.intervals":            {"intervals: %g%% from the asymptotic normal of the log-parameters (a simplex rule of %d points for the purchases, rotated by seed %d), parameter uncertainty only", "区间：%g%%，来自对数参数的渐近正态分布（购买次数用 %d 点单纯形规则，按种子 %d 旋转），仅含参数不确定性"},
	"ltv.spend_no_cov":         {"warning: the gamma-gamma fit has no covariance: clv_low and clv_high are left empty", "警告：gamma-gamma 拟合没有协方差：clv_low 和 clv_high 留空"},
	"ltv.compare_cut":          {"--compare ltv at the cut: %s", "--compare ltv 在截断日：%s"},
	"ltv.holdout_line":         {"calibration up to %s, holdout %s to %s: %s", "校准期截至 %s，验证期 %s 至 %s：%s"},
}
