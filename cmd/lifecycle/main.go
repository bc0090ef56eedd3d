// Command lifecycle analyses the order exports of online stores: who the
// customers are, how they buy, what they are worth and who is slipping away.
//
// Every command reads order exports (CSV, TSV, semicolon or whitespace
// text; - is standard input, as is a pipe when no file is given) into
// per-customer histories and writes a table: readable on a terminal, CSV in
// a pipe, or the format of --format or -o.
//
// Exit codes: 0 ok, 1 data or runtime error, 2 usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"lifecycle/msg"
	"lifecycle/output"
	"lifecycle/output/words"
)

func main() {
	// A closed pipe (lifecycle ... | head) must end the program quietly:
	// with SIGPIPE ignored, writes fail with EPIPE and run returns 0.
	signal.Ignore(syscall.SIGPIPE)
	exitOnSignals()
	// LIFECYCLE_CPUPROFILE=FILE writes a CPU profile of the run, for
	// `go tool pprof` (a developer's aid; see README "Speed").
	if path := os.Getenv("LIFECYCLE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exitOnSignals makes SIGINT, SIGTERM and SIGHUP end the program as they
// do by default (a shell reports status 128+n: 130 for SIGINT, 143 for
// SIGTERM), once the temporary files of its outputs are removed, so that
// an interrupted run leaves every -o path as it was and nothing beside it
// (output.RemoveTemporaries). The program dies of the signal itself rather
// than exiting with 128+n, so that a shell running it in a loop stops on
// Ctrl-C as it does for any program killed by SIGINT. A signal ignored at
// start (nohup, a background job without job control) stays ignored.
func exitOnSignals() {
	var sigs []os.Signal
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(sig) {
			sigs = append(sigs, sig)
		}
	}
	if len(sigs) == 0 {
		return
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, sigs...)
	go func() {
		sig := <-c
		output.RemoveTemporaries()
		signal.Reset(sig)
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Signal(sig)
		}
		time.Sleep(time.Second) // the signal is on its way; should it not come:
		os.Exit(128 + int(sig.(syscall.Signal)))
	}()
}

// streams are the program's standard streams, so tests can run commands in
// memory, and the arguments of its command line (for the meta of outputs).
type streams struct {
	in       io.Reader
	out, err io.Writer
	args     []string
	config   *config // the configuration file applied, if any
	// lang is the language the command chose for its words, once it has
	// (checkScreen): main gives an error that stops it in that language.
	lang *words.Lang
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{msg.Errorf(format, args...)}
}

// run executes one command line and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	io := &streams{in: stdin, out: stdout, err: stderr, args: args}
	var configPath string
	root := newRoot(io, &configPath)
	// Cobra fails before a command runs only on a mistake in the command
	// line (unknown command or flag, bad flag value, wrong arguments): those
	// are usage errors. Once the command runs, only a *usageError is one; a
	// data error is not, whatever its message says.
	started := false
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		started = true
		if c.Name() == "config" || c.Parent() != nil && c.Parent().Name() == "config" {
			return nil // config show reads the file itself
		}
		cfg, err := loadConfig(configPath, root)
		if err != nil {
			return err
		}
		_, err = cfg.apply(c, io)
		return err
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	switch {
	case err == nil:
		return 0
	case output.IsBrokenPipe(err):
		return 0
	}
	if !started {
		err = cobraError(err)
	}
	lang := errorLang(args, io.lang, stdout)
	fmt.Fprintf(stderr, "lifecycle: %s\n", errorIn(lang, err))
	var ue *usageError
	if errors.As(err, &ue) || !started {
		fmt.Fprintln(stderr, helpHint(lang, cmd))
		return 2
	}
	return 1
}

func newRoot(io *streams, configPath *string) *cobra.Command {
	root := &cobra.Command{
		Use:   "lifecycle",
		Short: "Customer analytics for the order exports of online stores",
		Long: `lifecycle reads the order exports that online stores produce (Shopify,
WooCommerce, Taobao/Tmall, an ERP or a warehouse query) and answers what a
growth team asks about the customers it already has.

Input: CSV, TSV, semicolon-separated or whitespace-aligned text and Parquet,
plain or gzip/zstd-compressed, in UTF-8, GBK/GB18030 or Windows-1252, with the
format, delimiter, encoding, columns and date layout detected (flags override
each). Several files are read as one input; - is standard input, which is
also read when no file is given and it is a pipe or a file with data.

Output: a table on a terminal, CSV when piped; --format table|csv|tsv|json|jsonl|parquet
or -o FILE (format from the extension; files are written whole or not at all).
Diagnostics go to stderr; -q silences them.

Exit codes: 0 ok, 1 data or runtime error, 2 usage error.`,
		Example: `  lifecycle summary orders.csv
  lifecycle rfm orders.csv                        # scores and segments per customer
  lifecycle rfm --scheme cn8 --lang zh --by segment orders.csv
  lifecycle summary --format json orders-2024-*.csv > audit.json
  lifecycle summary --no-header --customer 2 --date 3 --amount 5 CDNOW_sample.txt`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.Version = readVersion().String()
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newSummaryCmd(io))
	root.AddCommand(newRFMCmd(io))
	root.AddCommand(newLTVCmd(io))
	root.AddCommand(newCohortCmd(io))
	root.AddCommand(newChurnCmd(io))
	root.AddCommand(newReportCmd(io))
	root.AddCommand(newVersionCmd(io))
	root.AddCommand(newConfigCmd(io, configPath))
	registerCompletions(root)
	root.PersistentFlags().StringVar(configPath, "config", "", "read flags from this YAML file (default: $"+configEnv+"); the command line wins")
	return root
}
