package testkit

import (
	"context"
	"iter"
	"testing"
)

// Call is one SDK call of a table-driven test: its name, the permission
// the API wants for it ("" when any valid credential may make it), and the
// call itself.
type Call struct {
	Name       string
	Permission string
	Do         func(ctx context.Context) error
}

// EachCall makes each call in a parallel subtest named after it and hands
// its error to check, which asserts what the test pins.
func EachCall(t *testing.T, calls []Call, check func(t *testing.T, c Call, err error)) {
	t.Helper()
	for _, c := range calls {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			check(t, c, c.Do(context.Background()))
		})
	}
}

// FirstErr returns the first error an iterator yields, or nil when it
// ends without one: the error of an All-style call, for a call table.
func FirstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// Take returns the first n values an iterator yields and stops it there,
// as a caller that breaks out of its range loop does, failing the test if
// the iterator yields an error first.
func Take[T any](tb testing.TB, seq iter.Seq2[T, error], n int) []T {
	tb.Helper()
	var out []T
	if n <= 0 {
		return out
	}
	for v, err := range seq {
		if err != nil {
			tb.Fatalf("the iterator yielded an error after %d values: %v", len(out), err)
		}
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}
