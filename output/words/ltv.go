package words

// ltvWords are ltv's warnings about a fit (cmd/lifecycle/ltvdiag.go): what
// was found, then what to try.
var ltvWords = map[Key]Entry{
	"ltv.warning":              {"warning: %s", "警告：%s"},
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
}
