package orders

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// Parsing text is split over every core: a splitter cuts the input into
// chunks of whole records, workers parse chunks into batches, each with its
// own fileReader, and the calling goroutine takes the results in file order,
// so that counts, the first bad rows shown, --strict and the order in which
// customers appear are what a serial read gives. The one thing a worker
// cannot judge alone is a row at the very start of its chunk with no
// customer but an order id (a Shopify continuation line): it is kept and
// judged here, in order, against the last row of the chunk before.

// chunkBytes is the size of a chunk; a variable so tests can cut small ones.
var chunkBytes = 4 << 20

// chunkPool recycles chunk buffers, and batchPool the batches of parsed
// rows, so that reading a large file makes little garbage and reuses
// memory it has touched (fresh memory costs a page fault per page).
var (
	chunkPool = newFreeList[*[]byte](16)
	batchPool = newFreeList[*batch](16)
)

func newBatch() *batch {
	if b, ok := batchPool.get(); ok {
		return b
	}
	return &batch{}
}

// freeList keeps up to a number of values for reuse. Unlike a sync.Pool,
// which every collection empties, it keeps them while reading collects
// often (its heap grows all along).
type freeList[T any] struct{ c chan T }

func newFreeList[T any](n int) freeList[T] { return freeList[T]{make(chan T, n)} }

// get returns a value kept, if any.
func (f freeList[T]) get() (T, bool) {
	select {
	case v := <-f.c:
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// put keeps v, unless the list is full.
func (f freeList[T]) put(v T) {
	select {
	case f.c <- v:
	default:
	}
}

// drain lets go of every value kept.
func (f freeList[T]) drain() {
	for {
		select {
		case <-f.c:
		default:
			return
		}
	}
}

type chunkJob struct {
	pq      *pqChunk // a Parquet source's rows, instead of data
	data    []byte
	line    int // lines of the file before the chunk
	seqBase uint64
	res     chan *chunkResult
}

type chunkResult struct {
	fr    *fileReader // the worker's reader: batch, stats, last row, deferred rows
	stats Stats
	err   error
}

// parallelRest reads the rest of a text or Parquet input in parallel. fr
// is the file's reader, with the state the serial part left.
func (rd *reader) parallelRest(fr *fileReader, src source, fail func(error) error) error {
	ts, _ := src.(*textSource)
	ps, _ := src.(*parquetSource)
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *chunkJob, workers)
	order := make(chan *chunkJob, 2*workers)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	var splitErr error
	firstSeq := rd.seqs + 1
	chunks := 0

	wg.Add(1)
	go func() { // the splitter
		defer wg.Done()
		defer close(jobs)
		defer close(order)
		send := func(job *chunkJob) bool {
			job.seqBase = 1<<63 | (firstSeq+uint64(chunks))<<40
			job.res = make(chan *chunkResult, 1)
			chunks++
			select {
			case order <- job:
			case <-quit:
				return false
			}
			select {
			case jobs <- job:
			case <-quit:
				return false
			}
			return true
		}
		if ps != nil { // Parquet comes in chunks of rows already
			for {
				c, err := ps.nextChunk()
				if err != nil {
					if err != io.EOF {
						splitErr = err
					}
					return
				}
				if !send(&chunkJob{pq: c, line: c.firstRow()}) {
					return
				}
			}
		}
		rr := ts.rr
		var carry []byte
		line := rr.line
		for eof := false; !eof; {
			var buf []byte
			if b, ok := chunkPool.get(); ok && cap(*b) >= chunkBytes+len(carry) {
				buf = (*b)[:chunkBytes+len(carry)]
			} else {
				buf = make([]byte, chunkBytes+len(carry))
			}
			copy(buf, carry)
			n, err := io.ReadFull(rr.r, buf[len(carry):])
			buf = buf[:len(carry)+n]
			switch err {
			case nil:
			case io.EOF, io.ErrUnexpectedEOF:
				eof = true
			default:
				splitErr = err
				return
			}
			end := len(buf)
			if !eof {
				if end = recordEnd(buf, rr.delim); end == 0 {
					// One record longer than a chunk: read on.
					if len(buf) > maxRecordBytes {
						splitErr = errRecordTooLong
						return
					}
					carry = buf
					continue
				}
			}
			carry = append([]byte(nil), buf[end:]...)
			if end == 0 {
				return
			}
			job := &chunkJob{data: buf[:end], line: line}
			line += bytes.Count(job.data, []byte{'\n'})
			if !send(job) {
				return
			}
		}
	}()

	// The workers copy their reader from proto, whose zone nothing changes:
	// fr's zone caches what it looks up, and collect uses it meanwhile.
	proto := *fr
	proto.zone = fr.zone.Clone()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				if job.pq != nil {
					res, w := proto.worker(job)
					res.err = job.pq.each(w)
					job.pq.release()
					w.out.Sort()
					job.res <- res
					continue
				}
				res := proto.parseChunk(job, ts.rr.delim)
				data := job.data[:0]
				chunkPool.put(&data) // nothing refers to the chunk once parsed
				job.res <- res
			}
		}()
	}

	var err error
	for job := range order {
		res := <-job.res
		if err = rd.collect(fr, res); err != nil {
			break
		}
	}
	close(quit)
	for range order { // let the splitter and the workers finish
	}
	wg.Wait()
	rd.seqs += uint64(chunks)
	if err != nil {
		return err
	}
	if splitErr != nil {
		return fail(splitErr)
	}
	return nil
}

// worker returns a copy of the file's reader for one chunk, and the result
// it fills.
func (fr *fileReader) worker(job *chunkJob) (*chunkResult, *fileReader) {
	res := &chunkResult{}
	w := &fileReader{
		rd: fr.rd, name: fr.name, m: fr.m, need: fr.need, width: fr.width, widthOf: fr.widthOf, extraHint: fr.extraHint, layout: fr.layout, comma: fr.comma, cancelPrefix: fr.cancelPrefix,
		zone: fr.zone.Clone(), stats: &res.stats, out: newBatch(), seqBase: job.seqBase,
		minTime: 1<<63 - 1, maxTime: -1 << 63, deferring: true,
		file: fr.file, lines: fr.lines, product: fr.product, statuses: fr.statuses, strictStatus: fr.strictStatus,
		ident: fr.ident, curCol: fr.curCol,
	}
	res.fr = w
	return res, w
}

// parseChunk parses one chunk of text with a copy of the file's reader.
func (fr *fileReader) parseChunk(job *chunkJob, delim byte) *chunkResult {
	res, w := fr.worker(job)
	defer w.out.Sort()
	rr := newChunkReader(job.data, delim, job.line)
	for {
		f, err := rr.read(&res.stats.BlankLines)
		if err == io.EOF {
			break
		}
		if err != nil {
			res.err = fmt.Errorf("%s:%d: %w", fr.name, rr.line, err)
			break
		}
		if err := w.row(f, rr.start); err != nil {
			res.err = err
			break
		}
	}
	return res
}

// collect takes one chunk's result, in file order: its deferred rows are
// judged, its counts added and its batch handed to the grouper.
func (rd *reader) collect(fr *fileReader, res *chunkResult) error {
	w := res.fr
	for i := range w.deferred.len() {
		if err := fr.row(w.deferred.fields(i), w.deferred.line(i)); err != nil {
			return err
		}
	}
	rd.stats.addRead(&res.stats)
	if res.err != nil {
		return res.err
	}
	if rd.cur.Len() > 0 {
		rd.flush() // the deferred rows go first
		fr.out = rd.cur
	}
	if w.out.Len() > 0 {
		rd.full <- w.out
	}
	fr.minTime = min(fr.minTime, w.minTime)
	fr.maxTime = max(fr.maxTime, w.maxTime)
	if res.stats.Rows > 0 {
		fr.last = w.last
		fr.out = rd.cur
	}
	if rd.opt.Progress != nil {
		rd.opt.Progress.Store(rd.stats.Rows)
	}
	return nil
}

// addRead adds the counts that reading rows makes.
func (s *Stats) addRead(o *Stats) {
	s.Rows += o.Rows
	s.BlankLines += o.BlankLines
	for r := range s.Skipped {
		s.Skipped[r] += o.Skipped[r]
	}
	for _, e := range o.Examples {
		if len(s.Examples) < maxExamples {
			s.Examples = append(s.Examples, e)
		}
	}
	s.Continuations += o.Continuations
	s.Fallbacks += o.Fallbacks
	for _, c := range o.Currencies {
		s.addCurrency(c.Code, c.Rows)
	}
	s.addConversions(o)
	s.Duplicates += o.Duplicates // those found as they are read (see repeats)
	s.DuplicateValue += o.DuplicateValue
	s.ReturnRows += o.ReturnRows
	s.Refunds += o.Refunds
	s.RefundValue += o.RefundValue
	s.refunds = append(s.refunds, o.refunds...)
	for k, n := range o.UnknownStatuses {
		if s.UnknownStatuses == nil {
			s.UnknownStatuses = map[string]int64{}
		}
		s.UnknownStatuses[k] += n
	}
	s.total.AddSum(o.total)
	s.noCustomerValue.AddSum(o.noCustomerValue)
	s.skippedValue.AddSum(o.skippedValue)
	s.addNamed(o)
	s.revenue.AddSum(o.revenue)
	s.cost.AddSum(o.cost)
	s.NoCost += o.NoCost
	s.magnitude = addMagnitude(s.magnitude, o.magnitude)
	s.NoAmount = s.NoAmount || o.NoAmount
}
