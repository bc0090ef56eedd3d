package words

// read are the notes a read of several files or currencies gives on
// stderr, and the summary's labels for them (orders/overlap.go, --fx).
var read = map[Key]Entry{
	"read.given_twice":       {"%s: given twice: read once", "%s：重复给出，只读一次"},
	"read.same_bytes":        {"%s: the same bytes as %s: read once", "%s：与 %s 字节完全相同，只读一次"},
	"read.overlap_same":      {"orders in more than one file with the same content, read once: %d", "在多个文件中内容相同的订单（只读一次）：%d"},
	"read.overlap_updated":   {"orders in more than one file with different content (a later export updated them), read from the file given last: %d", "在多个文件中内容不同的订单（后来的导出更新过），以最后给出的文件为准：%d"},
	"read.overlap_repeats":   {"rows without an order id repeated whole in more than one file, read once (--id-per-file reads every file whole): %d", "无订单号、在多个文件中整行重复的行（只读一次；--id-per-file 则每个文件全读）：%d"},
	"read.overlap_rows":      {"rows left out because a later file holds them too: %d (%s)", "因后面的文件也包含而略去的行：%d（%s）"},
	"read.converted":         {"rows converted from %s: %d (%s %s, %s %s once converted)", "由 %s 换算的行：%d（%s %s，换算后 %s %s）"},
	"summary.overlap_orders": {"Orders in several files, read once", "多个文件共有的订单（只读一次）"},
	"summary.updated_orders": {"  of which updated", "  其中内容有更新的"},
	"summary.updated_note":   {"(read from the file given last)", "（以最后给出的文件为准）"},
	"summary.overlap_rows":   {"Rows that later files hold too", "后面的文件也包含的行"},
	"summary.overlap_value":  {"Rows that later files hold value", "后面的文件也包含的行的金额"},
	"summary.converted":      {"Converted to %s", "换算为 %s"},
}
