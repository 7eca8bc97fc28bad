package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

// limits are the HTTP server's timeouts and how long a signal waits for
// the requests in flight. Zero turns a timeout off.
type limits struct {
	readHeader, read, write, idle time.Duration
	grace                         time.Duration
}

// server is the binary's own HTTP server around the fake's handler. The
// fake's loopback listener (fakeserver.Server wraps an httptest.Server)
// has neither timeouts nor a bounded shutdown, so the binary serves on a
// listener of its own and decides for itself how long a hung client may
// hold up a stop.
type server struct {
	http   *http.Server
	active activeRequests
	served chan error // what Serve returned
}

// serve starts serving h on l with the given limits.
func serve(l net.Listener, h http.Handler, lim limits) *server {
	s := &server{served: make(chan error, 1)}
	s.http = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.readHeader,
		ReadTimeout:       lim.read,
		WriteTimeout:      lim.write,
		IdleTimeout:       lim.idle,
		ConnState:         s.active.track,
	}
	go func() { s.served <- s.http.Serve(l) }()
	return s
}

// untilStopped serves until the first signal, then stops within grace: it
// stops accepting, closes idle connections and waits for the requests in
// flight; when grace runs out, or a second signal comes, it closes their
// connections. It returns the exit status: 0 when every request finished,
// 1 when some had to be cut off or the listener failed.
func (s *server) untilStopped(signals <-chan os.Signal, grace time.Duration, stderr io.Writer) int {
	var sig os.Signal
	select {
	case sig = <-signals:
	case err := <-s.served:
		fmt.Fprintf(stderr, "fakeserver: %v\n", err)
		return 1
	}
	if n := s.active.count(); n > 0 {
		fmt.Fprintf(stderr, "fakeserver: %v: stopping; waiting up to %v for %s in flight (signal again to stop at once)\n", sig, grace, requests(n))
	} else {
		fmt.Fprintf(stderr, "fakeserver: %v: stopping\n", sig)
	}
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- s.http.Shutdown(ctx) }()
	select {
	case err := <-shutdown:
		if err == nil {
			return 0
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintf(stderr, "fakeserver: %v\n", err)
		}
		n := s.active.count()
		_ = s.http.Close()
		fmt.Fprintf(stderr, "fakeserver: %s still in flight after %v: cut off\n", requests(n), grace)
	case sig = <-signals:
		n := s.active.count()
		_ = s.http.Close()
		fmt.Fprintf(stderr, "fakeserver: %v again: %s in flight cut off\n", sig, requests(n))
	}
	return 1
}

func requests(n int) string {
	if n == 1 {
		return "1 request"
	}
	return fmt.Sprintf("%d requests", n)
}

// activeRequests counts the connections that are in the middle of a
// request, from net/http's connection states, to say what a stop waits
// for.
type activeRequests struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
	n     int
}

func (a *activeRequests) track(c net.Conn, st http.ConnState) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.state == nil {
		a.state = make(map[net.Conn]http.ConnState)
	}
	if a.state[c] == http.StateActive {
		a.n--
	}
	if st == http.StateActive {
		a.n++
	}
	if st == http.StateClosed || st == http.StateHijacked {
		delete(a.state, c)
	} else {
		a.state[c] = st
	}
}

func (a *activeRequests) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}
