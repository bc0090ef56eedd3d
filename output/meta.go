package output

// The provenance of an output ("meta"): what made it (the program's
// version, the command line), from what (the input files, their sizes and
// hashes, how their columns were read) and under which assumptions (the
// as-of date, the time zone, a model and its parameters). The command line
// builds it as an Object; this package puts it where each format can hold
// it:
//
//   - json: the output is one object whose first member is "meta", the
//     result following as "rows" (a Table) or under the Report's Key;
//   - parquet: the file's key-value metadata MetaKey holds the meta as
//     compact JSON (read it with pyarrow's schema.metadata, DuckDB's
//     parquet_kv_metadata or parquet-go's File.Lookup);
//   - csv, tsv, jsonl and the terminal table keep their shape: a command
//     writes the meta beside them, to a sidecar file (WriteObject).

// MetaKey is the key of the provenance in the key-value metadata of a
// Parquet file.
const MetaKey = "lifecycle.meta"

// MetaJSON returns meta as a JSON document: indented when pretty, else on
// one line; a line break ends it.
func MetaJSON(meta *Object, pretty bool) ([]byte, error) {
	j := jsonOut{pretty: pretty}
	if err := j.object(meta); err != nil {
		return nil, err
	}
	return append(j.b, '\n'), nil
}

// metaHead returns the start of a JSON document that holds meta before a
// streamed result: `{`, the member "meta", then the key of the result,
// after which the caller writes the result's value at the first level of
// indentation, then "\n}\n".
func metaHead(meta *Object, key string) ([]byte, error) {
	j := jsonOut{pretty: true}
	j.open('{')
	j.key("meta")
	if err := j.object(meta); err != nil {
		return nil, err
	}
	j.key(key)
	return j.b, nil
}
