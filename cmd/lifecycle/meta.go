package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"lifecycle/dates"
	"lifecycle/msg"
	"lifecycle/orders"
	"lifecycle/output"
)

// The provenance of an output ("meta", see package output): built here from
// the command line, the input files and the histories read from them, and
// written by output in the JSON and Parquet outputs, or to the --meta
// sidecar file.
//
// The meta holds nothing that changes from one run to the next on the same
// input (no clock time, no host), so that two runs give the same bytes.

// inputDigest is the size and xxhash64 of the bytes of one input, as
// stored (compressed, in its own encoding).
type inputDigest struct {
	name string
	size int64
	sum  uint64
	err  error
}

// digests hashes the inputs of a run: files beside the read (each read
// again, from the page cache, on a goroutine of its own), standard input
// as it is read.
type digests struct {
	wg   sync.WaitGroup
	list []*inputDigest
	// identical are the inputs left out for being identical to an
	// earlier one (see dropIdentical): listed in the meta, not hashed.
	identical []identicalInput
}

// file starts hashing the file at path.
func (ds *digests) file(path string) {
	dg := &inputDigest{name: path}
	ds.list = append(ds.list, dg)
	ds.wg.Go(func() {
		f, err := os.Open(path)
		if err != nil {
			dg.err = err
			return
		}
		defer f.Close()
		h := xxhash.New()
		dg.size, dg.err = io.Copy(h, f)
		dg.sum = h.Sum64()
	})
}

// reader returns r, standard input, hashed as it is read.
func (ds *digests) reader(r io.Reader) io.Reader {
	dg := &inputDigest{name: "stdin"}
	ds.list = append(ds.list, dg)
	return &hashingReader{r: r, h: xxhash.New(), dg: dg}
}

// wait returns the digests once every file is hashed.
func (ds *digests) wait() *digests {
	ds.wg.Wait()
	return ds
}

// hashingReader hashes what is read through it into dg.
type hashingReader struct {
	r  io.Reader
	h  *xxhash.Digest
	dg *inputDigest
}

func (r *hashingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.h.Write(p[:n])
	r.dg.size += int64(n)
	r.dg.sum = r.h.Sum64()
	return n, err
}

// baseMeta is the meta of every output: the program and its version, and
// the command line (credentials redacted).
func baseMeta(s *streams) *output.Object {
	v := readVersion()
	m := &output.Object{}
	m.Add("program", "lifecycle")
	m.Add("version", v.Module)
	if v.Revision != "" {
		m.Add("revision", v.Revision)
		m.Add("modified", v.Modified)
	} else {
		m.Add("revision", nil)
	}
	m.Add("command_line", commandLine(s.args))
	if c := s.config; c != nil {
		cf := &output.Object{}
		cf.Add("name", c.path)
		cf.Add("size", len(c.data))
		cf.Add("xxhash64", fmt.Sprintf("%016x", xxhash.Sum64(c.data)))
		flags := &output.Object{}
		for _, st := range c.applied {
			v := strings.Join(st.values, ",")
			if isSecretFlag("--" + st.flag) {
				v = redacted
			}
			flags.Add(st.flag, v)
		}
		cf.Add("flags", flags)
		m.Add("config", cf)
	}
	return m
}

// inputMeta adds what was read to m: each input (size, hash, delimiter,
// column mapping, date layout, rows), the time zone, the as-of day and
// how returns were read, and the read's currency when it has one (JSON
// outputs and Parquet's key-value metadata carry the meta). An input left
// out for being identical to an earlier one is listed at its place, with
// "identical_to" naming that one and the size and hash they share.
func inputMeta(m *output.Object, h *orders.Histories, ro readOptions, ds *digests) error {
	st := &h.Stats
	dgs := ds.list
	var inputs []*output.Object
	for i, fi := range st.Files {
		in := &output.Object{}
		in.Add("name", fi.Name)
		if i < len(dgs) && dgs[i].name == fi.Name {
			dg := dgs[i]
			if dg.err != nil {
				return msg.Errorf("%s: hashing for the meta: %w", fi.Name, dg.err)
			}
			in.Add("size", dg.size)
			in.Add("xxhash64", fmt.Sprintf("%016x", dg.sum))
		}
		switch fi.Delimiter {
		case "parquet":
			in.Add("format", "parquet")
		case "":
		default:
			in.Add("format", "text")
			// "','" on stderr; the character here.
			in.Add("delimiter", strings.TrimSuffix(strings.TrimPrefix(fi.Delimiter, "'"), "'"))
		}
		in.Add("header", fi.Header)
		in.Add("columns", fi.Columns)
		if fi.Header {
			mapping := &output.Object{}
			for r, name := range fi.Names {
				if name != "" {
					mapping.Add(orders.Role(r).String(), name)
				}
			}
			in.Add("mapping", mapping)
		}
		if fi.Platform != "" {
			in.Add("platform", fi.Platform)
		}
		in.Add("date_layout", fi.DateLayout)
		in.Add("rows", fi.Rows)
		inputs = append(inputs, in)
	}
	m.Add("inputs", withIdentical(inputs, ds))
	m.Add("time_zone", h.Zone.Location().String())
	if st.Currency != "" {
		m.Add("currency", st.Currency)
	}
	m.Add("as_of", dates.DayString(h.AsOf))
	if st.AsOfDefaulted {
		m.Add("as_of_from", "the last order")
	} else {
		m.Add("as_of_from", "--as-of")
	}
	valueMeta(m, st)
	m.Add("returns", map[orders.ReturnsMode]string{orders.ReturnsNet: "net", orders.ReturnsIgnore: "ignore"}[ro.Returns])
	if ro.mask != nil {
		m.Add("customer_ids", "masked: the first 16 hex digits of HMAC-SHA256(key, id)")
	}
	return nil
}

// withIdentical puts the inputs left out as identical to an earlier one
// among the inputs read, each at its place on the command line.
func withIdentical(read []*output.Object, ds *digests) []*output.Object {
	if len(ds.identical) == 0 {
		return read
	}
	var all []*output.Object
	for _, id := range ds.identical {
		for len(all) < id.at && len(read) > 0 {
			all, read = append(all, read[0]), read[1:]
		}
		in := &output.Object{}
		in.Add("name", id.name)
		in.Add("identical_to", id.of)
		for _, dg := range ds.list {
			if dg.name == id.of && dg.err == nil {
				in.Add("size", dg.size)
				in.Add("xxhash64", fmt.Sprintf("%016x", dg.sum))
				break
			}
		}
		all = append(all, in)
	}
	return append(all, read...)
}

// commandLine is args as a shell would take them back, after "lifecycle",
// with the credentials of URLs and the values of secret flags redacted.
func commandLine(args []string) string {
	words := []string{"lifecycle"}
	secretNext := false
	for _, a := range args {
		switch {
		case secretNext:
			a, secretNext = redacted, false
		case isSecretFlag(a):
			if name, _, ok := strings.Cut(a, "="); ok {
				a = name + "=" + redacted
			} else {
				secretNext = true
			}
		default:
			a = redactURLs(a)
		}
		words = append(words, shellQuote(a))
	}
	return strings.Join(words, " ")
}

// redacted replaces a secret in the command line of the meta.
const redacted = "xxxxx"

// secretFlags are the flags whose values are secrets.
var secretFlags = []string{"--mask-key"}

func isSecretFlag(a string) bool {
	name, _, _ := strings.Cut(a, "=")
	for _, f := range secretFlags {
		if name == f {
			return true
		}
	}
	return false
}

var (
	// urlPassword is the user:password@ of a URL (scheme://user:password@host),
	// the password up to the last @ before the path (an unescaped @ in a
	// password is common enough).
	urlPassword = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s:]*):[^/?#\s]*@`)
	// urlSecretParam is a query parameter that carries a credential.
	urlSecretParam = regexp.MustCompile(`(?i)([?&](?:password|passwd|pwd|secret|token|access_token|api_key|apikey|key|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&#\s]*`)
)

// redactURLs replaces the passwords and the credential parameters of the
// URLs in s by xxxxx, as url.URL.Redacted does for the password: a user
// name is kept.
func redactURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	s = urlPassword.ReplaceAllString(s, "${1}:"+redacted+"@")
	return urlSecretParam.ReplaceAllString(s, "${1}"+redacted)
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_@%+=:,./-", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// withMeta is the JSON document of a result that is an Object: {"meta":
// meta, key: o} in JSON, o alone in JSON Lines (indent false) or without
// meta.
func withMeta(meta *output.Object, indent bool, key string, o *output.Object) *output.Object {
	if meta == nil || !indent {
		return o
	}
	doc := &output.Object{}
	doc.Add("meta", meta)
	doc.Add(key, o)
	return doc
}
