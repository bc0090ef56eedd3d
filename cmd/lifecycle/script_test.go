package main

import (
	"errors"
	"flag"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// update rewrites the expected outputs: the cmp files inside the scripts
// of testdata/script and the golden files of testdata/golden.
//
//	go test ./cmd/lifecycle -update
var update = flag.Bool("update", false, "rewrite golden files and the cmp files of test scripts")

// TestMain lets the scripts run lifecycle as a command: the test binary,
// re-executed under that name, runs main.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"lifecycle": main})
}

// TestScripts runs the end-to-end scenarios of testdata/script/*.txtar: each
// holds its input files, the command lines and the expected output.
//
// Besides testscript's commands, a script may use
//
//	exitcode N command [args...]
//
// which runs a command like exec and checks that it exits with status N;
// stdout and stderr are then checked as after exec, and the commands of
// scriptCmds (scriptcmds_test.go) that make compressed and re-encoded
// inputs.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds:                scriptCmds,
		Setup: func(env *testscript.Env) error {
			env.Setenv("TZ", "America/Los_Angeles") // the default --tz is UTC, not the machine's zone
			return nil
		},
	})
}

// cmdExitCode implements `exitcode N command [args...]`.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
