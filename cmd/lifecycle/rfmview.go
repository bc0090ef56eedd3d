package main

import (
	"fmt"
	"strings"
	"sync"

	"lifecycle/dates"
	"lifecycle/internal/vieworder"
	"lifecycle/money"
	"lifecycle/output"
	"lifecycle/output/words"
	"lifecycle/rfm"
)

// rfmLang is the language of rfm's segment names and actions (kept in its
// schemes) for the output's language.
func rfmLang(l words.Lang) rfm.Lang {
	if l == words.Chinese {
		return rfm.Chinese
	}
	return rfm.English
}

// The views of rfm: the lines on stderr that describe the scores, and the
// per-customer, per-segment and scheme tables laid out for output.

// customerColumns are the columns of the per-customer view.
var customerColumns = []output.Column{
	{Name: "customer_id", Title: "Customer"},
	{Name: "recency_days", Title: "Recency (days)", Kind: output.Int},
	{Name: "frequency", Title: "Frequency", Kind: output.Int},
	{Name: "monetary", Title: "Monetary", Kind: output.Money},
	{Name: "first_purchase", Title: "First purchase", Kind: output.Day, Drop: 2},
	{Name: "last_purchase", Title: "Last purchase", Kind: output.Day, Drop: 1},
	{Name: "r", Title: "R", Kind: output.Int, Drop: 3}, // the code says them
	{Name: "f", Title: "F", Kind: output.Int, Drop: 3},
	{Name: "m", Title: "M", Kind: output.Int, Drop: 3},
	{Name: "rfm", Title: "RFM"},
	{Name: "segment", Title: "Segment"},
}

// rfmRow is one customer of the per-customer view: 48 bytes without a
// pointer, the id in place when it is short.
type rfmRow struct {
	monetary                        money.Amount
	first, last, recency, frequency int32
	r, f, m, segment                uint8
	id                              vieworder.ID
}

// customerTable lays out the per-customer view, in the order of
// rfm.Result.ViewKeys, then by id (vieworder.Sort). The customers are made
// into small rows in the order of the input (read in memory order), and
// the rows put into view order once: one scattered read per customer,
// where the writer would read each customer, its amount and its id
// scattered over memory.
//
// Once the rows and the keys are made, the customers are not read again,
// and release (if not nil) is called: the caller may drop them and collect
// their memory, which the sort and the copy into view order then reuse
// rather than memory fresh from the system.
func customerTable(res *rfm.Result, lang words.Lang, release func()) *output.Table {
	cs := res.Customers
	n := cs.Len()
	rows := vieworder.NewInput[rfmRow](n)
	var mu sync.Mutex
	minDay, maxRec := res.AsOf, int32(0)
	rows.Fill(func(s *vieworder.Share[rfmRow]) {
		first, rec := res.AsOf, int32(0)
		for i := s.Lo; i < s.Hi; i++ {
			c := cs.At(i)
			r := s.At(i)
			*r = rfmRow{monetary: c.Monetary, first: c.First, last: c.Last, recency: c.Recency,
				frequency: c.Frequency, r: c.R, f: c.F, m: c.M, segment: c.Segment}
			s.SetID(&r.id, i, c.ID)
			first, rec = min(first, c.First), max(rec, c.Recency)
		}
		mu.Lock()
		minDay, maxRec = min(minDay, first), max(maxRec, rec)
		mu.Unlock()
	})
	keys := res.ViewKeys()
	caption := lang.Get("rfm.caption", customersIn(lang, int64(n)), dates.DayString(res.AsOf), res.Scheme.Name)
	drop(&cs)
	if release != nil {
		release()
	}
	view := vieworder.Sort(rows, keys, nil, func(r *rfmRow) *vieworder.ID { return &r.id })
	days := newBoxes(int64(minDay), int64(res.AsOf))
	recency := newBoxes(0, int64(maxRec))
	freq := newBoxes(0, 1<<10)
	var codes [1000]any
	for r := 1; r <= res.Bins; r++ {
		for f := 1; f <= res.Bins; f++ {
			for m := 1; m <= res.Bins; m++ {
				codes[r*100+f*10+m] = fmt.Sprintf("%d%d%d", r, f, m)
			}
		}
	}
	segs := make([]any, len(res.Scheme.Segments))
	for i := range segs {
		segs[i] = res.Scheme.Segments[i].Title(rfmLang(lang))
	}
	// Rows are made as they are written (on every core: the cells only
	// read what is shared) from values boxed once where they repeat, so that
	// millions of customers take no memory beyond the view.
	row := func(k int, cells []any) {
		c := view.At(k)
		cells[0] = view.Cell(&c.id, k)
		cells[1] = recency.get(c.recency)
		cells[2] = freq.get(c.frequency)
		cells[3] = &c.monetary // by pointer: boxing would allocate
		cells[4] = days.get(c.first)
		cells[5] = days.get(c.last)
		cells[6] = c.r
		cells[7] = c.f
		cells[8] = c.m
		cells[9] = codes[int(c.r)*100+int(c.f)*10+int(c.m)]
		cells[10] = segs[c.segment]
	}
	// The same row as CSV or TSV text, without a cell's type switch.
	text := func(w *output.TextRow, dst []byte, k int) []byte {
		c := view.At(k)
		start := len(dst)
		dst = w.String(dst, 0, view.Text(&c.id, k))
		dst = w.Int(dst, 1, int64(c.recency))
		dst = w.Int(dst, 2, int64(c.frequency))
		dst = w.Money(dst, 3, c.monetary)
		dst = w.Day(dst, 4, c.first)
		dst = w.Day(dst, 5, c.last)
		// The scores, the code and the segment: made once per code and
		// segment, then copied.
		code := int(c.r)*100 + int(c.f)*10 + int(c.m)
		dst = w.Memo(dst, code*len(segs)+int(c.segment), func(dst []byte) []byte {
			dst = w.Int(dst, 6, int64(c.r))
			dst = w.Int(dst, 7, int64(c.f))
			dst = w.Int(dst, 8, int64(c.m))
			dst = w.String(dst, 9, codes[code].(string))
			return w.String(dst, 10, segs[c.segment].(string))
		})
		return w.End(dst, start)
	}
	return &output.Table{Columns: customerColumns, Len: n, Row: row, Text: text, Caption: caption}
}

// segmentTable lays out the --by segment view.
func segmentTable(res *rfm.Result, lang words.Lang) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "segment", Title: "Segment"},
		{Name: "customers", Title: "Customers", Kind: output.Int},
		{Name: "customer_share", Title: "Share of customers", Kind: output.Percent, Decimals: 2, Drop: 1},
		{Name: "net_revenue", Title: "Net revenue", Kind: output.Money},
		{Name: "revenue_share", Title: "Share of revenue", Kind: output.Percent, Decimals: 2},
		{Name: "mean_recency_days", Title: "Mean recency (days)", Kind: output.Float, Decimals: 1, Drop: 2},
		{Name: "mean_frequency", Title: "Mean frequency", Kind: output.Float, Drop: 3},
		{Name: "mean_monetary", Title: "Mean monetary", Kind: output.Money, Drop: 3},
		{Name: "action", Title: "Suggested action", Shorten: true},
	}}
	var net money.Amount
	for _, g := range res.BySegment() {
		seg := &res.Scheme.Segments[g.Segment]
		var meanMon any
		if g.Customers > 0 {
			meanMon = g.MeanMonetary
		}
		t.Rows = append(t.Rows, []any{
			seg.Title(rfmLang(lang)), g.Customers, g.CustomerShare, g.Net, g.NetShare,
			g.MeanRecency, g.MeanFrequency, meanMon, seg.Advice(rfmLang(lang)),
		})
		net += g.Net
	}
	t.Caption = lang.Get("rfm.segment_caption",
		customersIn(lang, int64(res.Customers.Len())), net.Grouped(), dates.DayString(res.AsOf), res.Scheme.Name)
	return t
}

// schemeTable lays out a scheme for --show-scheme: every code and its
// segment, or for a split scheme every class and its rule.
func schemeTable(sc *rfm.Scheme, lang words.Lang) *output.Table {
	if sc.IsSplit() {
		level := func(high bool) string {
			switch {
			case high && lang == words.Chinese:
				return "高"
			case lang == words.Chinese:
				return "低"
			case high:
				return "high"
			}
			return "low"
		}
		t := &output.Table{Columns: []output.Column{
			{Name: "segment", Title: "Segment"},
			{Name: "r", Title: "R (high = fewer days)", Word: words.Key("column.r_high_fewer_days")},
			{Name: "f", Title: "F"},
			{Name: "m", Title: "M"},
			{Name: "action", Title: "Suggested action"},
		}}
		for i := range sc.Segments {
			g := &sc.Segments[i]
			t.Rows = append(t.Rows, []any{g.Title(rfmLang(lang)), level(g.High[rfm.R]), level(g.High[rfm.F]), level(g.High[rfm.M]), g.Advice(rfmLang(lang))})
		}
		t.Caption = fmt.Sprintf("%s: %d classes; high means above the mean (--split median: the median), and for R fewer days since the last purchase", sc.Name, len(sc.Segments))
		return t
	}
	codeCol := "rfm"
	if sc.Dims == 2 {
		codeCol = "rf"
	}
	t := &output.Table{Columns: []output.Column{{Name: codeCol, Title: strings.ToUpper(codeCol)}}}
	for d := 0; d < sc.Dims; d++ {
		name := rfm.Dim(d).String()
		t.Columns = append(t.Columns, output.Column{Name: name, Title: strings.ToUpper(name), Kind: output.Int})
	}
	t.Columns = append(t.Columns, output.Column{Name: "segment", Title: "Segment"})
	codes := sc.Codes()
	for _, c := range codes {
		row := []any{c.Code}
		for _, s := range c.Scores {
			row = append(row, s)
		}
		row = append(row, sc.Segments[c.Segment].Title(rfmLang(lang)))
		t.Rows = append(t.Rows, row)
	}
	t.Caption = lang.Get("rfm.scheme_caption", sc.Name, len(codes), len(sc.Segments), sc.Bins)
	return t
}
