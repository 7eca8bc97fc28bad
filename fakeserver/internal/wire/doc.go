// Package wire is the fake's toolkit for the bytes on the wire, shared by
// both API halves: JSON written the way each API's server writes it
// (strings escaped, objects and arrays laid out), response bodies sent
// whole or in pieces, and request bodies read within a limit.
//
// The fake writes its JSON by hand, straight into one buffer: the shapes
// are few and fixed, key order and layout are part of the wire contract,
// and appending bytes is several times faster than reflection, which keeps
// the fake close to a bare handler in throughput. The tests check every
// writer against encoding/json.
package wire
