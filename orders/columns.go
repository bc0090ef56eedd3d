package orders

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"lifecycle/msg"
)

// Role is what a column of an export means to lifecycle.
type Role int

// The roles a column can play. Customer and Date are required; Amount, or
// Quantity and Price, give the money; the others are optional.
const (
	ColCustomer Role = iota
	ColOrder
	ColDate
	ColAmount
	ColQuantity
	ColPrice
	ColStatus
	ColCancelledAt
	// ColGroup is a column to split the analysis by (such as Country),
	// read only when given (its flag is --by). Each customer belongs to the
	// group of its first purchase: see Histories.ByGroup.
	ColGroup
	// ColCost is the cost of the goods of a row: of the order (or of the
	// line) as written, or a unit cost that the row's quantity multiplies
	// (Mapping.UnitCost). It is read when the header has one (or --cost
	// names it): see cost.go.
	ColCost
	numRoles
)

var roleNames = [numRoles]string{"customer", "order", "date", "amount", "quantity", "price", "status", "cancelled-at", "by", "cost"}

// NoRole is the role of a field that plays none: the Role of a RowError
// for a row with more fields than the header.
const NoRole Role = -1

// String returns the role's name, which is also its flag (--customer, ...),
// or "field" for NoRole.
func (r Role) String() string {
	if r < 0 || r >= numRoles {
		return "field"
	}
	return roleNames[r]
}

// knownNames lists, per role and in order of preference, the header names
// that real exports use, normalised by normName. Sources: generic names,
// UCI Online Retail (CustomerID, InvoiceNo, InvoiceDate, Quantity,
// UnitPrice), CDNOW (customer_id, date, dollar_value, number_of_cds),
// Shopify's orders export (Email, Name, Created at, Total, Financial Status,
// Cancelled at, Lineitem quantity/price), WooCommerce (Order ID, Order
// Number, Order Date, Order Status, Customer User ID, Billing Email, Order
// Total), Tableau Superstore (Customer ID, Order ID, Order Date, Sales),
// BTYD event logs (cust, sales), the 84.51 Complete Journey
// (household_id, basket_id, transaction_timestamp, sales_value) and the
// usual Chinese export headers.
var knownNames = [numRoles][]string{
	ColCustomer: {"customerid", "custid", "customerno", "customernumber", "customeruserid", "clientid", "userid", "buyerid", "memberid", "accountid",
		"householdid", "cust", "customer", "client", "user", "buyer", "member", "customeremail", "billingemail", "email",
		"客户id", "会员id", "用户id", "买家id", "买家会员名", "会员名", "客户编号", "会员编号", "客户",
		"phone", "customerphone", "billingphone", "phonebilling", "mobile", "手机号", "手机", "联系手机", "电话", "联系电话"},
	ColOrder: {"orderid", "orderno", "ordernumber", "order#", "ordernum", "invoiceno", "invoice", "invoiceid", "invoicenumber",
		"basketid", "transactionid", "receiptid", "receiptno", "order",
		"订单编号", "订单号", "订单id"},
	ColDate: {"orderdate", "orderdatetime", "ordertime", "invoicedate", "purchasedate", "purchasetime", "transactiondate", "transactiontimestamp",
		"transactiontime", "createdat", "datecreated", "orderedat", "date", "datetime", "timestamp", "time",
		"订单付款时间", "付款时间", "支付时间", "订单创建时间", "下单时间", "创建时间", "订单日期", "日期"},
	ColAmount: {"amount", "orderamount", "ordertotal", "ordertotalamount", "total", "totalamount", "totalprice", "grandtotal", "revenue",
		"sales", "salesamount", "salesvalue", "netsales", "dollarvalue", "value", "ordervalue", "payment", "paymentvalue",
		"买家实际支付金额", "实付金额", "实付款", "订单金额", "支付金额", "金额"},
	ColQuantity:    {"quantity", "qty", "lineitemquantity", "units", "itemssold", "numberofcds", "cds", "数量", "购买数量", "商品数量"},
	ColPrice:       {"unitprice", "price", "lineitemprice", "priceeach", "itemprice", "单价", "商品单价"},
	ColStatus:      {"financialstatus", "orderstatus", "paymentstatus", "status", "订单状态", "交易状态"},
	ColCancelledAt: {"cancelledat", "canceledat"},
	ColCost:        costNames,
}

// lineColumns are headers that only an order-line export has (one row per
// product of an order): with one of them, rows sharing an order id are lines
// of that order; without, such rows are repeats of the same order.
var lineColumns = []string{"sku", "stockcode", "productid", "itemid", "lineitemname", "lineitemsku", "product", "productname", "description", "商品编号", "商品名称", "宝贝标题"}

// normName normalises a header for matching: case, spaces, '_' and '-'
// ignored.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '_' || r == '-' || r == '\u00a0' || r == '\ufeff' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Columns says, per role, which column to read: a header name or a 1-based
// column number. Empty means: find it from the header by well-known names.
type Columns [numRoles]string

// Mapping is the resolved position (0-based) of each role in a file's
// records, -1 when the file has no such column.
type Mapping struct {
	Index  [numRoles]int
	Header []string // the header, or nil for --no-header files
	Lines  bool     // an order-line export: quantity, price or a product column
	// Attrs are the columns of the attributes asked for
	// (Options.Attributes), named in AttrNames.
	Attrs     []int
	AttrNames []string
	Notes     []error // choices worth telling the user (made by msg, for Options.Words)
	// Profile is the platform the header says the file comes from, or nil.
	Profile *Profile
	// Identity are the columns tried, in order, for a row whose customer
	// column is empty or a guest placeholder (Profile.Identity).
	Identity []int
	// Refunded is the column of the amount refunded on an order, -1 for
	// none.
	Refunded int
	// TimeOfDay is the column whose time completes the date column's day
	// (Profile.Time), Zone the column naming each row's time zone
	// (Profile.ZoneColumn); -1 for none.
	TimeOfDay, Zone int
	// UnitCost says that the cost column holds a unit cost, which the
	// row's quantity multiplies, and OrderCost that it holds the order's
	// cost, repeated on each line of an order-line export (see cost.go).
	UnitCost, OrderCost bool
}

// Describe is the one-line account of the mapping shown on stderr:
// "customer=CustomerID(7) order=InvoiceNo(1) ...".
func (m *Mapping) Describe() string {
	var parts []string
	for r := Role(0); r < numRoles; r++ {
		i := m.Index[r]
		if i < 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%s(%d)", r, m.describeColumn(i), i+1))
	}
	for k, i := range m.Attrs {
		if !slices.Contains(m.Index[:], i) { // a --where on the amount column is said once
			parts = append(parts, fmt.Sprintf("%s=%s(%d)", m.AttrNames[k], m.describeColumn(i), i+1))
		}
	}
	if m.Index[ColAmount] < 0 && m.Index[ColQuantity] >= 0 && m.Index[ColPrice] >= 0 {
		parts = append(parts, "amount=quantity*price")
	}
	if i := m.TimeOfDay; i >= 0 {
		parts = append(parts, fmt.Sprintf("time-of-day=%s(%d)", m.describeColumn(i), i+1))
	}
	if i := m.Zone; i >= 0 {
		parts = append(parts, fmt.Sprintf("zone=%s(%d)", m.describeColumn(i), i+1))
	}
	if m.UnitCost {
		parts = append(parts, "cost=quantity*cost")
	}
	if m.Lines && m.Index[ColOrder] >= 0 {
		parts = append(parts, "(order lines)")
	}
	return strings.Join(parts, " ")
}

// describeColumn is column i's header for Describe, quoted when it has
// spaces or quotes ("column" without a header).
func (m *Mapping) describeColumn(i int) string {
	name := "column"
	if m.Header != nil {
		name = m.Header[i]
	}
	if strings.ContainsAny(name, " \t\"") {
		name = strconv.Quote(name)
	}
	return name
}

// name names the column of a role for messages: "InvoiceDate" (column 5),
// worded (msg) so that a note or an error gives it in its language.
func (m *Mapping) name(r Role) error {
	i := m.Index[r]
	if m.Header == nil {
		return msg.Errorf("(column %d)", i+1)
	}
	return msg.Errorf("%q (column %d)", m.Header[i], i+1)
}

// MappingError says that the columns could not be mapped, showing the header
// and the flags that would fix it.
type MappingError struct {
	File    string
	Header  []string
	Problem string
	// Usage says the problem is in the command line rather than the file:
	// a column flag that names no column of the file (a name not in the
	// header, a number beyond its columns) or the same column as another.
	Usage bool

	why error // Problem as msg.Errorf made it (mappingError), or nil
}

// mappingError is a MappingError whose problem is why.
func mappingError(file string, header []string, usage bool, why error) *MappingError {
	return &MappingError{File: file, Header: header, Problem: why.Error(), Usage: usage, why: why}
}

func (e *MappingError) Error() string { return e.Words().Error() }

// Words is the error worded: the problem, the header and how to name the
// columns.
func (e *MappingError) Words() *msg.Error {
	why := e.why
	if why == nil {
		why = errors.New(e.Problem)
	}
	hint := msg.Errorf("\n  name the columns with flags, by header name or 1-based number, e.g.\n" +
		"  --customer CustomerID --date InvoiceDate --amount Total  (or --quantity Qty --price UnitPrice)\n" +
		"  and --order InvoiceNo --status Status when the export has them")
	if e.Header == nil {
		return msg.Of(msg.Errorf("%s: %w%w", e.File, why, hint))
	}
	var b strings.Builder
	for i, h := range e.Header {
		fmt.Fprintf(&b, " %d=%q", i+1, h)
	}
	return msg.Of(msg.Errorf("%s: %w%w%w", e.File, why, msg.Errorf("\n  header:%s", b.String()), hint))
}

// findFirst returns the column of the first of names the header has, or
// -1.
func findFirst(find func(string) int, names []string) int {
	for _, name := range names {
		if i := find(name); i >= 0 {
			return i
		}
	}
	return -1
}

// resolve maps roles to positions for one file. header is nil for files read
// with --no-header, in which case every given column must be a number.
func resolve(file string, header []string, ncols int, given Columns, attrs []string) (*Mapping, error) {
	m := &Mapping{Header: header, Refunded: -1, TimeOfDay: -1, Zone: -1}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normName(h)
	}
	find := func(name string) int {
		for i, h := range norm {
			if h == name {
				return i
			}
		}
		return -1
	}
	used := map[int]Role{}
	for r := Role(0); r < numRoles; r++ {
		m.Index[r] = -1
		spec := strings.TrimSpace(given[r])
		if spec == "" {
			continue
		}
		i := -1
		if n, err := strconv.Atoi(spec); err == nil {
			if n < 1 {
				return nil, mappingError(file, header, true, msg.Errorf("--%s %d: columns are numbered from 1", r, n))
			}
			if n > ncols {
				return nil, mappingError(file, header, true, msg.Errorf("--%s %d: the file has %d columns", r, n, ncols))
			}
			i = n - 1
		} else if header == nil {
			return nil, mappingError(file, nil, true, msg.Errorf("--%s %q: with --no-header, columns are given by 1-based number", r, spec))
		} else if i = find(normName(spec)); i < 0 && r == ColGroup && attributeNamed(spec) != nil {
			// --by NAME of a declared attribute, under one of its headers.
			if i = attributeNamed(spec).find(find); i < 0 {
				return nil, mappingError(file, header, true, msg.Errorf("--%s %q: no such column, nor one of the attribute's (%s)", r, spec, strings.Join(attributeNamed(spec).Headers, ", ")))
			}
		} else if i < 0 {
			return nil, mappingError(file, header, true, msg.Errorf("--%s %q: no such column", r, spec))
		}
		if other, taken := used[i]; taken {
			return nil, mappingError(file, header, true, msg.Errorf("--%s and --%s name the same column %d", other, r, i+1))
		}
		m.Index[r] = i
		used[i] = r
	}
	if header != nil {
		p := detectProfile(find)
		m.Profile = p
		if p != nil && p.NoIdentity != "" && given[ColCustomer] == "" {
			return nil, mappingError(file, header, false, msg.Text(p.NoIdentity))
		}
		shopify := find("financialstatus") >= 0 || find("lineitemname") >= 0
		for r := Role(0); r < numRoles; r++ {
			if m.Index[r] >= 0 || given[r] != "" {
				continue
			}
			names := knownNames[r]
			if r == ColOrder && shopify {
				names = append([]string{"name"}, names...) // Shopify's order number, "#1001"
			}
			if p != nil {
				names = append(p.Columns[r][:len(p.Columns[r]):len(p.Columns[r])], names...)
			}
			for _, name := range names {
				if i := find(name); i >= 0 {
					if _, taken := used[i]; taken {
						continue
					}
					m.Index[r] = i
					used[i] = r
					break
				}
			}
		}
		if given[ColDate] == "" && m.Index[ColDate] >= 0 {
			chosen := norm[m.Index[ColDate]]
			for _, pair := range [][2]string{{"订单付款时间", "订单创建时间"}, {"付款时间", "创建时间"}, {"支付时间", "下单时间"}} {
				if chosen == pair[0] && find(pair[1]) >= 0 {
					m.Notes = append(m.Notes, msg.Errorf("date: %s (payment time) preferred over %s (order creation); give --date to choose", header[m.Index[ColDate]], pair[1]))
				}
			}
		}
		// With a proper amount column, a price column next to it is a line
		// price we do not need; without one, a lone "price" is the amount
		// (as in event logs such as Id,Date,Price).
		if m.Index[ColAmount] < 0 && m.Index[ColPrice] >= 0 && m.Index[ColQuantity] < 0 && given[ColPrice] == "" {
			m.Index[ColAmount], m.Index[ColPrice] = m.Index[ColPrice], -1
		}
		if m.Index[ColAmount] >= 0 && given[ColPrice] == "" {
			m.Index[ColPrice] = -1
		}
		for _, name := range lineColumns {
			if find(name) >= 0 {
				m.Lines = true
			}
		}
		if p != nil && given[ColCustomer] == "" {
			for _, name := range p.Identity {
				if i := find(name); i >= 0 && i != m.Index[ColCustomer] && !slices.Contains(m.Identity, i) {
					m.Identity = append(m.Identity, i)
				}
			}
		}
		if p != nil {
			m.Refunded = findFirst(find, p.Refunded)
			if given[ColDate] == "" {
				m.TimeOfDay, m.Zone = findFirst(find, p.Time), findFirst(find, p.ZoneColumn)
			}
		}
	}
	if m.Index[ColQuantity] >= 0 || m.Index[ColPrice] >= 0 {
		m.Lines = true
	}
	for _, name := range attrs {
		a, i := attributeNamed(name), -1
		switch {
		case a != nil:
			i = a.find(find)
		default: // a column by its header, else by its role
			if i = find(normName(name)); i < 0 {
				if r := slices.Index(roleNames[:], name); r >= 0 && Role(r) != ColGroup {
					i = m.Index[r]
				} else if name == "refunded" {
					i = m.Refunded
				}
			}
		}
		if i < 0 && a == nil {
			return nil, mappingError(file, header, true,
				msg.Errorf("%s: no such column, nor an attribute lifecycle knows (%s)", name, strings.Join(AttributeNames(), ", ")))
		}
		if i < 0 {
			return nil, mappingError(file, header, false, msg.Errorf("no column of attribute %s (headers %s)", name, strings.Join(a.Headers, ", ")))
		}
		m.Attrs = append(m.Attrs, i)
		m.AttrNames = append(m.AttrNames, name)
	}
	switch {
	case m.Index[ColCustomer] < 0:
		return nil, mappingError(file, header, false, msg.Errorf("no customer column found (give --customer)"))
	case m.Index[ColDate] < 0:
		return nil, mappingError(file, header, false, msg.Errorf("no order date column found (give --date)"))
	case m.Index[ColAmount] < 0 && (m.Index[ColQuantity] >= 0) != (m.Index[ColPrice] >= 0):
		return nil, mappingError(file, header, false, msg.Errorf("a quantity column needs a price column (give --price, or --amount)"))
	}
	return m, nil
}
