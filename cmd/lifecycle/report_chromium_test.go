package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The report in a real browser: headless Chromium (Debian's chromium,
// driven by chromedp) loads the page from disk with every request that
// leaves the file failed, and the test fails on any console error or such
// request; it takes screenshots at 1280 and 390 pixels wide and prints the
// page to PDF. Then every figure and table cell that names its source
// (data-src), read from the text Chromium renders, is compared with the
// named command's machine output on the same input.

var screenshots = flag.String("screenshots", "", "write the report tests' screenshots and PDFs into this directory")

// chromium returns the path of a Chromium or Chrome, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: apt-get install chromium (the report's browser tests skip)")
	return ""
}

// reportCases are the inputs whose reports must pass the browser test:
// the bundled example, a Taobao export in GBK, and the shared datasets.
func reportCases(t *testing.T) map[string][]string {
	dir := t.TempDir()
	utf8, err := os.ReadFile("../../testdata/platforms/taobao/ExportOrderList.csv")
	require.NoError(t, err)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf8)
	require.NoError(t, err)
	taobao := filepath.Join(dir, "taobao.csv")
	require.NoError(t, os.WriteFile(taobao, gbk, 0o644))
	cases := map[string][]string{
		"example":   {ordersCSV},
		"taobao-zh": {"--lang", "zh", taobao},
	}
	if p := sharedData + "online-retail-dataset.csv.gz"; exists(p) {
		cases["uci"] = []string{p}
	}
	if p := sharedData + "CDNOW_master.txt.gz"; exists(p) {
		cases["cdnow"] = []string{"--no-header", "--customer", "1", "--date", "2", "--amount", "4", p}
	}
	return cases
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestReportInChromium(t *testing.T) {
	exe := chromium(t)
	for name, args := range reportCases(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name+".html")
			code, _, errs := runCmd(t, "", append([]string{"report", "-q", "-o", path}, args...)...)
			require.Equal(t, 0, code, errs)
			st, err := os.Stat(path)
			require.NoError(t, err)
			assert.Less(t, st.Size(), int64(3<<20), "the page stays under 3 MB")
			got := browse(t, exe, path, name)
			inputArgs := args
			if inputArgs[0] == "--lang" {
				inputArgs = inputArgs[2:]
			}
			checkFigures(t, got, inputArgs)
		})
	}
}

// rendered is what the page shows: the text of each element with a
// data-src (figures), and of each table with one.
type rendered struct {
	Figures []struct{ Src, Text string }
	Tables  []struct {
		Src  string
		Cols []string
		Rows [][]string
	}
	Overflow int // page width beyond the viewport at 390 px
}

// browse loads the page in Chromium and checks it loads clean; it returns
// the rendered figures.
func browse(t *testing.T, exe, path, name string) rendered {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("lang", "en-US"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	url := "file://" + path
	var mu sync.Mutex
	var problems []string
	problem := func(s string) {
		mu.Lock()
		problems = append(problems, s)
		mu.Unlock()
	}
	// Every request is paused: the page's own file goes on, any other
	// fails and is a problem.
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	paused := chromedp.Events(lctx, fetch.RequestPaused)
	console := chromedp.Console(lctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range paused {
			if err != nil {
				return
			}
			if ev.Request.URL == url || strings.HasPrefix(ev.Request.URL, "data:") {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			problem("request leaving the file: " + ev.Request.URL)
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	go func() {
		defer wg.Done()
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == "error" || m.Type == "warning" || m.IsException() {
				problem(fmt.Sprintf("console %s: %s", m.Type, m.Text))
			}
		}
	}()
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url), chromedp.WaitReady("footer")))
	wide, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	wideTop, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[rendered](readFiguresJS))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
	time.Sleep(300 * time.Millisecond)
	got.Overflow, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	require.NoError(t, err)
	narrow, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	narrowTop, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	require.NoError(t, err)
	stop()
	wg.Wait()
	assert.Empty(t, problems, "the page loads without errors and without requests")
	assert.LessOrEqual(t, got.Overflow, 0, "no sideways scrolling at 390 px: wide charts and tables scroll in their boxes")
	assert.True(t, strings.HasPrefix(string(pdf), "%PDF-"), "a PDF")
	assert.Greater(t, len(wide), 10000, "a screenshot")
	assert.NotEmpty(t, got.Figures, "figures with their sources")
	if *screenshots != "" {
		require.NoError(t, os.MkdirAll(*screenshots, 0o755))
		shots := map[string][]byte{"-1280-full.png": wide, "-390-full.png": narrow, "-1280.png": wideTop, "-390.png": narrowTop, ".pdf": pdf}
		for suffix, b := range shots {
			require.NoError(t, os.WriteFile(filepath.Join(*screenshots, name+suffix), b, 0o644))
		}
	}
	return got
}

// readFiguresJS reads the text the page renders (innerText) of each
// figure and table that names its source.
const readFiguresJS = `({
  Figures: [...document.querySelectorAll('.figure .value[data-src]')].map(e => ({Src: e.dataset.src, Text: e.innerText})),
  Tables: [...document.querySelectorAll('table[data-src]')].map(t => ({
    Src: t.dataset.src,
    Cols: [...t.querySelectorAll('th')].map(th => th.dataset.col),
    Rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(td => td.innerText)),
  })),
  Overflow: 0,
})`

// checkFigures compares each rendered figure and table cell with the
// machine output of the command its data-src names, run on args.
func checkFigures(t *testing.T, got rendered, args []string) {
	jsons := map[string]map[string]any{}
	run := func(cmdline string) map[string]any {
		if m, ok := jsons[cmdline]; ok {
			return m
		}
		code, out, errs := runCmd(t, "", append(append(strings.Fields(cmdline), "-q", "--format", "json"), args...)...)
		require.Equal(t, 0, code, errs)
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &m), cmdline)
		for k, v := range m {
			if k != "meta" {
				m = v.(map[string]any)
			}
		}
		jsons[cmdline] = m
		return m
	}
	n := 0
	for _, f := range got.Figures {
		// "summary :a.b - summary --as-of D :a.b": a difference of two.
		var want float64
		var wantText string
		for i, term := range strings.Split(f.Src, " - ") {
			cmdline, path, ok := strings.Cut(term, " :")
			require.True(t, ok, f.Src)
			v := lookup(t, run(cmdline), path)
			if s, ok := v.(string); ok {
				wantText = s
				continue
			}
			x, _ := v.(float64)
			if i == 0 {
				want = x
			} else {
				want -= x
			}
		}
		if wantText != "" {
			assert.Equal(t, wantText, f.Text, f.Src)
		} else {
			sameFigure(t, want, f.Text, f.Src)
		}
		n++
	}
	for _, tb := range got.Tables {
		code, out, errs := runCmd(t, "", append(append(strings.Fields(tb.Src), "-q", "--format", "csv"), args...)...)
		require.Equal(t, 0, code, errs)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		col := map[string]int{}
		for i, c := range recs[0] {
			col[c] = i
		}
		byKey := map[string][]string{}
		for _, r := range recs[1:] {
			byKey[r[0]] = r
		}
		for _, row := range tb.Rows {
			want, ok := byKey[row[0]]
			require.True(t, ok, "%s: row %q is in the command's output", tb.Src, row[0])
			for j, c := range tb.Cols {
				k, ok := col[c]
				require.True(t, ok, "%s: column %s", tb.Src, c)
				if x, err := strconv.ParseFloat(want[k], 64); err == nil {
					sameFigure(t, x, row[j], tb.Src+" "+row[0]+" "+c)
				} else {
					assert.Equal(t, orDash(want[k]), row[j], tb.Src+" "+row[0]+" "+c)
				}
				n++
			}
		}
	}
	t.Logf("%d figures equal their commands' output", n)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// lookup finds a dotted path in a command's JSON: "customers.customers",
// or "concentration.top[0.1].share" (the row of a table whose first value
// is 0.1).
func lookup(t *testing.T, m map[string]any, path string) any {
	var cur any = m
	for _, part := range splitPath(path) {
		if name, key, ok := strings.Cut(part, "["); ok {
			key = strings.TrimSuffix(key, "]")
			rows := cur.(map[string]any)[name].([]any)
			cur = nil
			for _, r := range rows {
				for _, v := range r.(map[string]any) {
					if fmt.Sprint(v) == key {
						cur = r
					}
				}
			}
			require.NotNil(t, cur, path)
			continue
		}
		mm, ok := cur.(map[string]any)
		require.True(t, ok, path)
		cur = mm[part]
	}
	return cur
}

// sameFigure checks that text, a number as the page writes it ("1,234.5",
// "12.34%", "-1.0%"), is want written to the decimals shown.
func sameFigure(t *testing.T, want float64, text, what string) {
	t.Helper()
	s := strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(text), ",", ""), "*")
	scale := 1.0
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSuffix(s, "%"), 100
	}
	got, err := strconv.ParseFloat(s, 64)
	if !assert.NoError(t, err, "%s: %q is a number", what, text) {
		return
	}
	dec := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		dec = len(frac)
	}
	tol := 0.5*math.Pow(10, -float64(dec)) + 1e-9
	assert.InDelta(t, want*scale, got, tol, "%s: %q", what, text)
}

// splitPath cuts a path at the dots outside brackets.
func splitPath(p string) []string {
	var parts []string
	depth, start := 0, 0
	for i, c := range p {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				parts = append(parts, p[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, p[start:])
}
