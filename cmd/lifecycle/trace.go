package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"lifecycle/internal/mem"
	"lifecycle/output"
)

// LIFECYCLE_TRACE=1 prints on stderr when each stage of a command ends,
// with the time since the start and since the last stage, the CPU time used
// and the heap: a developer's aid for finding where the wall time goes,
// which a CPU profile does not show (waits, page faults, one busy core).
var traceOn = os.Getenv("LIFECYCLE_TRACE") != ""

var (
	traceStart, traceLast = time.Now(), time.Now()
	traceUser, traceSys   time.Duration
	traceFaults           int64
)

// LIFECYCLE_TEST_PAUSE=STAGE is a test aid: at the end of that stage the
// process writes "lifecycle: test pause after STAGE" on stderr and waits
// there until a signal ends it, so that a test can interrupt a run at a
// known point without guessing a time (signal_test.go).
var testPause = os.Getenv("LIFECYCLE_TEST_PAUSE")

// stage marks the end of a stage of the run: for LIFECYCLE_TRACE, and for
// LIFECYCLE_TEST_PAUSE.
func stage(name string) {
	if traceOn {
		traceStage(name)
	}
	if name == testPause {
		fmt.Fprintf(os.Stderr, "lifecycle: test pause after %s\n", name)
		for {
			time.Sleep(time.Hour)
		}
	}
}

// traceStage prints the trace line of a stage that has ended.
func traceStage(name string) {
	now := time.Now()
	ms := mem.Read()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	user := time.Duration(ru.Utime.Nano())
	sys := time.Duration(ru.Stime.Nano())
	// Page faults are worth watching: where memory is fresh from the
	// system each one costs microseconds (on a virtual machine that hands
	// pages back to its host, more), and writing a file into fresh page
	// cache costs as much.
	faults := ru.Minflt
	fmt.Fprintf(os.Stderr, "trace: %-10s %6.3fs  +%6.3fs  cpu +%5.3fu +%5.3fs  faults +%6d  heap %4d MB  idle %4d MB  released %4d MB  sys %4d MB  gc %d\n",
		name, now.Sub(traceStart).Seconds(), now.Sub(traceLast).Seconds(),
		(user - traceUser).Seconds(), (sys - traceSys).Seconds(), faults-traceFaults,
		ms.Heap>>20, ms.Idle>>20, ms.Released>>20, ms.Sys>>20, ms.GCs)
	traceLast, traceUser, traceSys, traceFaults = now, user, sys, faults
}

// commit commits the outputs of the command together (output.Commit; nil
// ones are skipped), a stage of its own: an fsync can take a while.
func commit(dsts ...*output.Destination) error {
	err := output.Commit(dsts...)
	stage("commit")
	return err
}
