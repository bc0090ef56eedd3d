package words

// platforms are the words of the platforms package orders knows (its
// profiles): each one's description, how its export lays out orders, its
// note and why an export cannot give customer histories, each entry's
// English the profile's text byte for byte (orders passes them through
// msg.Text; TestProfilesWorded in package orders checks that each is
// here).
var platforms = map[Key]Entry{
	"platform.shopify":               {"a Shopify orders export", "Shopify 订单导出"},
	"platform.woocommerce":           {"a WooCommerce order export (Advanced Order Export)", "WooCommerce 订单导出（Advanced Order Export）"},
	"platform.woocommerce_analytics": {"a WooCommerce Analytics orders download", "WooCommerce Analytics 订单下载"},
	"platform.taobao":                {"a Taobao/Tmall order list (ExportOrderList)", "淘宝/天猫订单列表（ExportOrderList）"},
	"platform.taobao_qianniu":        {"a Taobao/Tmall order export from 千牛 (ExportOrderList)", "千牛导出的淘宝/天猫订单（ExportOrderList）"},
	"platform.jd":                    {"a JD order export", "京东订单导出"},
	"platform.pinduoduo":             {"a Pinduoduo order export", "拼多多订单导出"},
	"platform.douyin":                {"a Douyin (抖店) order export", "抖音（抖店）订单导出"},
	"platform.amazon":                {"an Amazon All Orders report", "亚马逊 All Orders 报告"},
	"platform.stripe":                {"a Stripe payments export", "Stripe 付款导出"},
	"platform.etsy":                  {"an Etsy sold orders export", "Etsy 已售订单导出"},
	"platform.square":                {"a Square transactions export", "Square 交易导出"},
	"platform.magento":               {"a Magento order grid export", "Magento 订单表导出"},
	"platform.bigcommerce":           {"a BigCommerce orders export", "BigCommerce 订单导出"},
	"platform.rows_line_items":       {"one row per line item, order fields on each order's first row", "每个商品行一行，订单字段在每个订单的第一行"},
	"platform.rows_products":         {"one row per product, the order total on each of its rows (read once), guests (customer 0) by billing email", "每个商品一行，订单总额在其每一行（只读一次），访客（客户 0）按账单邮箱识别"},
	"platform.rows_refunds_negative": {"one row per order, refunds as negative rows on their own date", "每个订单一行，退款是其退款日的负数行"},
	"platform.rows_orders":           {"one row per order", "每个订单一行"},
	"platform.rows_payments":         {"one row per payment, failed ones included", "每笔付款一行，含失败的付款"},
	"platform.rows_orders_mmddyy":    {"one row per order, dates MM/DD/YY", "每个订单一行，日期为 MM/DD/YY"},
	"platform.rows_square":           {"one row per payment, refunds as rows of their own (negative, on the refund's date), each time read in its row's Time Zone", "每笔付款一行，退款单独成行（负数，在退款日），时间按各行的 Time Zone 读取"},
	"platform.rows_order_time":       {"one row per order, the time of day in Order Time", "每个订单一行，时刻在 Order Time 列"},
	"platform.note_woocommerce":      {"its Customer column is a name, not an account, and Net sales leave out shipping and tax: repeat figures are approximate; an export with customer ids and order totals (Advanced Order Export) reads exactly", "其 Customer 列是姓名而不是账户，Net sales 不含运费和税：复购数字只是近似；含客户编号和订单总额的导出（Advanced Order Export）才能精确读取"},
	"platform.note_square":           {"Square leaves Customer ID empty on sales to customers it does not know (walk-in card and cash sales): those rows are counted as having no customer", "Square 对它不认识的客户（到店刷卡和现金销售）不填 Customer ID：这些行计为无客户"},
	"platform.note_magento":          {"Magento writes times in the store's zone without naming it: give --tz", "Magento 按店铺时区写时间却不注明时区：请给出 --tz"},
	"platform.no_identity_qianniu":   {"this Taobao/Tmall export (千牛) has no buyer column, so it cannot give customer histories: export the order list with 买家会员名, or name a column that identifies buyers with --customer", "这份淘宝/天猫导出（千牛）没有买家列，无法给出客户历史：请导出含买家会员名的订单列表，或用 --customer 指定识别买家的列"},
	"platform.no_identity_pinduoduo": {"this Pinduoduo export has no buyer column, so it cannot give customer histories: name a column that identifies buyers with --customer", "这份拼多多导出没有买家列，无法给出客户历史：请用 --customer 指定识别买家的列"},
	"platform.no_identity_douyin":    {"this Douyin (抖店) export writes its buyers' names and phones as ciphertext (收件人, 收件人手机号), so it cannot give customer histories: name a column that identifies buyers with --customer", "这份抖音（抖店）导出把买家姓名和电话写成密文（收件人、收件人手机号），无法给出客户历史：请用 --customer 指定识别买家的列"},
	"platform.no_identity_amazon":    {"Amazon's order reports carry no buyer identity (no email, name or phone), so they cannot give customer histories; buyers' details come only with Amazon's restricted-data reports", "亚马逊的订单报告不含买家身份（没有邮箱、姓名或电话），无法给出客户历史；买家信息只在亚马逊的受限数据报告中提供"},
}
