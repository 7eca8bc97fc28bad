package ids

import (
	"regexp"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSeededIDSourceIsRepeatable(t *testing.T) {
	t.Parallel()
	draw := func(s *Source) []string { return []string{s.UUID(), s.HexKey(32), s.UUID()} }
	a, b := draw(NewSource(42, true)), draw(NewSource(42, true))
	if diff := testkit.Diff(a, b); diff != "" {
		t.Errorf("same seed, different values (-first +second):\n%s", diff)
	}
	if c := draw(NewSource(43, true)); testkit.Equal(a, c) {
		t.Errorf("seeds 42 and 43 gave the same values %v", a)
	}
}

func TestIDSourceFormats(t *testing.T) {
	t.Parallel()
	s := NewSource(0, false)
	for range 100 {
		if id := s.UUID(); !uuidV4.MatchString(id) {
			t.Fatalf("UUID() = %q, not a lowercase v4 UUID", id)
		}
		if k := s.HexKey(32); !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(k) {
			t.Fatalf("HexKey(32) = %q, want 64 lowercase hex characters", k)
		}
	}
}
