package orders

import (
	"bytes"

	"github.com/cespare/xxhash/v2"

	"lifecycle/money"
	"lifecycle/msg"
)

// rowValues is what row has made of a record so far, one step after
// another.
type rowValues struct {
	orderID []byte

	// Whose (identify).
	custField    []byte // the customer as the row names it: the id, or the email or phone fallen back to
	custPhone    bool   // custField is a phone, compared by its digits
	continuation bool   // a further line of the order above, whose fields it leaves empty
	cust         []byte // the customer as histories key it

	// When (readDate).
	t     int64
	dated bool // false: an undated order taken for no purchase by its status

	// How much, in what (readAmount, readCurrency).
	amount     money.Amount
	qty        money.Amount
	hasQty     bool
	amountText []byte // the amount's or the price's text, for its currency
	cur        string

	// What kind (decideKind).
	repeat bool  // a further row repeating its order's total, adding nothing
	kind   uint8 // kindPurchase, kindReturn, kindCancelled or kindUnpaid
	refund money.Amount

	value money.Amount // what the row adds: its amount, or its margin
}

// row reads one record into its customer's history, or counts it as
// skipped. Each step is a rule of its own, below, in the order row takes
// them: the record's shape; whose row it is; when, how much and in what
// currency; what kind of row (a purchase, a return, cancelled, unpaid,
// refunded); the value it adds (converted with --fx, less its cost with
// --value margin); and where it goes (keep).
func (fr *fileReader) row(f [][]byte, line int) error {
	fr.stats.Rows++
	if e := fr.shape(f, line); e != nil {
		return fr.skip(f, e)
	}
	var r rowValues
	if i := fr.m.Index[ColOrder]; i >= 0 {
		r.orderID = trimField(f[i])
	}
	held, e := fr.identify(f, line, &r)
	if e != nil {
		return fr.skip(f, e)
	}
	if held {
		return nil
	}
	fr.deferring = false
	if e := fr.readDate(f, line, &r); e != nil {
		return fr.skip(f, e)
	}
	if e := fr.readAmount(f, line, &r); e != nil {
		return fr.skip(f, e)
	}
	if e := fr.readCurrency(f, line, &r); e != nil {
		return fr.skip(f, e)
	}
	if r.continuation {
		r.cust = fr.last.cust
		fr.stats.Continuations++
	} else {
		r.cust = fr.customer(r.custField, r.custPhone)
	}
	if e := fr.decideKind(f, line, &r); e != nil {
		return fr.skip(f, e)
	}
	// With --fx, the amount, the refund and the cost in the target
	// currency, at the rate of the order's day.
	var conv *rowFX
	if fr.rd.opt.FX != nil {
		rate, err := fr.rate(r.cur, r.t, r.dated, line)
		if err != nil {
			return err
		}
		conv = &fr.conv
		if err := fr.convert(r.cur, rate, line, &r.amount, &r.refund, conv); err != nil {
			return err
		}
	}
	// The row's value: its amount, or with Margin its amount less its cost.
	r.value = r.amount
	if fr.m.Index[ColCost] >= 0 {
		var e *RowError
		if r.value, e = fr.margin(f, line, r.amount, r.qty, r.kind, r.continuation, fr.sameOrderAsLast(r.orderID), conv); e != nil {
			return fr.skip(f, e)
		}
	}
	if conv != nil {
		fr.stats.Conversions = addConversion(fr.stats.Conversions, conv.c)
	}
	return fr.keep(f, line, &r)
}

// shape checks that the record has the fields the mapping needs, and none
// beyond the header's but empty ones.
func (fr *fileReader) shape(f [][]byte, line int) *RowError {
	if len(f) < fr.need {
		return &RowError{File: fr.name, Line: line, Reason: ShortRow,
			Err: msg.Errorf("%d fields, expected at least %d", len(f), fr.need)}
	}
	if len(f) > fr.width {
		return fr.extraFields(f, line)
	}
	return nil
}

// identify finds whose row it is (see identity.go): the customer column; a
// guest placeholder's row falls back at once to the email or phone (what
// tells two guests' orders apart), an empty one only when the row does not
// continue the order above it.
//
// A continuation line carries a further item of the order above it, whose
// order-level fields it leaves empty: it has the same order id, and either
// no customer or the same one with no amount. Shopify's orders export
// repeats Name and Email on every line-item row and writes Total,
// Financial Status and Created at on the first only.
//
// held reports a row kept for later: a chunk's reader (deferring) keeps
// the rows that may continue the order at the end of the chunk before, to
// be judged after it, in order.
func (fr *fileReader) identify(f [][]byte, line int, r *rowValues) (held bool, e *RowError) {
	col := fr.m.Index[ColCustomer]
	r.custField, r.custPhone = trimField(f[col]), fr.ident.phone
	fellBack := false
	if fr.ident.isGuest(r.custField) {
		if r.custField, r.custPhone = fr.ident.fallback(f); len(r.custField) == 0 {
			return false, fr.bad(line, ColCustomer, trimField(f[col]), NoCustomer, msg.Errorf("a guest checkout with no email or phone"))
		}
		fellBack = true
	}
	if fr.deferring && len(r.orderID) > 0 && fr.m.Profile != nil && fr.m.Profile.TotalRepeated && fr.sameAsDeferred(r.orderID) {
		// Maybe a further row of the chunk before's last order, repeating
		// its total.
		return fr.hold(f, line), nil
	}
	if len(r.custField) == 0 || fr.amountBlank(f) {
		if fr.deferring && len(r.orderID) > 0 {
			return fr.hold(f, line), nil // maybe a continuation of the chunk before's last order
		}
		if len(r.orderID) > 0 && bytes.Equal(r.orderID, fr.last.other) {
			return false, &RowError{File: fr.name, Line: line, Reason: OtherCurrency, Err: msg.Errorf("a further line of an order in another currency")}
		}
		switch {
		case fr.sameOrderAsLast(r.orderID) && (len(r.custField) == 0 || bytes.Equal(fr.customer(r.custField, r.custPhone), fr.last.cust)):
			r.continuation = true
		case len(r.custField) == 0:
			if r.custField, r.custPhone = fr.ident.fallback(f); len(r.custField) == 0 {
				return false, fr.bad(line, ColCustomer, r.custField, NoCustomer, msg.Errorf("empty"))
			}
			fellBack = true
		}
		if !r.continuation && len(r.orderID) > 0 && fr.m.Profile != nil && fr.m.Profile.FirstRowFields && fr.amountBlank(f) {
			// Order fields left empty, as on a further line, but the
			// order's first line is not above it.
			return false, fr.bad(line, ColAmount, nil, BadAmount,
				msg.Errorf("empty: a further line of order %s, whose first line (with the order's fields) is not just above it", r.orderID))
		}
	}
	if fellBack {
		fr.stats.Fallbacks++
	}
	if !r.continuation {
		if i := controlByte(r.custField); i >= 0 {
			return false, fr.bad(line, ColCustomer, r.custField, BadCustomer, msg.Errorf("control character %q at byte %d", r.custField[i], i+1))
		}
	}
	return false, nil
}

// hold keeps a row for later (see identify); it is counted when judged.
func (fr *fileReader) hold(f [][]byte, line int) bool {
	fr.stats.Rows--
	fr.deferred.add(line, f)
	return true
}

// sameOrderAsLast reports whether a row of orderID is of the order of the
// row read just before it.
func (fr *fileReader) sameOrderAsLast(orderID []byte) bool {
	return len(orderID) > 0 && fr.last.ok && bytes.Equal(orderID, fr.last.order)
}

// readDate reads when the row's order was placed. A further line of an
// order may leave its date empty: its order's. A cancelled order needs
// none: Taobao leaves the payment time of an order closed unpaid empty,
// and such an order is no purchase (dated is false).
func (fr *fileReader) readDate(f [][]byte, line int, r *rowValues) *RowError {
	r.dated = true
	if fr.typed.hasTime {
		r.t = fr.typed.time // decoded by the source: nothing to parse
		return nil
	}
	d := trimField(f[fr.m.Index[ColDate]])
	if r.continuation && len(d) == 0 {
		r.t = fr.last.time
		return nil
	}
	d = fr.withTimeOfDay(f, d)
	zone, e := fr.rowZone(f, line)
	if e != nil {
		return e
	}
	var err error
	r.t, err = fr.layout.Parse(d, zone)
	if err == nil && (r.t < minRowTime || r.t > maxRowTime) {
		err = msg.Errorf("out of range")
	}
	if err != nil {
		if len(d) > 0 || !fr.isCancelled(f) {
			return fr.bad(line, ColDate, d, BadDate, err)
		}
		r.dated = false
	}
	return nil
}

// readAmount reads how much the row is worth: its amount column, or its
// quantity times its price. A further line of an order may leave them
// empty.
func (fr *fileReader) readAmount(f [][]byte, line int, r *rowValues) *RowError {
	idx := &fr.m.Index
	number := func(role Role, reason Reason) ([]byte, money.Amount, *RowError) {
		v := trimField(f[idx[role]])
		a, err := money.Parse(v, money.Options{DecimalComma: fr.comma[role]})
		if err != nil && !(r.continuation && len(v) == 0) {
			return v, 0, fr.bad(line, role, v, reason, err)
		}
		return v, a, nil
	}
	if idx[ColQuantity] >= 0 {
		var e *RowError
		if _, r.qty, e = number(ColQuantity, BadQuantity); e != nil {
			return e
		}
		r.hasQty = true
	}
	switch {
	case fr.typed.hasAmount:
		r.amount = fr.typed.amount // decoded by the source: nothing to parse
	case idx[ColAmount] >= 0:
		var e *RowError
		if r.amountText, r.amount, e = number(ColAmount, BadAmount); e != nil {
			return e
		}
	case idx[ColPrice] >= 0 && r.hasQty:
		v, p, e := number(ColPrice, BadPrice)
		if e != nil {
			return e
		}
		r.amountText = v
		a, ok := money.Mul(r.qty, p)
		if !ok {
			return fr.bad(line, ColPrice, v, BadPrice, msg.Errorf("quantity x price too large"))
		}
		r.amount = a
	default:
		fr.stats.NoAmount = true
	}
	return nil
}

// readCurrency reads the currency of the row's order (currency.go): a
// further line's is its order's. A row of another currency than the
// read's is skipped, and the further lines of its order with it.
func (fr *fileReader) readCurrency(f [][]byte, line int, r *rowValues) *RowError {
	r.cur = fr.last.cur
	if r.continuation || fr.curCol == 0 && !mayNameCurrency(r.amountText) && fr.rd.opt.FX == nil {
		return nil
	}
	cur, e := fr.currency(f, line, r.amountText)
	if e != nil {
		fr.last.other = append(fr.last.other[:0], r.orderID...)
		return e
	}
	r.cur = cur
	return nil
}

// decideKind decides what kind of row it is, by these rules in turn:
//   - a further row of an export that repeats its order's total on each of
//     its rows (Profile.TotalRepeated) adds nothing;
//   - a status (or cancelled-at) column may say cancelled or unpaid, and the
//     further lines of such an order are too;
//   - a negative amount is a return; a cancellation id (UCI's "C536379")
//     makes a return of a row worth nothing whose quantity is negative, but
//     never of a positive amount, which is a purchase whatever its id;
//   - what the export says was refunded on the order: in full, the order is
//     no purchase; in part, a return of the refund follows the purchase;
//   - a status that says refunded is no purchase, unless the refunded
//     column says the refund was in part.
func (fr *fileReader) decideKind(f [][]byte, line int, r *rowValues) *RowError {
	r.repeat = fr.m.Profile != nil && fr.m.Profile.TotalRepeated && !r.continuation &&
		fr.sameOrderAsLast(r.orderID) && bytes.Equal(r.cust, fr.last.cust)
	if r.repeat {
		r.amount = 0
	}
	kind := fr.statusOf(f)
	byRefund := kind == kindByRefund
	if byRefund {
		kind = kindPurchase // unless the refunded column says otherwise, below
	}
	switch {
	case (r.continuation || r.repeat) && fr.last.kind != kindPurchase && fr.last.kind != kindReturn:
		kind = fr.last.kind // a cancelled or unpaid order's further lines too
	case kind != kindPurchase:
	case r.amount < 0 || r.amount == 0 && r.hasQty && r.qty < 0 && fr.cancelPrefix && isCancelPrefixed(r.orderID):
		kind = kindReturn
	}
	firstRow := !r.continuation && !r.repeat
	if fr.m.Refunded >= 0 && kind == kindPurchase && firstRow {
		refund, e := fr.refunded(f, line)
		if e != nil {
			return e
		}
		if refund > 0 && refund >= r.amount {
			kind, refund = kindCancelled, 0
		}
		r.refund = refund
	}
	if byRefund && kind == kindPurchase && r.refund == 0 && firstRow {
		kind = kindCancelled // refunded, and no column says it was in part
	}
	if !r.dated && (kind == kindPurchase || kind == kindReturn) {
		// Undated, taken for no purchase by its status, but the refunded
		// column says it was one in part.
		return fr.bad(line, ColDate, nil, BadDate, msg.Errorf("empty, and the order was paid (the refunded column says it was refunded in part)"))
	}
	r.kind = kind
	return nil
}

// keep adds the row to its customer's history and to the accounting: to
// the order read just above when it is a further line of it, as a
// duplicate when the read has seen it already (Options.Dedupe), else as a
// row of its own, followed by the return of its refund in part.
func (fr *fileReader) keep(f [][]byte, line int, r *rowValues) error {
	st := fr.stats
	if r.kind == kindReturn {
		st.ReturnRows++
	}
	key := fr.orderKey(r.orderID)
	st.total.Add(r.value)
	st.magnitude = addMagnitude(st.magnitude, absAmount(r.amount))
	if r.dated {
		fr.minTime = min(fr.minTime, r.t)
		fr.maxTime = max(fr.maxTime, r.t)
	}
	attrs, err := fr.attributes(f)
	if err != nil {
		return err
	}
	kept := newRow(r.t, r.value, key, r.kind)
	if fr.lines != nil && len(r.orderID) > 0 {
		var product []byte
		if fr.product >= 0 {
			product = trimField(f[fr.product])
		}
		fr.lines.add(fr.file, line, r.orderID, product, r.qty, r.amount, attrs)
	}
	b := fr.out
	if b.Len() > 0 && !fr.rd.dedupe && len(r.orderID) > 0 && fr.last.ok {
		// A further line of the order just read: add it in place (the
		// order keeps the attribute values of its first line).
		if p := b.Last(); p.key == kept.key && bytes.Equal(r.cust, fr.last.cust) { // the key holds the kind
			p.t = min(p.t, kept.t)
			p.amount += r.value
			fr.last.time = r.t
			return nil
		}
	}
	fr.last.ok = len(r.orderID) > 0
	fr.last.order = append(fr.last.order[:0], r.orderID...)
	if !r.continuation {
		fr.last.cust = append(fr.last.cust[:0], r.cust...)
		fr.last.kind = r.kind
		fr.last.cur = r.cur
	}
	fr.last.time = r.t
	if fr.rd.dedupe && len(r.orderID) > 0 && fr.repeats(kept, r.cust) {
		st.Duplicates++
		st.DuplicateValue += r.value
		return nil
	}
	fr.addRow(kept, r.cust, attrs)
	if r.refund > 0 {
		st.Refunds++
		st.RefundValue -= r.refund
		if fr.rd.overlaps {
			st.refunds = append(st.refunds, refundMark{key >> 2, uint32(fr.file), r.refund})
		}
		st.ReturnRows++
		st.total.Add(-r.refund)
		if fr.rd.opt.Margin {
			st.revenue.Add(-r.refund) // the goods are not back: no cost
		}
		st.magnitude = addMagnitude(st.magnitude, absAmount(r.refund))
		fr.addRow(newRow(r.t, -r.refund, key, kindReturn), r.cust, attrs)
	}
	if fr.flush != nil && b.Full() { // a refund adds two rows
		fr.flush()
	}
	return nil
}

// orderKey is the key of a row's order in the histories: a hash of its
// order id (of the file's own ids with Options.IDPerFile), or for a row
// without one a key of its own.
func (fr *fileReader) orderKey(orderID []byte) uint64 {
	if len(orderID) == 0 {
		fr.seq++
		return fr.seqBase | fr.seq<<2 // the low 2 bits hold the kind
	}
	key := xxhash.Sum64(orderID)
	if fr.rd.opt.IDPerFile {
		key ^= uint64(fr.file) * 0x9e3779b97f4a7c15 // the file's own ids
	}
	return key
}

// attributes numbers the row's attribute values as a combination (the --by
// value first).
func (fr *fileReader) attributes(f [][]byte) (uint32, error) {
	if len(fr.m.Attrs) > 0 {
		return fr.combination(fr.attrKey(f, fr.m.Index[ColGroup]))
	}
	if i := fr.m.Index[ColGroup]; i >= 0 {
		return fr.combination(trimField(f[i]))
	}
	return 0, nil
}
