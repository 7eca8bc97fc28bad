package wiretime

import (
	"testing"
	"time"
)

func TestTimesParseEachFormatAndZeroWhatDoesNot(t *testing.T) {
	t.Parallel()
	athens := time.FixedZone("+03:00", 3*60*60)
	tests := []struct {
		name  string
		parse func(string) time.Time
		in    string
		want  time.Time
	}{
		{"RFC3339 UTC", RFC3339, "2025-06-01T12:00:00Z", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
		{"RFC3339 offset", RFC3339, "2025-06-01T15:00:00+03:00", time.Date(2025, 6, 1, 15, 0, 0, 0, athens)},
		{"RFC3339 fraction", RFC3339, "2025-06-01T12:00:00.25Z", time.Date(2025, 6, 1, 12, 0, 0, 250_000_000, time.UTC)},
		{"RFC3339 spaces", RFC3339, " 2025-06-01T12:00:00Z\n", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
		{"RFC3339 empty", RFC3339, "", time.Time{}},
		{"RFC3339 ARGO form", RFC3339, "2025-06-01 12:00:00", time.Time{}},
		{"RFC3339 no zone", RFC3339, "2025-06-01T12:00:00", time.Time{}},
		{"Argo", Argo, "2025-06-01 12:00:00", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
		{"Argo empty", Argo, "", time.Time{}},
		{"Argo RFC3339", Argo, "2025-06-01T12:00:00Z", time.Time{}},
		{"Argo garbage", Argo, "yesterday", time.Time{}},
		{"Any RFC3339", Any, "2018-08-10T12:32:45Z", time.Date(2018, 8, 10, 12, 32, 45, 0, time.UTC)},
		{"Any ARGO form", Any, "2018-08-10 12:32:45", time.Date(2018, 8, 10, 12, 32, 45, 0, time.UTC)},
		{"Any free text", Any, "ok", time.Time{}},
	}
	for _, tt := range tests {
		got := tt.parse(tt.in)
		if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() {
			t.Errorf("%s: %q read as %v, want %v", tt.name, tt.in, got, tt.want)
		}
		if !got.IsZero() && got.Location() != time.UTC && tt.want.Location() == time.UTC {
			t.Errorf("%s: %q read in %v, want UTC", tt.name, tt.in, got.Location())
		}
	}
}
