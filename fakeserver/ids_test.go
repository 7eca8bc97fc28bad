package fakeserver

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSeededIDSourceIsRepeatable(t *testing.T) {
	t.Parallel()
	draw := func(s *idSource) []string { return []string{s.uuid(), s.hexKey(32), s.uuid()} }
	a, b := draw(newIDSource(42, true)), draw(newIDSource(42, true))
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different values (-first +second):\n%s", diff)
	}
	if c := draw(newIDSource(43, true)); cmp.Equal(a, c) {
		t.Errorf("seeds 42 and 43 gave the same values %v", a)
	}
}

func TestIDSourceFormats(t *testing.T) {
	t.Parallel()
	s := newIDSource(0, false)
	for range 100 {
		if id := s.uuid(); !uuidV4.MatchString(id) {
			t.Fatalf("uuid() = %q, not a lowercase v4 UUID", id)
		}
		if k := s.hexKey(32); !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(k) {
			t.Fatalf("hexKey(32) = %q, want 64 lowercase hex characters", k)
		}
	}
}
