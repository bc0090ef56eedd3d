package orders

import "errors"

// openParquet reads a Parquet file. (Being written: issue 3.)
func (rd *reader) openParquet(in Input) (source, error) {
	return nil, errors.New("parquet input is not supported yet")
}
