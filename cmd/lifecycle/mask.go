package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"runtime"
	"sync"
	"unsafe"

	"github.com/spf13/pflag"

	"lifecycle/orders"
)

// --mask-ids: customer ids written as a keyed hash, so that an output can
// be shared without the ids (often emails or phone numbers) and still be
// joined with another output of the same key.
//
// The masked id is the first 16 hex digits (64 bits) of HMAC-SHA256(key,
// id): the same id and key give the same masked id on every run and
// machine; without the key, an id cannot be found from its masked form by
// trying the likely ones (every email of a mailing list), as it could from
// an unkeyed hash. 64 bits make two customers of ten million share a
// masked id with a chance of about 3 in a million.

// maskKeyEnv is the environment variable of the key, so that it need not
// be on the command line (where ps shows it).
const maskKeyEnv = "LIFECYCLE_MASK_KEY"

// maskFlags are the flags of masking.
type maskFlags struct {
	on  bool
	key string
}

func (f *maskFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.on, "mask-ids", false, "write customer ids as a keyed hash (16 hex digits, the same on every run with the same key), also in diagnostics")
	fs.StringVar(&f.key, "mask-key", "", "the key of --mask-ids (default: $"+maskKeyEnv+")")
}

// masker returns the function that masks an id, or nil without
// --mask-ids. A key is required: a random one would change the ids on
// every run.
func (f *maskFlags) masker() (*mask, error) {
	if !f.on {
		if f.key != "" {
			return nil, usagef("--mask-key goes with --mask-ids")
		}
		return nil, nil
	}
	key := f.key
	if key == "" {
		key = os.Getenv(maskKeyEnv)
	}
	if key == "" {
		return nil, usagef("--mask-ids needs a key: give --mask-key or set %s (the same key gives the same masked ids)", maskKeyEnv)
	}
	return newMask([]byte(key)), nil
}

// maskedLen is the length of a masked id: 16 hex digits.
const maskedLen = 16

// mask is a keyed hash of ids, safe for concurrent use (a hash per call).
type mask struct{ pool sync.Pool }

// hasher is what mask needs of an HMAC.
type hasher interface {
	Write([]byte) (int, error)
	Sum([]byte) []byte
	Reset()
}

func newMask(key []byte) *mask {
	return &mask{pool: sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}}
}

// appendID appends the masked form of id to dst.
func (m *mask) appendID(dst []byte, id string) []byte {
	h := m.pool.Get().(hasher)
	h.Reset()
	h.Write([]byte(id))
	var sum [sha256.Size]byte
	out := h.Sum(sum[:0])
	m.pool.Put(h)
	return hex.AppendEncode(dst, out[:maskedLen/2])
}

// id returns the masked form of id.
func (m *mask) id(id string) string { return string(m.appendID(nil, id)) }

// maskHistories replaces the id of every customer by its masked form, on
// every core. The masked ids are cut from one string, not allocated one by
// one. It costs about 0.4 µs of CPU a customer (1 s for the 2.5 million of
// the 10-million-order benchmark file).
func maskHistories(h *orders.Histories, m *mask) {
	cs := h.Customers
	buf := make([]byte, len(cs)*maskedLen)
	n := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range n {
		lo, hi := w*len(cs)/n, (w+1)*len(cs)/n
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				m.appendID(buf[i*maskedLen:i*maskedLen], cs[i].ID)
			}
		})
	}
	wg.Wait()
	// buf is not written again: the string shares its bytes rather than
	// copying them (40 MB for 2.5 million customers).
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	for i := range cs {
		cs[i].ID = all[i*maskedLen : (i+1)*maskedLen]
	}
}

// maskRowError masks the customer id that a row error shows (an example of
// a skipped row, or the error of --strict).
func maskRowError(err error, m *mask) {
	var re *orders.RowError
	if errors.As(err, &re) && re.Role == orders.ColCustomer {
		re.Value = m.id(re.Value)
	}
	var tb *orders.TooManyBadError
	if errors.As(err, &tb) {
		for _, e := range tb.Examples {
			maskRowError(e, m)
		}
	}
}
