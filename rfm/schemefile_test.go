package rfm

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodYAML = `# three segments over r and f
name: simple
scores: rf
segments:
  - name: Best
    name_zh: 最佳
    action: Thank them
    codes: ["5[4-5]", "^45$"]
  - name: Rest
    r: 1-5
    f: 1-3
  - name: Middle
    codes: [44, "[1-3]5", "[1-3]4"]
`

func TestParseSchemeYAML(t *testing.T) {
	s, err := ParseScheme("file", []byte(goodYAML))
	require.NoError(t, err)
	assert.Equal(t, "simple", s.Name)
	assert.Equal(t, 5, s.Bins)
	assert.Equal(t, 2, s.Dims)
	require.Len(t, s.Segments, 3)
	assert.Equal(t, "最佳", s.Segments[0].Title(Chinese))
	assert.Equal(t, "Rest", s.Segments[1].Title(Chinese), "no Chinese name: the English one")
	assert.Equal(t, "Thank them", s.Segments[0].Advice(Chinese))
	for code, seg := range map[string]int{"55": 0, "54": 0, "45": 0, "44": 2, "35": 2, "14": 2, "11": 1, "53": 1} {
		assert.Equal(t, seg, s.SegmentOf(code[0]-'0', code[1]-'0', 1), code)
	}
	assert.Len(t, s.Codes(), 25)
}

// readmeYAML is the example of the README.
const readmeYAML = `name: my segments
bins: 5            # default 5
scores: rfm        # codes are r, f, m scores (rfm, the default) or r, f (rf)
segments:          # in order, best first
  - name: Champions
    name_zh: 冠军客户            # optional, with --lang zh
    action: VIP service        # optional, and action_zh
    codes: ["5[4-5]?"]         # a digit, ? for any score, or a class [4-5]
  - name: Loyal
    r: 3-4                     # or score ranges; a missing one matches any score
    f: 4-5
  - name: Others
    codes: ["[1-2]??", "[3-5][1-3]?"]
`

func TestParseSchemeReadmeExample(t *testing.T) {
	s, err := ParseScheme("x", []byte(readmeYAML))
	require.NoError(t, err)
	assert.Equal(t, "my segments", s.Name)
	assert.Equal(t, 0, s.SegmentOf(5, 5, 1))
	assert.Equal(t, 1, s.SegmentOf(3, 4, 5))
	assert.Equal(t, 2, s.SegmentOf(5, 3, 5))
}

func TestParseSchemeJSON(t *testing.T) {
	js := `{"bins": 3, "segments": [
		{"name": "Top", "r": 3, "f": "2-3", "m": [3]},
		{"name": "Other", "codes": ["???"]}]}`
	_, err := ParseScheme("x", []byte(js))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `segment "Top": m range [3]`)

	js = "\ufeff" + `{"bins": 3, "segments": [
		{"name": "Top", "r": 3, "f": "2-3", "m": 3},
		{"name": "Low R", "r": "1-2"},
		{"name": "Other", "codes": ["3[1-3][1-2]", "31?"]}]}`
	s, err := ParseScheme("x", []byte(js))
	require.NoError(t, err)
	assert.Equal(t, "x", s.Name, "the file's name when it gives none")
	assert.Equal(t, 3, s.Bins)
	assert.Equal(t, 3, s.Dims)
	assert.Len(t, s.Codes(), 27)
	assert.Equal(t, 0, s.SegmentOf(3, 3, 3))
	assert.Equal(t, 1, s.SegmentOf(2, 3, 3))
	assert.Equal(t, 2, s.SegmentOf(3, 1, 3))
}

// TestParseSchemeCoverage: codes no segment matches and codes two segments
// match are errors naming them.
func TestParseSchemeCoverage(t *testing.T) {
	gap := `segments:
  - name: Top
    codes: ["5??"]
  - name: Low
    r: 1-3
`
	_, err := ParseScheme("gap", []byte(gap))
	var se *SchemeError
	require.ErrorAs(t, err, &se)
	assert.Len(t, se.Unmatched, 25)
	assert.Equal(t, "455", se.Unmatched[0])
	assert.Equal(t, "411", se.Unmatched[24])
	assert.Empty(t, se.Overlaps)
	assert.Equal(t, "25 codes no segment matches: 455, 454, 453, 452, 451, 445, 444, 443, 442, 441, 435, 434, 433, 432, 431, 425, 424, 423, 422, 421 and 5 more", err.Error())

	overlap := `segments:
  - name: Top
    codes: ["5??", "4[4-5]5"]
  - name: Recent
    r: 4-5
  - name: Old
    r: 1-3
`
	_, err = ParseScheme("overlap", []byte(overlap))
	require.ErrorAs(t, err, &se)
	assert.Empty(t, se.Unmatched)
	require.Len(t, se.Overlaps, 27)
	assert.Equal(t, Overlap{Code: "555", Segments: []string{"Top", "Recent"}}, se.Overlaps[0])
	assert.Contains(t, err.Error(), "27 codes more than one segment matches: 555 (Top, Recent), 554 (Top, Recent)")
	assert.Contains(t, err.Error(), "and 7 more")
	assert.Equal(t, Overlap{Code: "455", Segments: []string{"Top", "Recent"}}, se.Overlaps[25])

	one := `segments:
  - name: All but one
    codes: ["[2-5]??", "1[2-5]?", "11[2-5]"]
  - name: Also 115
    codes: ["115"]
`
	_, err = ParseScheme("one", []byte(one))
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "1 code no segment matches: 111; 1 code more than one segment matches: 115 (All but one, Also 115)", err.Error())
}

func TestParseSchemeErrors(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"empty", "", "empty scheme file"},
		{"unknown key", "segments:\n  - name: A\n    codez: ['???']\n", "line 3: unknown key codez in a segment (keys: name, name_zh, action, action_zh, codes, r, f, m)"},
		{"unknown top key", "segmentz: []\n", "line 1: unknown key segmentz (keys: name, bins, scores, segments)"},
		{"json unknown key", `{"segments": [{"name": "A", "rr": 1}]}`, `unknown field "rr"`},
		{"json type", `{"bins": "x", "segments": []}`, "JSON: bins: expected int, got a JSON string"},
		{"json trailing", `{"segments": [{"name": "A", "codes": ["???"]}]} {}`, "more than one value"},
		{"no segments", "name: x\n", "no segments"},
		{"no name", "segments:\n  - codes: ['???']\n", "segment 1 has no name"},
		{"twice", "segments:\n  - name: A\n    codes: ['5??']\n  - name: A\n    codes: ['[1-4]??']\n", `segment "A" given twice`},
		{"no rule", "segments:\n  - name: A\n", `segment "A": give codes, or r, f, m ranges`},
		{"short code", "segments:\n  - name: A\n    codes: ['55']\n", `segment "A": code "55": 2 scores; the codes of this scheme have 3 (r, f, m)`},
		{"score 6", "segments:\n  - name: A\n    codes: ['56?']\n", `code "56?": score 6 is not in 1..5`},
		{"score 0", "segments:\n  - name: A\n    codes: ['[0-2]??']\n", `score 0 is not in 1..5`},
		{"backwards", "segments:\n  - name: A\n    codes: ['[3-1]??']\n", "range 3-1 runs backwards"},
		{"open class", "segments:\n  - name: A\n    codes: ['[3-??']\n", "[ without ]"},
		{"star", "segments:\n  - name: A\n    codes: ['5*']\n", `unexpected '*'`},
		{"empty class", "segments:\n  - name: A\n    codes: ['[]??']\n", "empty class"},
		{"range text", "segments:\n  - name: A\n    r: high\n", `r range high: write a score (4) or a range ("3-5")`},
		{"range out", "segments:\n  - name: A\n    f: 0-2\n", "f range 0-2: scores are 1 to 5"},
		{"range backwards", "segments:\n  - name: A\n    f: 4-2\n", "f range 4-2: range 4-2 runs backwards"},
		{"m in rf", "scores: rf\nsegments:\n  - name: A\n    m: 1\n", "m range in an r-f scheme"},
		{"bad scores", "scores: rm\nsegments:\n  - name: A\n    r: 1\n", `scores "rm": use rfm or rf`},
		{"bins", "bins: 12\nsegments:\n  - name: A\n    r: 1\n", "bins 12: use 2 to 9"},
		{"code list of maps", "segments:\n  - name: A\n    codes: [{a: 1}]\n", "not a code pattern"},
		{"matches nothing", "segments:\n  - name: A\n    codes: ['???']\n  - name: B\n    codes: ['555']\n", ""},
		{"yaml syntax", "segments: [\n", "YAML:"},
		{"duplicate key", "segments: []\nsegments: []\n", "YAML:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScheme("t", []byte(tt.text))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
	// A segment that matches no code.
	_, err := ParseScheme("t", []byte("segments:\n  - name: A\n    codes: ['???']\n  - name: B\n    r: 2\n    f: 9-9\n"))
	require.Error(t, err)
	_, err = ParseScheme("t", []byte("bins: 3\nsegments:\n  - name: A\n    codes: ['???']\n  - name: B\n    codes: []\n    r: 1\n    m: 3\n"))
	var se *SchemeError
	require.ErrorAs(t, err, &se, "A and B overlap on 1?3")
}

// TestBuiltinSpecsReparse: the built-in table schemes, written as scheme
// files, read back into the same tables (the file format can express them).
func TestBuiltinSpecsReparse(t *testing.T) {
	for _, spec := range []*schemeSpec{standardSpec, rfSpec} {
		var b strings.Builder
		b.WriteString("name: " + spec.Name + "\nscores: " + spec.Scores + "\nsegments:\n")
		for _, g := range spec.Segments {
			b.WriteString("  - name: \"" + g.Name + "\"\n    codes: [")
			for i, c := range g.Codes {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(`"` + c + `"`)
			}
			b.WriteString("]\n")
		}
		s, err := ParseScheme("x", []byte(b.String()))
		require.NoError(t, err, b.String())
		builtin := mustCompile(spec)
		assert.Equal(t, builtin.table, s.table, spec.Name)
	}
}

// FuzzParseScheme: any input either fails with an error or gives a scheme
// in which every code has exactly one valid segment.
func FuzzParseScheme(f *testing.F) {
	f.Add([]byte(goodYAML))
	f.Add([]byte(`{"bins": 3, "segments": [{"name": "A", "r": "1-3"}]}`))
	f.Add([]byte("segments:\n  - name: A\n    codes: ['5??']\n  - name: B\n    r: 1-4\n"))
	f.Add([]byte("bins: 2\nscores: rf\nsegments:\n  - name: A\n    codes: [\"[12][1,2]\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseScheme("fuzz", data)
		if err != nil {
			var se *SchemeError
			if errors.As(err, &se) {
				require.NotEmpty(t, se.Error())
			}
			return
		}
		require.True(t, s.Bins >= MinBins && s.Bins <= MaxBins)
		codes := s.Codes()
		want := 1
		for range s.Dims {
			want *= s.Bins
		}
		require.Len(t, codes, want)
		seen := map[string]bool{}
		used := make([]bool, len(s.Segments))
		for _, c := range codes {
			require.False(t, seen[c.Code])
			seen[c.Code] = true
			require.Less(t, c.Segment, len(s.Segments))
			used[c.Segment] = true
		}
		for i, u := range used {
			require.True(t, u, "segment %q matches no code", s.Segments[i].Name)
		}
	})
}

// FuzzParseCuts: any input either fails with a *CutsError or gives
// thresholds that Options.Check accepts or rejects with a *CutsError.
func FuzzParseCuts(f *testing.F) {
	for _, s := range []string{"r=7,30,90,180", "f=2,3,5,8;m=100,300,1000,3000", "m=$1.50,2", "x=1", "r=", "r=1;r=2", "monetary=-5,0,1,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		cuts, err := ParseCuts([]string{spec})
		if err != nil {
			var ce *CutsError
			require.ErrorAs(t, err, &ce)
			require.NotEmpty(t, err.Error())
			return
		}
		for d := R; d <= M; d++ {
			if cuts[d] == nil {
				continue
			}
			o := Options{Scheme: CN8(), Bins: max(MinBins, min(MaxBins, len(cuts[d])+1)), Cuts: cuts}
			if err := o.Check(); err != nil {
				var ce *CutsError
				require.ErrorAs(t, err, &ce, err.Error())
			}
			// Thresholds read back from their text.
			again, err := ParseCuts([]string{FormatCuts(d, cuts[d])})
			require.NoError(t, err)
			require.Equal(t, cuts[d], again[d])
		}
	})
}
