package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"lifecycle/output/words"
	"lifecycle/rfm"
)

// Shell completion of flag values (`lifecycle completion bash|zsh|fish|
// powershell` writes the script, cobra's): the fixed values of the flags
// that take one of a few, and the column names of the first input file's
// header for the column flags, when that file is plain text (a compressed
// file, a workbook or Parquet is not opened for it).

// flagValues are the values each flag takes, by its name; a flag of the
// same name takes the same values in every command that has it, except
// where completionValues below says otherwise.
var flagValues = map[string][]string{
	"format":          {"table", "csv", "tsv", "json", "jsonl", "parquet", "xlsx"},
	"lang":            words.Codes,
	"scheme":          rfm.Schemes,
	"model":           {"bgnbd", "pareto-nbd", "mbgnbd", "historical"},
	"period":          {"day", "week", "month", "quarter", "year"},
	"metric":          {"customers", "orders", "revenue", "ltv", "repeat"},
	"time-unit":       {"week", "day"},
	"frequency":       {"orders", "days"},
	"monetary":        {"total", "average"},
	"split":           {"mean", "median"},
	"returns":         {"net", "ignore"},
	"revenue":         {"total", "merchandise"},
	"encoding":        {"utf-8", "gbk", "gb18030", "latin1"},
	"output-encoding": {"utf-8", "gb18030"},
	"input-format":    {"csv", "tsv", "parquet", "xlsx"},
	"delimiter":       {",", ";", "tab", "|", "space"},
	"color":           {"auto", "always", "never"},
	"value":           {"revenue", "ltv"},
	"compare":         {"ltv"},
}

// completionValues are the values of a flag that differ between commands.
var completionValues = map[string]map[string][]string{
	"rfm":   {"by": {"customer", "segment"}},
	"churn": {"by": {"customer", "rule", "level"}},
}

// columnFlags name a column of the input.
var columnFlags = []string{"customer", "order", "date", "amount", "quantity", "price", "status"}

// registerCompletions registers the completion of flag values on every
// command under root.
func registerCompletions(root *cobra.Command) {
	for _, c := range root.Commands() {
		fs := c.Flags()
		for name, values := range flagValues {
			if fs.Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fixed(values))
			}
		}
		for name, values := range completionValues[c.Name()] {
			_ = c.RegisterFlagCompletionFunc(name, fixed(values))
		}
		cols := columnFlags
		if c.Name() == "cohort" {
			cols = append(cols[:len(cols):len(cols)], "by")
		}
		for _, name := range cols {
			if fs.Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, headerColumns)
			}
		}
	}
}

func fixed(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			if strings.HasPrefix(v, prefix) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// headerColumns completes a column flag with the names in the header of
// the first file argument, when it is a text file.
func headerColumns(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	for _, a := range args {
		if a == "-" {
			continue
		}
		names := readHeader(a)
		var out []cobra.Completion
		for _, n := range names {
			if strings.HasPrefix(strings.ToLower(n), strings.ToLower(prefix)) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// readHeader returns the fields of the first line of a text file, split
// at the most frequent of , ; tab and |; nothing for a file that is not
// plain text (compressed, a workbook, Parquet) or cannot be read.
func readHeader(path string) []string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gz", ".zst", ".xlsx", ".xlsm", ".parquet":
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(io.LimitReader(f, 1<<16), 1<<16).ReadSlice('\n')
	if err != nil && err != io.EOF || bytes.HasPrefix(line, []byte("PAR1")) || bytes.IndexByte(line, 0) >= 0 {
		return nil
	}
	line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	sep, most := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if n := bytes.Count(line, []byte(string(d))); n > most {
			sep, most = d, n
		}
	}
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma, r.LazyQuotes = sep, true
	fields, err := r.Read()
	if err != nil {
		return nil
	}
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	return fields
}
