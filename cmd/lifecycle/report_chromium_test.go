package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	// One customer's one order: every chart at one row, the model
	// unfitted.
	one := filepath.Join(dir, "one.csv")
	require.NoError(t, os.WriteFile(one, []byte("customer_id,order_date,amount\na,2024-01-05,10.00\n"), 0o644))
	cases := map[string][]string{
		"example":   {ordersCSV},
		"taobao-zh": {"--lang", "zh", taobao},
		"one-order": {one},
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
