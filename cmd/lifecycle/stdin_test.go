package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestStdinDevNull runs a command with no file and /dev/null as standard
// input, as cron does: a usage error, not an empty read.
func TestStdinDevNull(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	var out, errb bytes.Buffer
	if code := run([]string{"summary"}, null, &out, &errb); code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "missing file argument") || out.Len() > 0 {
		t.Errorf("stdout %q, stderr %q: want only the missing file on stderr", out.String(), errb.String())
	}
}

// TestStdinRegularFile runs a command with no file and an order file as
// standard input (lifecycle summary < orders.csv).
func TestStdinRegularFile(t *testing.T) {
	path := t.TempDir() + "/orders.csv"
	if err := os.WriteFile(path, []byte("order_id,customer_id,order_date,amount\n1,alice,2024-01-05,20.00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out, errb bytes.Buffer
	if code := run([]string{"summary", "-q", "--format", "csv"}, f, &out, &errb); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), "customers,net_revenue,20.00\n") {
		t.Errorf("stdout:\n%s\nwant net revenue 20.00", out.String())
	}
}
