package browsertest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/browsertest"
)

// redrawingPage replaces its button every 250 ms, as the inspector redraws
// its tables, and counts the clicks it receives.
const redrawingPage = `<!doctype html>
<title>redraw</title>
<div id="box"></div><p id="count">clicks: 0</p>
<script>
let clicks = 0;
function draw() {
  const b = document.createElement("button");
  b.id = "go"; b.textContent = "Go";
  b.onclick = () => { clicks++; document.getElementById("count").textContent = "clicks: " + clicks; };
  document.getElementById("box").replaceChildren(b);
}
draw();
setInterval(draw, 250);
</script>`

// TestClickFindsAReplacedElementAgain: an element found before the page
// replaced it is clicked through its successor, once.
func TestClickFindsAReplacedElementAgain(t *testing.T) {
	b := browsertest.Start(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(redrawingPage))
	}))
	t.Cleanup(srv.Close)

	b.Open(srv.URL)
	button := b.WaitFor("#go", "Go")
	time.Sleep(600 * time.Millisecond) // two redraws: the element found is gone
	button.Click()
	if got, want := b.WaitFor("#count", "clicks: ").Text(), "clicks: 1"; got != want {
		t.Errorf("after one Click the page says %q, want %q", got, want)
	}
}
