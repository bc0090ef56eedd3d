package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/output"
)

// metaDoc is the part of an output's meta that the tests read back.
type metaDoc struct {
	Program     string `json:"program"`
	Version     string `json:"version"`
	Revision    any    `json:"revision"`
	CommandLine string `json:"command_line"`
	Inputs      []struct {
		Name       string            `json:"name"`
		Size       int64             `json:"size"`
		XXHash64   string            `json:"xxhash64"`
		Delimiter  string            `json:"delimiter"`
		Mapping    map[string]string `json:"mapping"`
		DateLayout string            `json:"date_layout"`
		Rows       int64             `json:"rows"`
	} `json:"inputs"`
	TimeZone string `json:"time_zone"`
	AsOf     string `json:"as_of"`
	AsOfFrom string `json:"as_of_from"`
	Model    *struct {
		Name   string             `json:"name"`
		Params map[string]float64 `json:"params"`
	} `json:"model"`
}

// checkMeta checks a meta read back from an output against the input file
// it was made from (its size and xxhash64 computed here) and the command
// line.
func checkMeta(t *testing.T, raw []byte, input string, args []string) metaDoc {
	t.Helper()
	var m metaDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	require.NoError(t, dec.Decode(&m), "%s", raw)
	data, err := os.ReadFile(input)
	require.NoError(t, err)
	assert.Equal(t, "lifecycle", m.Program)
	assert.Equal(t, "(devel)", m.Version, "a test binary has no module version")
	assert.Nil(t, m.Revision, "nor VCS information")
	assert.Equal(t, commandLine(args), m.CommandLine)
	require.Len(t, m.Inputs, 1)
	in := m.Inputs[0]
	assert.Equal(t, input, in.Name)
	assert.Equal(t, int64(len(data)), in.Size)
	assert.Equal(t, fmt.Sprintf("%016x", xxhash.Sum64(data)), in.XXHash64)
	assert.Equal(t, ",", in.Delimiter)
	assert.Equal(t, map[string]string{"customer": "customer_id", "order": "order_id", "date": "order_date", "amount": "amount"}, in.Mapping)
	assert.Equal(t, "ISO 8601", in.DateLayout)
	assert.Positive(t, in.Rows)
	assert.Equal(t, "Europe/Berlin", m.TimeZone)
	assert.Equal(t, "2024-06-30", m.AsOf)
	assert.Equal(t, "--as-of", m.AsOfFrom)
	return m
}

// TestMetaReadBack: the meta of a JSON output, of a Parquet output (its
// key-value metadata) and of the --meta sidecar of a CSV output, each
// read back, name the version, the command line, the input with its size
// and hash, the column mapping, the time zone and the as-of date; ltv's
// names its model and parameters.
func TestMetaReadBack(t *testing.T) {
	dir := t.TempDir()
	common := []string{"-q", "--tz", "Europe/Berlin", "--as-of", "2024-06-30"}

	t.Run("json", func(t *testing.T) {
		for _, c := range []struct{ cmd, key string }{
			{"summary", "summary"}, {"rfm", "rows"}, {"cohort", "rows"}, {"churn", "rows"}, {"ltv", "rows"},
		} {
			args := append(append([]string{c.cmd, "--format", "json"}, common...), ordersCSV)
			code, out, errs := runCmd(t, "", args...)
			require.Equal(t, 0, code, errs)
			var doc map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			require.Contains(t, doc, c.key, c.cmd)
			m := checkMeta(t, doc["meta"], ordersCSV, args)
			if c.cmd == "ltv" {
				require.NotNil(t, m.Model)
				assert.Equal(t, "bgnbd", m.Model.Name)
				assert.Len(t, m.Model.Params, 4)
			} else {
				assert.Nil(t, m.Model, c.cmd)
			}
		}
	})

	t.Run("parquet", func(t *testing.T) {
		path := filepath.Join(dir, "rfm.parquet")
		args := append(append([]string{"rfm", "-o", path}, common...), ordersCSV)
		code, _, errs := runCmd(t, "", args...)
		require.Equal(t, 0, code, errs)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		v, ok := f.Lookup(output.MetaKey)
		require.True(t, ok, "no %s key-value metadata", output.MetaKey)
		checkMeta(t, []byte(v), ordersCSV, args)
	})

	t.Run("sidecar", func(t *testing.T) {
		csvPath, metaPath := filepath.Join(dir, "rfm.csv"), filepath.Join(dir, "rfm.meta.json")
		args := append(append([]string{"rfm", "-o", csvPath, "--meta", metaPath}, common...), ordersCSV)
		code, _, errs := runCmd(t, "", args...)
		require.Equal(t, 0, code, errs)
		raw, err := os.ReadFile(metaPath)
		require.NoError(t, err)
		checkMeta(t, raw, ordersCSV, args)
		// The CSV keeps its shape: the same bytes as without --meta.
		plain := filepath.Join(dir, "plain.csv")
		code, _, errs = runCmd(t, "", append(append([]string{"rfm", "-o", plain}, common...), ordersCSV)...)
		require.Equal(t, 0, code, errs)
		a, _ := os.ReadFile(csvPath)
		b, _ := os.ReadFile(plain)
		assert.Equal(t, string(b), string(a))
	})

	t.Run("stdin", func(t *testing.T) {
		data, err := os.ReadFile(ordersCSV)
		require.NoError(t, err)
		code, out, errs := runCmd(t, string(data), "summary", "-q", "--format", "json")
		require.Equal(t, 0, code, errs)
		var doc struct {
			Meta metaDoc `json:"meta"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		require.Len(t, doc.Meta.Inputs, 1)
		in := doc.Meta.Inputs[0]
		assert.Equal(t, "stdin", in.Name)
		assert.Equal(t, int64(len(data)), in.Size)
		assert.Equal(t, fmt.Sprintf("%016x", xxhash.Sum64(data)), in.XXHash64)
		assert.Equal(t, "the last order", doc.Meta.AsOfFrom)
	})
}

// TestCommandLineRedacted: the command line of the meta hides passwords
// and credential parameters of URLs, and the values of secret flags, and
// quotes what a shell would split.
func TestCommandLineRedacted(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"rfm", "orders.csv"}, "lifecycle rfm orders.csv"},
		{[]string{"summary", "--db", "postgres://analyst:s3cr3t@db.example.com:5432/shop"},
			"lifecycle summary --db postgres://analyst:xxxxx@db.example.com:5432/shop"},
		{[]string{"summary", "--db=mysql://root:p@ss:w0rd@localhost/shop"},
			"lifecycle summary --db=mysql://root:xxxxx@localhost/shop"},
		{[]string{"summary", "https://bucket.example.com/orders.csv?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2Fx&v=1"},
			"lifecycle summary 'https://bucket.example.com/orders.csv?X-Amz-Signature=xxxxx&X-Amz-Credential=xxxxx&v=1'"},
		{[]string{"summary", "https://host/orders.csv?token=t0k&user=ann"},
			"lifecycle summary 'https://host/orders.csv?token=xxxxx&user=ann'"},
		{[]string{"rfm", "--mask-key", "hunter2", "orders.csv"}, "lifecycle rfm --mask-key xxxxx orders.csv"},
		{[]string{"rfm", "--mask-key=hunter2", "orders.csv"}, "lifecycle rfm --mask-key=xxxxx orders.csv"},
		{[]string{"rfm", "--date-format", "%d/%m/%Y %H:%M", "my orders.csv", "it's.csv"},
			`lifecycle rfm --date-format '%d/%m/%Y %H:%M' 'my orders.csv' 'it'\''s.csv'`},
		{[]string{"summary", ""}, "lifecycle summary ''"},
	} {
		assert.Equal(t, c.want, commandLine(c.args), "%q", c.args)
	}
}
