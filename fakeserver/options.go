package fakeserver

import (
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver/internal/argo"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
)

// Option configures a Server. Options are applied in order by New; an
// option that is given an invalid value makes New return an error.
type Option func(*config) error

// config is everything an Option may set. It belongs to one Server.
type config struct {
	clock   Clock
	seed    uint64
	seeded  bool
	addr    string
	fixture *Fixture
	astra   astra.Config
	argo    argo.Config

	faults           []Fault
	rateLimit        float64 // 0: off
	rateBurst        int
	journalCapacity  int
	journalBodyLimit int
	observers        []func(*http.Request, *http.Response)
	controlToken     string // "": the control API is off
}

func defaultConfig() config {
	return config{
		clock:            client.SystemClock(),
		addr:             "127.0.0.1:0",
		astra:            astra.DefaultConfig(),
		argo:             argo.DefaultConfig(),
		journalCapacity:  DefaultJournalCapacity,
		journalBodyLimit: DefaultJournalBodyLimit,
	}
}

// WithClock sets the time source for timestamps, the Langflow provisioning
// lifecycle, injected latency, Retry-After dates and the rate limit. The
// default is the wall clock.
func WithClock(c Clock) Option {
	return func(cfg *config) error {
		if c == nil {
			return errors.New("fakeserver: WithClock: nil clock")
		}
		cfg.clock = c
		return nil
	}
}

// WithSeed makes generated IDs, API keys and tokens, and the draws of
// fault rules with a Probability, repeatable: two servers built with the
// same seed (and clock) and given the same requests in the same order
// answer the same bytes. Without it the generators are seeded from
// crypto/rand.
func WithSeed(seed uint64) Option {
	return func(cfg *config) error {
		cfg.seed, cfg.seeded = seed, true
		return nil
	}
}

// WithAddr sets the TCP address the server listens on. The default is
// "127.0.0.1:0", a free loopback port.
func WithAddr(addr string) Option {
	return func(cfg *config) error {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return fmt.Errorf("fakeserver: WithAddr(%q): %w", addr, err)
		}
		cfg.addr = addr
		return nil
	}
}
