package testkit_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

type user struct {
	ID    string
	Roles []string
	Meta  map[string]int
	next  *user
}

func TestDiffOfEqualValuesIsEmpty(t *testing.T) {
	loc := time.FixedZone("X", 3600)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	cyclic := &user{ID: "c"}
	cyclic.next = cyclic
	cyclic2 := &user{ID: "c"}
	cyclic2.next = cyclic2
	for _, tt := range []struct {
		name      string
		want, got any
	}{
		{"nil", nil, nil},
		{"struct with unexported field", user{ID: "a", Roles: []string{"x"}, Meta: map[string]int{"b": 2, "a": 1}}, user{ID: "a", Roles: []string{"x"}, Meta: map[string]int{"a": 1, "b": 2}}},
		{"pointers by target", &user{ID: "a"}, &user{ID: "a"}},
		{"time by Equal, whatever the location", now, now.In(loc)},
		{"cycles", cyclic, cyclic2},
		{"NaN", math.NaN(), math.NaN()},
		{"bytes", []byte("abc"), []byte("abc")},
	} {
		if d := testkit.Diff(tt.want, tt.got); d != "" {
			t.Errorf("%s: Diff = %q, want \"\"", tt.name, d)
		}
	}
}

func TestDiffTellsApartWhatDiffers(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: constant arithmetic would be exact
	for _, tt := range []struct {
		name      string
		want, got any
	}{
		{"a field", user{ID: "a"}, user{ID: "b"}},
		{"an unexported field", user{next: &user{ID: "x"}}, user{next: &user{ID: "y"}}},
		{"nil and empty slice", user{Roles: nil}, user{Roles: []string{}}},
		{"nil and empty map", map[string]int(nil), map[string]int{}},
		{"nil and zero pointer", (*user)(nil), &user{}},
		{"types in an interface", any(1), any(int64(1))},
		{"types at the top", 1, int64(1)},
		{"float precision", tenth + fifth, 0.3},
		{"time", time.Unix(0, 0), time.Unix(1, 0)},
		{"bytes", []byte{0xff}, []byte{0xfe}},
		{"named scalar", time.Second, time.Minute},
	} {
		if d := testkit.Diff(tt.want, tt.got); d == "" || testkit.Equal(tt.want, tt.got) {
			t.Errorf("%s: Diff(%#v, %#v) found no difference", tt.name, tt.want, tt.got)
		}
	}
}

func TestDiffShowsMinusWantPlusGot(t *testing.T) {
	want := []user{{ID: "a", Roles: []string{"r1", "r2"}}, {ID: "b"}}
	got := []user{{ID: "a", Roles: []string{"r1", "r3"}}, {ID: "b"}}
	d := testkit.Diff(want, got)
	for _, line := range []string{`- 			"r2",`, `+ 			"r3",`, `  			"r1",`} {
		if !strings.Contains(d, line+"\n") {
			t.Errorf("diff lacks line %q:\n%s", line, d)
		}
	}
	if strings.Index(d, "- ") > strings.Index(d, "+ ") {
		t.Errorf("want the removed line before the added one:\n%s", d)
	}
}

func TestDiffElidesFarUnchangedLines(t *testing.T) {
	want := make([]int, 100)
	got := make([]int, 100)
	got[50] = 1
	d := testkit.Diff(want, got)
	if n := strings.Count(d, "\n"); n > 12 {
		t.Errorf("a one-element change printed %d lines, want the change and its context:\n%s", n, d)
	}
	if !strings.Contains(d, "...") {
		t.Errorf("want the elided runs marked with ...:\n%s", d)
	}
}
