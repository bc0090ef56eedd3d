package orders

import "lifecycle/msg"

// A platform profile is what lifecycle knows of one platform's order
// export: the headers that tell it apart, which of its columns are the
// customer, the order, the purchase time and the amount, which statuses are
// purchases, not yet paid or no purchase, where it says what was refunded,
// how it lays out orders and in which zone it writes times. A profile is
// data: supporting a platform is one entry below and a fixture in
// testdata/platforms, not reader code.
//
// Every entry is taken from testdata/platforms/SOURCES.md, which gives the
// source of each fact and whether it was confirmed by the platform's own
// material or only corroborated by independent parsers; facts found
// nowhere (a refund date, Youzan's layout) are left out rather than
// guessed.
//
// Revenue, one definition: an order's revenue is what the customer paid
// for it, the order total with shipping and tax as the platform reports it,
// less what was refunded. Where the export says what was refunded on an
// order (Refunded), a partly refunded order is a purchase of its total and
// a return of the refund, dated at the order (none of those exports gives
// a refund's own date), and an order refunded in full is no purchase, as a
// cancelled one. Where refunds are rows of their own (Square, WooCommerce
// Analytics), each is a return on its own date.

// Profile describes one platform's export.
type Profile struct {
	// Name is how the detection line calls the file: "a Shopify orders
	// export".
	Name string
	// Detect are headers (normalised, as normName) that the export always
	// has and that together no other profile's export has.
	Detect []string
	// Columns are, per role, the platform's headers, tried before the
	// generic names.
	Columns map[Role][]string
	// Identity are further columns that identify a customer, tried in
	// order on a row whose customer column is empty or a guest placeholder
	// (an email, then a phone).
	Identity []string
	// Guests are customer values that stand for no account (WooCommerce
	// writes 0 for a guest checkout).
	Guests []string
	// Paid, Unpaid and Cancelled are the statuses (as normStatus) of a
	// purchase, of an order not yet paid (neither a purchase nor revenue,
	// counted apart) and of an order that is no purchase (cancelled,
	// refunded in full, failed). With Paid given, a status in none of the
	// three is reported. An empty status is a purchase.
	Paid, Unpaid, Cancelled []string
	// RefundedStatuses are the statuses (as normStatus) of an order
	// refunded: where the file has the Refunded column, what it says
	// decides (in full: no purchase; in part: a purchase less the refund;
	// nothing: no purchase), else the order is no purchase. Magento closes
	// an order whose items are all credited, its shipping perhaps not.
	RefundedStatuses []string
	// Merchandise are the headers of the order's merchandise value (its
	// subtotal, before shipping and tax), read with --revenue merchandise.
	Merchandise []string
	// Refunded are the headers of the amount refunded on an order.
	Refunded []string
	// FirstRowFields says that the order's fields (total, status, time)
	// are on its first row only: a row of an order with them empty is a
	// further line of the order just above, or an error saying so.
	FirstRowFields bool
	// TotalRepeated says that the amount column holds the order's total on
	// every row of a multi-row order, not each row's part: a further row of
	// the order adds nothing.
	TotalRepeated bool
	// Time are the headers of a time-of-day column that completes the
	// date column (BigCommerce's Order Time, Square's Time): the purchase
	// time is the date, a space and the time, read as one value.
	Time []string
	// ZoneColumn are the headers of a column naming each row's time zone
	// (Square's Time Zone: "Eastern Time (US & Canada)", see
	// dates.LoadZone): a row's time is read in its own zone.
	ZoneColumn []string
	// DateFormat is the layout of the platform's dates (strftime style)
	// when detection cannot tell it, used unless --date-format is given.
	DateFormat string
	// Zone is the time zone of the export's zone-less times, used unless
	// --tz is given.
	Zone string
	// Rows says how the export lays out orders, for the detection line.
	Rows string
	// NoIdentity, when set, is why the export cannot give customer
	// histories (no buyer column), and what to do: the read fails with it
	// unless --customer names a column.
	NoIdentity string
	// Note is a caveat said once after the detection line.
	Note string
}

// profiles are the platforms lifecycle knows; the first whose Detect
// headers are all present is the file's. Sections refer to
// testdata/platforms/SOURCES.md.
var profiles = []Profile{
	{ // §1
		Name:   "a Shopify orders export",
		Detect: []string{"name", "email", "financialstatus"},
		Columns: map[Role][]string{ColOrder: {"name"}, ColCustomer: {"email"}, ColDate: {"createdat"}, ColAmount: {"total"},
			ColStatus: {"financialstatus"}, ColCancelledAt: {"cancelledat"}, ColQuantity: {"lineitemquantity"}, ColPrice: {"lineitemprice"}},
		Identity:         []string{"phone", "billingphone", "shippingphone"},
		Paid:             []string{"paid", "partially_refunded", "partially_paid"},
		Unpaid:           []string{"pending", "authorized"},
		Cancelled:        []string{"voided", "expired"},
		RefundedStatuses: []string{"refunded"},
		Refunded:         []string{"refundedamount"},
		Merchandise:      []string{"subtotal"},
		FirstRowFields:   true,
		Rows:             "one row per line item, order fields on each order's first row",
	},
	{ // §2b: Advanced Order Export for WooCommerce (default labels)
		Name:   "a WooCommerce order export (Advanced Order Export)",
		Detect: []string{"orderstatus", "customeruserid"},
		Columns: map[Role][]string{ColOrder: {"orderid", "ordernumber"}, ColCustomer: {"customeruserid", "email(billing)", "billingemail", "customeruseremail"},
			ColDate: {"orderdate"}, ColAmount: {"ordertotalamount", "ordertotal"}, ColStatus: {"orderstatus"}},
		Identity:         []string{"email(billing)", "billingemail", "customeruseremail", "phone(billing)", "billingphone"},
		Guests:           []string{"0"},
		Paid:             []string{"processing", "wc-processing", "completed", "wc-completed"},
		Unpaid:           []string{"pending", "wc-pending", "pending payment", "on-hold", "wc-on-hold", "on hold", "checkout-draft", "wc-checkout-draft", "checkout draft"},
		Cancelled:        []string{"cancelled", "wc-cancelled", "failed", "wc-failed"},
		RefundedStatuses: []string{"refunded", "wc-refunded"},
		Refunded:         []string{"orderrefundamount"},
		Merchandise:      []string{"ordersubtotalamount"},
		TotalRepeated:    true,
		Rows:             "one row per product, the order total on each of its rows (read once), guests (customer 0) by billing email",
	},
	{ // §2a
		Name:   "a WooCommerce Analytics orders download",
		Detect: []string{"order#", "status", "customer", "customertype", "netsales"},
		Columns: map[Role][]string{ColOrder: {"order#"}, ColCustomer: {"customer"}, ColDate: {"date"}, ColAmount: {"netsales"},
			ColStatus: {"status"}},
		Unpaid:    []string{"pending", "pending payment", "on-hold", "on hold", "checkout-draft", "checkout draft"},
		Cancelled: []string{"cancelled", "refunded", "failed"},
		Rows:      "one row per order, refunds as negative rows on their own date",
		Note:      "its Customer column is a name, not an account, and Net sales leave out shipping and tax: repeat figures are approximate; an export with customer ids and order totals (Advanced Order Export) reads exactly",
	},
	{ // §9a
		Name:   "a Taobao/Tmall order list (ExportOrderList)",
		Detect: []string{"订单编号", "买家会员名", "买家实际支付金额"},
		Columns: map[Role][]string{ColOrder: {"订单编号"}, ColCustomer: {"买家会员名"}, ColDate: {"订单付款时间", "订单创建时间"},
			ColAmount: {"买家实际支付金额"}, ColStatus: {"订单状态"}},
		Paid:             []string{"买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "买家已签收", "交易成功"},
		Unpaid:           []string{"等待买家付款"},
		Cancelled:        []string{"交易被淘宝关闭"},
		RefundedStatuses: []string{"交易关闭"},
		Refunded:         []string{"退款金额"},
		Merchandise:      []string{"买家应付货款"},
		Zone:             "Asia/Shanghai",
		Rows:             "one row per order",
	},
	{ // §9b
		Name:       "a Taobao/Tmall order export from 千牛 (ExportOrderList)",
		Detect:     []string{"订单编号", "买家实付金额", "订单状态"},
		Zone:       "Asia/Shanghai",
		Rows:       "one row per order",
		NoIdentity: "this Taobao/Tmall export (千牛) has no buyer column, so it cannot give customer histories: export the order list with 买家会员名, or name a column that identifies buyers with --customer",
	},
	{ // §10
		Name:   "a JD order export",
		Detect: []string{"订单号", "下单帐号"},
		Columns: map[Role][]string{ColOrder: {"订单号"}, ColCustomer: {"下单帐号"}, ColDate: {"下单时间"}, ColAmount: {"应付金额"},
			ColStatus: {"订单状态"}, ColQuantity: {"订购数量"}},
		Cancelled: []string{"取消", "已取消"},
		Zone:      "Asia/Shanghai",
		Rows:      "one row per order",
	},
	{ // §11
		Name:       "a Pinduoduo order export",
		Detect:     []string{"订单号", "用户实付金额(元)", "订单成交时间"},
		Zone:       "Asia/Shanghai",
		NoIdentity: "this Pinduoduo export has no buyer column, so it cannot give customer histories: name a column that identifies buyers with --customer",
	},
	{ // §13
		Name:       "a Douyin (抖店) order export",
		Detect:     []string{"主订单编号", "订单应付金额"},
		Zone:       "Asia/Shanghai",
		NoIdentity: "this Douyin (抖店) export writes its buyers' names and phones as ciphertext (收件人, 收件人手机号), so it cannot give customer histories: name a column that identifies buyers with --customer",
	},
	{ // §8
		Name:       "an Amazon All Orders report",
		Detect:     []string{"amazonorderid", "purchasedate"},
		NoIdentity: "Amazon's order reports carry no buyer identity (no email, name or phone), so they cannot give customer histories; buyers' details come only with Amazon's restricted-data reports",
	},
	{ // §6
		Name:   "a Stripe payments export",
		Detect: []string{"id", "createddate(utc)", "amountrefunded"},
		Columns: map[Role][]string{ColOrder: {"id"}, ColCustomer: {"customerid", "customeremail"}, ColDate: {"createddate(utc)"},
			ColAmount: {"amount"}, ColStatus: {"status"}},
		Identity:         []string{"customeremail"},
		Paid:             []string{"paid", "succeeded"},
		Cancelled:        []string{"failed"},
		RefundedStatuses: []string{"refunded"},
		Refunded:         []string{"amountrefunded"},
		Rows:             "one row per payment, failed ones included",
	},
	{ // §5
		Name:   "an Etsy sold orders export",
		Detect: []string{"saledate", "orderid", "buyeruserid", "ordertotal"},
		Columns: map[Role][]string{ColOrder: {"orderid"}, ColCustomer: {"buyeruserid"}, ColDate: {"saledate"}, ColAmount: {"ordertotal"},
			ColStatus: {"status"}},
		Identity:    []string{"buyer"},
		Merchandise: []string{"ordervalue"},
		DateFormat:  "%m/%d/%y",
		Rows:        "one row per order, dates MM/DD/YY",
	},
	{ // §7
		Name:   "a Square transactions export",
		Detect: []string{"transactionid", "timezone", "totalcollected"},
		Columns: map[Role][]string{ColOrder: {"transactionid"}, ColCustomer: {"customerid"}, ColDate: {"date"},
			ColAmount: {"totalcollected"}},
		Time:       []string{"time"},
		ZoneColumn: []string{"timezone"},
		Rows:       "one row per payment, refunds as rows of their own (negative, on the refund's date), each time read in its row's Time Zone",
		Note:       "Square leaves Customer ID empty on sales to customers it does not know (walk-in card and cash sales): those rows are counted as having no customer",
	},
	{ // §3
		Name:   "a Magento order grid export",
		Detect: []string{"id", "purchasepoint", "grandtotal(purchased)"},
		Columns: map[Role][]string{ColOrder: {"id"}, ColCustomer: {"customeremail"}, ColDate: {"purchasedate"},
			ColAmount: {"grandtotal(purchased)"}, ColStatus: {"status"}},
		Paid:             []string{"processing", "complete"},
		Unpaid:           []string{"pending", "pending payment", "payment review", "suspected fraud", "on hold"},
		Cancelled:        []string{"canceled"},
		RefundedStatuses: []string{"closed"},
		Refunded:         []string{"totalrefunded"},
		Merchandise:      []string{"subtotal"},
		Rows:             "one row per order",
		Note:             "Magento writes times in the store's zone without naming it: give --tz",
	},
	{ // §4
		Name:   "a BigCommerce orders export",
		Detect: []string{"orderid", "customerid", "ordertotal(inctax)"},
		Columns: map[Role][]string{ColOrder: {"orderid"}, ColCustomer: {"customerid"}, ColDate: {"orderdate"},
			ColAmount: {"ordertotal(inctax)"}, ColStatus: {"orderstatus"}},
		Identity:         []string{"customeremail", "customerphone"},
		Guests:           []string{"0"},
		Paid:             []string{"completed", "shipped", "partially shipped", "awaiting fulfillment", "awaiting shipment", "awaiting pickup", "partially refunded"},
		Unpaid:           []string{"incomplete", "pending", "awaiting payment", "manual verification required"},
		Cancelled:        []string{"cancelled", "declined", "disputed"},
		RefundedStatuses: []string{"refunded"},
		Refunded:         []string{"refundamount"},
		Merchandise:      []string{"subtotal(inctax)", "subtotal(extax)"},
		Time:             []string{"ordertime"},
		Rows:             "one row per order, the time of day in Order Time",
	},
}

// detectProfile returns the profile of a file whose header has the
// (normalised) names find looks up, or nil.
func detectProfile(find func(string) int) *Profile {
	for i := range profiles {
		p := &profiles[i]
		all := true
		for _, h := range p.Detect {
			if find(h) < 0 {
				all = false
				break
			}
		}
		if all {
			return p
		}
	}
	return nil
}

// statusKinds returns how the reader takes each status it knows: the
// user's cancelled statuses when given (Options.Cancelled), else the
// generic ones with the profile's.
func (p *Profile) statusKinds(cancelled map[string]bool, given bool) (kinds map[string]uint8, strict bool) {
	kinds = map[string]uint8{}
	for s := range cancelled {
		kinds[s] = kindCancelled
	}
	if p == nil || given {
		return kinds, false
	}
	for _, s := range p.Paid {
		kinds[normStatus([]byte(s))] = kindPurchase
	}
	for _, s := range p.Unpaid {
		kinds[normStatus([]byte(s))] = kindUnpaid
	}
	for _, s := range p.Cancelled {
		kinds[normStatus([]byte(s))] = kindCancelled
	}
	for _, s := range p.RefundedStatuses {
		kinds[normStatus([]byte(s))] = kindByRefund
	}
	return kinds, len(p.Paid) > 0
}

// resolve maps a file's columns (see resolveMoney) and types the names
// of Options.Where by the roles their columns play, checking the
// condition (see Where).
func (rd *reader) resolve(file string, header []string, ncols int) (*Mapping, error) {
	m, err := rd.resolveMoney(file, header, ncols)
	if err == nil && rd.opt.Where != nil {
		err = rd.opt.Where.bind(file, m, &rd.opt)
	}
	return m, err
}

// resolveMoney maps a file's columns (see resolve) and, with
// Options.Merchandise, takes its amount from the platform's merchandise
// column.
func (rd *reader) resolveMoney(file string, header []string, ncols int) (*Mapping, error) {
	m, err := resolve(file, header, ncols, rd.opt.Columns, rd.opt.Attributes)
	if err != nil || !rd.opt.Merchandise {
		return m, err
	}
	if rd.opt.Columns[ColAmount] != "" {
		return m, nil // --amount names the column
	}
	if m.Profile != nil {
		for _, h := range m.Profile.Merchandise {
			for i, name := range header {
				if normName(name) == h {
					m.Index[ColAmount], m.Index[ColPrice] = i, -1
					return m, nil
				}
			}
		}
	}
	what := msg.Errorf("a file of no known platform")
	if m.Profile != nil {
		what = msg.Text(m.Profile.Name)
	}
	return nil, mappingError(file, header, true,
		msg.Errorf("--revenue merchandise: %s has no merchandise (subtotal) column known to lifecycle; give --amount", what))
}
