package words

import (
	"regexp"
	"strings"
	"unicode"
)

// notes are the notes package orders gives while reading (through
// orders.Options.Words, which passes the English format and takes the
// one to use): each entry's English is the format orders writes,
// byte for byte, so that Lang.Note can find it (TestNotesCatalogued).
var notes = map[Key]Entry{
	"note.read_as":                {"%s: read as %s", "%s：识别为 %s"},
	"note.file":                   {"%s: %v", "%s：%v"},
	"note.file_text":              {"%s: %s", "%s：%s"},
	"note.platform_rows":          {"%v: %v", "%v：%v"},
	"note.date_preferred":         {"date: %s (payment time) preferred over %s (order creation); give --date to choose", "日期：优先用 %s（付款时间），而不是 %s（下单时间）；用 --date 选择"},
	"note.unit_cost":              {"cost: %s reads as a unit cost, but there is no quantity column: read as each row's cost", "成本：%s 看来是单位成本，但没有数量列：按每行的成本读取"},
	"note.platform_zone":          {"%s: times read as %s, the platform's; give --tz to change", "%s：时间按平台的时区 %s 读取；用 --tz 更改"},
	"note.columns":                {"%s: columns %s", "%s：列 %s"},
	"note.identity_phone":         {"customer identity: %s (column %d), phone numbers compared by their digits", "客户身份：%s（第 %d 列），电话号码按数字比较"},
	"note.identity_email":         {"customer identity: %s (column %d), emails trimmed and case-folded", "客户身份：%s（第 %d 列），邮箱去空格并忽略大小写"},
	"note.identity_written":       {"customer identity: %s (column %d), as written", "客户身份：%s（第 %d 列），按原样"},
	"note.identity_by_digits":     {"by its digits", "按数字比较"},
	"note.identity_case_folded":   {"trimmed and case-folded", "去空格并忽略大小写"},
	"note.identity_as_written":    {"as written", "按原样"},
	"note.identity_without":       {"a row without one", "没有客户编号的行"},
	"note.identity_without_guest": {"a row without one or with the guest placeholder %s", "没有客户编号或为访客占位值 %s 的行"},
	"note.identity_fallback":      {"%s (column %d), %v", "%s（第 %d 列，%v）"},
	"note.identity_else":          {"%v, else by %v", "%v，其次按 %v"},
	"note.identity_fallbacks":     {"%v; %v is identified by %v", "%v；%v改按 %v识别"},
	"note.masked_ids":             {"%s: the customer column %s holds masked ids (e.g. %q): customers who share one are read as one, so repeat figures are approximate", "%s：客户列 %s 含打码的编号（如 %q）：共用同一编号的客户被当作一位，复购数字只是近似"},
	"note.dates_row_zone":         {"%s: dates read as %s, each in the zone its row names in %s", "%s：日期按 %s 读取，各按其行在 %s 中写明的时区"},
	"note.dates":                  {"%s: dates read as %s in %s", "%s：日期按 %s 读取，时区 %s"},
	"note.cancel_prefix":          {"%s: %d of the first %d order ids are C and digits, as UCI's cancellations: a return when the amount is negative (or zero with a negative quantity), a purchase when it is positive", "%s：%d 个订单号（在前 %d 个中）是 C 加数字，如 UCI 的取消单：金额为负（或为零而数量为负）时算退货，为正时算购买"},
	"note.plain_ids":              {"%s: %d of the first %d order ids are C and digits: plain ids, not cancellations", "%s：%d 个订单号（在前 %d 个中）是 C 加数字：按普通订单号读取，不算取消"},
	"note.excel_serial":           {"%s: the date column %s holds only numbers from 25569 to 73050: read as Excel serial days (1970 to 2099)", "%s：日期列 %s 只有 25569 到 73050 的数字：按 Excel 序列日读取（1970 至 2099 年）"},
	"note.sheet":                  {"%s: sheet %q read (%s of %d: %s; --sheet chooses)", "%s：已读取工作表 %q（%s，共 %d 个：%s；用 --sheet 选择）"},
	"note.unknown_status":         {"%s the status %q, which the platform's statuses do not list: read as purchases (give --cancelled to list what is not a purchase)", "%s状态 %q 不在平台的状态列表中：按购买读取（用 --cancelled 列出不算购买的状态）"},
	"note.rows_have":              {"%d rows have", "有 %d 行的"},
	"note.row_has":                {"%d row has", "有 %d 行的"},
	"note.not_compressed":         {"%s: not %s-compressed despite its name; read as it is", "%s：文件名像 %s 压缩文件，实际没有压缩；按原样读取"},
	"note.bom":                    {"%s: %s byte-order mark; read as %s", "%s：有 %s 字节顺序标记；按 %s 读取"},
	"note.not_utf8":               {"%s: not UTF-8; read as %s (give --encoding to choose)", "%s：不是 UTF-8；按 %s 读取（用 --encoding 选择）"},
}

// byEnglish are the entries of the notes and the errors by their English,
// for Lang.Note and Lang.Format.
var byEnglish = func() map[string]Entry {
	m := make(map[string]Entry, len(notes)+len(errs))
	for _, area := range []map[Key]Entry{notes, errs, platforms} {
		for _, e := range area {
			m[e.EN] = e
		}
	}
	return m
}()

// Note returns the format of a note of package orders in l, given its
// English format; a format the catalogue does not hold is returned as it
// is (English).
func (l Lang) Note(format string) string {
	s, _ := l.Format(format)
	return s
}

// Format returns a format in l given its English (a note's, or an error's
// made by msg.Errorf), and whether l has it: a format the catalogue does
// not hold is returned as it is, and so is one with no words ("%s:%d: %w"),
// which is the same in every language unless the catalogue says otherwise
// (Chinese writes "%s: %v" with a full-width colon).
func (l Lang) Format(english string) (string, bool) {
	if l == English {
		return english, true
	}
	if e, ok := byEnglish[english]; ok {
		return e.ZH, true
	}
	return english, !HasWords(english)
}

// fmtVerb matches a fmt verb with its flags, width and precision, or %%.
var fmtVerb = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// HasWords says whether a format has words to translate: a letter outside
// its fmt verbs.
func HasWords(format string) bool {
	return strings.ContainsFunc(fmtVerb.ReplaceAllString(format, ""), unicode.IsLetter)
}
