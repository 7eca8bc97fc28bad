// Package ids generates the IDs, API keys and tokens the fake hands out,
// and the random draws of fault rules: from a seed, repeatably, or from
// crypto/rand.
package ids

import (
	crand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"sync"
)

// Source generates the IDs and API keys the fake hands out. Seeded, it is
// repeatable, so golden tests can pin generated values; it is safe for
// concurrent use.
type Source struct {
	mu  sync.Mutex
	rng *rand.ChaCha8
}

// NewSource returns a source seeded with seed, or from crypto/rand when
// seeded is false.
func NewSource(seed uint64, seeded bool) *Source {
	return &Source{rng: rand.NewChaCha8(chachaKey(seed, seeded, 0))}
}

// NewRand returns a generator for other random choices (fault draws).
// stream tells generators drawn from one seed apart, so they never share
// values with each other or with the Source (stream 0). It is not safe for
// concurrent use.
func NewRand(seed uint64, seeded bool, stream byte) *rand.Rand {
	return rand.New(rand.NewChaCha8(chachaKey(seed, seeded, stream)))
}

// chachaKey is the key of a seeded stream, or a random one.
func chachaKey(seed uint64, seeded bool, stream byte) [32]byte {
	var key [32]byte
	if seeded {
		binary.LittleEndian.PutUint64(key[:], seed)
		key[8] = stream
	} else {
		_, _ = crand.Read(key[:]) // crypto/rand.Read never fails on supported platforms
	}
	return key
}

// Read fills b with random bytes.
func (s *Source) Read(b []byte) {
	s.mu.Lock()
	_, _ = s.rng.Read(b) // ChaCha8.Read never fails
	s.mu.Unlock()
}

// UUID returns a random (version 4, variant 1) UUID in lowercase canonical form.
func (s *Source) UUID() string {
	var b [16]byte
	s.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

// HexKey returns n random bytes hex-encoded in lowercase, the form of the
// ARGO server's generated API keys (n = 32 gives 64 characters).
func (s *Source) HexKey(n int) string {
	b := make([]byte, n)
	s.Read(b)
	return hex.EncodeToString(b)
}
