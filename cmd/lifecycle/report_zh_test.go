package main

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageText is the text a person reads on a report page: its markup,
// styles and scripts left out.
func pageText(t *testing.T, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	code, _, errs := runCmd(t, "", append([]string{"report", "-q", "-o", path}, args...)...)
	require.Equal(t, 0, code, errs)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	s := regexp.MustCompile(`(?s)<style.*?</style>|<script.*?</script>|<[^>]+>`).ReplaceAllString(string(b), "\n")
	return html.UnescapeString(s)
}

// TestReportChineseWords checks that the Chinese report's tables hold the
// Chinese words of the churn rules, levels, reasons and rows that the
// English report shows in English (the words are checked in the English
// page too, so that the test cannot pass on a page that lacks them).
func TestReportChineseWords(t *testing.T) {
	en := pageText(t, ordersCSV)
	zh := pageText(t, "--lang", "zh", ordersCSV)
	for enWord, zhWord := range map[string]string{
		"critical":           "严重",
		"overdue":            "逾期",
		"dormant":            "沉睡",
		"no-second-purchase": "未复购",
		"any rule":           "任一规则",
		"all customers":      "全部客户",
		"the usual gap":      "通常间隔",
		"built with":         "构建工具",
	} {
		assert.Contains(t, en, enWord, "English page")
		assert.NotContains(t, zh, enWord, "Chinese page")
		assert.Contains(t, zh, zhWord, "Chinese page")
	}
}
