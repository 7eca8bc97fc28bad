package wire

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// listOf renders n items of about 100 bytes each as a JSON array, calling
// flush after each.
func listOf(n int) Render {
	return func(b []byte, flush func([]byte) []byte) []byte {
		b, a := Compact.OpenArray(b, 0)
		for i := range n {
			b = Compact.AppendString(a.Next(b), strconv.Itoa(i)+strings.Repeat("x", 96))
			b = flush(b)
		}
		return a.Close(b)
	}
}

// sent is what a client sees of a response.
type sent struct {
	Status        int
	ContentType   string
	ContentLength string
	Body          string
}

func stream(length Length, n int) sent {
	var s Sender
	rec := httptest.NewRecorder()
	s.Stream(rec, http.StatusOK, "application/json", length, listOf(n))
	return sent{rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Length"), rec.Body.String()}
}

func TestStreamSendsShortBodiesWholeWithTheirLength(t *testing.T) {
	t.Parallel()
	body := string(listOf(3)(nil, func(b []byte) []byte { return b }))
	want := sent{200, "application/json", strconv.Itoa(len(body)), body}
	for _, length := range []Length{Chunked, Exact} {
		if diff := testkit.Diff(want, stream(length, 3)); diff != "" {
			t.Errorf("Length %d (-want +got):\n%s", length, diff)
		}
	}
}

// A list many chunks long arrives exactly: chunked without a length, or
// with the length counted beforehand.
func TestStreamSendsLongBodiesChunkedOrWithTheirExactLength(t *testing.T) {
	t.Parallel()
	const n = 5000 // about 500 KB, 15 chunks
	body := string(listOf(n)(nil, func(b []byte) []byte { return b }))
	for length, want := range map[Length]sent{
		Chunked: {200, "application/json", "", body},
		Exact:   {200, "application/json", strconv.Itoa(len(body)), body},
	} {
		if diff := testkit.Diff(want, stream(length, n)); diff != "" {
			t.Errorf("Length %d (-want +got):\n%.2000s", length, diff)
		}
	}
}

// failingWriter fails every write after the first, as a connection whose
// client went away does, and counts what it was given.
type failingWriter struct {
	*httptest.ResponseRecorder
	writes, offered int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.offered += len(p)
	if w.writes > 1 {
		return 0, errors.New("connection reset")
	}
	return w.ResponseRecorder.Write(p)
}

// After the client is gone the body is still offered whole, a chunk at a
// time, so a recorder in front of the connection sees what the fake made.
func TestStreamOffersTheWholeBodyAfterTheClientIsGone(t *testing.T) {
	t.Parallel()
	body := listOf(5000)(nil, func(b []byte) []byte { return b })
	for _, length := range []Length{Chunked, Exact} {
		var s Sender
		w := &failingWriter{ResponseRecorder: httptest.NewRecorder()}
		s.Stream(w, http.StatusOK, "application/json", length, listOf(5000))
		if w.offered != len(body) || w.writes < len(body)/(2*ChunkSize) {
			t.Errorf("Length %d: %d bytes offered in %d writes, want %d in pieces", length, w.offered, w.writes, len(body))
		}
	}
}

func TestWriteEmptyHasNoLengthOnlyFor204(t *testing.T) {
	t.Parallel()
	got := map[int][]string{}
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		rec := httptest.NewRecorder()
		WriteEmpty(rec, status)
		got[status] = rec.Header()["Content-Length"]
	}
	want := map[int][]string{200: {"0"}, 204: nil}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("Content-Length (-want +got):\n%s", diff)
	}
}
